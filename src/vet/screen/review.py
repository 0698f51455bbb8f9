"""Reviewing a saved screening: the hits still to decide, and decisions read back from a report.

- :func:`undecided_hits` yields each hit no decision settles (undecided, or the
  listed record changed since the decision) with the screened party beside the
  listed record, for a reviewer to decide one by one.
- :func:`import_decisions` reads a reviewed CSV or XLSX report (vet's own, or
  any sheet with Row, Entity ID and Decision columns) and records its decisions,
  all or nothing. A Decision cell still holding what vet wrote ("false_positive
  by Ana on 2026-11-29 (...)") is a decision already recorded, not a new one.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from followthemoney import model
from followthemoney.types import registry

from vet.errors import InputError
from vet.scoring import Hit
from vet.screen.changes import why_changed
from vet.screen.decisions import normalise_decision
from vet.screen.model import Review
from vet.screen.parties import Party
from vet.screen.reviewed import RECORDED, Line, read_reviewed
from vet.screen.saved import hit_ids, party_decisions, result_from_row, reviews_for
from vet.store import Store
from vet.store.screenings import (
    Decision,
    NewDecision,
    SavedRow,
    ScreeningInfo,
    add_decisions,
    decided_hits,
    get_screening,
    iter_rows,
)
from vet.vocabulary import DecisionValue

# -- the hits still to decide ---------------------------------------------------------


@dataclass(frozen=True)
class ListedRecord:
    """What a reviewer compares the screened party with: the listed party and its listings."""

    entity_id: str
    name: str
    matched_name: str
    schema: str
    other_names: tuple[str, ...]
    countries: tuple[str, ...]
    birth_dates: tuple[str, ...]
    identifiers: tuple[str, ...]
    """``Passport number: 123``, one per identifier."""
    lists: tuple[str, ...]
    authorities: tuple[str, ...]
    programs: tuple[str, ...]
    listing_date: str | None
    source_urls: tuple[str, ...]


@dataclass(frozen=True)
class ReviewItem:
    """One hit to decide: who was screened, whom vet found, why, and any earlier decision."""

    screening_id: int
    party: Party
    hit: Hit
    listed: ListedRecord
    previous: Review | None
    """The decision the hit had: the listed record changed since it, or it was ``unsure``."""

    @property
    def row(self) -> int:
        return self.party.row


def _values(properties: dict[str, list[str]], *names: str) -> list[str]:
    return [v for name in names for v in properties.get(name, ())]


def listed_record(hit: Hit, record: dict[str, Any]) -> ListedRecord:
    """The listed side of a hit from the record saved with it (properties per list)."""
    schema = model.get(hit.schema)
    merged: dict[str, list[str]] = {}
    for properties in record.get("entity", {}).values():
        for name, values in properties.items():
            merged.setdefault(name, [])
            merged[name].extend(v for v in values if v not in merged[name])
    countries: list[str] = []
    identifiers: list[str] = []
    for name, values in sorted(merged.items()):
        prop = schema.get(name) if schema is not None else None
        if prop is None:
            continue
        if prop.type == registry.country:
            countries.extend(registry.country.caption(v) or v for v in values)
        elif prop.type == registry.identifier:
            identifiers.extend(f"{prop.label}: {v}" for v in values)
    names = _values(merged, "name", "alias", "previousName", "weakAlias")
    return ListedRecord(
        entity_id=hit.entity_id,
        name=hit.caption,
        matched_name=hit.matched_name,
        schema=schema.label if schema is not None else hit.schema,
        other_names=tuple(dict.fromkeys(n for n in names if n != hit.caption)),
        countries=tuple(dict.fromkeys(countries)),
        birth_dates=tuple(sorted(set(_values(merged, "birthDate")))),
        identifiers=tuple(identifiers),
        lists=hit.lists,
        authorities=tuple(sorted({i.authority for i in hit.listings if i.authority})),
        programs=tuple(sorted({p for i in hit.listings for p in i.programs})),
        listing_date=min((i.listing_date for i in hit.listings if i.listing_date), default=None),
        source_urls=tuple(dict.fromkeys(i.source_url for i in hit.listings if i.source_url)),
    )


def _items(
    screening_id: int,
    rows: list[SavedRow],
    reviews: dict[int, dict[str, Review]],
    seen: set[tuple[str, str]],
    include_unsure: bool,
) -> Iterator[ReviewItem]:
    for saved in rows:
        result = result_from_row(saved, reviews.get(saved.row, {}))
        for stored, hit in zip(saved.hits, result.hits, strict=True):
            review = result.review(hit)
            settled = review is not None and not review.changed and not review.expired
            if settled and not (
                include_unsure and review and review.decision == DecisionValue.UNSURE
            ):
                continue
            # A party repeated in the file is one decision: ask once.
            pair = (saved.party_key or "", hit.entity_id)
            if pair in seen:
                continue
            seen.add(pair)
            yield ReviewItem(
                screening_id=screening_id,
                party=result.party,
                hit=hit,
                listed=listed_record(hit, stored.hit.get("record", {})),
                previous=review,
            )


def undecided_hits(
    store: Store, screening: int | str, *, include_unsure: bool = False, batch: int = 200
) -> Iterator[ReviewItem]:
    """The screening's hits no decision settles, in file order.

    A hit is listed when it has no decision, or when the listed record changed
    since its decision; with ``include_unsure``, hits decided ``unsure`` too.
    """
    info = get_screening(store, screening)
    seen: set[tuple[str, str]] = set()
    pending: list[SavedRow] = []
    for saved in iter_rows(store, info.id):
        if saved.hits and saved.party is not None:
            pending.append(saved)
        if len(pending) >= batch:
            yield from _items(info.id, pending, reviews_for(store, pending), seen, include_unsure)
            pending = []
    yield from _items(info.id, pending, reviews_for(store, pending), seen, include_unsure)


# -- decisions in force ----------------------------------------------------------------


@dataclass(frozen=True)
class AppliedDecision:
    """A decision that applies to one hit of a screening (perhaps made in another one)."""

    row: int
    party_name: str
    entity_id: str
    listed_name: str
    decision: Decision
    changed: bool
    """The listed record changed since the decision: the hit needs review again."""
    why: str = ""
    """What changed since, when ``changed`` (see :func:`vet.screen.changes.why_changed`)."""


def applied_decisions(store: Store, screening: int | str) -> list[AppliedDecision]:
    """The latest decision on each hit of the screening that has one, in file order (a
    decision on the listed party, whichever of its records led it when it was made)."""
    info = get_screening(store, screening)
    found: list[AppliedDecision] = []
    rows = [r for r in iter_rows(store, info.id) if r.hits and r.party_key]
    history = party_decisions(store, rows)
    seen = decided_hits(store, [made[-1] for made in history.values()])
    for saved in rows:
        assert saved.party is not None
        for stored in saved.hits:
            past = history.get((saved.party_key or "", stored.entity_id))
            if not past:
                continue
            changed = past[-1].record_digest != stored.record_digest
            then = seen.get(past[-1].id) if changed else None
            found.append(
                AppliedDecision(
                    row=saved.row,
                    party_name=saved.party["name"],
                    entity_id=stored.entity_id,
                    listed_name=stored.hit.get("caption", ""),
                    decision=past[-1],
                    changed=changed,
                    why=why_changed(then.hit.get("record", {}), stored.hit.get("record", {}))
                    if then
                    else "",
                )
            )
    return found


# -- decisions read back from a reviewed report ------------------------------------------

MAX_PROBLEMS = 5


@dataclass(frozen=True)
class ImportSummary:
    """What an import of a reviewed report did."""

    file: str
    screening: ScreeningInfo
    recorded: tuple[Decision, ...]
    """Decisions recorded by this import."""
    unchanged: int
    """Lines repeating the decision in force (as vet wrote it, or the same word again)."""
    outdated: int
    """Lines showing an earlier decision than one recorded since (the newer one stays)."""
    blank: int
    """Lines with a hit and an empty Decision cell."""


@dataclass(frozen=True)
class _Target:
    """A hit of the screening that a line decides on."""

    row: int
    entity_id: str
    party_key: str
    record_digest: str


def _targets(
    store: Store, screening_id: int, rows: set[int]
) -> tuple[dict[tuple[int, str], _Target], list[SavedRow]]:
    """``(row, record id) -> hit`` for the hits on the given rows of the screening (any
    record of a listed party names its hit, as a report's "same as" ids do), and the rows."""
    found: dict[tuple[int, str], _Target] = {}
    saved_rows: list[SavedRow] = []
    if not rows:
        return found, saved_rows
    for saved in iter_rows(store, screening_id, after=min(rows) - 1):
        if saved.row > max(rows):
            break
        if saved.row in rows and saved.party_key:
            saved_rows.append(saved)
            for h in saved.hits:
                target = _Target(saved.row, h.entity_id, saved.party_key, h.record_digest)
                for record_id in hit_ids(h):
                    found[(saved.row, record_id)] = target
    return found, saved_rows


def _describes(decision: Decision, recorded: re.Match[str]) -> bool:
    """Whether the text vet wrote in a report describes this recorded decision."""
    return (
        decision.decision == recorded["decision"]
        and decision.reviewer == recorded["reviewer"]
        and f"{decision.at:%Y-%m-%d}" == recorded["day"]
        and decision.reason == (recorded["reason"] or "")
    )


@dataclass
class _Plan:
    """What an import will do, built line by line before anything is written."""

    screening: ScreeningInfo
    reviewer: str | None
    four_eyes: bool = False
    new: dict[tuple[str, str], tuple[int, NewDecision]] = field(default_factory=dict)
    problems: list[tuple[int, str]] = field(default_factory=list)
    unchanged: int = 0
    outdated: int = 0

    def problem(self, line: Line, text: str) -> None:
        self.problems.append((line.number, f"line {line.number}: {text}"))

    def decided(self, lines: Iterable[Line]) -> list[tuple[Line, int]]:
        """Lines with a decision, with their row number; a problem for each unusable one."""
        found = []
        for line in lines:
            if not line.decision:
                continue
            try:
                row = int(line.row)
            except ValueError:
                self.problem(line, f"Row {line.row!r} is not a row number")
                continue
            if not line.entity_id:
                self.problem(line, f"row {row} has no listed party to decide on")
                continue
            found.append((line, row))
        return found

    def add(self, line: Line, row: int, target: _Target, past: list[Decision]) -> None:
        """Plan the line's decision on ``target``, whose decisions so far are ``past``."""
        recorded = RECORDED.fullmatch(line.decision)
        if recorded is not None and any(_describes(d, recorded) for d in past):
            if _describes(past[-1], recorded):
                self.unchanged += 1
            else:
                self.outdated += 1
            return
        try:
            value = normalise_decision(recorded["decision"] if recorded else line.decision)
        except InputError as exc:
            self.problem(line, str(exc))
            return
        reviewer = (line.reviewer or self.reviewer or "").strip()
        if not reviewer:
            self.problem(line, "no reviewer (fill the Reviewer column or pass --reviewer)")
            return
        reason = line.reason or (recorded["reason"] or "" if recorded else "")
        latest = past[-1] if past else None
        if (
            latest is not None
            and latest.record_digest == target.record_digest
            and (latest.decision, latest.reviewer, latest.reason) == (value, reviewer, reason)
        ):
            self.unchanged += 1
            return
        pair = (target.party_key, target.entity_id)
        if pair in self.new:
            first, earlier = self.new[pair]
            if earlier.decision != value:
                self.problem(
                    line,
                    f"{value} where line {first} decided {earlier.decision} "
                    "(the same party, repeated in the file)",
                )
            return
        self.new[pair] = (
            line.number,
            NewDecision(
                party_key=target.party_key,
                entity_id=target.entity_id,
                record_digest=target.record_digest,
                decision=value,
                reviewer=reviewer,
                reason=reason,
                screening_id=self.screening.id,
                row=row,
                four_eyes=self.four_eyes,
            ),
        )

    def refuse(self, where: str) -> InputError:
        """One error naming the file and the first problems, by line."""
        problems = [text for _, text in sorted(self.problems)]
        text = "; ".join(f"{where} {p}" for p in problems[:MAX_PROBLEMS])
        more = len(problems) - MAX_PROBLEMS
        if more > 0:
            text += f"; and {more} more problem{'s' if more > 1 else ''}"
        return InputError(f"{text}; nothing was imported")


def import_decisions(
    store: Store,
    screening: int | str,
    path: Path,
    *,
    reviewer: str | None = None,
    four_eyes: bool = False,
) -> ImportSummary:
    """Record the decisions of a reviewed CSV or XLSX report of ``screening``, all or none.

    Every line is checked first: an unknown decision word, or a row and entity
    id that are not a hit of the screening, raise InputError naming the file,
    line and problem, and nothing is recorded. Empty Decision cells are skipped,
    and so are decisions already recorded (vet's own Decision text, or the same
    word by the same reviewer again). ``reviewer`` decides where the file has no
    Reviewer column, or it is empty. With ``four_eyes`` each decision awaits a second
    reviewer's approval.
    """
    info = get_screening(store, screening)
    reviewed = read_reviewed(path)
    plan = _Plan(info, reviewer, four_eyes)
    decided = plan.decided(reviewed.lines)
    targets, rows = _targets(store, info.id, {row for _, row in decided})
    history = party_decisions(store, rows)
    for line, row in decided:
        target = targets.get((row, line.entity_id))
        if target is None:
            hits = ", ".join(sorted({t.entity_id for (r, _), t in targets.items() if r == row}))
            hits = hits or "none"
            plan.problem(
                line,
                f"row {row} has no hit {line.entity_id!r} in screening {info.name!r} "
                f"(its hits: {hits})",
            )
            continue
        plan.add(line, row, target, history.get((target.party_key, target.entity_id), []))
    if plan.problems:
        raise plan.refuse(reviewed.where)
    recorded = add_decisions(
        store,
        (item for _, item in plan.new.values()),
        audit={
            "screening": info.id,
            "file": str(path.resolve()),
            "file_sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            "reviewer": reviewer,
            "recorded": len(plan.new),
            "unchanged": plan.unchanged,
            "outdated": plan.outdated,
        },
    )
    return ImportSummary(
        file=str(path),
        screening=info,
        recorded=tuple(recorded),
        unchanged=plan.unchanged,
        outdated=plan.outdated,
        blank=sum(1 for line in reviewed.lines if line.entity_id and not line.decision),
    )
