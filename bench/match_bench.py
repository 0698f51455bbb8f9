"""Matching benchmark: vet, rapidfuzz and OpenSanctions' logic-v2 side by side, same queries.

Builds the labelled dataset (``match_dataset``) from the listed entities of the store (the
bundled official lists, imported on first use), runs it through each system
(``match_systems``), prints a Markdown report (``match_report``) and writes it into
``bench/RESULTS.md`` under "## Matching", replacing that section and leaving the others.

The process is pinned to one CPU so "queries/s" means one core. vet's speed and resident
memory are measured in a fresh process that loads the cached index, answers warm-up queries
from another sample and then the dataset's queries, so neither the benchmark's own data nor
caches filled by the accuracy pass count for or against it.

Run: ``python bench/match_bench.py`` (about 10 minutes; ``--logicv2-sample 1000`` to score a
stratified subset with logic-v2, ``--only vet`` for vet alone).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import shlex
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import psutil

from match_dataset import (
    BENCH,
    DEFAULT_DB,
    Record,
    build_dataset,
    load_listed,
    open_store,
    read_jsonl,
    write_jsonl,
)
from match_report import (
    best_threshold,
    class_table,
    false_alarm_table,
    miss_examples,
    overall_table,
    pairs_of,
    recall_table,
    speed_table,
)
from match_systems import (
    SystemRun,
    open_matcher,
    rss_mb,
    run_logicv2,
    run_rapidfuzz,
    run_vet,
    stratified,
    timed_pass,
)

SYSTEMS = ("vet", "rapidfuzz", "logicv2")
RESULTS = BENCH / "RESULTS.md"
SECTION = "## Matching"


def pin_one_core() -> str:
    """Run on one CPU (where the OS allows), so throughput is per core.

    The least busy allowed CPU, so that two runs at once do not share one core.
    """
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no sched_setaffinity on this OS)"
    allowed = sorted(os.sched_getaffinity(0))
    busy = psutil.cpu_percent(interval=0.5, percpu=True)
    cpu = min(allowed, key=lambda c: (busy[c] if c < len(busy) else 100.0, c))
    os.sched_setaffinity(0, {cpu})
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"pinned to CPU {cpu} of {len(allowed)}, load average {load:.2f} at start"


def probe_vet(db: str, cache_dir: Path, dataset: Path, warmup: Path) -> dict[str, Any]:
    """vet's speed and memory, measured in a fresh process (see ``vet_probe``)."""
    code = (
        "import sys, json; sys.path.insert(0, sys.argv[1]);"
        "import match_bench; print(json.dumps(match_bench.vet_probe(*sys.argv[2:])))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(BENCH), db, str(cache_dir), str(dataset), str(warmup)],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def vet_probe(db: str, cache_dir: str, dataset: str, warmup: str) -> dict[str, Any]:
    """(In the probe process.) Load the matcher from its cached index, answer the warm-up
    queries untimed, then time the dataset's queries as users call ``match``.

    The warm-up queries come from other listed entities and innocent names, so the timed
    pass runs with the caches a long batch would have, without having seen its queries
    (an in-process pass after the accuracy pass would find every token pair cached).
    """
    from vet.errors import VetError
    from vet.scoring import Matcher, Query
    from vet.store import Store

    matcher = Matcher.from_store(Store(db), cache_dir=Path(cache_dir))

    def plain(record: Record) -> list[tuple[str, str, float]]:
        with contextlib.suppress(VetError):
            matcher.match(Query(record.query, schema=record.schema))
        return []

    for record in read_jsonl(Path(warmup)):
        plain(record)
    records = read_jsonl(Path(dataset))
    run = SystemRun("vet", matcher.threshold, "")
    timed_pass(records, range(len(records)), plain, run)
    return {"latencies": run.latencies, "batch_seconds": run.batch_seconds, "rss_mb": rss_mb()}


def warmup_records(
    listed: Any, records: Sequence[Record], args: argparse.Namespace
) -> list[Record]:
    """Queries from another sample of listed entities and innocent names (another seed),
    none of them in the dataset: they fill vet's caches before the timed pass."""
    seed = args.seed + 1000
    other = build_dataset(
        listed, sample=args.sample, seed=seed, negatives=args.negatives, near=args.near_misses
    )
    seen = {r.query for r in records}
    return [r for r in select_negatives(other, args.limit_negatives, seed) if r.query not in seen]


def vet_state() -> str:
    """Which vet code ran: the git commit, and a digest of its sources when they differ from it."""
    import hashlib

    import vet

    package = Path(vet.__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    git = ["git", "-C", str(package)]
    head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run([*git, "status", "--porcelain", "."], capture_output=True, text=True)
    state = f"commit {head.stdout.strip()}" if head.returncode == 0 else "not in git"
    if dirty.stdout.strip():
        state += " with uncommitted changes"
    return f"vet sources {digest.hexdigest()[:12]} ({state})"


def versions() -> str:
    names = ["vet", "nomenklatura", "rapidfuzz", "followthemoney", "faker"]
    found = []
    for name in names:
        try:
            found.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            found.append(f"{name} (not installed)")
    return ", ".join([*found, f"Python {sys.version.split()[0]}", vet_state()])


def select_negatives(records: list[Record], limit: int | None, seed: int) -> list[Record]:
    if limit is None:
        return records
    negatives = [i for i, r in enumerate(records) if r.kind == "negative"]
    keep = set(stratified(records, negatives, limit, seed))
    return [r for i, r in enumerate(records) if r.kind != "negative" or i in keep]


def report(
    records: Sequence[Record],
    runs: Sequence[SystemRun],
    store: Any,
    args: argparse.Namespace,
    pinned: str,
) -> str:
    command = "python bench/match_bench.py " + " ".join(shlex.quote(a) for a in sys.argv[1:])
    lists = ", ".join(f"{v.list_name} {v.published}" for v in store.active_versions())
    kinds = Counter(r.kind for r in records)
    positives = len(records) - kinds["negative"]
    sources = len({r.expected_entity_id for r in records if r.expected_entity_id})
    classes = len({r.klass for r in records if r.kind != "negative"})
    lines = [
        SECTION,
        "",
        f"Produced by `{command.strip()}` on {datetime.date.today().isoformat()} "
        f"({versions()}; {pinned}).",
        "",
        f"- Lists: {lists}.",
        f"- Dataset (seed {args.seed}): {positives:,} queries derived from {sources} sampled "
        f"listed persons and organisations in {classes} variation "
        f"classes, and {kinds['negative']:,} innocent names "
        f"({sum(r.klass.startswith('near') for r in records):,} of them near misses sharing one "
        "word with a listed name). A hit on any entity listed under the same name counts as "
        "found (the same party is on several lists).",
        "- Thresholds: vet at its calibrated default; rapidfuzz (`extractOne`, `WRatio`, over "
        "every listed name) at the threshold that maximises its F1 on this same data, so it is "
        "flattered; logic-v2 (nomenklatura, default config) at 0.70, yente's default, scoring "
        "the candidates vet's index returns for the query.",
        "- R@t: expected party among the results at or above the threshold. R@1: expected "
        "party ranked first, at any score. FPR: innocent names with any result at or above "
        "the threshold. Precision/recall/F1 per query (see `bench/match_report.py`).",
    ]
    for run in runs:
        for note in run.notes:
            lines.append(f"- {run.name}: {note}.")
    lines += ["", "### Recall per variation class", "", *recall_table(records, runs)]
    lines += ["", "### False alarms on innocent names", "", *false_alarm_table(records, runs)]
    lines += ["", "### Overall", "", *overall_table(records, runs)]
    lines += ["", "### Speed and memory", "", *speed_table(runs)]
    lines += ["", "### Variation classes", "", *class_table(records)]
    for run in runs:
        examples = miss_examples(records, run, args.examples)
        if examples and run.name == "vet":
            lines += ["", f"### {run.name}: examples of misses and false alarms", "", *examples]
    return "\n".join(lines) + "\n"


def write_section(path: Path, section: str, title: str = SECTION) -> None:
    """Replace the section headed ``title`` of ``path`` (or append it), leaving the rest."""
    text = path.read_text("utf-8") if path.exists() else "# Benchmarks\n"
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.rstrip() == title), None)
    if start is None:
        new = text.rstrip("\n") + "\n\n" + section
    else:
        end = next(
            (i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines)
        )
        rest = "".join(lines[end:])
        new = "".join(lines[:start]) + section + ("\n" + rest if rest else "")
    path.write_text(new, "utf-8")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default=DEFAULT_DB, help="store URL (default: %(default)s)")
    parser.add_argument("--dataset", type=Path, help="read the dataset (JSON lines) from here")
    parser.add_argument("--sample", type=int, default=300, help="listed entities to vary")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--negatives", type=int, default=1000, help="innocent names to make")
    parser.add_argument("--near-misses", type=int, default=400, help="near misses to make")
    parser.add_argument("--limit-negatives", type=int, help="use only this many negatives")
    parser.add_argument("--only", default=",".join(SYSTEMS), help="systems, comma-separated")
    parser.add_argument(
        "--logicv2-sample", type=int, default=0, help="score a stratified subset with logic-v2"
    )
    parser.add_argument("--examples", type=int, default=3, help="misses shown per class")
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)
    args.systems = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(args.systems) - set(SYSTEMS)
    if unknown:
        parser.error(f"unknown systems: {', '.join(sorted(unknown))} (known: {SYSTEMS})")
    return args


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    pinned = pin_one_core()
    store = open_store(args.db)
    listed = load_listed(store)
    if args.dataset:
        records = read_jsonl(args.dataset)
    else:
        records = build_dataset(
            listed,
            sample=args.sample,
            seed=args.seed,
            negatives=args.negatives,
            near=args.near_misses,
        )
    records = select_negatives(records, args.limit_negatives, args.seed)
    everything = list(range(len(records)))
    runs: list[SystemRun] = []
    with tempfile.TemporaryDirectory(prefix="vet-bench-") as tmp:
        dataset = Path(tmp) / "dataset.jsonl"
        write_jsonl(records, dataset)
        matcher = None
        if "vet" in args.systems or "logicv2" in args.systems:
            matcher, build, load = open_matcher(store, Path(tmp) / "index")
        if "vet" in args.systems:
            print(f"vet: {len(records):,} queries ...", file=sys.stderr)
            run = run_vet(matcher, records, everything)
            run.build_seconds, run.load_seconds = build, load
            warmup = warmup_records(listed, records, args)
            write_jsonl(warmup, Path(tmp) / "warmup.jsonl")
            print(f"vet: timing after {len(warmup):,} warm-up queries ...", file=sys.stderr)
            probe = probe_vet(args.db, Path(tmp) / "index", dataset, Path(tmp) / "warmup.jsonl")
            run.latencies, run.batch_seconds = probe["latencies"], probe["batch_seconds"]
            run.rss_mb = probe["rss_mb"]
            run.notes.append(
                "speed and memory measured in a fresh process that loads the cached index, "
                f"answers {len(warmup):,} warm-up queries made from another sample (seed "
                f"{args.seed + 1000}) untimed, then times each query of the dataset once, "
                "as a long batch would meet it: caches warm, these queries never seen"
            )
            runs.append(run)
        if "rapidfuzz" in args.systems:
            print(f"rapidfuzz: {len(records):,} queries ...", file=sys.stderr)
            run = run_rapidfuzz(listed, records, everything)
            run.threshold, _ = best_threshold(pairs_of(records, run))
            run.threshold_note = "best F1 on this data"
            run.notes.append("memory = growth of this process while building the name list")
            runs.append(run)
        if "logicv2" in args.systems:
            subset = stratified(records, everything, args.logicv2_sample, args.seed)
            print(f"logic-v2: {len(subset):,} queries ...", file=sys.stderr)
            run = run_logicv2(matcher, store, records, subset)
            if len(subset) < len(records):
                run.notes.append(
                    f"scored a stratified subset of {len(subset):,} of {len(records):,} "
                    "queries (`--logicv2-sample`); its per-class n is shown"
                )
            run.notes.append("time per query includes vet's candidate lookup")
            runs.append(run)
    text = report(records, runs, store, args, pinned)
    print(text)
    if not args.no_write:
        write_section(args.results, text)
        print(f"written to {args.results}", file=sys.stderr)


if __name__ == "__main__":
    main()
