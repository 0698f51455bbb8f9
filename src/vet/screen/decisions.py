"""Reviewers' decisions on the hits of a saved screening.

A hit is one listed party with all its listings (its source records on every list). A
decision is recorded against the screened party (its key), the listed party (the record
leading it) and what the reviewer saw of it (the digest of every source record and
listing): it applies to every listing, and later screenings of the same party re-apply it
while none of those records changes (see ``saved.reviews_for``). When one does, or a
listing joins or leaves the listed party, the hit is open again, saying what changed.
"""

from __future__ import annotations

from vet.errors import InputError
from vet.screen.saved import hit_ids
from vet.store import Store
from vet.store.screenings import Decision, add_decision, get_row, get_screening
from vet.vocabulary import DECISIONS, DecisionValue

DECISION_WORDS = {
    "match": DecisionValue.MATCH,
    "true match": DecisionValue.MATCH,
    "confirmed": DecisionValue.MATCH,
    "false_positive": DecisionValue.FALSE_POSITIVE,
    "false positive": DecisionValue.FALSE_POSITIVE,
    "fp": DecisionValue.FALSE_POSITIVE,
    "no match": DecisionValue.FALSE_POSITIVE,
    "unsure": DecisionValue.UNSURE,
    "unsure/escalate": DecisionValue.UNSURE,
    "escalate": DecisionValue.UNSURE,
}


def normalise_decision(text: str) -> DecisionValue:
    """``False positive`` -> ``false_positive``; InputError for anything unknown."""
    key = " ".join(text.strip().lower().replace("-", " ").split())
    value = DECISION_WORDS.get(key) or DECISION_WORDS.get(key.replace(" ", "_"))
    if value is None:
        raise InputError(f"decision {text!r}: expected one of {', '.join(DECISIONS)}")
    return value


def decide(
    store: Store,
    screening: int | str,
    row: int,
    entity_id: str,
    decision: str,
    *,
    reviewer: str,
    reason: str = "",
    four_eyes: bool = False,
) -> Decision:
    """Decide one hit (row, listed entity) of a saved screening.

    With ``four_eyes`` the decision is final only once a second reviewer approves it
    (:mod:`vet.screen.approvals`)."""
    info = get_screening(store, screening)
    saved = get_row(store, info.id, row)
    # Any record of the listed party names it: the decision is on the listed party.
    hit = next((h for h in saved.hits if entity_id in hit_ids(h)), None)
    if hit is None or saved.party_key is None:
        found = ", ".join(h.entity_id for h in saved.hits) or "none"
        raise InputError(
            f"screening {info.name!r} row {row} has no hit {entity_id!r} (its hits: {found})"
        )
    return add_decision(
        store,
        party_key=saved.party_key,
        entity_id=hit.entity_id,
        record_digest=hit.record_digest,
        decision=normalise_decision(decision),
        reviewer=reviewer,
        reason=reason,
        screening_id=info.id,
        row=row,
        four_eyes=four_eyes,
    )
