"""What the API's ``/screenings`` and the pages do alike: start a screening from an uploaded
file, show its flagged parties, screen it again.

Both call these functions, so the API and the pages cannot disagree: the same
checks, the same errors, the same background thread (:mod:`vet.service.screening_jobs`).
"""

from __future__ import annotations

import re
import shutil
import tempfile
from concurrent.futures import Future
from pathlib import Path
from typing import IO, Annotated

from fastapi import Path as PathParam
from starlette.exceptions import HTTPException

from vet.errors import InputError
from vet.screen import Rescreen, Screening, rescreen
from vet.screen.staged import ownership_rule, pick_versions, start_screening
from vet.service.screening_jobs import ScreeningJobs, require_complete
from vet.service.state import ApiState
from vet.store.screenings import ScreeningInfo, get_screening

MAX_ID = 2**63 - 1
"""The largest integer SQLite stores: a larger id is refused (422) rather than overflowing."""
ScreeningId = Annotated[
    int, PathParam(ge=1, le=MAX_ID, description="The screening's id (see /screenings).")
]
"""The ``{screening_id}`` path parameter of the API and the pages."""

UPLOAD_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".json", ".jsonl", ".ndjson")
_UNSAFE = re.compile(r"[^A-Za-z0-9._ -]+")


# -- starting a screening --------------------------------------------------------------


def upload_name(filename: str | None) -> str:
    """A safe local name for an uploaded file, keeping its suffix (which says its format)."""
    base = Path((filename or "").replace("\\", "/")).name.strip()
    suffix = Path(base).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise InputError(
            f"{base or 'the upload'}: send a CSV, XLSX or JSON file "
            f"(a name ending in {', '.join(UPLOAD_SUFFIXES)})"
        )
    stem = _UNSAFE.sub("_", Path(base).stem)[:100].strip(" .") or "parties"
    return stem + suffix


def parse_mapping(items: list[str]) -> dict[str, str]:
    """``["name=Company Name"]`` -> ``{"name": "Company Name"}``."""
    mapping = {}
    for item in items:
        field, sep, column = item.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise InputError(f"map {item!r}: expected FIELD=COLUMN, such as 'name=Company Name'")
        mapping[field.strip()] = column.strip()
    return mapping


def start_upload(
    state: ApiState,
    jobs: ScreeningJobs,
    filename: str | None,
    content: IO[bytes],
    *,
    name: str | None = None,
    threshold: float | None = None,
    lists: list[str] | None = None,
    mapping: dict[str, str] | None = None,
) -> ScreeningInfo:
    """Save the uploaded ``content``, check its columns, save the screening and queue it."""
    local_name = upload_name(filename)
    folder = Path(tempfile.mkdtemp(prefix="vet-upload-"))
    try:
        path = folder / local_name
        with path.open("wb") as out:
            shutil.copyfileobj(content, out, 1 << 20)
        started = start_screening(
            state.store,
            path,
            versions=pick_versions(list(state.served.values()), lists),
            threshold=state.matcher.threshold if threshold is None else threshold,
            name=name,
            mapping=mapping,
            lists=lists,
        )
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    jobs.submit(started, state.matcher, folder)  # the matcher of the versions recorded
    return started.info


# -- a saved screening -----------------------------------------------------------------


def flagged_results(screening: Screening) -> Screening:
    """The screening with only its flagged parties, held in memory (they are few)."""
    return Screening(
        file=screening.file,
        threshold=screening.threshold,
        columns=screening.columns,
        results=screening.flagged,
        skipped=screening.skipped,
        name=screening.name,
        screening_id=screening.screening_id,
    )


def check_served(state: ApiState, lists: list[str] | None) -> None:
    """409 when the store's active lists are not the ones this server's index holds."""
    served = {(v.list_name, v.id) for v in pick_versions(list(state.served.values()), lists)}
    active = {(v.list_name, v.id) for v in state.store.active_versions(lists)}
    if served != active:
        differences = (
            ", ".join(f"{name} {version}" for name, version in sorted(active - served))
            or "fewer lists"
        )
        seconds = state.settings.list_check_seconds
        when = (
            f"this server looks for new versions every {seconds:g} s and serves them once "
            "loaded: try again shortly"
            if seconds > 0
            else "restart `vet serve` to screen against them"
        )
        raise HTTPException(
            409, f"the store's active lists are not the ones served ({differences}): {when}"
        )


def rescreen_saved(state: ApiState, jobs: ScreeningJobs, screening_id: int) -> Future[Rescreen]:
    """Screen the screening's parties again on the served lists, saved as a new screening,
    on the background thread after any screening under way."""

    def work() -> Rescreen:
        # The lists served when the work starts: newer ones may have come in while it waited.
        now = state.pinned()
        old = get_screening(now.store, screening_id)
        require_complete(old, jobs)
        lists = list(old.lists) if old.lists is not None else None
        check_served(now, lists)
        return rescreen(
            now.store,
            now.matcher,
            old.id,
            workers=1,
            ownership=ownership_rule(
                now.store,
                now.matcher,
                lists,
                [v.id for name, v in now.served.items() if lists is None or name in lists],
            ),
        )

    return jobs.run(work)
