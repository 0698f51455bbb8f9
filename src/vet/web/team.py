"""Review as a team, from a screening's page: approve decisions awaiting a second reviewer
(four-eyes review), decide several hits at once with one decision and one reason, and
put a party cleared as a false positive on the known-good list.

The reviewer is the one the signed-in API key names; on a server without keys, the name
typed in the form (remembered in a cookie, as on the review page).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response

from vet.errors import InputError
from vet.screen.approvals import approve, approve_all
from vet.screen.bulk import Selection, decide_selected
from vet.screen.clearances import clear_party
from vet.service.screening_jobs import ScreeningJobs, get_jobs
from vet.service.screenings import ScreeningId
from vet.service.state import State
from vet.store.clearances import list_clearances
from vet.web.access import (
    CurrentViewer,
    SameOrigin,
    Viewer,
    redirect_remembering,
    reviewer_name,
)
from vet.web.pages import screening_view
from vet.web.render import base_path, render
from vet.web.review import hit_url, review_page

router = APIRouter()
Jobs = Annotated[ScreeningJobs, Depends(get_jobs)]


def back(request: Request, viewer: Viewer, screening_id: int, done: str, name: str) -> Response:
    """To the screening's page, saying what was done; the typed name remembered."""
    url = f"{base_path(request)}/screenings/{screening_id}?done={done}"
    return redirect_remembering(request, viewer, url, name)


def parse_hit(value: str) -> tuple[int, str]:
    """``"2 unsc-690752"`` (a checkbox's value) -> ``(2, "unsc-690752")``."""
    row, _, entity = value.partition(" ")
    if not row.isdigit() or not entity:
        raise InputError(f"not a hit: {value!r}")
    return int(row), entity


@router.post(
    "/screenings/{screening_id}/approve", include_in_schema=False, dependencies=[SameOrigin]
)
def approve_decisions(
    request: Request,
    screening_id: ScreeningId,
    viewer: CurrentViewer,
    state: State,
    jobs: Jobs,
    hit: Annotated[list[str] | None, Form(max_length=300)] = None,
    every: Annotated[str, Form(alias="all", max_length=5)] = "",
    reviewer: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    try:
        name = reviewer_name(viewer, reviewer)
        if every:
            if not approve_all(state.store, screening_id, reviewer=name):
                raise InputError(
                    f"No decision awaiting approval was made by someone other than {name}: "
                    "a second reviewer must approve them."
                )
        elif hit:
            approve(state.store, screening_id, [parse_hit(h) for h in hit], reviewer=name)
        else:
            raise InputError("Tick the decisions to approve, or approve all.")
    except InputError as exc:
        return screening_view(
            request, state, jobs, viewer, screening_id,
            team_error=str(exc), team_form={"reviewer": reviewer}, status_code=400,
        )  # fmt: skip
    return back(request, viewer, screening_id, "approved", name)


@router.post("/screenings/{screening_id}/bulk", include_in_schema=False, dependencies=[SameOrigin])
def decide_in_bulk(
    request: Request,
    screening_id: ScreeningId,
    viewer: CurrentViewer,
    state: State,
    jobs: Jobs,
    decision: Annotated[str, Form(max_length=40)] = "",
    entity: Annotated[str, Form(max_length=200)] = "",
    list_name: Annotated[str, Form(alias="list", max_length=100)] = "",
    below: Annotated[str, Form(max_length=10)] = "",
    reason: Annotated[str, Form(max_length=2000)] = "",
    reviewer: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    form = {
        "decision": decision,
        "entity": entity,
        "list": list_name,
        "below": below,
        "reason": reason,
        "reviewer": reviewer,
    }
    try:
        name = reviewer_name(viewer, reviewer)
        if not decision:
            raise InputError("Choose match, false positive or unsure.")
        try:
            score = float(below) if below.strip() else None
        except ValueError:
            raise InputError(f"Score {below!r}: give a number such as 0.85.") from None
        decide_selected(
            state.store,
            screening_id,
            Selection(entity_id=entity or None, list_name=list_name or None, below=score),
            decision,
            reviewer=name,
            reason=reason,
            four_eyes=state.settings.four_eyes,
        )
    except InputError as exc:
        return screening_view(
            request, state, jobs, viewer, screening_id,
            team_error=str(exc), team_form=form, status_code=400,
        )  # fmt: skip
    return back(request, viewer, screening_id, "bulk", name)


@router.post("/screenings/{screening_id}/clear", include_in_schema=False, dependencies=[SameOrigin])
def clear_for_future(
    request: Request,
    screening_id: ScreeningId,
    viewer: CurrentViewer,
    state: State,
    row: Annotated[int, Form()],
    entity: Annotated[str, Form(max_length=200)],
    until: Annotated[str, Form(max_length=10)] = "",
    reason: Annotated[str, Form(max_length=2000)] = "",
    reviewer: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    form = {"reason": reason, "until": until, "reviewer": reviewer}
    try:
        name = reviewer_name(viewer, reviewer)
        try:
            expires = date.fromisoformat(until)
        except ValueError:
            raise InputError(f"Expiry {until!r}: give a date such as 2027-06-30.") from None
        clear_party(
            state.store, screening_id, row, entity, reason=reason, expires=expires, reviewer=name
        )
    except InputError as exc:
        return review_page(
            request, state, viewer, screening_id, row, entity,
            error=str(exc), form=form, status_code=400,
        )  # fmt: skip
    url = hit_url(base_path(request), screening_id, row, entity) + "&cleared=1"
    return redirect_remembering(request, viewer, url, name)


@router.get("/clearances", response_class=HTMLResponse, include_in_schema=False)
def known_good(request: Request, viewer: CurrentViewer, state: State) -> Response:
    """The known-good list: who was cleared against whom, why, until when."""
    return render(request, "clearances.html", clearances=list_clearances(state.store))
