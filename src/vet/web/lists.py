"""The lists in the store with their versions, and what changed between two versions."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from vet.service.state import State
from vet.store import diff_versions, freshness
from vet.web.access import CurrentViewer
from vet.web.render import render

SHOWN = 500
"""Most parties listed per section of a diff (``vet lists diff NAME --json`` has them all)."""

router = APIRouter()


@router.get("/lists", response_class=HTMLResponse, include_in_schema=False)
def lists_page(request: Request, viewer: CurrentViewer, state: State) -> Response:
    statuses = state.store.list_statuses()
    served = {v.list_name: v.id for v in state.served.values()}
    max_age = state.settings.max_age_days
    return render(
        request,
        "lists.html",
        lists=[
            {
                "status": s,
                "versions": [
                    (v, freshness(v.published, max_age)) for v in state.store.versions(s.name)
                ][::-1],
                "freshness": s.freshness(max_age),
            }
            for s in statuses
        ],
        served=served,
        check_seconds=state.settings.list_check_seconds,
        max_age=max_age,
    )


@router.get("/lists/{name}/diff", response_class=HTMLResponse, include_in_schema=False)
def diff_page(
    request: Request,
    name: str,
    viewer: CurrentViewer,
    state: State,
    old: int | None = None,
    new: int | None = None,
) -> Response:
    status = state.store.list_status(name)
    if old is not None and new is not None and old > new:
        old, new = new, old
    diff = diff_versions(state.store, name, old, new)
    sections = [
        ("added", "Added", diff.added),
        ("removed", "Removed", diff.removed),
        ("changed", "Changed", diff.changed),
    ]
    return render(
        request,
        "diff.html",
        status=status,
        diff=diff,
        sections=[(key, title, rows[:SHOWN], len(rows)) for key, title, rows in sections],
        shown=SHOWN,
    )
