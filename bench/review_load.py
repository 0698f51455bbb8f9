"""Review load before and after joining list records into listed parties.

Screens a party file twice against the active lists of a store: once with an index that
joins no records (one hit per list record, as a reviewer met them before issue 13, less
the CSL copies of OFAC entries that were joined even then) and once with the index vet
builds (one hit per listed party, every listing under it). Prints, for each, the flagged
parties and the hits to review, and the hits of the first screening grouped as the CSL
copies alone would group them (the state before the cross-list joins).

Run: ``python bench/review_load.py examples/parties.csv --home DIR`` or, on the
100,000-party bench file, ``python bench/screen_bench.py`` writes it, then
``python bench/review_load.py bench/out/parties_100000.csv --home DIR --workers 2``.
``--generate N`` writes N parties as screen_bench.py does (1% listed names, varied).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Iterator
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import vet.index.build as build
from vet.resolve.parties import csl_twin
from vet.scoring import Matcher
from vet.screen import PartyResult, SkippedRow, read_parties, screen_party
from vet.settings import load_settings
from vet.store import Store

_MATCHER: Matcher | None = None


def matcher_for(store: Store, *, joins: bool) -> Matcher:
    """The matcher over every active list, its index joining records or not."""
    if joins:
        return Matcher.from_store(store)
    original = build.join_records
    build.join_records = lambda collected, forms=None: {}  # type: ignore[assignment]
    try:
        return Matcher.from_store(store)
    finally:
        build.join_records = original


def _screen(batch: list[Any]) -> list[tuple[int, list[tuple[str, ...]]]]:
    """(row, the record ids of each hit) for a batch of parties, in a worker."""
    assert _MATCHER is not None
    found = []
    for party in batch:
        result = screen_party(_MATCHER, party, threshold=_MATCHER.threshold)
        if isinstance(result, PartyResult) and result.hits:
            found.append((party.row, [(h.entity_id, *h.records) for h in result.hits]))
    return found


def batches(path: Path, size: int = 500) -> Iterator[list[Any]]:
    _, rows = read_parties(path)
    batch: list[Any] = []
    for item in rows:
        if isinstance(item, SkippedRow):
            continue
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def screen_file(matcher: Matcher, path: Path, workers: int) -> dict[int, list[tuple[str, ...]]]:
    """Row -> the record ids of each of its hits; with ``workers`` forked processes."""
    global _MATCHER
    _MATCHER = matcher
    found: dict[int, list[tuple[str, ...]]] = {}
    if workers <= 1:
        for batch in batches(path):
            found.update(_screen(batch))
        return found
    with get_context("fork").Pool(workers) as pool:
        for part in pool.imap(_screen, batches(path)):
            found.update(part)
    return found


def twins_only(hits: dict[int, list[tuple[str, ...]]], ids: set[str]) -> int:
    """Hits once the CSL copies of OFAC entries are grouped with them (and nothing else)."""
    total = 0
    for records in hits.values():
        groups = {csl_twin(r[0], ids) or r[0] for r in records}
        total += len(groups)
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("parties", type=Path)
    parser.add_argument("--home", type=Path, help="VET_HOME with the lists")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    store = Store(load_settings(home=str(args.home) if args.home else None).db_url)
    print(f"parties file: {args.parties}; lists: "
          f"{', '.join(v.list_name for v in store.active_versions())}")  # fmt: skip
    results = {}
    for joins in (False, True):
        matcher = matcher_for(store, joins=joins)
        cpu, wall = time.process_time(), time.perf_counter()
        results[joins] = screen_file(matcher, args.parties, args.workers)
        print(
            f"{'listed parties' if joins else 'list records'}: index of {len(matcher.index):,}; "
            f"screened in {time.perf_counter() - wall:.0f} s wall "
            f"({time.process_time() - cpu:.0f} s CPU in the parent; load {os.getloadavg()[0]:.1f})",
            file=sys.stderr,
        )
        if not joins:
            record_ids = {p.entity_id for p in matcher.index.parties}
    before, after = results[False], results[True]
    print("| hits as | flagged parties | hits to review |")
    print("|---|---:|---:|")
    print(f"| one per list record | {len(before):,} | {sum(map(len, before.values())):,} |")
    print(
        f"| CSL copies of OFAC entries grouped (before issue 13) | {len(before):,} "
        f"| {twins_only(before, record_ids):,} |"
    )
    print(f"| one per listed party (now) | {len(after):,} | {sum(map(len, after.values())):,} |")


if __name__ == "__main__":
    main()
