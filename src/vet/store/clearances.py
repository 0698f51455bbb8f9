"""The known-good list: parties cleared against a listed party for future screenings.

A clearance is made from a false-positive decision, with a reason and an expiry date.
While it holds, the decision stays settled in every later screening of the party; it
stops holding when it expires, or when the listed record changes (the record digest the
decision was made on differs from the one screened), and the hit comes back for review.
Clearances are append-only and each is logged in the audit chain.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select

from vet.errors import InputError
from vet.store.db import Store, rows_for_pairs
from vet.store.schema import clearances, decisions
from vet.vocabulary import DecisionValue


@dataclass(frozen=True)
class Clearance:
    id: int
    party_key: str
    entity_id: str
    record_digest: str
    party_name: str
    listed_name: str
    reason: str
    reviewer: str
    at: datetime
    expires: date
    decision_id: int

    def expired(self, today: date | None = None) -> bool:
        return (today or date.today()) > self.expires


def _clearance(row: object) -> Clearance:
    return Clearance(**{c.name: getattr(row, c.name) for c in clearances.columns})


def add_clearance(
    store: Store,
    decision_id: int,
    *,
    party_name: str,
    listed_name: str,
    reason: str,
    reviewer: str,
    expires: date,
    today: date | None = None,
) -> Clearance:
    """Clear the party of a false-positive decision against its listed party until ``expires``."""
    reason, reviewer = reason.strip(), reviewer.strip()
    if not reason:
        raise InputError("a clearance needs a reason")
    if not reviewer:
        raise InputError("a clearance needs a reviewer")
    if expires <= (today or date.today()):
        raise InputError(f"expiry {expires.isoformat()}: give a date in the future")
    at = datetime.now(UTC).replace(tzinfo=None)
    with store.engine.begin() as conn:
        decision = conn.execute(select(decisions).where(decisions.c.id == decision_id)).first()
        if decision is None or decision.decision != DecisionValue.FALSE_POSITIVE:
            raise InputError("only a party decided a false positive can be cleared")
        values = {
            "party_key": decision.party_key,
            "entity_id": decision.entity_id,
            "record_digest": decision.record_digest,
            "party_name": party_name,
            "listed_name": listed_name,
            "reason": reason,
            "reviewer": reviewer,
            "at": at,
            "expires": expires,
            "decision_id": decision.id,
        }
        key = conn.execute(clearances.insert().values(**values)).inserted_primary_key
        assert key is not None
        clearance = Clearance(id=int(key[0]), **values)
        store.audit(
            "clearance",
            {
                "clearance": clearance.id,
                "decision": decision.id,
                "party_key": decision.party_key,
                "entity_id": decision.entity_id,
                "reason": reason,
                "expires": expires.isoformat(),
            },
            actor=reviewer,
            conn=conn,
        )
    return clearance


def list_clearances(store: Store) -> list[Clearance]:
    """Every clearance, newest first."""
    with store.engine.connect() as conn:
        rows = conn.execute(select(clearances).order_by(clearances.c.id.desc())).all()
    return [_clearance(r) for r in rows]


def clearances_for(
    store: Store, pairs: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], list[Clearance]]:
    """The clearances of each (party key, entity id) pair, oldest first."""
    found: dict[tuple[str, str], list[Clearance]] = {}
    with store.engine.connect() as conn:
        for rows in rows_for_pairs(conn, clearances, pairs):
            for r in rows:
                found.setdefault((r.party_key, r.entity_id), []).append(_clearance(r))
    return found
