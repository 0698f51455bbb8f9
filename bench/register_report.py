"""Tables of the register benchmark: recall per class and false alarms, tuning and held-out
side by side, innocents per locale and shape, the targets of issue 12, and vet's misses
(from the tuning split only: the held-out queries are not shown, so no one tunes on them).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from match_report import percentile
from match_systems import Outcome, SystemRun
from register_dataset import SPLITS, RegisterRecord
from register_innocents import LOCALES, SHAPES
from register_near import NEAR_CLASSES
from register_variants import CLASSES

TARGETS = {
    "recall": 0.97,
    "class recall": 0.90,
    "innocent false alarms": 0.005,
    "near-miss false alarms": 0.05,
    "queries/s": 1000.0,
    "p99 ms": 10.0,
}

Test = Callable[[Outcome, float], bool]


def found(outcome: Outcome, threshold: float) -> bool:
    return outcome.found(threshold)


def alerted(outcome: Outcome, threshold: float) -> bool:
    return outcome.alerted(threshold)


def rate(
    records: Sequence[RegisterRecord], run: SystemRun, keep: Callable[[RegisterRecord], bool],
    test: Test,
) -> tuple[float | None, int]:  # fmt: skip
    """Share of the kept records ``run`` answered for which ``test`` holds, and their count."""
    hits = [test(o, run.threshold) for i, o in run.outcomes.items() if keep(records[i])]
    return (sum(hits) / len(hits) if hits else None, len(hits))


def cell(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def split_table(
    records: Sequence[RegisterRecord],
    runs: Sequence[SystemRun],
    groups: Sequence[tuple[str, Callable[[RegisterRecord], bool]]],
    test: Test,
) -> list[str]:
    """One row per group: n per split, then each system's rate on tuning and held-out."""
    head = "| | n tuning | n held-out |" + "".join(
        f" {r.name} tuning | {r.name} held-out |" for r in runs
    )
    lines = [head, "|---|---:|---:|" + "---:|---:|" * len(runs)]
    for label, keep in groups:
        counts = [sum(1 for r in records if keep(r) and r.split == s) for s in SPLITS]
        if not sum(counts):
            continue
        cells = []
        for run in runs:
            for split in SPLITS:
                value, n = rate(
                    records, run, lambda r, s=split, k=keep: k(r) and r.split == s, test
                )
                shown = cell(value)
                if value is not None and n < counts[SPLITS.index(split)]:
                    shown += f" (n={n})"
                cells.append(shown)
        lines.append(f"| {label} | {counts[0]} | {counts[1]} | " + " | ".join(cells) + " |")
    return lines


def recall_groups() -> list[tuple[str, Callable[[RegisterRecord], bool]]]:
    groups: list[tuple[str, Callable[[RegisterRecord], bool]]] = [
        (k, lambda r, k=k: r.klass == k) for k in CLASSES
    ]
    groups.append(("**all classes**", lambda r: r.klass in CLASSES))
    return groups


def alarm_groups() -> list[tuple[str, Callable[[RegisterRecord], bool]]]:
    groups: list[tuple[str, Callable[[RegisterRecord], bool]]] = [
        (k, lambda r, k=k: r.klass == k) for k in NEAR_CLASSES
    ]
    groups.append(("**all near misses**", lambda r: r.klass in NEAR_CLASSES))
    groups.append(("**innocent names**", lambda r: r.klass == "innocent"))
    return groups


def innocent_table(records: Sequence[RegisterRecord], runs: Sequence[SystemRun]) -> list[str]:
    """False alarms on innocent names per locale and per shape (both splits together)."""
    lines = ["| innocents | n |" + "".join(f" {r.name} |" for r in runs)]
    lines.append("|---|---:|" + "---:|" * len(runs))
    groups: list[tuple[str, Callable[[RegisterRecord], bool]]] = [
        (f"locale {loc}", lambda r, loc=loc: r.klass == "innocent" and r.locale == loc)
        for loc in LOCALES
    ]
    groups += [
        (f"shape: {s}", lambda r, s=s: r.klass == "innocent" and r.shape == s) for s in SHAPES
    ]
    groups.append(("**all**", lambda r: r.klass == "innocent"))
    for label, keep in groups:
        n = sum(1 for r in records if keep(r))
        cells = []
        for run in runs:
            value, answered = rate(records, run, keep, alerted)
            cells.append(cell(value) + (f" (n={answered})" if answered < n else ""))
        lines.append(f"| {label} | {n} | " + " | ".join(cells) + " |")
    return lines


def form_table(records: Sequence[RegisterRecord], run: SystemRun) -> list[str]:
    """vet's recall per class and form (tuning split): where the misses concentrate."""
    lines = ["| class | form | n | recall |", "|---|---|---:|---:|"]
    by_form: dict[tuple[str, str], list[bool]] = {}
    for i, outcome in run.outcomes.items():
        record = records[i]
        if record.klass in CLASSES and record.split == "tuning":
            form = "-" if record.klass == "given_name_short" else record.form
            by_form.setdefault((record.klass, form), []).append(outcome.found(run.threshold))
    for (klass, form), hits in sorted(by_form.items()):
        lines.append(f"| {klass} | {form} | {len(hits)} | {sum(hits) / len(hits):.3f} |")
    return lines


def quoted_table(records: Sequence[RegisterRecord], runs: Sequence[SystemRun]) -> list[str]:
    lines = ["| query | schema | must | " + " | ".join(r.name for r in runs) + " |"]
    lines.append("|---|---|---|" + "---|" * len(runs))
    for i, record in enumerate(records):
        if record.split != "quoted":
            continue
        must = f"find {record.source_name}" if record.expected_entity_id else "match nothing"
        cells = []
        for run in runs:
            outcome = run.outcomes.get(i)
            if outcome is None:
                cells.append("–")
                continue
            if record.expected_entity_id:
                ok = outcome.found(run.threshold)
                score = f"{outcome.correct:.2f}" if outcome.correct >= 0 else "not found"
            else:
                ok = not outcome.alerted(run.threshold)
                score = outcome.top
            cells.append(("ok " if ok else "**fails** ") + score)
        lines.append(f"| {record.query} | {record.schema} | {must} | " + " | ".join(cells) + " |")
    return lines


def target_table(records: Sequence[RegisterRecord], run: SystemRun) -> list[str]:
    """Issue 12's targets against ``run`` on the held-out split."""

    def held(keep: Callable[[RegisterRecord], bool]) -> Callable[[RegisterRecord], bool]:
        return lambda r: keep(r) and r.split == "held-out"

    overall, _ = rate(records, run, held(lambda r: r.klass in CLASSES), found)
    per_class = {
        k: rate(records, run, held(lambda r, k=k: r.klass == k), found)[0] for k in CLASSES
    }
    worst = min((v, k) for k, v in per_class.items() if v is not None)
    innocent, _ = rate(records, run, lambda r: r.klass == "innocent", alerted)
    near, _ = rate(records, run, held(lambda r: r.klass in NEAR_CLASSES), alerted)
    qps = len(run.latencies) / run.batch_seconds if run.batch_seconds else 0.0
    p99 = percentile(run.latencies, 0.99) * 1000
    rows = [
        ("recall, held-out, all classes", f">= {TARGETS['recall']}", overall or 0.0,
         (overall or 0) >= TARGETS["recall"]),
        (f"recall, held-out, worst class ({worst[1]})", f">= {TARGETS['class recall']}",
         worst[0], worst[0] >= TARGETS["class recall"]),
        ("false alarms, 10k innocent names (both splits)",
         f"<= {TARGETS['innocent false alarms']}", innocent or 0.0,
         (innocent or 0) <= TARGETS["innocent false alarms"]),
        ("false alarms, held-out near misses", f"<= {TARGETS['near-miss false alarms']}",
         near or 0.0, (near or 0) <= TARGETS["near-miss false alarms"]),
        ("queries/s, one core", f">= {TARGETS['queries/s']:.0f}", qps,
         qps >= TARGETS["queries/s"]),
        ("p99 latency, ms", f"<= {TARGETS['p99 ms']:.0f}", p99, p99 <= TARGETS["p99 ms"]),
    ]  # fmt: skip
    lines = [f"| {run.name} | target | measured | met |", "|---|---|---:|---|"]
    for label, target, value, met in rows:
        shown = f"{value:,.0f}" if value > 2 else f"{value:.3f}"
        lines.append(f"| {label} | {target} | {shown} | {'yes' if met else '**no**'} |")
    return lines


def miss_examples(records: Sequence[RegisterRecord], run: SystemRun, per_class: int) -> list[str]:
    """Tuning-split misses and false alarms, a few per class."""
    lines = []
    for klass in [*CLASSES, *NEAR_CLASSES, "innocent"]:
        bad = [
            (records[i], o)
            for i, o in sorted(run.outcomes.items())
            if records[i].klass == klass
            and records[i].split == "tuning"
            and (
                not o.found(run.threshold)
                if records[i].expected_entity_id
                else o.alerted(run.threshold)
            )
        ]
        if not bad:
            continue
        shown = "; ".join(
            f"`{r.query}`" + (f" (listed `{r.source_name}`)" if r.source_name else "")
            + f" -> {o.top}" for r, o in bad[:per_class]
        )  # fmt: skip
        lines.append(f"- **{klass}** ({len(bad)}): {shown}")
    return lines
