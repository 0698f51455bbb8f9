"""Four-eyes review of a saved screening: the decisions awaiting a second reviewer, and
approving them.

With four-eyes review on (``VET_FOUR_EYES``), a decision is final only once a second,
different reviewer approves it; until then its hit stays open in the reports, marked
"awaiting approval by a second reviewer". Both steps are in the audit log.
"""

from __future__ import annotations

from collections.abc import Iterable

from vet.errors import InputError
from vet.screen.review import AppliedDecision, applied_decisions
from vet.store import Store
from vet.store.approvals import Approval, approve_decisions
from vet.store.screenings import get_screening


def pending_approvals(store: Store, screening: int | str) -> list[AppliedDecision]:
    """The decisions in force on the screening's hits that await a second reviewer, in file
    order (one per decision: a party repeated in the file is listed once)."""
    seen: set[int] = set()
    found = []
    for applied in applied_decisions(store, screening):
        if applied.decision.pending and not applied.changed and applied.decision.id not in seen:
            seen.add(applied.decision.id)
            found.append(applied)
    return found


def approve(
    store: Store,
    screening: int | str,
    hits: Iterable[tuple[int, str]],
    *,
    reviewer: str,
) -> list[Approval]:
    """Approve, as ``reviewer``, the decisions awaiting approval on these ``(row, entity id)``
    hits of the screening: all of them or none (InputError naming the first problem)."""
    info = get_screening(store, screening)
    wanted = list(dict.fromkeys(hits))
    pending = {
        (a.row, a.entity_id): a
        for a in applied_decisions(store, info.id)
        if a.decision.pending and not a.changed
    }
    ids = []
    for row, entity_id in wanted:
        applied = pending.get((row, entity_id))
        if applied is None:
            raise InputError(
                f"screening {info.name!r} row {row} / {entity_id}: no decision awaits approval "
                "(see `vet decisions pending`); nothing was approved"
            )
        ids.append(applied.decision.id)
    return approve_decisions(store, dict.fromkeys(ids), reviewer=reviewer, screening_id=info.id)


def approve_all(store: Store, screening: int | str, *, reviewer: str) -> list[Approval]:
    """Approve every decision awaiting approval that ``reviewer`` did not make themselves."""
    info = get_screening(store, screening)
    others = [
        (a.row, a.entity_id)
        for a in pending_approvals(store, info.id)
        if a.decision.reviewer != reviewer.strip()
    ]
    return approve(store, info.id, others, reviewer=reviewer) if others else []
