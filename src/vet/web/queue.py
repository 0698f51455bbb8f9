"""A screening's review queue: its hits filtered by status, list, topic, score band and
reviewer, and parties assigned to reviewers."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from vet.errors import InputError
from vet.resolve import TOPICS, topic_title
from vet.screen.queue import STATUSES, UNASSIGNED, QueueFilter, review_queue
from vet.service.screenings import ScreeningId
from vet.service.state import State
from vet.sources import list_label
from vet.store.assignments import assign, assigned
from vet.store.screenings import get_screening
from vet.web.access import REVIEWER_COOKIE, CurrentViewer, SameOrigin, Viewer
from vet.web.render import base_path, render

router = APIRouter()


def _score(value: str | None, what: str) -> float | None:
    if not value or not value.strip():
        return None
    try:
        return float(value)
    except ValueError:
        raise InputError(f"{what} {value!r}: give a number such as 0.85") from None


def queue_filter(
    status: str | None, list_name: str | None, topic: str | None,
    min_score: str | None, max_score: str | None, reviewer: str | None,
) -> QueueFilter:  # fmt: skip
    """The filter a queue page's query asks for (empty fields: no filter; status "all")."""
    return QueueFilter(
        status=None if status == "all" else (status or "open"),
        list_name=list_name or None,
        topic=topic or None,
        min_score=_score(min_score, "lowest score"),
        max_score=_score(max_score, "score below"),
        reviewer=reviewer or None,
    )


def queue_page(
    request: Request,
    state: State,
    viewer: Viewer,
    screening_id: ScreeningId,
    query: dict[str, str],
    *,
    error: str | None = None,
    note: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    info = get_screening(state.store, screening_id)
    try:
        wanted = queue_filter(
            query.get("status"), query.get("list"), query.get("topic"),
            query.get("min"), query.get("max"), query.get("reviewer"),
        )  # fmt: skip
        items = review_queue(state.store, info.id, wanted)
    except InputError as exc:
        error, items, status_code = str(exc), [], 400
    lists = sorted({name for v in info.list_versions for name in [v["list_name"]]})
    reviewers = sorted(set(assigned(state.store, info.id).values()))
    return render(
        request,
        "queue.html",
        status_code=status_code,
        info=info,
        items=items,
        query=query,
        statuses=STATUSES,
        lists=[(name, list_label(name)) for name in lists],
        topics=[(t, topic_title(t)) for t in TOPICS],
        reviewers=[UNASSIGNED, *reviewers],
        error=error,
        note=note,
        here=f"{base_path(request)}/screenings/{info.id}/queue?{urlencode(query)}",
    )


@router.get(
    "/screenings/{screening_id}/queue", response_class=HTMLResponse, include_in_schema=False
)
def queue(
    request: Request, screening_id: ScreeningId, viewer: CurrentViewer, state: State
) -> Response:
    query = {k: v for k, v in request.query_params.items() if k != "assigned" and v}
    assigned_note = request.query_params.get("assigned")
    note = (
        f"Assigned {assigned_note} part(ies)."
        if assigned_note and assigned_note.isdigit()
        else None
    )
    return queue_page(request, state, viewer, screening_id, query, note=note)


@router.post(
    "/screenings/{screening_id}/assign", include_in_schema=False, dependencies=[SameOrigin]
)
def assign_parties(
    request: Request,
    screening_id: ScreeningId,
    viewer: CurrentViewer,
    state: State,
    row: Annotated[list[int] | None, Form()] = None,
    to: Annotated[str, Form(max_length=200)] = "",
    back: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    by = viewer.key_name or request.cookies.get(REVIEWER_COOKIE, "") or "web"
    try:
        done = assign(state.store, screening_id, row or [], to, by=by)
    except InputError as exc:
        return queue_page(request, state, viewer, screening_id, {}, error=str(exc), status_code=400)
    base = f"{base_path(request)}/screenings/{screening_id}/queue"
    query = back.partition("?")[2] if back.startswith(base) else ""
    sep = "&" if query else ""
    return RedirectResponse(f"{base}?{query}{sep}assigned={len(done)}", status_code=303)
