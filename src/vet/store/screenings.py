"""Saved screenings, their rows and hits, and reviewers' decisions.

The store keeps what the screening layer hands it as JSON (a party as read, a hit
as scored): it does not know about matching. Rows are saved in batches, each
batch one transaction, so an interrupted run keeps every batch it finished and
can be resumed from the row after the last one saved.

Decisions are kept against a *party key* (who was screened) and a listed
entity's *record digest* (what the reviewer saw), so a later screening can
re-apply them, or notice that the listed record changed since.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select, update

from vet.errors import InputError, NotFound
from vet.store.approvals import first_approvals
from vet.store.audit import confirm_decisions, decision_detail
from vet.store.db import Store, rows_for_pairs
from vet.store.owner import describe_owner, owner_gone, this_process
from vet.store.schema import (
    decisions,
    entity_data,
    screening_hits,
    screening_rows,
    screenings,
    version_entities,
)
from vet.vocabulary import DECISIONS, UNFINISHED, DecisionValue, ScreeningStatus

KEYS_PER_QUERY = 500
"""Party keys looked up in one query (SQLite allows 999 parameters in older builds)."""


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class ScreeningInfo:
    """A saved screening: where it came from, what it ran against, what it found."""

    id: int
    name: str
    status: str
    created: datetime
    finished: datetime | None
    file: str
    file_sha256: str | None
    columns: dict[str, str]
    threshold: float
    lists: tuple[str, ...] | None
    list_versions: tuple[dict[str, Any], ...]
    vet_version: str
    parent_id: int | None
    party_count: int
    skipped_count: int
    flagged_count: int
    hit_count: int
    error: str | None = None
    """Why a failed or interrupted screening stopped."""
    owner: dict[str, Any] | None = None
    """The process that runs or ran it (host, pid, start), see :mod:`vet.store.owner`."""

    @property
    def resumable(self) -> bool:
        return self.status in (ScreeningStatus.FAILED, ScreeningStatus.INTERRUPTED)


@dataclass(frozen=True)
class SavedHit:
    entity_id: str
    rank: int
    score: float
    record_digest: str
    hit: dict[str, Any]


@dataclass(frozen=True)
class SavedRow:
    """One row of the screened file: a party with its hits, or a skipped row."""

    row: int
    party_key: str | None
    party: dict[str, Any] | None
    problem: str | None
    hits: tuple[SavedHit, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Decision:
    id: int
    party_key: str
    entity_id: str
    record_digest: str
    decision: DecisionValue
    reviewer: str
    reason: str
    at: datetime
    screening_id: int | None
    row: int | None
    four_eyes: bool = False
    """Final only once a second, different reviewer approves it (four-eyes review)."""
    approved_by: str | None = None
    approved_at: datetime | None = None

    @property
    def pending(self) -> bool:
        """Awaiting a second reviewer's approval."""
        return self.four_eyes and self.approved_by is None


def _status(row: Any) -> str:
    """The saved status, except that a running screening whose process is gone is
    interrupted."""
    if row.status == ScreeningStatus.RUNNING and owner_gone(row.owner, row.heartbeat, now()):
        return ScreeningStatus.INTERRUPTED
    return str(row.status)


def _info(row: Any) -> ScreeningInfo:
    return ScreeningInfo(
        id=row.id,
        name=row.name,
        status=_status(row),
        created=row.created,
        finished=row.finished,
        file=row.file,
        file_sha256=row.file_sha256,
        columns=dict(row.columns),
        threshold=row.threshold,
        lists=tuple(row.lists) if row.lists is not None else None,
        list_versions=tuple(row.list_versions),
        vet_version=row.vet_version,
        parent_id=row.parent_id,
        party_count=row.party_count,
        skipped_count=row.skipped_count,
        flagged_count=row.flagged_count,
        hit_count=row.hit_count,
        error=row.error,
        owner=row.owner,
    )


def _decision(row: Any) -> Decision:
    return Decision(
        id=row.id,
        party_key=row.party_key,
        entity_id=row.entity_id,
        record_digest=row.record_digest,
        decision=DecisionValue(row.decision),
        reviewer=row.reviewer,
        reason=row.reason,
        at=row.at,
        screening_id=row.screening_id,
        row=row.row,
        four_eyes=bool(row.four_eyes),
    )


def _new_id(result: Any) -> int:
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


# -- screenings ---------------------------------------------------------------------


def create_screening(
    store: Store,
    *,
    name: str,
    file: str,
    file_sha256: str | None,
    columns: dict[str, str],
    threshold: float,
    lists: list[str] | tuple[str, ...] | None,
    list_versions: list[dict[str, Any]],
    vet_version: str,
    parent_id: int | None = None,
) -> ScreeningInfo:
    """A new, running screening. Names are unique."""
    with store.engine.begin() as conn:
        taken = conn.execute(select(screenings.c.id).where(screenings.c.name == name)).first()
        if taken is not None:
            raise InputError(
                f"a screening called {name!r} exists already; choose another --name "
                "(or --resume an interrupted one)"
            )
        result = conn.execute(
            screenings.insert().values(
                name=name,
                status=ScreeningStatus.RUNNING,
                created=now(),
                file=file,
                file_sha256=file_sha256,
                columns=columns,
                threshold=threshold,
                lists=list(lists) if lists is not None else None,
                list_versions=list_versions,
                vet_version=vet_version,
                parent_id=parent_id,
                party_count=0,
                skipped_count=0,
                flagged_count=0,
                hit_count=0,
                owner=this_process(),
                heartbeat=now(),
            )
        )
        screening_id = _new_id(result)
        store.audit(
            "screening started",
            {"screening": screening_id, "name": name, "file": file, "parent": parent_id},
            conn=conn,
        )
    return get_screening(store, screening_id)


def save_rows(store: Store, screening_id: int, rows: Iterable[SavedRow]) -> None:
    """Save a batch of rows and their hits in one transaction, updating the counts."""
    rows = list(rows)
    if not rows:
        return
    parties = sum(1 for r in rows if r.party is not None)
    flagged = sum(1 for r in rows if r.hits or r.extra.get("ownership"))
    hits = sum(len(r.hits) for r in rows)
    with store.engine.begin() as conn:
        conn.execute(
            screening_rows.insert(),
            [
                {
                    "screening_id": screening_id,
                    "row": r.row,
                    "party_key": r.party_key,
                    "party": r.party,
                    "problem": r.problem,
                    "hit_count": len(r.hits),
                    "extra": r.extra or None,
                }
                for r in rows
            ],
        )
        hit_values = [
            {
                "screening_id": screening_id,
                "row": r.row,
                "entity_id": h.entity_id,
                "rank": h.rank,
                "score": h.score,
                "record_digest": h.record_digest,
                "hit": h.hit,
            }
            for r in rows
            for h in r.hits
        ]
        if hit_values:
            conn.execute(screening_hits.insert(), hit_values)
        conn.execute(
            update(screenings)
            .where(screenings.c.id == screening_id)
            .values(
                party_count=screenings.c.party_count + parties,
                skipped_count=screenings.c.skipped_count + (len(rows) - parties),
                flagged_count=screenings.c.flagged_count + flagged,
                hit_count=screenings.c.hit_count + hits,
                heartbeat=now(),
            )
        )


def finish_screening(store: Store, screening_id: int) -> ScreeningInfo:
    with store.engine.begin() as conn:
        conn.execute(
            update(screenings)
            .where(screenings.c.id == screening_id)
            .values(status=ScreeningStatus.COMPLETE, finished=now(), error=None)
        )
        info = conn.execute(select(screenings).where(screenings.c.id == screening_id)).one()
        store.audit(
            "screening finished",
            {
                "screening": screening_id,
                "name": info.name,
                "parties": info.party_count,
                "skipped": info.skipped_count,
                "flagged": info.flagged_count,
                "hits": info.hit_count,
                "list_versions": info.list_versions,
            },
            conn=conn,
        )
    return get_screening(store, screening_id)


def fail_screening(store: Store, screening_id: int, error: str) -> ScreeningInfo:
    """Mark a screening failed, keeping the rows saved so far (``--resume`` continues it)."""
    with store.engine.begin() as conn:
        conn.execute(
            update(screenings)
            .where(screenings.c.id == screening_id)
            .values(status=ScreeningStatus.FAILED, finished=now(), error=error)
        )
        store.audit("screening failed", {"screening": screening_id, "error": error}, conn=conn)
    return get_screening(store, screening_id)


def interrupt_screening(store: Store, screening_id: int, reason: str) -> ScreeningInfo:
    """Mark a screening interrupted (its process is stopping), keeping the rows saved so far
    (``--resume`` continues it)."""
    with store.engine.begin() as conn:
        conn.execute(
            update(screenings)
            .where(screenings.c.id == screening_id)
            .values(status=ScreeningStatus.INTERRUPTED, finished=now(), error=reason)
        )
        store.audit(
            "screening interrupted", {"screening": screening_id, "reason": reason}, conn=conn
        )
    return get_screening(store, screening_id)


def reopen_screening(
    store: Store, screening_id: int, *, file_sha256: str | None = None
) -> ScreeningInfo:
    """Mark a stopped or failed screening running again, in this process, as ``--resume``
    continues it; ``file_sha256`` records a repaired file it goes on with."""
    with store.engine.begin() as conn:
        row = conn.execute(select(screenings).where(screenings.c.id == screening_id)).one()
        previous = _status(row)
        if previous == ScreeningStatus.RUNNING and row.owner:
            raise InputError(
                f"screening {row.name!r} is still running ({describe_owner(row.owner)}): "
                "wait for it to finish, or stop it, before resuming"
            )
        repaired = file_sha256 is not None and file_sha256 != row.file_sha256
        conn.execute(
            update(screenings)
            .where(screenings.c.id == screening_id)
            .values(
                status=ScreeningStatus.RUNNING,
                finished=None,
                error=None,
                owner=this_process(),
                heartbeat=now(),
                file_sha256=file_sha256 if repaired else row.file_sha256,
            )
        )
        detail: dict[str, Any] = {"screening": screening_id, "was": previous}
        if repaired:
            detail["file_sha256"] = {"was": row.file_sha256, "now": file_sha256}
        store.audit("screening resumed", detail, conn=conn)
    return get_screening(store, screening_id)


def get_screening(store: Store, ref: int | str) -> ScreeningInfo:
    """A screening by id or by name; NotFound names the latest few when there is none."""
    query = select(screenings)
    if isinstance(ref, int) or (isinstance(ref, str) and ref.isdigit()):
        query = query.where(
            (screenings.c.id == int(ref)) | (screenings.c.name == str(ref))
        ).order_by(screenings.c.name == str(ref))
    else:
        query = query.where(screenings.c.name == ref)
    with store.engine.connect() as conn:
        row = conn.execute(query).first()
    if row is None:
        known = ", ".join(repr(s.name) for s in list_screenings(store)[-5:]) or "none yet"
        raise NotFound(f"no screening {ref!r} (latest: {known})")
    return _info(row)


def list_screenings(store: Store) -> list[ScreeningInfo]:
    """Every saved screening, oldest first."""
    with store.engine.connect() as conn:
        rows = conn.execute(select(screenings).order_by(screenings.c.id)).all()
    return [_info(r) for r in rows]


def interrupted_screening(store: Store, file_sha256: str, name: str | None) -> ScreeningInfo | None:
    """The latest screening of the same file (and name, when given) that stopped before the
    end: interrupted (saved so, or still marked running by a process that is gone) or failed.
    One still running in a live process is returned too: reopening it is refused, naming
    the process. A screening saved by an older vet with no owner recorded counts as stopped."""
    query = select(screenings).where(
        screenings.c.status.in_(UNFINISHED),
        screenings.c.file_sha256 == file_sha256,
    )
    if name is not None:
        query = query.where(screenings.c.name == name)
    with store.engine.connect() as conn:
        row = conn.execute(query.order_by(screenings.c.id.desc())).first()
    return _info(row) if row is not None else None


def first_rows_by_party(store: Store, screening_id: int, keys: Collection[str]) -> dict[str, int]:
    """Party key -> the first row it was saved at, for those of ``keys`` saved so far.

    Asked batch by batch while a screening is saved (and after a resume), so the keys of a
    file of millions of rows stay in the store, not in memory.
    """
    found: dict[str, int] = {}
    wanted = sorted(set(keys))
    with store.engine.connect() as conn:
        for start in range(0, len(wanted), KEYS_PER_QUERY):
            rows = conn.execute(
                select(screening_rows.c.party_key, func.min(screening_rows.c.row))
                .where(
                    screening_rows.c.screening_id == screening_id,
                    screening_rows.c.party_key.in_(wanted[start : start + KEYS_PER_QUERY]),
                )
                .group_by(screening_rows.c.party_key)
            ).all()
            found.update((key, int(row)) for key, row in rows)
    return found


def last_saved_row(store: Store, screening_id: int) -> int:
    with store.engine.connect() as conn:
        value = conn.execute(
            select(func.max(screening_rows.c.row)).where(
                screening_rows.c.screening_id == screening_id
            )
        ).scalar()
    return int(value or 0)


def _saved_row_pages(
    store: Store, screening_id: int, after: int, batch: int, *columns: Any
) -> Iterator[list[Any]]:
    """The screening's saved rows after row ``after`` (``columns`` of them, row first), in
    row order, ``batch`` at a time."""
    while True:
        with store.engine.connect() as conn:
            rows = conn.execute(
                select(*columns)
                .where(screening_rows.c.screening_id == screening_id, screening_rows.c.row > after)
                .order_by(screening_rows.c.row)
                .limit(batch)
            ).all()
        if not rows:
            return
        yield list(rows)
        after = rows[-1].row


def saved_party_keys(store: Store, screening_id: int) -> Iterator[tuple[int, str | None]]:
    """Row and party key (None for a skipped row) of each saved row, in row order."""
    columns = (screening_rows.c.row, screening_rows.c.party_key)
    for page in _saved_row_pages(store, screening_id, 0, 5000, *columns):
        yield from ((int(r.row), r.party_key) for r in page)


def iter_rows(
    store: Store, screening_id: int, *, after: int = 0, batch: int = 2000
) -> Iterator[SavedRow]:
    """The screening's rows after row ``after`` with their hits, in row order, read in batches."""
    for rows in _saved_row_pages(store, screening_id, after, batch, *screening_rows.c):
        first, last = rows[0].row, rows[-1].row
        found: dict[int, list[SavedHit]] = {}
        with store.engine.connect() as conn:
            for h in conn.execute(
                select(screening_hits)
                .where(
                    screening_hits.c.screening_id == screening_id,
                    screening_hits.c.row >= first,
                    screening_hits.c.row <= last,
                )
                .order_by(screening_hits.c.row, screening_hits.c.rank)
            ):
                found.setdefault(h.row, []).append(
                    SavedHit(h.entity_id, h.rank, h.score, h.record_digest, h.hit)
                )
        for r in rows:
            yield SavedRow(
                row=r.row,
                party_key=r.party_key,
                party=r.party,
                problem=r.problem,
                hits=tuple(found.get(r.row, ())),
                extra=r.extra or {},
            )


def get_row(store: Store, screening_id: int, row: int) -> SavedRow:
    """One saved row with its hits."""
    for saved in iter_rows(store, screening_id, after=row - 1, batch=1):
        if saved.row == row:
            return saved
        break
    raise NotFound(f"screening {screening_id} has no row {row}")


# -- decisions ------------------------------------------------------------------------


def add_decision(
    store: Store,
    *,
    party_key: str,
    entity_id: str,
    record_digest: str,
    decision: str,
    reviewer: str,
    reason: str = "",
    screening_id: int | None = None,
    row: int | None = None,
    four_eyes: bool = False,
) -> Decision:
    """Record a reviewer's decision on one hit (append-only; the latest one counts).

    With ``four_eyes`` it is final only once a second reviewer approves it."""
    if decision not in DECISIONS:
        raise InputError(f"decision {decision!r}: expected one of {', '.join(DECISIONS)}")
    if not reviewer.strip():
        raise InputError("a decision needs a reviewer")
    item = NewDecision(
        party_key,
        entity_id,
        record_digest,
        decision,
        reviewer,
        reason,
        screening_id,
        row,
        four_eyes,
    )
    return add_decisions(store, [item])[0]


def decision_history(
    store: Store, pairs: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], list[Decision]]:
    """Every decision on each (party key, entity id) pair, oldest first."""
    found: dict[tuple[str, str], list[Decision]] = {}
    with store.engine.connect() as conn:
        for kept in rows_for_pairs(conn, decisions, pairs):
            confirm_decisions(conn, kept)
            approved = first_approvals(conn, [r.id for r in kept if r.four_eyes])
            for r in kept:
                decision = _decision(r)
                if decision.id in approved:
                    by, at = approved[decision.id]
                    decision = replace(decision, approved_by=by, approved_at=at)
                found.setdefault((r.party_key, r.entity_id), []).append(decision)
    return found


@dataclass(frozen=True)
class NewDecision:
    party_key: str
    entity_id: str
    record_digest: str
    decision: str
    reviewer: str
    reason: str
    screening_id: int | None
    row: int | None
    four_eyes: bool = False


def add_decisions(
    store: Store,
    items: Iterable[NewDecision],
    *,
    audit: dict[str, Any] | None = None,
    action: str = "decisions imported",
) -> list[Decision]:
    """Record many decisions in one transaction: all of them, or none.

    Each is logged like a single decision; ``audit``, when given, is logged
    once more as an ``action`` event (``decisions imported``) in the same transaction.
    """
    made = []
    with store.engine.begin() as conn:
        for item in items:
            if item.decision not in DECISIONS or not item.reviewer.strip():
                raise InputError(f"decision {item.decision!r} by {item.reviewer!r} is incomplete")
            values: dict[str, Any] = {
                "party_key": item.party_key,
                "entity_id": item.entity_id,
                "record_digest": item.record_digest,
                "decision": DecisionValue(item.decision),
                "reviewer": item.reviewer.strip(),
                "reason": item.reason.strip(),
                "at": now(),
                "screening_id": item.screening_id,
                "row": item.row,
                "four_eyes": 1 if item.four_eyes else None,
            }
            key = conn.execute(decisions.insert().values(**values)).inserted_primary_key
            assert key is not None
            decision = Decision(id=int(key[0]), **{**values, "four_eyes": item.four_eyes})
            store.audit(
                "decision", decision_detail(decision.id, values), actor=decision.reviewer, conn=conn
            )
            made.append(decision)
        if audit is not None:
            store.audit(
                action,
                audit,
                actor=str(audit.get("reviewer") or "vet"),
                conn=conn,
            )
    return made


def latest_decisions(
    store: Store, pairs: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], Decision]:
    """The latest decision for each (party key, entity id) pair that has one."""
    return {pair: history[-1] for pair, history in decision_history(store, pairs).items()}


def decided_hits(store: Store, made: Iterable[Decision]) -> dict[int, SavedHit]:
    """Decision id -> the saved hit it was made on (its screening, row and listed party),
    for the decisions made while reviewing a screening that still holds that hit."""
    wanted = {(d.screening_id, d.row, d.entity_id): d.id for d in made if d.screening_id}
    found: dict[int, SavedHit] = {}
    with store.engine.connect() as conn:
        for screening_id in sorted({s for s, _, _ in wanted if s is not None}):
            rows = sorted({r for s, r, _ in wanted if s == screening_id and r is not None})
            for start in range(0, len(rows), KEYS_PER_QUERY):
                for h in conn.execute(
                    select(screening_hits).where(
                        screening_hits.c.screening_id == screening_id,
                        screening_hits.c.row.in_(rows[start : start + KEYS_PER_QUERY]),
                    )
                ):
                    decision_id = wanted.get((screening_id, h.row, h.entity_id))
                    if decision_id is not None:
                        found[decision_id] = SavedHit(
                            h.entity_id, h.rank, h.score, h.record_digest, h.hit
                        )
    return found


def screening_decisions(store: Store, screening_id: int) -> list[Decision]:
    """Decisions recorded while reviewing one screening, oldest first."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(decisions)
            .where(decisions.c.screening_id == screening_id)
            .order_by(decisions.c.id)
        ).all()
        confirm_decisions(conn, rows)
    return [_decision(r) for r in rows]


def listed_records(
    store: Store, entity_ids: Iterable[str], version_ids: Iterable[int]
) -> dict[str, dict[int, dict[str, Any]]]:
    """``entity id -> version id -> stored FtM dict`` for the given entities and versions."""
    ids = sorted(set(entity_ids))
    versions = sorted(set(version_ids))
    found: dict[str, dict[int, dict[str, Any]]] = {}
    if not ids or not versions:
        return found
    with store.engine.connect() as conn:
        for start in range(0, len(ids), 500):
            rows = conn.execute(
                select(
                    version_entities.c.entity_id, version_entities.c.version_id, entity_data.c.data
                )
                .join(entity_data, entity_data.c.digest == version_entities.c.digest)
                .where(
                    version_entities.c.entity_id.in_(ids[start : start + 500]),
                    version_entities.c.version_id.in_(versions),
                )
            ).all()
            for r in rows:
                found.setdefault(r.entity_id, {})[r.version_id] = json.loads(r.data)
    return found


def skipped_rows(store: Store, screening_id: int) -> list[tuple[int, str]]:
    """``(row, problem)`` of every row the screening could not screen."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(screening_rows.c.row, screening_rows.c.problem)
            .where(
                screening_rows.c.screening_id == screening_id,
                screening_rows.c.problem.is_not(None),
            )
            .order_by(screening_rows.c.row)
        ).all()
    return [(r.row, r.problem) for r in rows]


def screening_hit_ids(store: Store, ref: int | str) -> list[str]:
    """The listed entity ids a saved screening hit, each once."""
    info = get_screening(store, ref)
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(screening_hits.c.entity_id)
            .where(screening_hits.c.screening_id == info.id)
            .distinct()
            .order_by(screening_hits.c.entity_id)
        ).all()
    return [r.entity_id for r in rows]
