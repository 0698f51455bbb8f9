"""A store made by an older vet opens in this one, with nothing lost."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from vet.store import Store
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
    # What an older vet made: the screenings table had no `error` column yet.
    with sqlite3.connect(path) as conn:
        conn.execute("ALTER TABLE screenings DROP COLUMN error")
        assert "error" not in {row[1] for row in conn.execute("PRAGMA table_info(screenings)")}

    upgraded = Store(f"sqlite:///{path}")
    old = get_screening(upgraded, "before the upgrade")
    assert (old.id, old.status, old.error) == (saved.id, "running", None)
    failed = fail_screening(upgraded, saved.id, "parties.csv line 9: malformed CSV")
    assert (failed.status, failed.error) == ("failed", "parties.csv line 9: malformed CSV")


def test_a_store_without_the_party_key_index_gains_it(tmp_path: Path) -> None:
    """Repeats are looked up by key in the store (flat memory), so the lookup needs its index."""
    path = tmp_path / "old.db"
    Store(f"sqlite:///{path}").close()
    with sqlite3.connect(path) as conn:
        conn.execute("DROP INDEX ix_screening_rows_party")

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
