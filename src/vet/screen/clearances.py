"""Putting a screened party on the known-good list (see :mod:`vet.store.clearances`)."""

from __future__ import annotations

from datetime import date

from vet.errors import InputError
from vet.screen.review import applied_decisions
from vet.store import Store
from vet.store.clearances import Clearance, add_clearance
from vet.store.screenings import get_screening
from vet.vocabulary import DecisionValue


def clear_party(
    store: Store,
    screening: int | str,
    row: int,
    entity_id: str,
    *,
    reason: str,
    expires: date,
    reviewer: str,
) -> Clearance:
    """Clear the party on ``row`` against the listed ``entity_id`` for future screenings,
    until ``expires``: its decision in force must be a final false positive."""
    info = get_screening(store, screening)
    applied = next(
        (a for a in applied_decisions(store, info.id) if (a.row, a.entity_id) == (row, entity_id)),
        None,
    )
    if (
        applied is None
        or applied.decision.decision != DecisionValue.FALSE_POSITIVE
        or applied.changed
    ):
        raise InputError(
            f"screening {info.name!r} row {row} / {entity_id}: only a hit decided a false "
            "positive (on the listed record as it is now) can be cleared"
        )
    if applied.decision.pending:
        raise InputError(
            f"row {row} / {entity_id}: the false positive awaits a second reviewer's approval; "
            "clear it once approved"
        )
    return add_clearance(
        store,
        applied.decision.id,
        party_name=applied.party_name,
        listed_name=applied.listed_name,
        reason=reason,
        reviewer=reviewer,
        expires=expires,
    )
