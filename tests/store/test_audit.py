"""The audit log and the decisions, forged with raw sqlite3: refused, or caught by
``vet audit verify`` and never shown as decisions.

The store holds the real UN Security Council excerpt of 2026-02-27; screening 1, "fair",
finds TANCHON COMMERCIAL BANK (row 2) and BOSCO TAGANDA (row 3), and two decisions are
recorded on them before each test.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from vet.cli import main
from vet.store import Store

TANCHON, TAGANDA = "unsc-690752", "unsc-6908021"
PARTIES = """name,country,id
Tanchon Commercial Bank,North Korea,P-1
Bosco Taganda,,P-2
Northwind Traders Ltd,GB,P-4
"""


def run(env: dict[str, str], *args: str, code: int = 0) -> Result:
    result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result


@pytest.fixture(scope="module")
def decided_home(fixtures: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A vet home: UN excerpt imported, "fair" screened, two decisions made (made once)."""
    root = tmp_path_factory.mktemp("audit")
    env = {"VET_HOME": str(root / "home"), "VET_AUTO_BUNDLE": "0"}
    run(env, "lists", "import", str(fixtures / "un" / "consolidated_2026-02-27_excerpt.xml"))
    parties = root / "parties.csv"
    parties.write_text(PARTIES, encoding="utf-8")
    run(env, "screen", str(parties), "--name", "fair", "--workers", "1")
    run(env, "decide", "fair", "2", TANCHON, "false_positive", "--reviewer", "Ana", "--reason", "x")
    run(env, "decide", "fair", "3", TAGANDA, "match", "--reviewer", "Bo")
    return root / "home"


@pytest.fixture()
def env(decided_home: Path, tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    shutil.copytree(decided_home, home)
    return {"VET_HOME": str(home), "VET_AUTO_BUNDLE": "0"}


def raw(env: dict[str, str]) -> sqlite3.Connection:
    """The store as an attacker sees it: plain sqlite3, autocommit."""
    return sqlite3.connect(Path(env["VET_HOME"]) / "vet.db", isolation_level=None)


def drop_triggers(db: sqlite3.Connection) -> None:
    names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")]
    for name in names:
        db.execute(f'DROP TRIGGER "{name}"')


def last_id(db: sqlite3.Connection, table: str) -> int:
    return int(db.execute(f"SELECT max(id) FROM {table}").fetchone()[0])


def test_an_untouched_store_verifies(env: dict[str, str]) -> None:
    out = run(env, "audit", "verify").output
    assert out.startswith("Audit log intact: ")
    assert "2 decision(s)" in out
    listed = json.loads(run(env, "decisions", "list", "fair", "--json").output)
    assert [(d["entity_id"], d["decision"]) for d in listed] == [
        (TANCHON, "false_positive"),
        (TAGANDA, "match"),
    ]


REFUSED = [
    "INSERT OR REPLACE INTO audit_log (id, at, action, actor, detail) "
    "VALUES (1, '2026-01-01 00:00:00.000000', 'list_import', 'vet', '{}')",
    "REPLACE INTO audit_log (id, at, action, actor, detail) "
    "VALUES (2, '2026-01-01 00:00:00.000000', 'x', 'vet', '{}')",
    "INSERT INTO audit_log (id, at, action, actor, detail) "
    "VALUES (1, '2026-01-01 00:00:00', 'x', 'vet', '{}') "
    "ON CONFLICT (id) DO UPDATE SET actor = 'x'",
    "UPDATE audit_log SET actor = 'Eve'",
    "UPDATE OR REPLACE audit_log SET id = 1 WHERE id = 2",
    "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)",
    "INSERT OR REPLACE INTO decisions (id, party_key, entity_id, record_digest, decision, "
    "reviewer, reason, at) SELECT id, party_key, entity_id, record_digest, 'match', reviewer, "
    "reason, at FROM decisions WHERE id = 1",
    "UPDATE decisions SET decision = 'match' WHERE id = 1",
    "DELETE FROM decisions WHERE id = 2",
    "DELETE FROM audit_head",
]


@pytest.mark.parametrize("statement", REFUSED, ids=lambda s: " ".join(s.split()[:3]))
def test_the_database_refuses_to_rewrite_the_log_or_the_decisions(
    env: dict[str, str], statement: str
) -> None:
    db = raw(env)
    before = db.execute("SELECT * FROM audit_log ORDER BY id").fetchall()
    with pytest.raises(sqlite3.IntegrityError, match=r"append-only|is kept"):
        db.execute(statement)
    assert db.execute("SELECT * FROM audit_log ORDER BY id").fetchall() == before
    db.close()
    assert run(env, "audit", "verify").output.startswith("Audit log intact")


def change_entry(db: sqlite3.Connection) -> str:
    db.execute("UPDATE audit_log SET actor = 'Eve' WHERE action = 'screening started'")
    (entry,) = db.execute("SELECT id FROM audit_log WHERE action = 'screening started'").fetchone()
    return f"entry {entry} (screening started by Eve) changed since it was written"


def change_detail(db: sqlite3.Connection) -> str:
    entry = last_id(db, "audit_log")
    db.execute(
        "UPDATE audit_log SET detail = json_set(detail, '$.reason', 'forged') WHERE id = ?",
        (entry,),
    )
    return f"entry {entry} (decision by Bo) changed since it was written"


def remove_middle(db: sqlite3.Connection) -> str:
    db.execute("DELETE FROM audit_log WHERE id = 2")
    return "entry 2 removed (the chain breaks before entry 3)"


def remove_last(db: sqlite3.Connection) -> str:
    entry = last_id(db, "audit_log")
    db.execute("DELETE FROM audit_log WHERE id = ?", (entry,))
    return f"the last entry removed: {entry} were written, the log ends at entry {entry - 1}"


def insert_unhashed(db: sqlite3.Connection) -> str:
    entry = last_id(db, "audit_log") + 1
    db.execute(
        "INSERT INTO audit_log (id, at, action, actor, detail) "
        "VALUES (?, '2026-01-01 00:00:00.000000', 'list_import', 'vet', '{}')",
        (entry,),
    )
    return f"entry {entry} has no hash: it was added outside vet"


def insert_copied_hash(db: sqlite3.Connection) -> str:
    """An entry slipped in before the last one, the ids above it moved up one."""
    top = last_id(db, "audit_log")
    db.execute("UPDATE audit_log SET id = id + 1 WHERE id = ?", (top,))
    db.execute(
        "INSERT INTO audit_log (id, at, action, actor, detail, prev_hash, hash) "
        "SELECT ?, at, action, 'Eve', detail, prev_hash, hash FROM audit_log WHERE id = ?",
        (top, top - 1),
    )
    return f"entry {top} does not follow entry {top - 1}"


FORGERIES: list[Callable[[sqlite3.Connection], str]] = [
    change_entry,
    change_detail,
    remove_middle,
    remove_last,
    insert_unhashed,
    insert_copied_hash,
]


@pytest.mark.parametrize("forge", FORGERIES, ids=lambda f: f.__name__)
def test_verify_names_the_first_break_in_the_chain(
    env: dict[str, str], forge: Callable[[sqlite3.Connection], str]
) -> None:
    db = raw(env)
    drop_triggers(db)  # what someone with write access to the file can do
    expected = forge(db)
    db.close()
    out = run(env, "audit", "verify", code=1).output
    assert out.startswith("Audit log BROKEN")
    assert expected in out


def rewrite_decision(db: sqlite3.Connection) -> str:
    db.execute("UPDATE decisions SET decision = 'false_positive' WHERE id = 2")
    return "decision 2 disagrees with audit entry"


def rewrite_reviewer(db: sqlite3.Connection) -> str:
    db.execute("UPDATE decisions SET reviewer = 'Eve' WHERE id = 1")
    return "reviewer 'Ana' in the log, 'Eve' in the table"


def remove_latest_decision(db: sqlite3.Connection) -> str:
    db.execute("DELETE FROM decisions WHERE id = 2")
    return "decision 2 (audit entry"


def add_decision(db: sqlite3.Connection) -> str:
    db.execute(
        "INSERT INTO decisions (party_key, entity_id, record_digest, decision, reviewer, "
        "reason, at, screening_id, row) SELECT party_key, entity_id, record_digest, "
        "'match', 'Eve', '', at, screening_id, row FROM decisions WHERE id = 1"
    )
    return "decision 3 has no entry in the audit log"


@pytest.mark.parametrize(
    "forge",
    [rewrite_decision, rewrite_reviewer, remove_latest_decision, add_decision],
    ids=lambda f: f.__name__,
)
def test_a_forged_decision_is_caught_and_never_listed(
    env: dict[str, str], forge: Callable[[sqlite3.Connection], str]
) -> None:
    db = raw(env)
    drop_triggers(db)
    expected = forge(db)
    db.close()
    out = run(env, "audit", "verify", code=1).output
    assert expected in out
    for command in (["decisions", "list", "fair"], ["report", "fair"]):
        refused = run(env, *command, code=1).output
        assert "changed outside vet" in refused
        assert " by " not in refused  # no decision shown


def test_a_noted_head_shows_a_chain_rebuilt_from_scratch(env: dict[str, str]) -> None:
    out = run(env, "audit", "verify").output
    head = out.rsplit("head ", 1)[1].strip(" .\n")
    run(env, "audit", "verify", "--head", head)
    store = Store(f"sqlite:///{Path(env['VET_HOME']) / 'vet.db'}")
    store.audit("test", {"n": 1})  # the log grows: the noted head stays in the chain
    store.close()
    run(env, "audit", "verify", "--head", head)
    db = raw(env)
    drop_triggers(db)
    db.execute("DELETE FROM audit_log")
    db.execute("DELETE FROM audit_head")
    db.close()
    # Reopening makes a fresh (empty) chain: consistent in itself, but not the noted one.
    out = run(env, "audit", "verify", "--head", head, code=1).output
    assert f"the noted head {head} is no longer in the chain" in out


def test_an_older_store_is_chained_once_and_guarded(env: dict[str, str]) -> None:
    db = raw(env)
    # What an older vet made: no chain columns, no head, no schema record, only
    # update/delete triggers.
    drop_triggers(db)
    db.execute("DROP INDEX ix_audit_decision")
    db.execute("ALTER TABLE audit_log DROP COLUMN hash")
    db.execute("ALTER TABLE audit_log DROP COLUMN prev_hash")
    db.execute("DROP TABLE audit_head")
    db.execute("DROP TABLE store_schema")
    for operation in ("UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER audit_log_no_{operation.lower()} BEFORE {operation} ON audit_log "
            "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
        )
    entries = db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    db.close()

    out = run(env, "audit", "verify").output
    assert out.startswith(f"Audit log intact: {entries} entries, 2 decision(s)")
    run(env, "decide", "fair", "2", TANCHON, "match", "--reviewer", "Cy")
    assert run(env, "audit", "verify").output.startswith(f"Audit log intact: {entries + 1}")
    db = raw(env)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("INSERT OR REPLACE INTO audit_log SELECT * FROM audit_log WHERE id = 1")
    drop_triggers(db)
    db.execute("UPDATE audit_log SET actor = 'Eve' WHERE id = 1")
    db.close()
    assert "entry 1 (list_import by Eve) changed" in run(env, "audit", "verify", code=1).output
