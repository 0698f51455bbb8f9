"""Import time and peak memory of the bundled snapshot, and index build/load time.

Run: python bench/import_bench.py
Prints one row per list (parse + import seconds, parties, entities), the total,
peak resident memory, the index build time and the cached index load time.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

from vet.bundle import bundled_lists, extract
from vet.scoring import Matcher
from vet.sources import get_source
from vet.store import Store, import_parsed


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/vet.db")
        rows = []
        started = time.perf_counter()
        for bundled in bundled_lists():
            t0 = time.perf_counter()
            path = extract(bundled, Path(tmp) / bundled.list_name)
            parsed = get_source(bundled.kind).parse(path)
            t1 = time.perf_counter()
            result = import_parsed(store, parsed, origin="bench", list_name=bundled.list_name)
            t2 = time.perf_counter()
            version = result.version
            assert version is not None
            rows.append(
                (bundled.list_name, t1 - t0, t2 - t1, version.target_count, version.entity_count)
            )
        total = time.perf_counter() - started
        rss_import = peak_rss_mb()
        t0 = time.perf_counter()
        matcher = Matcher.from_store(store, cache_dir=Path(tmp) / "index")
        build = time.perf_counter() - t0
        t0 = time.perf_counter()
        Matcher.from_store(store, cache_dir=Path(tmp) / "index")
        load = time.perf_counter() - t0
        db_mb = Path(f"{tmp}/vet.db").stat().st_size / 1e6

    print("| list | parse s | store s | parties | entities |")
    print("|---|---:|---:|---:|---:|")
    for name, parse_s, store_s, parties, entities in rows:
        print(f"| {name} | {parse_s:.1f} | {store_s:.1f} | {parties:,} | {entities:,} |")
    print(f"| **total** | | | {sum(r[3] for r in rows):,} | {sum(r[4] for r in rows):,} |")
    print()
    print(f"- import of the whole bundle (extract + parse + store): {total:.1f} s")
    print(f"- peak resident memory after import: {rss_import:.0f} MB")
    print(
        f"- index build: {build:.1f} s ({matcher.index.name_count:,} names, "
        f"{len(matcher.index):,} parties); cached index load: {load:.2f} s"
    )
    print(f"- peak resident memory after index build: {peak_rss_mb():.0f} MB")
    print(f"- SQLite store size: {db_mb:.0f} MB")
    print(f"- Python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
