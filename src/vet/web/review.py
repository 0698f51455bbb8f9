"""Reviewing hits one page at a time: the screened party beside the listed record, a decision.

After a decision the reviewer goes on to the next hit no decision settles, in
file order, until none is left.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date, timedelta
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from vet.errors import InputError, NotFound
from vet.report.meta import recorded_jurisdictions
from vet.report.rows import (
    hit_authorities,
    hit_jurisdictions,
    hit_programs,
    hit_source_urls,
    hit_topics,
)
from vet.resolve import listing_topics, topic_title
from vet.scoring import Hit
from vet.screen import Party
from vet.screen.decisions import decide
from vet.screen.review import ListedRecord, listed_record, undecided_hits
from vet.screen.saved import party_decisions, result_from_row, reviews_for
from vet.service.screenings import MAX_ID, ScreeningId
from vet.service.state import ApiState, State
from vet.sources import JURISDICTION_TITLES, list_label
from vet.store.screenings import get_row, get_screening
from vet.vocabulary import DECISIONS, DecisionValue
from vet.web.access import (
    REVIEWER_COOKIE,
    CurrentViewer,
    SameOrigin,
    Viewer,
    redirect_remembering,
    reviewer_name,
)
from vet.web.render import base_path, render

router = APIRouter()

Recorded = tuple[str, int]
"""A decision just recorded, and its row."""

CHOICES = (
    (DecisionValue.MATCH, "Match", "the screened party is the listed one"),
    (DecisionValue.FALSE_POSITIVE, "False positive", "a different party"),
    (DecisionValue.UNSURE, "Unsure", "escalate: needs more facts"),
)


def side_by_side(
    party: Party, hit: Hit, listed: ListedRecord, recorded: Mapping[str, str]
) -> list[tuple[str, str, str]]:
    """``(field, screened party, listed record)``, one fact a line; ``recorded``: each list's
    jurisdiction as recorded for the screening."""
    return [
        ("Name", party.name, listed.name),
        ("Name compared", hit.query_name, listed.matched_name),
        ("Other names", "; ".join(party.aliases), "; ".join(listed.other_names)),
        ("Type", party.schema or "", listed.schema),
        ("Countries", "; ".join(party.countries), "; ".join(listed.countries)),
        ("Birth date", party.birth_date or "", "; ".join(listed.birth_dates)),
        ("Identifiers", "; ".join(party.identifiers), "; ".join(listed.identifiers)),
        ("ID", party.own_id or "", listed.entity_id),
        ("Lists", "", "; ".join(list_label(n) for n in listed.lists)),
        ("Authority", "", "; ".join(hit_authorities(hit))),
        (
            "Listed by",
            "",
            "; ".join(JURISDICTION_TITLES.get(j, j) for j in hit_jurisdictions(hit, recorded)),
        ),
        ("Why listed", "", "; ".join(topic_title(t) for t in hit_topics(hit))),
        ("Programs", "", "; ".join(hit_programs(hit))),
        ("Listed on", "", listed.listing_date or ""),
    ]


def listings_of(hit: Hit) -> list[tuple[str, ...]]:
    """``(list, authority, programmes, listed on, why listed, source record)`` of each
    listing of the listed party: a hit is one listed party with every listing of it."""
    return [
        (
            list_label(item.list_name),
            item.authority,
            "; ".join(item.programs),
            item.listing_date or "",
            "; ".join(topic_title(t) for t in listing_topics(item)),
            item.record or hit.entity_id,
        )
        for item in hit.listings
    ]


def hit_url(base: str, screening_id: int, row: int, entity_id: str) -> str:
    query = urlencode({"row": row, "entity": entity_id})
    return f"{base}/screenings/{screening_id}/hit?{query}"


def next_url(
    base: str, state: ApiState, screening_id: int, recorded: Recorded | None = None
) -> str:
    """The next hit to decide, or the screening's page when none is left."""
    item = next(undecided_hits(state.store, screening_id), None)
    query = urlencode({"decided": recorded[0], "decided_row": recorded[1]}) if recorded else ""
    if item is None:
        return f"{base}/screenings/{screening_id}" + (f"?{query}" if query else "")
    url = hit_url(base, screening_id, item.row, item.hit.entity_id)
    return url + (f"&{query}" if query else "")


def following_url(
    base: str, state: ApiState, screening_id: int, row: int, entity: str
) -> str | None:
    """The next hit still to decide after this one (in file order), for "skip"; None if none."""
    passed = False
    for item in undecided_hits(state.store, screening_id):
        if passed and (item.row, item.hit.entity_id) != (row, entity):
            return hit_url(base, screening_id, item.row, item.hit.entity_id)
        if item.row > row and not passed:
            return hit_url(base, screening_id, item.row, item.hit.entity_id)
        passed = passed or (item.row, item.hit.entity_id) == (row, entity)
    return None


def recorded_note(decided: str | None, decided_row: int | None) -> Recorded | None:
    """What the previous page recorded (shown as a note), if the query says so sensibly."""
    if decided in DECISIONS and decided_row is not None:
        return decided, decided_row
    return None


@router.get("/screenings/{screening_id}/review", include_in_schema=False)
def review_next(
    request: Request, screening_id: ScreeningId, viewer: CurrentViewer, state: State
) -> Response:
    get_screening(state.store, screening_id)
    return RedirectResponse(next_url(base_path(request), state, screening_id), status_code=303)


def review_page(
    request: Request,
    state: ApiState,
    viewer: Viewer,
    screening_id: ScreeningId,
    row: int,
    entity: str,
    *,
    recorded: Recorded | None = None,
    error: str | None = None,
    form: dict[str, str] | None = None,
    status_code: int = 200,
    cleared: bool = False,
) -> HTMLResponse:
    info = get_screening(state.store, screening_id)
    saved = get_row(state.store, info.id, row)
    stored = next((h for h in saved.hits if h.entity_id == entity), None)
    if stored is None or saved.party_key is None:
        raise NotFound(f"screening {info.id} row {row} has no hit {entity!r}")
    result = result_from_row(saved, reviews_for(state.store, [saved]).get(row, {}))
    hit = next(h for h in result.hits if h.entity_id == entity)
    # Decisions on the listed party, whichever of its records led it when they were made.
    history = party_decisions(state.store, [replace(saved, hits=(stored,))])
    listed = listed_record(hit, stored.hit.get("record", {}))
    return render(
        request,
        "review.html",
        status_code=status_code,
        info=info,
        party=result.party,
        hit=hit,
        listed=listed,
        facts=[
            f
            for f in side_by_side(result.party, hit, listed, recorded_jurisdictions(info))
            if f[1] or f[2]
        ],
        sources=hit_source_urls(hit),
        listings=listings_of(hit),
        review=result.review(hit),
        history=history.get((saved.party_key, entity), []),
        choices=CHOICES,
        recorded=recorded,
        error=error,
        form=form or {"reviewer": request.cookies.get(REVIEWER_COOKIE, "")},
        following=following_url(base_path(request), state, info.id, row, entity),
        cleared=cleared,
        clear_by=(date.today() + timedelta(days=365)).isoformat(),
    )


@router.get("/screenings/{screening_id}/hit", response_class=HTMLResponse, include_in_schema=False)
def hit_page(
    request: Request,
    screening_id: ScreeningId,
    row: Annotated[int, Query(ge=1, le=MAX_ID)],
    entity: str,
    viewer: CurrentViewer,
    state: State,
    decided: str | None = None,
    decided_row: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    cleared: int | None = None,
) -> Response:
    recorded = recorded_note(decided, decided_row)
    return review_page(
        request, state, viewer, screening_id, row, entity, recorded=recorded, cleared=bool(cleared)
    )


@router.post("/screenings/{screening_id}/hit", include_in_schema=False, dependencies=[SameOrigin])
def decide_hit(
    request: Request,
    screening_id: ScreeningId,
    viewer: CurrentViewer,
    state: State,
    row: Annotated[int, Form(ge=1, le=MAX_ID)],
    entity: Annotated[str, Form(max_length=200)],
    decision: Annotated[str, Form(max_length=40)] = "",
    reason: Annotated[str, Form(max_length=2000)] = "",
    reviewer: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    form = {"decision": decision, "reason": reason, "reviewer": reviewer}
    try:
        if not decision:
            raise InputError("Choose match, false positive or unsure.")
        name = reviewer_name(viewer, reviewer)
        made = decide(
            state.store,
            screening_id,
            row,
            entity,
            decision,
            reviewer=name,
            reason=reason,
            four_eyes=state.settings.four_eyes,
        )
    except InputError as exc:
        return review_page(
            request,
            state,
            viewer,
            screening_id,
            row,
            entity,
            error=str(exc),
            form=form,
            status_code=400,
        )
    recorded = (made.decision, row)
    url = next_url(base_path(request), state, screening_id, recorded)
    return redirect_remembering(request, viewer, url, name)
