"""Re-screening from a screening's page, and the page of what changed.

The button posts to ``/screenings/{id}/rescreen``, which re-screens the way the
API's ``POST /screenings/{id}/rescreen`` does (the same function,
:func:`vet.service.screenings.rescreen_saved`, so the same checks: the screening is
complete, the server serves the store's active lists).
The new screening's ``/changes`` page then shows what changed from its parent:
new hits, changed listed records, delisted parties and hits no longer matching.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from vet.errors import NotFound
from vet.report.figures import CHANGES_CAPTION, changes_figure
from vet.report.meta import CHANGE_TITLES, count_changes
from vet.screen.rescreen import (
    CHANGED,
    DELISTED,
    NEW,
    NO_LONGER,
    HitChange,
    Rescreen,
    compare_screenings,
    rescorer,
)
from vet.service.screening_jobs import ScreeningJobs, get_jobs, require_complete
from vet.service.screenings import ScreeningId, rescreen_saved
from vet.service.state import ApiState, State
from vet.store.screenings import ScreeningInfo, get_screening
from vet.web.access import CurrentViewer, SameOrigin
from vet.web.render import base_path, render

Jobs = Annotated[ScreeningJobs, Depends(get_jobs)]

_MEANINGS = {
    NEW: ("Listed parties that were not hits before.", ""),
    CHANGED: (
        "Still hits, but the listed record changed: a decision made before no longer "
        "settles the hit.",
        "",
    ),
    DELISTED: ("Hits before; no list screened holds the listed party any more.", "not listed"),
    NO_LONGER: ("Still listed, but now scoring below the threshold.", "below threshold"),
}
KINDS = tuple((kind, title, *_MEANINGS[kind]) for kind, title in CHANGE_TITLES)
"""Each kind of change, in the order the page shows them (the reports' order and titles):
key, heading, what it means, and what its "score now" column says when there is no hit
now."""

router = APIRouter()


@dataclass(frozen=True)
class ChangeGroup:
    kind: str
    title: str
    meaning: str
    gone: str
    changes: tuple[HitChange, ...]


def newer_versions(state: ApiState, info: ScreeningInfo) -> list[str]:
    """The served versions newer than those ``info`` was screened against."""
    used = {v["list_name"]: v["version"] for v in info.list_versions}
    lines = []
    for name, version in sorted(state.served.items()):
        if name in used and used[name] != version.id:
            when = f", published {version.published.isoformat()}" if version.published else ""
            lines.append(f"{name} version {version.id}{when} (this screening: {used[name]})")
        elif name not in used and (info.lists is None or name in info.lists):
            lines.append(f"{name} version {version.id} (not screened before)")
    return lines


@router.post(
    "/screenings/{screening_id}/rescreen", include_in_schema=False, dependencies=[SameOrigin]
)
async def rescreen(
    request: Request, screening_id: ScreeningId, viewer: CurrentViewer, state: State, jobs: Jobs
) -> Response:
    """Re-screen (after any screening under way), then show what changed."""
    result = await asyncio.wrap_future(rescreen_saved(state, jobs, screening_id))
    return RedirectResponse(
        f"{base_path(request)}/screenings/{result.new.id}/changes", status_code=303
    )


def group_changes(changes: tuple[HitChange, ...]) -> list[ChangeGroup]:
    return [
        ChangeGroup(kind, title, meaning, gone, tuple(c for c in changes if c.kind == kind))
        for kind, title, meaning, gone in KINDS
    ]


@router.get(
    "/screenings/{screening_id}/changes", response_class=HTMLResponse, include_in_schema=False
)
def changes_page(
    request: Request, screening_id: ScreeningId, viewer: CurrentViewer, state: State, jobs: Jobs
) -> Response:
    """What changed from the screening this one re-screened."""
    new = get_screening(state.store, screening_id)
    if new.parent_id is None:
        raise NotFound(f"screening {new.id} is not a re-screening: it has no earlier screening")
    require_complete(new, jobs)
    old = get_screening(state.store, new.parent_id)
    # The served matcher gives the score now of hits no longer matching, if it serves the
    # versions the re-screening ran against.
    now = state.pinned()
    served = {name: v.id for name, v in now.served.items()}
    same = all(served.get(v["list_name"]) == v["version"] for v in new.list_versions)
    lists = list(new.lists) if new.lists is not None else None
    rescore = rescorer(now.matcher, new.threshold, lists) if same else None
    changes = compare_screenings(state.store, old, new, rescore=rescore)
    result = Rescreen(old, new, tuple(changes))
    return render(
        request,
        "changes.html",
        result=result,
        groups=group_changes(result.changes),
        picture=(Markup(changes_figure(count_changes(old.name, result.changes))), CHANGES_CAPTION),
    )
