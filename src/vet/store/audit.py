"""The audit log: append-only in the database, and chained so that any change shows.

Each entry keeps the SHA-256 of the previous entry's hash followed by its own canonical
form (id, time, action, actor and detail as compact JSON with sorted keys), so changing,
removing or inserting an entry breaks the chain from there on. ``audit_head`` keeps the
number of entries written and the last hash, so removing the newest entries shows too.

On SQLite the database itself refuses UPDATE and DELETE on the audit log, the
decisions and their approvals (four-eyes review), and INSERT over an existing id
(``INSERT OR REPLACE`` deletes the old row without firing delete triggers, so it is
refused before it gets there). Someone who can write the file can still drop the
triggers and recompute every hash: the head hash that :func:`verify_audit` returns,
noted somewhere else, is what makes that show too.

Decisions are read only together with their audit entries (:func:`confirm_decisions`):
a decision that disagrees with the log, or a log entry whose decision is gone, is an
:class:`~vet.errors.AuditMismatch`, never a decision shown.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, Select, Text, func, literal_column, select, text, type_coerce, update
from sqlalchemy.engine import Connection

from vet.errors import AuditMismatch, StoreError
from vet.store.schema import approvals, audit_head, audit_log, decisions

GENESIS = "0" * 64
"""The "previous hash" of the first entry."""

DECISION_ID = func.json_extract(audit_log.c.detail, literal_column("'$.decision'"))
"""The decision an audit entry records; a literal path, so SQLite uses the index below."""

GUARDED = ("audit_log", "decisions", "approvals", "clearances", "assignments")
LABELS = {
    "audit_log": "audit log",
    "decisions": "decisions table",
    "approvals": "approvals table",
    "clearances": "known-good list",
    "assignments": "assignments table",
}
GUARD_TRIGGERS = frozenset(
    [f"{table}_no_{op}" for table in GUARDED for op in ("update", "delete", "replace")]
    + ["audit_head_no_delete"]
)
"""The triggers that refuse changes to the trail; a store missing one is guarded again."""


def canonical(entry_id: int, at: datetime, action: str, actor: str, detail: Any) -> str:
    """The text an entry's hash covers."""
    return json.dumps(
        {"id": entry_id, "at": at.isoformat(), "action": action, "actor": actor, "detail": detail},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )


def entry_hash(
    previous: str, entry_id: int, at: datetime, action: str, actor: str, detail: Any
) -> str:
    text_ = previous + canonical(entry_id, at, action, actor, detail)
    return hashlib.sha256(text_.encode("utf-8")).hexdigest()


def append_entry(
    conn: Connection, at: datetime, action: str, actor: str, detail: dict[str, Any]
) -> int:
    """Append one entry to the chain in ``conn``'s transaction; its id."""
    # Writing the head first takes the write lock, so the head read next is the latest
    # and no other writer can append between reading it and writing the entry.
    claimed = conn.execute(
        update(audit_head).where(audit_head.c.id == 1).values(entries=audit_head.c.entries + 1)
    ).rowcount
    if claimed != 1:
        raise StoreError("the audit log has no head record: open the store with vet to repair it")
    previous = conn.execute(select(audit_head.c.last_hash).where(audit_head.c.id == 1)).scalar_one()
    top = conn.execute(select(func.coalesce(func.max(audit_log.c.id), 0))).scalar_one()
    entry_id = int(top) + 1
    # The hash covers the detail as it will read back (tuples become lists, keys strings).
    stored = json.loads(json.dumps(detail))
    digest = entry_hash(previous, entry_id, at, action, actor, stored)
    conn.execute(
        audit_log.insert().values(
            id=entry_id,
            at=at,
            action=action,
            actor=actor,
            detail=stored,
            prev_hash=previous,
            hash=digest,
        )
    )
    conn.execute(update(audit_head).where(audit_head.c.id == 1).values(last_hash=digest))
    return entry_id


# -- setting up a store ------------------------------------------------------------------


def prepare_audit(engine: Engine) -> None:
    """Chain an older store's entries once, then guard the tables (SQLite)."""
    sqlite = engine.dialect.name == "sqlite"
    with engine.begin() as conn:
        claimed = conn.execute(
            text(
                "INSERT INTO audit_head (id, entries, last_hash) VALUES (1, 0, :genesis) "
                "ON CONFLICT (id) DO NOTHING"
            ),
            {"genesis": GENESIS},
        ).rowcount
        if claimed:
            if sqlite:
                conn.execute(text("DROP TRIGGER IF EXISTS audit_log_no_update"))
            _chain_existing(conn)
    if sqlite:
        _guard(engine)


def _chain_existing(conn: Connection) -> None:
    """Hash the entries an older vet wrote, in id order (once, when the head is created)."""
    previous, count = GENESIS, 0
    for row in [_entry(r) for r in conn.execute(_entries().order_by(audit_log.c.id))]:
        digest = row.computed_hash(previous)
        if digest is None:
            raise StoreError(f"audit log entry {row.id} is unreadable: the store is damaged")
        conn.execute(
            update(audit_log)
            .where(audit_log.c.id == row.id)
            .values(prev_hash=previous, hash=digest)
        )
        previous, count = digest, count + 1
    conn.execute(
        update(audit_head).where(audit_head.c.id == 1).values(entries=count, last_hash=previous)
    )


def _guard(engine: Engine) -> None:
    """Refuse changes to the log and the decisions in the database itself."""
    refuse = "BEGIN SELECT RAISE(ABORT, 'the {table} is append-only'); END"
    with engine.begin() as conn:
        for table in GUARDED:
            label = LABELS[table]
            for operation in ("UPDATE", "DELETE"):
                conn.execute(
                    text(
                        f"CREATE TRIGGER IF NOT EXISTS {table}_no_{operation.lower()} "
                        f"BEFORE {operation} ON {table} " + refuse.format(table=label)
                    )
                )
            # REPLACE and upserts over an existing id: refused before the conflict.
            conn.execute(
                text(
                    f"CREATE TRIGGER IF NOT EXISTS {table}_no_replace BEFORE INSERT ON {table} "
                    f"WHEN EXISTS (SELECT 1 FROM {table} WHERE id = NEW.id) "
                    + refuse.format(table=label)
                )
            )
        conn.execute(
            text(
                "CREATE TRIGGER IF NOT EXISTS audit_head_no_delete BEFORE DELETE ON audit_head "
                "BEGIN SELECT RAISE(ABORT, 'the audit head is kept'); END"
            )
        )
        conn.execute(
            text(
                "CREATE INDEX IF NOT EXISTS ix_audit_decision "
                "ON audit_log (action, json_extract(detail, '$.decision'))"
            )
        )


# -- reading entries as stored -------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """An audit entry read from its stored text, so a forged value cannot crash a check."""

    id: int
    at: datetime | None
    action: str
    actor: str
    detail: Any
    prev_hash: str | None
    hash: str | None
    decision_id: int | None = None

    def computed_hash(self, previous: str) -> str | None:
        """The hash this entry should carry after ``previous`` (None: unreadable)."""
        if self.at is None or self.detail is _UNREADABLE:
            return None
        return entry_hash(previous, self.id, self.at, self.action, self.actor, self.detail)


_UNREADABLE = object()


def _entries() -> Select[Any]:
    return select(
        audit_log.c.id,
        type_coerce(audit_log.c.at, Text).label("at"),
        audit_log.c.action,
        audit_log.c.actor,
        type_coerce(audit_log.c.detail, Text).label("detail"),
        audit_log.c.prev_hash,
        audit_log.c.hash,
        DECISION_ID.label("decision_id"),
    )


def _entry(row: Any) -> Entry:
    try:
        at: datetime | None = datetime.fromisoformat(str(row.at))
    except ValueError:
        at = None
    try:
        detail = json.loads(row.detail)
    except (TypeError, ValueError):
        detail = _UNREADABLE
    decision_id = row.decision_id if isinstance(row.decision_id, int) else None
    return Entry(
        row.id, at, str(row.action), str(row.actor), detail, row.prev_hash, row.hash, decision_id
    )


def _decision_entries(conn: Connection, ids: Sequence[int] | None = None) -> dict[int, Entry]:
    """``decision id -> audit entry`` for the given decisions (all when None)."""
    query = _entries().where(audit_log.c.action == "decision").order_by(audit_log.c.id)
    if ids is None:
        rows = [_entry(r) for r in conn.execute(query)]
    else:
        wanted = sorted(set(ids))
        rows = [
            _entry(r)
            for start in range(0, len(wanted), 500)
            for r in conn.execute(query.where(DECISION_ID.in_(wanted[start : start + 500])))
        ]
    return {e.decision_id: e for e in rows if e.decision_id is not None}


# -- decisions against the log -----------------------------------------------------------


def decision_detail(decision_id: int, values: dict[str, Any]) -> dict[str, Any]:
    """What the audit log keeps of a decision: every field of its row."""
    detail = {
        "decision": decision_id,
        "party_key": values["party_key"],
        "screening": values["screening_id"],
        "row": values["row"],
        "entity_id": values["entity_id"],
        "value": values["decision"],
        "reason": values["reason"],
        "record_digest": values["record_digest"],
        "at": values["at"].isoformat(),
    }
    if values.get("four_eyes"):
        detail["four_eyes"] = True
    return detail


def _disagreement(row: Any, entry: Entry) -> str | None:
    """How a decision row differs from its audit entry (None if it agrees)."""
    if not isinstance(entry.detail, dict) or entry.at is None:
        return "the audit entry is unreadable"
    detail = entry.detail
    pairs = {
        "party_key": row.party_key,
        "screening": row.screening_id,
        "row": row.row,
        "entity_id": row.entity_id,
        "value": row.decision,
        "reason": row.reason,
        "record_digest": row.record_digest,
        "at": row.at.isoformat(),
    }
    for key, value in pairs.items():
        # Entries written before vet logged party_key and at do not have them.
        if key in detail and detail[key] != value:
            return f"{key} {detail[key]!r} in the log, {value!r} in the table"
    if bool(detail.get("four_eyes")) != bool(row.four_eyes):
        needs = "needs" if detail.get("four_eyes") else "does not need"
        return f"the log says it {needs} a second reviewer's approval, the table does not"
    if row.reviewer != entry.actor:
        return f"reviewer {entry.actor!r} in the log, {row.reviewer!r} in the table"
    if "at" not in detail and abs(row.at - entry.at) > timedelta(minutes=1):
        logged, kept = f"{entry.at:%Y-%m-%d %H:%M:%S}", f"{row.at:%Y-%m-%d %H:%M:%S}"
        return f"made at {logged} in the log, {kept} in the table"
    return None


def _mismatch(problem: str) -> AuditMismatch:
    return AuditMismatch(f"{problem}: the store was changed outside vet (run `vet audit verify`)")


def confirm_decisions(conn: Connection, rows: Sequence[Any]) -> None:
    """Refuse to go on if these decision rows, or the decisions table as a whole,
    disagree with the audit log (AuditMismatch naming the first difference)."""
    count, top = conn.execute(select(func.count(), func.max(decisions.c.id))).one()
    logged = conn.execute(
        select(func.max(DECISION_ID)).where(audit_log.c.action == "decision")
    ).scalar()
    # Decisions are never deleted, so their ids run 1..n, and the log holds the same n.
    if (top or 0) != count or int(logged or 0) != count:
        raise _mismatch(
            f"the decisions table holds {count} decision(s) numbered up to {top or 0}, "
            f"the audit log records decisions up to {int(logged or 0)}"
        )
    entries = _decision_entries(conn, [r.id for r in rows])
    for row in rows:
        entry = entries.get(row.id)
        if entry is None:
            raise _mismatch(f"decision {row.id} has no entry in the audit log")
        problem = _disagreement(row, entry)
        if problem is not None:
            raise _mismatch(f"decision {row.id} disagrees with audit entry {entry.id}: {problem}")


# -- verifying ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditCheck:
    """What :func:`verify_audit` found."""

    entries: int
    head: str
    """The last entry's hash: note it elsewhere to detect a rewritten chain later."""
    decisions: int
    problems: tuple[str, ...] = field(default=())

    @property
    def intact(self) -> bool:
        return not self.problems


def _chain_break(conn: Connection) -> tuple[int, str, str | None]:
    """``(entries, last hash, first break or None)`` of the chain against its head."""
    previous, last_id, count = GENESIS, 0, 0
    for row in map(_entry, conn.execute(_entries().order_by(audit_log.c.id))):
        if row.hash is None or row.prev_hash is None:
            return count, previous, f"entry {row.id} has no hash: it was added outside vet"
        if row.prev_hash != previous:
            if row.id > last_id + 1:
                gap = f"{last_id + 1}" if row.id == last_id + 2 else f"{last_id + 1}-{row.id - 1}"
                problem = f"entry {gap} removed (the chain breaks before entry {row.id})"
                return count, previous, problem
            return (
                count,
                previous,
                (
                    f"entry {row.id} does not follow entry {last_id}: "
                    "an entry was removed or inserted before it"
                ),
            )
        if row.computed_hash(previous) != row.hash:
            return (
                count,
                previous,
                (f"entry {row.id} ({row.action} by {row.actor}) changed since it was written"),
            )
        previous, last_id, count = row.hash, row.id, count + 1
    head = conn.execute(select(audit_head).where(audit_head.c.id == 1)).first()
    if head is None:
        return count, previous, "the audit head record is missing"
    if head.entries > count:
        missing = head.entries - count
        removed = "the last entry" if missing == 1 else f"the last {missing} entries"
        return (
            count,
            previous,
            (f"{removed} removed: {head.entries} were written, the log ends at entry {last_id}"),
        )
    if head.entries < count or head.last_hash != previous:
        return (
            count,
            previous,
            (f"entry {last_id} is not the last entry vet wrote: it was added outside vet"),
        )
    return count, previous, None


def _decision_problems(conn: Connection) -> tuple[int, list[str]]:
    rows = conn.execute(select(decisions).order_by(decisions.c.id)).all()
    logged = _decision_entries(conn)
    problems = []
    for row in rows:
        entry = logged.pop(row.id, None)
        if entry is None:
            problems.append(f"decision {row.id} has no entry in the audit log")
            continue
        problem = _disagreement(row, entry)
        if problem is not None:
            problems.append(f"decision {row.id} disagrees with audit entry {entry.id}: {problem}")
    for decision_id, entry in sorted(logged.items()):
        problems.append(
            f"decision {decision_id} (audit entry {entry.id}) is missing from the table"
        )
    return len(rows), problems


def approval_detail(approval_id: int, decision_id: int, values: dict[str, Any]) -> dict[str, Any]:
    """What the audit log keeps of an approval: every field of its row."""
    return {
        "approval": approval_id,
        "decision": decision_id,
        "screening": values.get("screening_id"),
        "row": values.get("row"),
        "entity_id": values.get("entity_id"),
        "at": values["at"].isoformat(),
    }


def _approval_problems(conn: Connection) -> list[str]:
    """Approvals without a matching ``approval`` entry in the log, and the other way round."""
    rows = conn.execute(select(approvals).order_by(approvals.c.id)).all()
    logged: dict[int, Entry] = {}
    for entry in map(_entry, conn.execute(_entries().where(audit_log.c.action == "approval"))):
        if isinstance(entry.detail, dict) and isinstance(entry.detail.get("approval"), int):
            logged[entry.detail["approval"]] = entry
    problems = []
    for row in rows:
        found = logged.pop(row.id, None)
        if found is None:
            problems.append(f"approval {row.id} has no entry in the audit log")
            continue
        detail = found.detail
        if (
            detail.get("decision") != row.decision_id
            or detail.get("at") != row.at.isoformat()
            or found.actor != row.reviewer
        ):
            problems.append(
                f"approval {row.id} disagrees with audit entry {found.id}: decision "
                f"{detail.get('decision')} by {found.actor!r} in the log, decision "
                f"{row.decision_id} by {row.reviewer!r} in the table"
            )
    for approval_id, entry in sorted(logged.items()):
        problems.append(
            f"approval {approval_id} (audit entry {entry.id}) is missing from the table"
        )
    return problems


def verify_audit(engine: Engine, head: str | None = None) -> AuditCheck:
    """Walk the chain and check the decisions against it.

    ``head``, a hash noted from an earlier check, must still be in the chain.
    """
    with engine.connect() as conn:
        count, last, chain = _chain_break(conn)
        problems = [chain] if chain else []
        if head is not None:
            found = conn.execute(
                select(func.count()).where(audit_log.c.hash == head.strip().lower())
            ).scalar_one()
            if not found:
                problems.append(f"the noted head {head} is no longer in the chain")
        decided, mismatches = _decision_problems(conn)
        mismatches += _approval_problems(conn)
    return AuditCheck(count, last, decided, tuple(problems + mismatches))
