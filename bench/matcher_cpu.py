"""CPU cost of the matcher on the register benchmark's queries, on a loaded machine.

Wall-clock speed (``register_bench.py``'s speed table) means little when other processes
share the cores; CPU time does not depend on them. This loads the matcher from its cached
index (building it on first use), answers warm-up queries untimed (other innocent names,
another seed, as ``register_bench`` does), then times each query of the register dataset
by ``time.process_time`` as users call ``match`` (default threshold, ten hits).

Prints queries per CPU-second and p50/p99 of each query's CPU time; ``--profile FILE``
writes a cProfile of the timed pass instead (read it with ``python -m pstats FILE``).

Run: ``nice env PYTHONPATH=src python bench/matcher_cpu.py`` (the dataset and warm-up
queries are generated from the store and kept in bench/out/ for the next runs; the index
is kept in bench/out/index-cpu/).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import statistics
import sys
import time
from pathlib import Path

from match_dataset import DEFAULT_DB, Record, load_listed, open_store, read_jsonl, write_jsonl
from register_dataset import build_dataset, innocent_records

OUT = Path(__file__).resolve().parent / "out"


def query_files(
    db: str, per_class: int, innocents: int, warmup: int, seed: int
) -> tuple[Path, Path]:
    """The dataset's and the warm-up's queries as JSON lines, generated when absent."""
    dataset = OUT / f"cpu-queries-{seed}-{per_class}-{innocents}.jsonl"
    warm = OUT / f"cpu-warmup-{seed + 1000}-{warmup}.jsonl"
    if not dataset.exists() or not warm.exists():
        print("generating the queries ...", file=sys.stderr)
        listed = load_listed(open_store(db))
        records = build_dataset(listed, per_class=per_class, innocents=innocents, seed=seed)
        write_jsonl(records.records, dataset)
        other, _ = innocent_records(listed, warmup, seed + 1000)
        write_jsonl(other, warm)
    return dataset, warm


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=DEFAULT_DB, help="store URL (default: %(default)s)")
    parser.add_argument("--cache", type=Path, default=OUT / "index-cpu", help="index cache")
    parser.add_argument("--per-class", type=int, default=200)
    parser.add_argument("--innocents", type=int, default=10_000)
    parser.add_argument("--warmup", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--limit", type=int, default=0, help="time only the first N queries")
    parser.add_argument("--profile", type=Path, help="write a cProfile of the timed pass here")
    args = parser.parse_args()

    from vet.errors import VetError
    from vet.scoring import Matcher, Query
    from vet.store import Store

    dataset, warm = query_files(args.db, args.per_class, args.innocents, args.warmup, args.seed)
    records = read_jsonl(dataset)
    if args.limit:
        records = records[: args.limit]
    start = time.process_time()
    matcher = Matcher.from_store(Store(args.db), cache_dir=args.cache)
    print(f"matcher loaded (or built) in {time.process_time() - start:.1f} s CPU")

    def answer(record: Record) -> None:
        with contextlib.suppress(VetError):
            matcher.match(Query(record.query, schema=record.schema))

    for record in read_jsonl(warm):
        answer(record)
    if args.profile:
        with cProfile.Profile() as profile:
            for record in records:
                answer(record)
        profile.dump_stats(args.profile)
        print(f"profile of {len(records):,} queries written to {args.profile}")
        return
    costs = []
    for record in records:
        t0 = time.process_time()
        answer(record)
        costs.append(time.process_time() - t0)
    total = sum(costs)
    print(
        f"{len(records):,} queries: {len(records) / total:,.0f} queries per CPU-second; "
        f"CPU per query p50 {1000 * statistics.median(costs):.2f} ms, "
        f"p99 {1000 * percentile(costs, 0.99):.2f} ms, max {1000 * max(costs):.1f} ms"
    )


if __name__ == "__main__":
    main()
