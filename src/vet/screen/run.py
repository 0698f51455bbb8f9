"""Running a screening: every party of a file against the active lists.

:func:`screen_file` screens in memory and returns the results (for small files
and the Python API). :func:`run_screening` is what ``vet screen`` does: it
streams the file in batches, scores them on every core (a process pool sharing
the index), saves each batch in the store as it is done, and can resume an
interrupted run from the row after the last batch saved. Its two ends,
:func:`open_screening` (create, or reopen to resume) and :func:`save_batches`
(mark repeated parties, attach ownership findings, save), are shared with the
Spark engine (``vet.spark.run_screening_spark``), which scores on a cluster instead.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import datetime
from itertools import chain, islice
from pathlib import Path
from typing import Any

from vet import __version__
from vet.errors import InputError, Stopped, VetError
from vet.names import load_person_name_data
from vet.scoring import Matcher
from vet.screen.columns import EMPTY_ROW
from vet.screen.model import OwnershipNote, PartyResult, Screening
from vet.screen.parties import Party, SkippedRow, read_parties
from vet.screen.saved import party_key, saved_rows
from vet.store import ListVersion, Store
from vet.store.screenings import (
    ScreeningInfo,
    create_screening,
    fail_screening,
    finish_screening,
    first_rows_by_party,
    interrupt_screening,
    interrupted_screening,
    last_saved_row,
    list_screenings,
    reopen_screening,
    save_rows,
    saved_party_keys,
)
from vet.vocabulary import UNFINISHED

log = logging.getLogger(__name__)

Ownership = Callable[[Party], tuple[OwnershipNote, ...]]
"""Ownership findings for a party (listed owners holding 50% or more), if any."""

BATCH = 200
"""Parties per batch: a batch is scored by one worker and saved in one transaction."""


def screen_party(
    matcher: Matcher,
    party: Party,
    *,
    threshold: float,
    lists: list[str] | None = None,
    limit: int | None = None,
) -> PartyResult | SkippedRow:
    """Score one party: every hit at or above ``threshold`` (the best ``limit`` when given;
    by default none is left out), best first, and the best candidate below it when there
    is no hit.

    A name the matcher cannot screen (nothing left after its cleaning: invisible
    characters, punctuation, a legal form alone) is a skipped row with the reason, never
    a party without hits: "clear" is earned by a name that was looked for.
    """
    try:
        hits, below = matcher.match_all(party.query, threshold=threshold, lists=lists)
    except InputError as exc:
        return SkippedRow(party.row, str(exc))
    return PartyResult(party, tuple(hits[:limit]), hits[0] if hits else below)


def iter_screen(
    matcher: Matcher,
    rows: Iterable[Party | SkippedRow],
    *,
    threshold: float,
    lists: list[str] | None = None,
) -> Iterator[PartyResult | SkippedRow]:
    for row in rows:
        if isinstance(row, SkippedRow):
            yield row
        else:
            yield screen_party(matcher, row, threshold=threshold, lists=lists)


def screen_file(
    path: Path,
    matcher: Matcher,
    *,
    threshold: float | None = None,
    mapping: dict[str, str] | None = None,
    lists: list[str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> Screening:
    """Screen every party in ``path`` in memory; skipped rows are kept with their reason."""
    threshold = matcher.threshold if threshold is None else threshold
    columns, rows = read_parties(path, mapping)
    screening = Screening(file=path.name, threshold=threshold, columns=columns)
    results: list[PartyResult] = []
    for item in iter_screen(matcher, rows, threshold=threshold, lists=lists):
        if isinstance(item, SkippedRow):
            if item.problem != EMPTY_ROW:
                screening.skipped.append(item)
        else:
            results.append(item)
        if progress is not None:
            progress(1)
    screening.results = results
    return screening


# -- batches on every core -------------------------------------------------------------

# The matcher workers use: set in the parent before the pool forks, so the index
# is shared copy-on-write rather than pickled to each worker.
_WORKER: tuple[Matcher, float, list[str] | None] | None = None


def _screen_batch(batch: list[Party | SkippedRow]) -> list[PartyResult | SkippedRow]:
    assert _WORKER is not None
    matcher, threshold, lists = _WORKER
    return list(iter_screen(matcher, batch, threshold=threshold, lists=lists))


def _quiet_worker() -> None:
    """Workers leave stopping to the parent: Ctrl-C (sent to the whole terminal's process
    group) is the parent's to handle, and SIGTERM, as the parent ends the pool, ends a worker
    at once, without the parent's handler or a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _batches(rows: Iterator[Party | SkippedRow], size: int) -> Iterator[list[Party | SkippedRow]]:
    while batch := list(islice(rows, size)):
        yield batch


def screen_batches(
    matcher: Matcher,
    batches: Iterator[list[Party | SkippedRow]],
    *,
    threshold: float,
    lists: list[str] | None,
    workers: int,
) -> Iterator[list[PartyResult | SkippedRow]]:
    """Scored batches in input order; with ``workers`` > 1, on a pool of forked processes.

    At most two batches per worker are in flight, so memory stays flat however
    long the input is.
    """
    global _WORKER
    _WORKER = (matcher, threshold, lists)
    first = next(batches, None)
    second = next(batches, None)
    batches = chain((b for b in (first, second) if b is not None), batches)
    # One batch is not worth starting processes for.
    if workers <= 1 or second is None or "fork" not in multiprocessing.get_all_start_methods():
        for batch in batches:
            yield _screen_batch(batch)
        return
    load_person_name_data()  # once, shared by the forked workers
    context = multiprocessing.get_context("fork")
    with context.Pool(workers, initializer=_quiet_worker) as pool:
        pending = []
        for batch in batches:
            pending.append(pool.apply_async(_screen_batch, (batch,)))
            if len(pending) >= 2 * workers:
                yield pending.pop(0).get()
        for job in pending:
            yield job.get()


# -- saved screenings ----------------------------------------------------------------------


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def versions_used(versions: Iterable[ListVersion]) -> list[dict[str, Any]]:
    """The list versions a screening runs against, as the store records them."""
    return [
        {
            "list_name": v.list_name,
            "version": v.id,
            "published": v.published.isoformat() if v.published else None,
            "jurisdiction": v.jurisdiction,
        }
        for v in versions
    ]


def default_name(store: Store, path: Path) -> str:
    """``parties 2026-11-29 10:42``, with a counter when taken."""
    base = f"{path.stem} {datetime.now():%Y-%m-%d %H:%M}"
    taken = {s.name for s in list_screenings(store)}
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base} ({n})"
    return name


def _mark_duplicates(
    store: Store, screening_id: int, items: list[PartyResult | SkippedRow]
) -> list[PartyResult | SkippedRow]:
    """Mark each party repeating an earlier row: one saved before (in the store) or in this
    batch. Keys are looked up in the store rather than kept, so memory stays flat."""
    keys = [party_key(i.party) if isinstance(i, PartyResult) else "" for i in items]
    seen = first_rows_by_party(store, screening_id, [k for k in keys if k])
    marked: list[PartyResult | SkippedRow] = []
    for item, key in zip(items, keys, strict=True):
        if isinstance(item, PartyResult):
            first = seen.setdefault(key, item.party.row)
            if first != item.party.row:
                item = replace(item, duplicate_of=first)
        marked.append(item)
    return marked


def open_screening(
    store: Store,
    path: Path,
    *,
    file_sha256: str | None,
    columns: dict[str, str],
    threshold: float,
    lists: list[str] | None,
    versions: list[ListVersion],
    name: str | None = None,
    resume: bool = False,
    mapping: dict[str, str] | None = None,
) -> tuple[ScreeningInfo, int]:
    """A new running screening of ``path`` and 0; with ``resume``, the interrupted screening
    of the same file (and name, when given) reopened, and the last row it saved.

    A screening that failed where its file broke off (a quote left open) resumes on the
    repaired file too, when the file still reads as the rows saved (``mapping`` reads it
    as the screening did).
    """
    version_names = {v.id: v.list_name for v in versions}
    info = interrupted_screening(store, file_sha256, name) if resume and file_sha256 else None
    if resume and info is None:
        info = _repaired_screening(store, path, name, columns, mapping)
    if resume and info is None:
        stopped = [
            s
            for s in list_screenings(store)
            if s.file == path.name and s.status in UNFINISHED and (name is None or s.name == name)
        ]
        if stopped:
            raise InputError(
                f"{path.name}: the file changed since screening {stopped[-1].name!r} stopped "
                "(its content is not the same), so it cannot be resumed; screen it anew"
            )
        raise InputError(f"{path.name}: no interrupted screening of this file to resume")
    if info is not None:
        if sorted(v["version"] for v in info.list_versions) != sorted(version_names):
            raise InputError(
                f"screening {info.name!r} ran against other list versions; "
                "screen the file anew instead of resuming"
            )
        done = last_saved_row(store, info.id)
        return reopen_screening(store, info.id, file_sha256=file_sha256), done
    info = create_screening(
        store,
        name=name or default_name(store, path),
        file=path.name,
        file_sha256=file_sha256,
        columns=columns,
        threshold=threshold,
        lists=lists,
        list_versions=versions_used(versions),
        vet_version=__version__,
    )
    return info, 0


def _repaired_screening(
    store: Store,
    path: Path,
    name: str | None,
    columns: dict[str, str],
    mapping: dict[str, str] | None,
) -> ScreeningInfo | None:
    """The latest failed screening of a file named as ``path`` (and ``name``, when given)
    whose saved rows ``path`` still holds, row for row: the file was repaired after the
    place where it broke off, not before."""
    failed = [
        s
        for s in list_screenings(store)
        if s.file == path.name and s.status == "failed" and (name is None or s.name == name)
    ]
    if not failed or failed[-1].columns != columns:
        return None
    info = failed[-1]
    _, rows = read_parties(path, mapping)
    read = (
        (r.row, party_key(r) if isinstance(r, Party) else None)
        for r in rows
        if not (isinstance(r, SkippedRow) and r.problem == EMPTY_ROW)
    )
    for row, key in saved_party_keys(store, info.id):
        found = next(read, None)
        # A saved row without a key is one that could not be screened: its name may read
        # as a party again, and is screened no better for it.
        if found is None or found[0] != row or (key is not None and found[1] != key):
            return None
    return info


def run_screening(
    store: Store,
    matcher: Matcher,
    path: Path,
    *,
    name: str | None = None,
    threshold: float | None = None,
    mapping: dict[str, str] | None = None,
    lists: list[str] | None = None,
    workers: int | None = None,
    resume: bool = False,
    ownership: Ownership | None = None,
    progress: Callable[[int], None] | None = None,
    batch_size: int = BATCH,
) -> ScreeningInfo:
    """Screen ``path`` and save the screening in the store; returns the saved screening.

    With ``resume``, an interrupted screening of the same file (and name, when
    given) continues after its last saved row.
    """
    threshold = matcher.threshold if threshold is None else threshold
    workers = workers or os.cpu_count() or 1
    columns, rows = read_parties(path, mapping)
    versions = store.active_versions(lists)
    info, done = open_screening(
        store,
        path,
        file_sha256=file_sha256(path),
        columns=columns,
        threshold=threshold,
        lists=lists,
        versions=versions,
        name=name,
        resume=resume,
        mapping=mapping,
    )
    fill_screening(
        store,
        matcher,
        info,
        (r for r in rows if r.row > done),
        versions={v.id: v.list_name for v in versions},
        workers=workers,
        ownership=ownership,
        progress=progress,
        batch_size=batch_size,
    )
    return finish_screening(store, info.id)


def fill_screening(
    store: Store,
    matcher: Matcher,
    info: ScreeningInfo,
    rows: Iterator[Party | SkippedRow],
    *,
    versions: dict[int, str],
    workers: int,
    ownership: Ownership | None = None,
    progress: Callable[[int], None] | None = None,
    batch_size: int = BATCH,
) -> None:
    """Screen ``rows`` with the screening's threshold and lists, saving batch by batch.

    A problem with the input that ends the run (a file that cannot be read on: a quote
    left open, a truncated file) ends the rows there: every row read before it is
    screened and saved, then the screening is marked failed, with the problem, and the
    problem raised. ``--resume`` goes on from the last row saved.
    """
    lists = list(info.lists) if info.lists is not None else None
    broken: list[VetError] = []
    wanted = (
        r
        for r in _until_break(rows, broken)
        if not (isinstance(r, SkippedRow) and r.problem == EMPTY_ROW)
    )
    save_batches(
        store,
        info,
        screen_batches(
            matcher,
            _batches(wanted, batch_size),
            threshold=info.threshold,
            lists=lists,
            workers=workers,
        ),
        versions=versions,
        ownership=ownership,
        progress=progress,
    )
    if broken:
        fail_screening(store, info.id, str(broken[0]))
        raise broken[0]


def _until_break(
    rows: Iterator[Party | SkippedRow], broken: list[VetError]
) -> Iterator[Party | SkippedRow]:
    """``rows`` up to a problem that ends the file, which is put in ``broken``: the rows
    read before it, in the batch under way as well, still reach the store."""
    try:
        yield from rows
    except VetError as exc:
        broken.append(exc)


def save_batches(
    store: Store,
    info: ScreeningInfo,
    batches: Iterable[list[PartyResult | SkippedRow]],
    *,
    versions: dict[int, str],
    ownership: Ownership | None = None,
    progress: Callable[[int], None] | None = None,
) -> None:
    """Save scored batches, in row order, each in its own transaction.

    A party repeating an earlier row is marked as such, and ownership findings are
    attached, as every engine does before saving. A VetError while the batches are
    produced or saved marks the screening failed, with the problem, before it is
    raised; a stop (SIGTERM, Ctrl-C) marks it interrupted and raises :class:`Stopped`
    saying so. Either way the rows saved so far stay, and ``--resume`` goes on from there.
    """
    try:
        for results in batches:
            results = _mark_duplicates(store, info.id, results)
            if ownership is not None:
                results = [
                    replace(r, ownership=ownership(r.party)) if isinstance(r, PartyResult) else r
                    for r in results
                ]
            save_rows(store, info.id, saved_rows(store, results, versions))
            if progress is not None:
                progress(len(results))
    except VetError as exc:
        fail_screening(store, info.id, str(exc))
        raise
    except KeyboardInterrupt as exc:
        stopped = exc if isinstance(exc, Stopped) else Stopped()
        done = interrupt_screening(store, info.id, stopped.message)
        stopped.message = (
            f"{stopped.message}: screening {done.name!r} interrupted after "
            f"{done.party_count + done.skipped_count:,} rows; "
            f"`vet screen {done.file} --resume` goes on from here"
        )
        if stopped is exc:
            raise
        raise stopped from exc
