"""Deciding many hits of a saved screening at once, with one decision and one reason.

A selection names hits by what they share: every hit of one listed party
(``entity_id``), or every hit on one list scoring below a score (``list_name`` and
``below``), or given ``(row, entity id)`` pairs. Only open hits are decided (no
decision, ``unsure``, or the listed record changed since): a bulk decision never
overrides one already in force, nor one awaiting approval. All are recorded in one
transaction, each in the audit log, with one more entry saying what was selected.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from vet.errors import InputError
from vet.scoring import Hit
from vet.screen.decisions import normalise_decision
from vet.screen.model import Review
from vet.screen.saved import hit_from_dict, reviews_for
from vet.store import Store
from vet.store.screenings import (
    Decision,
    NewDecision,
    SavedRow,
    add_decisions,
    get_screening,
    iter_rows,
)


@dataclass(frozen=True)
class Selection:
    """Which hits of a screening a bulk decision covers (the fields given all apply)."""

    entity_id: str | None = None
    """Every hit of this listed party (any of its records' ids)."""
    list_name: str | None = None
    """Only hits of listed parties on this list."""
    below: float | None = None
    """Only hits scoring below this."""
    hits: tuple[tuple[int, str], ...] = ()
    """Only these ``(row, entity id)`` hits."""

    def check(self) -> None:
        if not (self.entity_id or self.list_name or self.hits):
            raise InputError(
                "select hits by listed party (entity id), by list (with a score below), "
                "or by row and entity id"
            )
        if self.below is not None and not 0 < self.below <= 1:
            raise InputError(f"below={self.below}: give a score between 0 and 1")

    def holds(self, row: int, hit: Hit) -> bool:
        if self.entity_id is not None and self.entity_id not in (hit.entity_id, *hit.records):
            return False
        if self.list_name is not None and self.list_name not in hit.lists:
            return False
        if self.below is not None and hit.score >= self.below:
            return False
        return not self.hits or (row, hit.entity_id) in self.hits

    def describe(self) -> str:
        parts = []
        if self.entity_id:
            parts.append(f"hits of {self.entity_id}")
        if self.list_name:
            parts.append(f"on {self.list_name}")
        if self.below is not None:
            parts.append(f"scoring below {self.below:.2f}")
        if self.hits:
            parts.append(f"{len(self.hits)} chosen hit(s)")
        return ", ".join(parts)


def _open(review: Review | None) -> bool:
    return review is None or (not review.settled and not (review.pending and not review.changed))


def selected_hits(
    store: Store, screening: int | str, selection: Selection
) -> Iterator[tuple[SavedRow, int, Hit]]:
    """``(row, rank, hit)`` of each open hit the selection covers, a repeated party once."""
    info = get_screening(store, screening)
    selection.check()
    seen: set[tuple[str, str]] = set()
    rows: list[SavedRow] = []
    for saved in iter_rows(store, info.id):
        if saved.party_key and any(
            selection.holds(saved.row, hit_from_dict(h.hit)) for h in saved.hits
        ):
            rows.append(saved)
    reviews = reviews_for(store, rows)
    for saved in rows:
        for rank, stored in enumerate(saved.hits):
            hit = hit_from_dict(stored.hit)
            pair = (saved.party_key or "", hit.entity_id)
            if pair in seen or not selection.holds(saved.row, hit):
                continue
            if _open(reviews.get(saved.row, {}).get(hit.entity_id)):
                seen.add(pair)
                yield saved, rank, hit


def decide_selected(
    store: Store,
    screening: int | str,
    selection: Selection,
    decision: str,
    *,
    reviewer: str,
    reason: str = "",
    four_eyes: bool = False,
) -> list[Decision]:
    """Record one decision with one reason on every open hit the selection covers.

    InputError when none is left to decide (nothing is recorded then)."""
    info = get_screening(store, screening)
    value = normalise_decision(decision)
    if not reviewer.strip():
        raise InputError("a decision needs a reviewer")
    items = [
        NewDecision(
            party_key=saved.party_key or "",
            entity_id=hit.entity_id,
            record_digest=saved.hits[rank].record_digest,
            decision=value,
            reviewer=reviewer,
            reason=reason,
            screening_id=info.id,
            row=saved.row,
            four_eyes=four_eyes,
        )
        for saved, rank, hit in selected_hits(store, info.id, selection)
    ]
    if not items:
        raise InputError(
            f"screening {info.name!r}: no open hit {selection.describe()} (hits already "
            "decided are left as they are)"
        )
    return add_decisions(
        store,
        items,
        audit={
            "screening": info.id,
            "selection": selection.describe(),
            "value": value,
            "reason": reason,
            "reviewer": reviewer,
            "recorded": len(items),
        },
        action="decisions in bulk",
    )
