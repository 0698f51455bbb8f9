"""Four-eyes review: a second, different reviewer approves a decision, which then becomes final.

An approval is its own append-only row, logged in the hash-chained audit log in the
same transaction (``approval`` entries); ``vet audit verify`` checks the two agree.
Only the decision in force on a hit (the latest one) can be approved, once, and never
by the reviewer who made it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from vet.errors import InputError, NotFound
from vet.store.audit import approval_detail
from vet.store.db import Store
from vet.store.schema import approvals, decisions


@dataclass(frozen=True)
class Approval:
    """A second reviewer's approval of one decision."""

    id: int
    decision_id: int
    reviewer: str
    at: datetime
    screening_id: int | None


def first_approvals(
    conn: Connection, decision_ids: Sequence[int]
) -> dict[int, tuple[str, datetime]]:
    """``decision id -> (approver, when)`` for those of the decisions that were approved."""
    found: dict[int, tuple[str, datetime]] = {}
    wanted = sorted(set(decision_ids))
    for start in range(0, len(wanted), 500):
        rows = conn.execute(
            select(approvals)
            .where(approvals.c.decision_id.in_(wanted[start : start + 500]))
            .order_by(approvals.c.id)
        ).all()
        for r in rows:
            found.setdefault(r.decision_id, (r.reviewer, r.at))
    return found


def _refusal(conn: Connection, decision: Any, reviewer: str) -> str | None:
    """Why ``reviewer`` may not approve this decision row (None: they may)."""
    if not decision.four_eyes:
        return f"decision {decision.id} needs no approval (it was made without four-eyes review)"
    if decision.reviewer == reviewer:
        return (
            f"decision {decision.id} was made by {reviewer}: a second, different reviewer "
            "must approve it"
        )
    approved = first_approvals(conn, [decision.id]).get(decision.id)
    if approved is not None:
        return f"decision {decision.id} was already approved by {approved[0]}"
    latest = conn.execute(
        select(func.max(decisions.c.id)).where(
            decisions.c.party_key == decision.party_key,
            decisions.c.entity_id == decision.entity_id,
        )
    ).scalar_one()
    if latest != decision.id:
        return f"decision {decision.id} was replaced by decision {latest}: approve that one"
    return None


def approve_decisions(
    store: Store,
    decision_ids: Iterable[int],
    *,
    reviewer: str,
    screening_id: int | None = None,
) -> list[Approval]:
    """Approve the decisions as ``reviewer``, all in one transaction, or none (InputError)."""
    reviewer = reviewer.strip()
    if not reviewer:
        raise InputError("an approval needs a reviewer")
    made: list[Approval] = []
    at = datetime.now(UTC).replace(tzinfo=None)
    with store.engine.begin() as conn:
        for decision_id in decision_ids:
            decision = conn.execute(select(decisions).where(decisions.c.id == decision_id)).first()
            if decision is None:
                raise NotFound(f"no decision {decision_id}")
            problem = _refusal(conn, decision, reviewer)
            if problem is not None:
                raise InputError(f"{problem}; nothing was approved")
            values = {
                "decision_id": decision.id,
                "reviewer": reviewer,
                "at": at,
                "screening_id": screening_id,
            }
            key = conn.execute(approvals.insert().values(**values)).inserted_primary_key
            assert key is not None
            approval = Approval(int(key[0]), decision.id, reviewer, at, screening_id)
            detail = approval_detail(
                approval.id,
                decision.id,
                {**values, "row": decision.row, "entity_id": decision.entity_id},
            )
            store.audit("approval", detail, actor=reviewer, conn=conn)
            made.append(approval)
    return made
