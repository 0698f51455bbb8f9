"""Metrics and the Markdown report of the matching benchmark.

Definitions (the same for every system):

- **R@t** (recall at threshold): share of a class's queries for which an expected entity is
  among the results scoring at or above the system's threshold.
- **R@1** (recall at rank 1): share for which an expected entity ranks first, at any score.
- **FPR** (false-positive rate): share of innocent names with any result at or above threshold.
- **precision / recall / F1**, per query: a query with an expected entity counts as a true
  positive when that entity is found at or above threshold, and as a false positive when only
  other entities are; an innocent name counts as a false positive when anything is.
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from match_dataset import Record
from match_systems import Outcome, SystemRun
from match_variations import CLASSES

NEGATIVE_CLASSES = ("innocent_person", "innocent_company", "near_miss_person", "near_miss_company")
KINDS = ("benign", "adversarial", "degraded")


@dataclass(frozen=True)
class Confusion:
    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def confusion(pairs: Iterable[tuple[Record, Outcome]], threshold: float) -> Confusion:
    tp = fp = fn = tn = 0
    for record, outcome in pairs:
        if record.expected_entity_id is None:
            if outcome.alerted(threshold):
                fp += 1
            else:
                tn += 1
        elif outcome.found(threshold):
            tp += 1
        else:
            fn += 1
            if outcome.alerted(threshold):
                fp += 1
    return Confusion(tp, fp, fn, tn)


def best_threshold(pairs: Sequence[tuple[Record, Outcome]]) -> tuple[float, Confusion]:
    """The threshold with the highest F1 on ``pairs`` (ties: the higher threshold)."""
    candidates = sorted({max(o.correct, o.wrong) for _, o in pairs} | {o.correct for _, o in pairs})
    best = (1.01, confusion(pairs, 1.01))
    for threshold in candidates:
        if threshold <= 0:
            continue
        current = confusion(pairs, threshold)
        if current.f1 >= best[1].f1:
            best = (threshold, current)
    return best


def pairs_of(records: Sequence[Record], run: SystemRun) -> list[tuple[Record, Outcome]]:
    return [(records[i], o) for i, o in sorted(run.outcomes.items())]


def share(values: Sequence[bool]) -> str:
    return f"{sum(values) / len(values):.3f}" if values else "–"


def recall_cells(pairs: Sequence[tuple[Record, Outcome]], threshold: float) -> tuple[str, str]:
    return (
        share([o.found(threshold) for _, o in pairs]),
        share([o.top_correct for _, o in pairs]),
    )


def percentile(values: Sequence[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def recall_table(records: Sequence[Record], runs: Sequence[SystemRun]) -> list[str]:
    head = "| class | kind | n |" + "".join(f" {r.name} R@t | {r.name} R@1 |" for r in runs)
    sampled = [r for r in runs if len(r.outcomes) < max(len(x.outcomes) for x in runs)]
    if sampled:
        head += "".join(f" {r.name} n |" for r in sampled)
    lines = [head, "|---|---|---:|" + "---:|---:|" * len(runs) + "---:|" * len(sampled)]
    groups: list[tuple[str, str, set[str]]] = [(c.name, c.kind, {c.name}) for c in CLASSES]
    groups += [(f"**all {k}**", k, {c.name for c in CLASSES if c.kind == k}) for k in KINDS]
    for label, kind, classes in groups:
        n = sum(1 for r in records if r.klass in classes)
        if not n:
            continue
        cells: list[str] = []
        counts: list[str] = []
        for run in runs:
            pairs = [(rec, o) for rec, o in pairs_of(records, run) if rec.klass in classes]
            cells.extend(recall_cells(pairs, run.threshold))
            if run in sampled:
                counts.append(str(len(pairs)))
        lines.append(f"| {label} | {kind} | {n} | " + " | ".join(cells + counts) + " |")
    return lines


def false_alarm_table(records: Sequence[Record], runs: Sequence[SystemRun]) -> list[str]:
    lines = ["| innocent names | n |" + "".join(f" {r.name} FPR |" for r in runs)]
    lines.append("|---|---:|" + "---:|" * len(runs))
    groups = [(c, {c}) for c in NEGATIVE_CLASSES] + [("**all innocent**", set(NEGATIVE_CLASSES))]
    for label, classes in groups:
        n = sum(1 for r in records if r.klass in classes)
        if not n:
            continue
        cells = []
        for run in runs:
            pairs = [(rec, o) for rec, o in pairs_of(records, run) if rec.klass in classes]
            cells.append(share([o.alerted(run.threshold) for _, o in pairs]))
        lines.append(f"| {label} | {n} | " + " | ".join(cells) + " |")
    return lines


def overall_table(records: Sequence[Record], runs: Sequence[SystemRun]) -> list[str]:
    rows: dict[str, list[str]] = {
        "threshold": [],
        "precision": [],
        "recall": [],
        "F1": [],
        "best F1 on this data (threshold)": [],
        "queries answered": [],
    }
    for run in runs:
        pairs = pairs_of(records, run)
        c = confusion(pairs, run.threshold)
        t, best = best_threshold(pairs)
        rows["threshold"].append(f"{run.threshold:.2f} ({run.threshold_note})")
        rows["precision"].append(f"{c.precision:.3f}")
        rows["recall"].append(f"{c.recall:.3f}")
        rows["F1"].append(f"**{c.f1:.3f}**")
        rows["best F1 on this data (threshold)"].append(f"{best.f1:.3f} ({t:.2f})")
        errors = f", {run.errors} errors" if run.errors else ""
        rows["queries answered"].append(f"{len(run.outcomes):,}{errors}")
    lines = ["| |" + "".join(f" {r.name} |" for r in runs), "|---|" + "---|" * len(runs)]
    lines += [f"| {k} | " + " | ".join(v) + " |" for k, v in rows.items()]
    return lines


def speed_table(runs: Sequence[SystemRun]) -> list[str]:
    def num(value: float | None, fmt: str) -> str:
        return "–" if value is None else format(value, fmt)

    rows = {
        "queries/s (batch, one core)": [
            num(len(r.latencies) / r.batch_seconds if r.batch_seconds else None, ",.0f")
            for r in runs
        ],
        "p50 latency, ms": [num(percentile(r.latencies, 0.5) * 1000, ".2f") for r in runs],
        "p99 latency, ms": [num(percentile(r.latencies, 0.99) * 1000, ".2f") for r in runs],
        "mean latency, ms": [
            num(statistics.fmean(r.latencies) * 1000 if r.latencies else None, ".2f") for r in runs
        ],
        "index build, s": [num(r.build_seconds, ".1f") for r in runs],
        "index load from cache, s": [num(r.load_seconds, ".2f") for r in runs],
        "resident memory, MB": [num(r.rss_mb, ",.0f") for r in runs],
    }
    lines = ["| |" + "".join(f" {r.name} |" for r in runs), "|---|" + "---:|" * len(runs)]
    lines += [f"| {k} | " + " | ".join(v) + " |" for k, v in rows.items()]
    return lines


def class_table(records: Sequence[Record]) -> list[str]:
    lines = ["| class | kind | what it does | example (listed -> query) |", "|---|---|---|---|"]
    for cls in CLASSES:
        members = [r for r in records if r.klass == cls.name]
        example = random.Random(cls.name).choice(members) if members else None
        shown = f"`{example.source_name}` -> `{example.query!r}`" if example else "–"
        lines.append(f"| {cls.name} | {cls.kind} | {cls.description} | {shown} |")
    return lines


def miss_examples(records: Sequence[Record], run: SystemRun, per_class: int) -> list[str]:
    """Misses (expected not found at threshold) per class, and false alarms on innocents.

    "Not among the hits" means the expected party was not among the results at all (for vet,
    its 50 best-scored candidates): lost at candidate retrieval rather than at scoring.
    """
    lines: list[str] = []
    pairs = pairs_of(records, run)
    for cls in CLASSES:
        misses = [
            (rec, o) for rec, o in pairs if rec.klass == cls.name and not o.found(run.threshold)
        ]
        if misses:
            unseen = sum(o.correct < 0 for _, o in misses)
            why = f"{len(misses) - unseen} scored below threshold, {unseen} not among the hits"
            shown = "; ".join(
                f"`{rec.query!r}` (listed `{rec.source_name}`; expected "
                f"{_score(o.correct)}, top {o.top})"
                for rec, o in misses[:per_class]
            )
            lines.append(f"- **{cls.name}** ({len(misses)} missed: {why}): {shown}")
    alarms = [(rec, o) for rec, o in pairs if rec.kind == "negative" and o.alerted(run.threshold)]
    if alarms:
        shown = "; ".join(
            f"`{rec.query}` -> {o.top}" + (f" (shares a word with `{rec.source_name}`)"
                                           if rec.source_name else "")
            for rec, o in alarms[: per_class * 3]
        )  # fmt: skip
        lines.append(f"- **false alarms** ({len(alarms)}): {shown}")
    return lines


def _score(value: float) -> str:
    return "not among the hits" if value < 0 else f"scored {value:.2f}"
