"""Register benchmark (issue 12): the name forms real registers hold, and false alarms.

vet, rapidfuzz and OpenSanctions' logic-v2 answer the same queries (``match_systems``), built
by a generator of its own (``register_variants``, ``register_near``, ``register_scripts``,
``register_innocents``; split and sampling in ``register_dataset``) from the full bundled
lists:

- recall per class (truncated, several_names, abbreviated, numbers, given_name_short,
  acronym, script_person, script_company), tuning and held-out side by side;
- false alarms on near misses (near_place, near_country, near_shared_word, near_soundalike,
  near_given_name) and on 10,000 innocent names from 16 Faker locales, per locale and shape;
- the issue's own examples ("quoted"), vet's targets on held-out, and speed (queries/s on
  one core, p50/p99), vet's measured in a fresh process after warm-up queries.

Thresholds: vet its default; logic-v2 0.70 (yente's default); rapidfuzz the threshold with
the best F1 on the tuning split (then applied to both splits).

Run: ``nice python bench/register_bench.py`` (about 5-10 minutes on a busy machine; prints
the report; ``--write`` puts it into bench/RESULTS.md). ``--per-class 1000`` for more
queries, ``--only vet`` for vet alone (seconds), ``--dump FILE`` for vet's answers to every
tuning and quoted query as JSON lines.
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
import shlex
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from match_bench import pin_one_core, probe_vet, versions, write_section
from match_dataset import DEFAULT_DB, load_listed, open_store, write_jsonl
from match_report import best_threshold, speed_table
from match_systems import SystemRun, open_matcher, run_logicv2, run_rapidfuzz, run_vet
from register_dataset import SPLIT_RULE, RegisterRecord, build_dataset, innocent_records
from register_near import NEAR_CLASSES
from register_report import (
    alarm_groups,
    alerted,
    form_table,
    found,
    innocent_table,
    miss_examples,
    quoted_table,
    recall_groups,
    split_table,
    target_table,
)
from register_variants import CLASSES

SYSTEMS = ("vet", "rapidfuzz", "logicv2")
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
SECTION = "## Register forms and false alarms (issue 12)"


def peer_indices(records: Sequence[RegisterRecord], innocents: int, seed: int) -> list[int]:
    """What the slower peers answer: every query but innocents, and ``innocents`` of those
    (the same share of each locale); all of them when ``innocents`` is 0."""
    chosen = [i for i, r in enumerate(records) if r.klass != "innocent"]
    pool = [i for i, r in enumerate(records) if r.klass == "innocent"]
    if innocents <= 0 or innocents >= len(pool):
        return chosen + pool
    by_locale: dict[str, list[int]] = {}
    for i in pool:
        by_locale.setdefault(records[i].locale or "", []).append(i)
    rng = random.Random(f"peers/{seed}")
    for members in by_locale.values():
        rng.shuffle(members)
        chosen.extend(members[: round(len(members) * innocents / len(pool))])
    return sorted(chosen)


def tuned_rapidfuzz(records: Sequence[RegisterRecord], run: SystemRun) -> None:
    """rapidfuzz's threshold: best F1 on the tuning split."""
    pairs = [(records[i], o) for i, o in run.outcomes.items() if records[i].split == "tuning"]
    run.threshold, _ = best_threshold(pairs)
    run.threshold_note = "best F1 on the tuning split"


def run_systems(
    store: object, listed: Sequence[object], records: list[RegisterRecord],
    args: argparse.Namespace, tmp: Path,
) -> list[SystemRun]:  # fmt: skip
    runs: list[SystemRun] = []
    everything = list(range(len(records)))
    peers = peer_indices(records, args.peer_innocents, args.seed)
    matcher = None
    if "vet" in args.systems or "logicv2" in args.systems:
        matcher, build, load = open_matcher(store, tmp / "index")
    if "vet" in args.systems:
        print(f"vet: {len(records):,} queries ...", file=sys.stderr)
        run = run_vet(matcher, records, everything)
        run.build_seconds, run.load_seconds = build, load
        dataset, warmup = tmp / "dataset.jsonl", tmp / "warmup.jsonl"
        write_jsonl(records, dataset)
        other, _ = innocent_records(listed, args.warmup, args.seed + 1000)  # type: ignore[arg-type]
        write_jsonl(other, warmup)
        print(f"vet: timing after {len(other):,} warm-up queries ...", file=sys.stderr)
        probe = probe_vet(args.db, tmp / "index", dataset, warmup)
        run.latencies, run.batch_seconds = probe["latencies"], probe["batch_seconds"]
        run.rss_mb = probe["rss_mb"]
        runs.append(run)
    if "rapidfuzz" in args.systems:
        print(f"rapidfuzz: {len(peers):,} queries ...", file=sys.stderr)
        run = run_rapidfuzz(listed, records, peers)  # type: ignore[arg-type]
        tuned_rapidfuzz(records, run)
        runs.append(run)
    if "logicv2" in args.systems:
        print(f"logic-v2: {len(peers):,} queries ...", file=sys.stderr)
        runs.append(run_logicv2(matcher, store, records, peers))
    return runs


def report(
    records: Sequence[RegisterRecord], runs: Sequence[SystemRun], dataset: object,
    args: argparse.Namespace, pinned: str, seconds: float,
) -> str:  # fmt: skip
    command = "python bench/register_bench.py " + " ".join(shlex.quote(a) for a in sys.argv[1:])
    innocents = sum(r.klass == "innocent" for r in records)
    removed = getattr(dataset, "removed_innocents", {})
    missing = getattr(dataset, "missing_quoted", [])
    lines = [
        SECTION,
        "",
        f"Produced by `{command.strip()}` on {datetime.date.today().isoformat()} in "
        f"{seconds / 60:.1f} min ({versions()}; {pinned}).",
        "",
        f"- Split, frozen before any tuning: `{SPLIT_RULE}`; positives and near misses take "
        "their listed party's split, innocent names their own. Tune on *tuning* only; "
        "misses below are from tuning only.",
        f"- Up to {args.per_class} queries per class and split (seed {args.seed}), from the "
        "full bundled lists; fewer where the lists hold fewer parties the class applies to.",
        f"- {innocents:,} innocent names from 16 Faker locales (seed {args.seed}); "
        f"{sum(removed.values())} generated names removed because their words equal a "
        f"listed name's ({', '.join(f'{k} {v}' for k, v in sorted(removed.items()))}).",
        "- Thresholds: "
        + "; ".join(f"{r.name} {r.threshold:.2f} ({r.threshold_note})" for r in runs)
        + ".",
    ]
    if missing:
        lines.append(f"- Quoted examples whose listed party is on no bundled list: {missing}.")
    peers = [r for r in runs if len(r.outcomes) < len(records)]
    if peers:
        lines.append(
            f"- {', '.join(r.name for r in peers)} answered {args.peer_innocents:,} of the "
            "innocent names (the same share per locale; `--peer-innocents 0` for all) and "
            "every other query. logic-v2 scores the candidates vet's index returns."
        )
    lines += ["", "### Recall per class", "", *split_table(records, runs, recall_groups(), found)]
    lines += ["", "### False alarms", "", *split_table(records, runs, alarm_groups(), alerted)]
    lines += ["", "### Innocent names per locale and shape", "", *innocent_table(records, runs)]
    lines += ["", "### The issue's examples", "", *quoted_table(records, runs)]
    lines += ["", "### Speed and memory", "", *speed_table(runs)]
    vet = next((r for r in runs if r.name == "vet"), None)
    if vet is not None:
        lines += ["", "### vet against the targets (held-out)", "", *target_table(records, vet)]
        lines += ["", "### vet per form (tuning)", "", *form_table(records, vet)]
        lines += ["", "### vet: misses and false alarms (tuning)", ""]
        lines += miss_examples(records, vet, args.examples)
    return "\n".join(lines) + "\n"


def dump(path: Path, records: Sequence[RegisterRecord], runs: Sequence[SystemRun]) -> None:
    """Every tuning and quoted query with each system's answer (held-out is left out)."""
    with path.open("w", encoding="utf-8") as fh:
        for i, record in enumerate(records):
            if record.split == "held-out":
                continue
            row = asdict(record)
            for run in runs:
                outcome = run.outcomes.get(i)
                if outcome is not None:
                    row[run.name] = {
                        "correct": outcome.correct,
                        "wrong": outcome.wrong,
                        "top": outcome.top,
                        "threshold": run.threshold,
                    }
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default=DEFAULT_DB, help="store URL (default: %(default)s)")
    parser.add_argument("--per-class", type=int, default=200, help="queries per class and split")
    parser.add_argument("--innocents", type=int, default=10_000, help="innocent names")
    parser.add_argument(
        "--peer-innocents", type=int, default=2000,
        help="innocent names rapidfuzz and logic-v2 answer (0: all)",
    )  # fmt: skip
    parser.add_argument("--warmup", type=int, default=3000, help="vet's untimed warm-up queries")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--only", default=",".join(SYSTEMS), help="systems, comma-separated")
    parser.add_argument("--examples", type=int, default=4, help="misses shown per class")
    parser.add_argument("--dump", type=Path, help="write tuning answers here (JSON lines)")
    parser.add_argument("--write", action="store_true", help="put the report in RESULTS.md")
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    args.systems = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(args.systems) - set(SYSTEMS)
    if unknown:
        parser.error(f"unknown systems: {', '.join(sorted(unknown))} (known: {SYSTEMS})")
    return args


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    started = time.perf_counter()
    pinned = pin_one_core()
    store = open_store(args.db)
    listed = load_listed(store)
    print("building the dataset ...", file=sys.stderr)
    dataset = build_dataset(
        listed, per_class=args.per_class, innocents=args.innocents, seed=args.seed
    )
    records = dataset.records
    classes = len(CLASSES) + len(NEAR_CLASSES)
    print(f"{len(records):,} queries in {classes} classes and innocents", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="vet-register-") as tmp:
        runs = run_systems(store, listed, records, args, Path(tmp))
    text = report(records, runs, dataset, args, pinned, time.perf_counter() - started)
    print(text)
    if args.dump:
        dump(args.dump, records, runs)
    if args.write:
        write_section(args.results, text, SECTION)
        print(f"written to {args.results}", file=sys.stderr)


if __name__ == "__main__":
    main()
