"""Whether two versions of the matcher give the same answers, to the last digit.

A speed change must not change a score. ``dump`` answers the register benchmark's queries
with the vet on ``PYTHONPATH`` (its index built by that vet into ``--cache``) and writes,
per query, three answers as JSON lines:

- ``below``: the best 5 candidates with the threshold ignored (``include_below``);
- ``hits``: ``match`` as users call it (default threshold, ten hits);
- ``all``: ``match_all`` as screening calls it (every hit, else the best below).

Each candidate is written with its entity, score, name score, the names that met, the
feature results and the explanation. ``diff`` compares two dumps and prints every query
whose answers differ (the first few in full).

Run (the same queries for both; ``matcher_cpu.py`` writes them to bench/out/)::

    git archive main src | tar -x -C /tmp/main-vet
    PYTHONHASHSEED=0 PYTHONPATH=/tmp/main-vet/src python bench/matcher_compare.py dump \\
        --cache /tmp/index-main --out /tmp/main.jsonl
    PYTHONHASHSEED=0 PYTHONPATH=src python bench/matcher_compare.py dump \\
        --cache /tmp/index-branch --out /tmp/branch.jsonl
    python bench/matcher_compare.py diff /tmp/main.jsonl /tmp/branch.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from match_dataset import DEFAULT_DB, read_jsonl

QUERIES = Path(__file__).resolve().parent / "out" / "cpu-queries-12-200-10000.jsonl"


def hit_row(hit: Any) -> list[Any]:
    return [
        hit.entity_id,
        hit.score,
        hit.match,
        hit.name_score,
        hit.matched_name,
        hit.query_name,
        hit.name_property,
        [[f.feature, f.adjustment, f.detail, f.decisive] for f in hit.features],
        hit.explanation,
    ]


def dump(args: argparse.Namespace) -> None:
    import vet
    from vet.errors import VetError
    from vet.scoring import Matcher, Query
    from vet.store import Store

    print(f"vet from {vet.__file__}", file=sys.stderr)
    matcher = Matcher.from_store(Store(args.db), cache_dir=args.cache)
    records = read_jsonl(args.queries)[: args.limit or None]
    with args.out.open("w", encoding="utf-8") as out:
        for record in records:
            query = Query(record.query, schema=record.schema)
            row: dict[str, Any] = {"query": record.query, "schema": record.schema}
            try:
                row["below"] = [
                    hit_row(h) for h in matcher.match(query, limit=5, include_below=True)
                ]
                row["hits"] = [hit_row(h) for h in matcher.match(query)]
                hits, below = matcher.match_all(query)
                row["all"] = [hit_row(h) for h in hits]
                row["all_below"] = hit_row(below) if below is not None else None
            except VetError as exc:
                row["error"] = f"{type(exc).__name__}: {exc}"
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(records):,} queries answered into {args.out}", file=sys.stderr)


def diff(args: argparse.Namespace) -> None:
    with args.a.open(encoding="utf-8") as fa, args.b.open(encoding="utf-8") as fb:
        rows_a = [json.loads(line) for line in fa]
        rows_b = [json.loads(line) for line in fb]
    if len(rows_a) != len(rows_b):
        sys.exit(f"different numbers of queries: {len(rows_a)} vs {len(rows_b)}")
    differ = [(a, b) for a, b in zip(rows_a, rows_b, strict=True) if a != b]
    candidates = sum(len(a.get("below", [])) for a in rows_a)
    hits = sum(len(a.get("hits", [])) for a in rows_a)
    print(
        f"{len(rows_a):,} queries, {candidates:,} best-5 candidates (threshold ignored), "
        f"{hits:,} hits at the threshold: {len(differ)} queries differ"
    )
    for a, b in differ[: args.show]:
        print(json.dumps(a, ensure_ascii=False))
        print(json.dumps(b, ensure_ascii=False))
        print()
    if differ:
        sys.exit(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    one = commands.add_parser("dump", help="answer the queries with the vet on PYTHONPATH")
    one.add_argument("--db", default=DEFAULT_DB, help="store URL (default: %(default)s)")
    one.add_argument("--cache", type=Path, required=True, help="index cache of this vet")
    one.add_argument("--queries", type=Path, default=QUERIES)
    one.add_argument("--out", type=Path, required=True)
    one.add_argument("--limit", type=int, default=0, help="only the first N queries")
    two = commands.add_parser("diff", help="compare two dumps")
    two.add_argument("a", type=Path)
    two.add_argument("b", type=Path)
    two.add_argument("--show", type=int, default=3, help="differing queries shown in full")
    args = parser.parse_args()
    dump(args) if args.command == "dump" else diff(args)


if __name__ == "__main__":
    main()
