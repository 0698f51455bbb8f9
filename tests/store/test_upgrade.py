"""A store made by an older vet opens in this one, with nothing lost."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import Engine, event

from vet.errors import StoreError
from vet.store import Store
from vet.store.migrate import SCHEMA_VERSION
from vet.store.screenings import create_screening, fail_screening, get_screening


def test_a_store_without_newer_columns_gains_them_and_keeps_its_screenings(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.db"
    store = Store(f"sqlite:///{path}")
    saved = create_screening(
        store,
        name="before the upgrade",
        file="parties.csv",
        file_sha256=None,
        columns={"name": "name"},
        threshold=0.8,
        lists=None,
        list_versions=[],
        vet_version="0.1.0",
    )
    store.close()
    # What an older vet made: no schema record, and no `error` column on screenings yet.
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE store_schema")
        conn.execute("ALTER TABLE screenings DROP COLUMN error")
        assert "error" not in {row[1] for row in conn.execute("PRAGMA table_info(screenings)")}

    upgraded = Store(f"sqlite:///{path}")
    old = get_screening(upgraded, "before the upgrade")
    assert (old.id, old.status, old.error) == (saved.id, "running", None)
    failed = fail_screening(upgraded, saved.id, "parties.csv line 9: malformed CSV")
    assert (failed.status, failed.error) == ("failed", "parties.csv line 9: malformed CSV")
    assert _recorded_version(path) == SCHEMA_VERSION


def _recorded_version(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("SELECT version FROM store_schema").fetchone()[0])


def test_a_store_made_by_a_newer_vet_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    Store(f"sqlite:///{path}").close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE store_schema SET version = version + 1")
        conn.execute("CREATE TABLE from_the_future (x INTEGER)")
    before = path.read_bytes()

    with pytest.raises(StoreError, match=r"made by a newer vet .*upgrade vet to open it"):
        Store(f"sqlite:///{path}")
    assert path.read_bytes() == before


def test_opening_a_current_store_changes_no_schema(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'vet.db'}"
    Store(url).close()
    statements: list[str] = []  # what the second open sends to the database

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement.lstrip().split(None, 1)[0].upper())

    event.listen(Engine, "before_cursor_execute", record)
    try:
        Store(url).close()
    finally:
        event.remove(Engine, "before_cursor_execute", record)
    assert statements, "the open was not observed"
    assert set(statements) == {"SELECT"}, statements


def test_a_dropped_guard_is_put_back_on_open(tmp_path: Path) -> None:
    path = tmp_path / "vet.db"
    Store(f"sqlite:///{path}").close()
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TRIGGER decisions_no_delete")
    Store(f"sqlite:///{path}").close()
    with sqlite3.connect(path) as conn:
        triggers = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "decisions_no_delete" in triggers


def test_a_store_without_the_party_key_index_gains_it(tmp_path: Path) -> None:
    """Repeats are looked up by key in the store (flat memory), so the lookup needs its index."""
    path = tmp_path / "old.db"
    Store(f"sqlite:///{path}").close()
    with sqlite3.connect(path) as conn:
        conn.execute("DROP INDEX ix_screening_rows_party")
        conn.execute("DROP TABLE store_schema")  # as an older vet left it

    Store(f"sqlite:///{path}").close()
    with sqlite3.connect(path) as conn:
        plan = " ".join(
            str(row[-1])
            for row in conn.execute(
                "EXPLAIN QUERY PLAN SELECT party_key, min(row) FROM screening_rows "
                "WHERE screening_id = 1 AND party_key IN ('a', 'b') GROUP BY party_key"
            )
        )
    assert "ix_screening_rows_party" in plan
