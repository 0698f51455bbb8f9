"""A screening in two steps, for servers: start it now, fill it later.

:func:`start_screening` reads the file's header (so a bad file is refused at
once, naming the problem) and saves the screening as running, which gives it
an id to answer with; :func:`fill_started` then screens the rows and finishes
it, typically on a background thread. Together they do what
:func:`vet.screen.run.run_screening` does, without resuming.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from vet import __version__
from vet.errors import InputError
from vet.scoring import Matcher
from vet.screen.ownership import assess_ownership
from vet.screen.parties import Party, SkippedRow, estimate_rows, read_parties
from vet.screen.run import (
    BATCH,
    Ownership,
    default_name,
    file_sha256,
    fill_screening,
    versions_used,
)
from vet.store import ListVersion, Store
from vet.store.screenings import ScreeningInfo, create_screening, finish_screening


@dataclass(frozen=True)
class StartedScreening:
    """A saved screening with no rows yet, and the rows still to screen."""

    info: ScreeningInfo
    rows: Iterator[Party | SkippedRow]
    versions: dict[int, str]
    """List version id -> list name, of the versions it runs against."""
    total: int | None
    """About how many rows the file holds (None when it cannot be told cheaply)."""


def pick_versions(served: Sequence[ListVersion], lists: Sequence[str] | None) -> list[ListVersion]:
    """The versions among ``served`` that ``lists`` names (all of them for None)."""
    if not lists:
        return list(served)
    known = {v.list_name: v for v in served}
    unknown = [name for name in lists if name not in known]
    if unknown:
        raise InputError(
            f"no list {', '.join(map(repr, unknown))} here (lists: {', '.join(sorted(known))})"
        )
    return [known[name] for name in dict.fromkeys(lists)]


def start_screening(
    store: Store,
    path: Path,
    *,
    versions: Sequence[ListVersion],
    threshold: float,
    name: str | None = None,
    mapping: dict[str, str] | None = None,
    lists: Sequence[str] | None = None,
) -> StartedScreening:
    """Check ``path``'s columns and save a running screening of it against ``versions``.

    ``versions`` are the list versions the matcher that will fill it was built
    on; InputError when the file cannot be read or the name is taken.
    """
    columns, rows = read_parties(path, mapping)
    info = create_screening(
        store,
        name=name.strip() if name and name.strip() else default_name(store, path),
        file=path.name,
        file_sha256=file_sha256(path),
        columns=columns,
        threshold=threshold,
        lists=list(lists) if lists else None,
        list_versions=versions_used(versions),
        vet_version=__version__,
    )
    return StartedScreening(
        info=info,
        rows=rows,
        versions={v.id: v.list_name for v in versions},
        total=estimate_rows(path),
    )


def ownership_rule(
    store: Store,
    matcher: Matcher,
    lists: Sequence[str] | None = None,
    version_ids: Iterable[int] | None = None,
) -> Ownership | None:
    """Ownership findings for screened parties, when any party is owned by listed ones
    (from the links of ``version_ids``, the versions screened, when given)."""
    findings = assess_ownership(
        store, matcher, lists=list(lists) if lists else None, version_ids=version_ids
    )
    return findings.notes_for if findings.flagged else None


def fill_started(
    store: Store,
    matcher: Matcher,
    started: StartedScreening,
    *,
    workers: int = 1,
    ownership: Ownership | None = None,
    progress: Callable[[int], None] | None = None,
    batch_size: int = BATCH,
) -> ScreeningInfo:
    """Screen the started screening's rows, saving batch by batch, and mark it complete."""
    fill_screening(
        store,
        matcher,
        started.info,
        started.rows,
        versions=started.versions,
        workers=workers,
        ownership=ownership,
        progress=progress,
        batch_size=batch_size,
    )
    return finish_screening(store, started.info.id)
