"""Assigning the parties of a screening to reviewers, for a team's review queue.

Assignments are kept as a history (the latest one of a row counts; an empty reviewer
unassigns it), each written with an ``assignment`` entry in the audit log.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import select

from vet.errors import InputError
from vet.store.db import Store
from vet.store.schema import assignments, screening_rows


def assigned(store: Store, screening_id: int) -> dict[int, str]:
    """``row -> reviewer`` of the screening's assigned parties."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(assignments.c.row, assignments.c.reviewer)
            .where(assignments.c.screening_id == screening_id)
            .order_by(assignments.c.id)
        ).all()
    latest = {r.row: r.reviewer for r in rows}
    return {row: reviewer for row, reviewer in latest.items() if reviewer}


def assign(
    store: Store, screening_id: int, rows: Iterable[int], reviewer: str, *, by: str
) -> list[int]:
    """Assign the parties on ``rows`` to ``reviewer`` ("" unassigns them); the rows."""
    wanted = sorted(set(rows))
    reviewer = reviewer.strip()
    if not wanted:
        raise InputError("choose the parties (rows) to assign")
    if len(reviewer) > 200 or not reviewer.isprintable():
        raise InputError(f"reviewer {reviewer!r}: give up to 200 printable characters")
    at = datetime.now(UTC).replace(tzinfo=None)
    with store.engine.begin() as conn:
        known = {
            r.row
            for r in conn.execute(
                select(screening_rows.c.row).where(
                    screening_rows.c.screening_id == screening_id,
                    screening_rows.c.row.in_(wanted),
                    screening_rows.c.hit_count > 0,
                )
            )
        }
        missing = [row for row in wanted if row not in known]
        if missing:
            raise InputError(
                f"screening {screening_id} has no flagged party on row(s) "
                f"{', '.join(map(str, missing))}; nothing was assigned"
            )
        for row in wanted:
            conn.execute(
                assignments.insert().values(
                    screening_id=screening_id, row=row, reviewer=reviewer, assigned_by=by, at=at
                )
            )
        store.audit(
            "assignment",
            {"screening": screening_id, "rows": wanted, "reviewer": reviewer or None},
            actor=by,
            conn=conn,
        )
    return wanted
