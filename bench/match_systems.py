"""The three systems the matching benchmark runs side by side, behind one small interface.

- **vet**: ``Matcher.match`` over the full index of the active lists, at its calibrated
  default threshold.
- **rapidfuzz**: ``process.extractOne`` with ``fuzz.WRatio`` over every listed name (name,
  alias, previous name, weak alias), the baseline of "fuzzy string matching over a list".
  It has no threshold of its own; the report uses the one that maximises F1 on this very
  data (in-sample, so it flatters rapidfuzz).
- **logic-v2**: OpenSanctions' best scorer (``nomenklatura.matching.LogicV2``, default
  config) comparing an FtM query entity with each candidate vet's index returns for the
  query, i.e. yente's scorer without Elasticsearch. Threshold 0.70: yente's default
  ``SCORE_THRESHOLD`` (nomenklatura itself sets none).

Each system answers every query with an ``Outcome``: the best score of an entity the query
should find, the best score of any other entity, and the time taken.
"""

from __future__ import annotations

import itertools
import logging
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil
from followthemoney import model
from followthemoney.proxy import EntityProxy

from match_dataset import Listed, Record

log = logging.getLogger(__name__)

LOGICV2_THRESHOLD = 0.70
"""yente's default SCORE_THRESHOLD, under which its /match marks a result as no match."""
VET_ACCURACY_LIMIT = 50
"""Hits asked of vet per query in the accuracy pass (all scored candidates, not just matches)."""


@dataclass(frozen=True)
class Outcome:
    """What one system answered for one query."""

    correct: float
    """Best score of an entity the query should find; -1 when none was returned."""
    wrong: float
    """Best score of any other entity; -1 when none was returned."""
    top: str
    """The top result's name (for examples of misses)."""
    seconds: float

    @property
    def top_correct(self) -> bool:
        """An expected entity ranks first (ties count)."""
        return self.correct >= 0 and self.correct >= self.wrong

    def found(self, threshold: float) -> bool:
        return self.correct >= threshold

    def alerted(self, threshold: float) -> bool:
        return max(self.correct, self.wrong) >= threshold


@dataclass
class SystemRun:
    """One system's answers to the benchmark, with its costs."""

    name: str
    threshold: float
    threshold_note: str
    outcomes: dict[int, Outcome] = field(default_factory=dict)
    """Record index -> outcome (a system may answer a subset)."""
    latencies: list[float] = field(default_factory=list)
    """Seconds per query of the timed pass (the one users would run)."""
    batch_seconds: float = 0.0
    build_seconds: float | None = None
    load_seconds: float | None = None
    rss_mb: float | None = None
    notes: list[str] = field(default_factory=list)
    errors: int = 0


def rss_mb() -> float:
    return float(psutil.Process().memory_info().rss) / 2**20


Answer = tuple[str | tuple[str, ...], str, float]
"""One result: the entity id (or the ids of every list record the result stands for), its
name and its score."""


def is_accepted(ids: str | tuple[str, ...], accepted: frozenset[str]) -> bool:
    """Whether a result is an entity the query should find: any record it stands for."""
    return ids in accepted if isinstance(ids, str) else not accepted.isdisjoint(ids)


def outcome_of(results: Sequence[Answer], accepted: frozenset[str], seconds: float) -> Outcome:
    """From (entity id or ids, name, score) results, best first."""
    correct = max((s for i, _, s in results if is_accepted(i, accepted)), default=-1.0)
    wrong = max((s for i, _, s in results if not is_accepted(i, accepted)), default=-1.0)
    top = f"{results[0][1]} ({results[0][2]:.2f})" if results else "-"
    return Outcome(correct, wrong, top, seconds)


def timed_pass(
    records: Sequence[Record],
    indices: Sequence[int],
    answer: Callable[[Record], Sequence[Answer]],
    run: SystemRun,
) -> None:
    """Answer every query once, timing each; fill ``run``'s outcomes and latencies."""
    started = time.perf_counter()
    for i in indices:
        record = records[i]
        t0 = time.perf_counter()
        try:
            results = answer(record)
        except Exception as exc:
            # Not swallowed: a crash on one query is logged, counted and shown in the report,
            # and the other queries still run.
            log.warning("%s failed on %r: %s", run.name, record.query, exc)
            run.errors += 1
            results = []
        seconds = time.perf_counter() - t0
        run.latencies.append(seconds)
        run.outcomes[i] = outcome_of(results, frozenset(record.accepted_ids), seconds)
    run.batch_seconds = time.perf_counter() - started


# -- vet -------------------------------------------------------------------------------


def open_matcher(store: Any, cache_dir: Path) -> tuple[Any, float, float]:
    """vet's matcher: built into an empty cache, then loaded from it; with both timings."""
    from vet.scoring import Matcher

    t0 = time.perf_counter()
    Matcher.from_store(store, cache_dir=cache_dir)
    build = time.perf_counter() - t0
    t0 = time.perf_counter()
    matcher = Matcher.from_store(store, cache_dir=cache_dir)
    load = time.perf_counter() - t0
    return matcher, build, load


def run_vet(matcher: Any, records: Sequence[Record], indices: Sequence[int]) -> SystemRun:
    """Accuracy from all scored hits (its timing is replaced by match_bench's fresh-process
    probe: this pass fills caches the timed pass must not find full)."""
    from vet.errors import VetError
    from vet.scoring import Query

    run = SystemRun("vet", matcher.threshold, "its calibrated default")

    def all_hits(record: Record) -> list[Answer]:
        try:
            hits = matcher.match(
                Query(record.query, schema=record.schema),
                limit=VET_ACCURACY_LIMIT,
                include_below=True,
            )
        except VetError:
            return []
        # A hit is one listed party, which may stand for several list records (the CSL's
        # copy of an OFAC entry, the same person on the UK and Australian lists): finding
        # the party under any of them finds it.
        return [((h.entity_id, *h.records), h.matched_name, h.score) for h in hits]

    timed_pass(records, indices, all_hits, run)
    return run


# -- rapidfuzz ---------------------------------------------------------------------------


def run_rapidfuzz(
    listed: Sequence[Listed], records: Sequence[Record], indices: Sequence[int]
) -> SystemRun:
    """``extractOne`` with WRatio over every distinct listed name (pre-processed once)."""
    from rapidfuzz import fuzz, process, utils

    run = SystemRun("rapidfuzz", 0.0, "")
    before = rss_mb()
    t0 = time.perf_counter()
    owners: dict[str, set[str]] = {}
    for item in listed:
        for name in item.names + item.weak_names:
            processed = utils.default_process(name)
            if processed:
                owners.setdefault(processed, set()).add(item.entity_id)
    choices = list(owners)
    ids = [owners[c] for c in choices]
    run.build_seconds = time.perf_counter() - t0
    run.rss_mb = rss_mb() - before
    run.notes.append(f"{len(choices):,} distinct listed names")

    def answer(record: Record) -> list[tuple[str, str, float]]:
        best = process.extractOne(
            utils.default_process(record.query), choices, scorer=fuzz.WRatio, processor=None
        )
        if best is None:
            return []
        name, score, index = best
        return [(entity_id, name, score / 100) for entity_id in sorted(ids[index])]

    timed_pass(records, indices, answer, run)
    return run


# -- logic-v2 ------------------------------------------------------------------------------


def load_entities(store: Any) -> dict[str, EntityProxy]:
    """Every listed party of the active versions as an FtM proxy, by id."""
    out: dict[str, EntityProxy] = {}
    for version in store.active_versions():
        for data in store.raw_entities(version.id, targets_only=True):
            out[str(data["id"])] = model.get_proxy(data)
    return out


def run_logicv2(
    matcher: Any, store: Any, records: Sequence[Record], indices: Sequence[int]
) -> SystemRun:
    """logic-v2 over the candidates vet's index returns; the time includes candidate lookup."""
    from nomenklatura.matching import LogicV2

    from vet.errors import VetError

    run = SystemRun("logic-v2", LOGICV2_THRESHOLD, "yente's default SCORE_THRESHOLD")
    before = rss_mb()
    t0 = time.perf_counter()
    entities = load_entities(store)
    run.build_seconds = time.perf_counter() - t0
    run.rss_mb = rss_mb() - before
    run.notes.append("build = loading the listed entities as FtM proxies; candidates from vet")
    config = LogicV2.default_config()
    serial = itertools.count()

    records_of = {p.entity_id: (p.entity_id, *p.records) for p in matcher.index.parties}

    def answer(record: Record) -> list[Answer]:
        try:
            candidates = matcher.candidates(record.query, schema=record.schema)
        except VetError:
            return []
        query = model.make_entity(record.schema)
        # logic-v2 caches name analysis by entity id: every query needs its own.
        query.id = f"query-{next(serial)}"
        query.add("name", record.query)
        scored = []
        for entity_id in candidates:
            entity = entities.get(entity_id)
            if entity is not None:
                score = LogicV2.compare(query, entity, config).score
                # The candidate is vet's listed party: as for vet, any of its records counts.
                scored.append((records_of[entity_id], entity.caption, float(score)))
        scored.sort(key=lambda r: (-r[2], r[0]))
        return scored

    timed_pass(records, indices, answer, run)
    return run


def stratified(
    records: Sequence[Record], indices: Sequence[int], size: int, seed: int
) -> list[int]:
    """About ``size`` of ``indices``, the same share of every class, chosen with ``seed``."""
    if size <= 0 or size >= len(indices):
        return list(indices)
    rng = random.Random(f"subset/{seed}")
    by_class: dict[str, list[int]] = {}
    for i in indices:
        by_class.setdefault(records[i].klass, []).append(i)
    chosen: list[int] = []
    for members in by_class.values():
        rng.shuffle(members)
        chosen.extend(members[: max(1, round(len(members) * size / len(indices)))])
    return sorted(chosen)
