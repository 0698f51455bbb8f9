"""``vet review``, ``vet decisions import|list`` and ``vet audit``, end to end through the command.

The store holds the real UN Security Council excerpt of 2026-02-27; the screened
file finds TANCHON COMMERCIAL BANK (row 2), BOSCO TAGANDA (row 3) and AQSA
MAHMOOD (row 4), and nothing for row 5.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from openpyxl import load_workbook

from vet.cli import main
from vet.store import Store
from vet.store.clearances import add_clearance
from vet.store.screenings import screening_decisions

TANCHON, TAGANDA, MAHMOOD = "unsc-690752", "unsc-6908021", "unsc-6908473"
PARTIES = """name,country,id
Tanchon Commercial Bank,North Korea,P-1
Bosco Taganda,,P-2
Aqsa Mahmood,GB,P-3
Northwind Traders Ltd,GB,P-4
"""


def run(env: dict[str, str], *args: str, input: str | None = None, code: int = 0) -> Result:
    result = CliRunner().invoke(main, list(args), env=env, input=input, catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result


@pytest.fixture(scope="module")
def screened_home(fixtures: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A vet home with the UN excerpt imported and screening 1, "fair", saved (made once)."""
    root = tmp_path_factory.mktemp("review_cli")
    env = {"VET_HOME": str(root / "home"), "VET_AUTO_BUNDLE": "0"}
    run(env, "lists", "import", str(fixtures / "un" / "consolidated_2026-02-27_excerpt.xml"))
    parties = root / "parties.csv"
    parties.write_text(PARTIES, encoding="utf-8")
    screened = run(env, "screen", str(parties), "--name", "fair", "--workers", "1")
    assert "3 of 4 parties have possible matches" in screened.output
    return root / "home"


@pytest.fixture()
def env(screened_home: Path, tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    shutil.copytree(screened_home, home)
    return {"VET_HOME": str(home), "VET_AUTO_BUNDLE": "0", "VET_REVIEWER": "Ana"}


def decisions(env: dict[str, str]) -> list[tuple[int, str, str, str, str]]:
    listed = json.loads(run(env, "decisions", "list", "fair", "--json").output)
    return [(d["row"], d["entity_id"], d["decision"], d["reviewer"], d["reason"]) for d in listed]


def test_review_decides_two_hits_skips_one_and_shows_only_that_one_next_time(
    env: dict[str, str],
) -> None:
    # false positive with a reason; skip; match without a reason (Enter).
    walk = run(env, "review", "fair", input="f\n=another bank, see registry\ns\nm\n\n")
    out = walk.output
    assert "3 hit(s) to review" in out
    assert "Hit 1 of 3: row 2, TANCHON COMMERCIAL BANK (score 1.00)" in out
    # The listed record beside the party, as the UN published it.
    assert "Screened party" in out and "Listed record" in out
    assert "North Korea" in out and "DPRK" in out and "2009-04-24" in out
    assert "Passport number: 720134834" in out  # AQSA MAHMOOD's passport
    assert "Why: 'Tanchon Commercial Bank' met the listed name" in out
    assert "Decided 2 of 3 hit(s) (1 match, 1 false positive); 1 skipped." in out
    assert "1 still to review: `vet review 1`." in out
    assert decisions(env) == [
        (2, TANCHON, "false_positive", "Ana", "=another bank, see registry"),
        (4, MAHMOOD, "match", "Ana", ""),
    ]
    again = run(env, "review", "fair", "--reviewer", "Bo", input="u\nask compliance\n")
    assert "1 hit(s) to review" in again.output
    assert "row 3, BOSCO TAGANDA" in again.output and "TANCHON" not in again.output
    assert "All reviewed." in again.output
    done = run(env, "review", "1")
    assert "Nothing to review in screening 'fair'" in done.output
    # An unsure hit is shown again on request, with its earlier decision.
    unsure = run(env, "review", "1", "--unsure", input="q\n")
    assert "Earlier: unsure by Bo on" in unsure.output


def test_quitting_midway_keeps_the_decisions_made(env: dict[str, str]) -> None:
    quit_ = run(env, "review", "fair", input="m\nsame bank\nq\n")
    assert "Decided 1 of 3 hit(s) (1 match). 2 still to review" in quit_.output
    # An unknown key is asked again; the end of the input is quitting too.
    ended = run(env, "review", "fair", input="x\nf\nother person\n")
    assert "Error: 'x' is not one of" in ended.output
    assert "Decided 1 of 2 hit(s) (1 false positive). 1 still to review" in ended.output
    assert decisions(env) == [
        (2, TANCHON, "match", "Ana", "same bank"),
        (3, TAGANDA, "false_positive", "Ana", "other person"),
    ]
    left = run(env, "review", "fair", input="q\n")
    assert "1 hit(s) to review" in left.output and "row 4, AQSA MAHMOOD" in left.output


def read_report(env: dict[str, str], path: Path) -> list[list[str]]:
    run(env, "report", "fair", "-o", str(path))
    with path.open(encoding="utf-8-sig", newline="") as stream:
        # The "#" lines above the header name the lists screened.
        return [r for r in csv.reader(stream) if not (r and r[0].startswith("#"))]


def test_decisions_import_from_an_edited_csv_report(env: dict[str, str], tmp_path: Path) -> None:
    run(env, "decide", "fair", "2", TANCHON, "false_positive", "--reason", "other bank")
    report = tmp_path / "fair.csv"
    rows = read_report(env, report)
    header = rows[0]
    assert rows[1][header.index("Decision")].startswith("false_positive by Ana on ")
    # The reviewer types decisions and adds a Reason column, as in a spreadsheet.
    header.append("Reason")
    for cells in rows[1:]:
        cells.append("")
        if cells[0] == "3":
            cells[header.index("Decision")] = "False positive"
            cells[-1] = "a different person (HR file)"
        if cells[0] == "4":
            cells[header.index("Decision")] = "match"
    with report.open("w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream).writerows(rows)

    imported = run(env, "decisions", "import", "fair", str(report), "--reviewer", "Bo")
    assert "Recorded 2 decision(s) from fair.csv in screening 'fair' (id 1)." in imported.output
    assert "1 line(s) repeat decisions already recorded" in imported.output
    assert decisions(env) == [
        (2, TANCHON, "false_positive", "Ana", "other bank"),
        (3, TAGANDA, "false_positive", "Bo", "a different person (HR file)"),
        (4, MAHMOOD, "match", "Bo", ""),
    ]
    text = run(env, "report", "fair").output
    assert "1 confirmed, 2 false positives, 0 to review" in text


def test_decisions_import_from_an_edited_xlsx_report(env: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "fair.xlsx"
    run(env, "report", "fair", "-o", str(path))
    book = load_workbook(path)
    sheet = book["Results"]
    header = [c.value for c in sheet[1]]
    for cells in sheet.iter_rows(min_row=2):
        if cells[header.index("Entity ID")].value == TAGANDA:
            cells[header.index("Decision")].value = "Unsure"
    book.save(path)
    imported = run(env, "decisions", "import", "1", str(path))
    assert "row 3 / unsc-6908021: unsure by Ana" in imported.output
    assert "2 hit line(s) have no decision" in imported.output
    assert decisions(env) == [(3, TAGANDA, "unsure", "Ana", "")]


def test_a_bad_decision_word_names_the_line_and_imports_nothing(
    env: dict[str, str], tmp_path: Path
) -> None:
    report = tmp_path / "fair.csv"
    rows = read_report(env, report)
    decision = rows[0].index("Decision")
    rows[1][decision] = "match"
    rows[3][decision] = "probably"
    with report.open("w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream).writerows(rows)
    failed = run(env, "decisions", "import", "fair", str(report), code=1)
    assert "Error: fair.csv line 4: decision 'probably': expected one of" in failed.output
    assert "nothing was imported" in failed.output
    assert decisions(env) == []


def test_audit_exports_screenings_decisions_and_list_imports(
    env: dict[str, str], tmp_path: Path
) -> None:
    run(env, "review", "fair", input="f\n=another bank\nm\nsame passport\nq\n")
    out = tmp_path / "audit.csv"
    run(env, "audit", "-o", str(out))
    text = out.read_text("utf-8-sig")
    table = list(csv.DictReader(io.StringIO(text)))
    actions = [r["Action"] for r in table]
    assert actions == [
        "list_import",
        "screening started",
        "screening finished",
        "decision",
        "decision",
    ]
    assert table[0]["List"] == "un_sc"
    # Readable columns, no JSON in a cell.
    assert (table[1]["Screening name"], table[1]["Screening"]) == ("fair", "1")
    assert table[1]["File"].endswith("parties.csv")
    assert table[2]["Counts"] == "parties 4, skipped 0, flagged 3, hits 3"
    assert table[0]["Counts"].startswith("entities ")
    assert table[3]["Decision id"] == "1" and len(table[3]["Hash"]) == 64
    assert not any("{" in cell for row in table for cell in row.values())
    first, second = table[3], table[4]
    # A reason a spreadsheet would run as a formula is escaped.
    assert (first["Actor"], first["Row"], first["Decision"], first["Reason"]) == (
        "Ana",
        "2",
        "false_positive",
        "'=another bank",
    )
    assert (second["Entity ID"], second["Decision"], second["Reason"]) == (
        TAGANDA,
        "match",
        "same passport",
    )

    as_json = json.loads(run(env, "audit", "--format", "json").output)
    assert [e["action"] for e in as_json] == actions
    assert as_json[3]["detail"]["reason"] == "=another bank"
    lines = run(env, "audit", "--format", "jsonl").output.splitlines()
    assert [json.loads(line)["id"] for line in lines] == [e["id"] for e in as_json]
    assert run(env, "audit", "--since", "2000-01-01", "--format", "json").output.count(
        '"action"'
    ) == len(actions)
    assert json.loads(run(env, "audit", "--since", "2999-01-01", "--format", "json").output) == []


# -- four-eyes review and bulk decisions -------------------------------------------------


def report_rows(env: dict[str, str], tmp_path: Path) -> list[dict[str, str]]:
    out = tmp_path / "fair.csv"
    run(env, "report", "fair", "-o", str(out))
    lines = out.read_text("utf-8-sig").splitlines(keepends=True)
    # The lists' freshness comes first, as '#' comment lines.
    return list(csv.DictReader(io.StringIO("".join(x for x in lines if not x.startswith("#")))))


def test_a_decision_awaits_a_second_reviewer_then_becomes_final(
    env: dict[str, str], tmp_path: Path
) -> None:
    four_eyes = {**env, "VET_FOUR_EYES": "1"}
    decided = run(
        four_eyes, "decide", "fair", "2", TANCHON, "false_positive", "--reason", "other bank"
    )
    assert "awaiting approval by a second reviewer" in decided.output

    # Not final: the party is still to review, and every report says what it waits for.
    shown = run(four_eyes, "report", "fair")
    assert "1 decision awaits a second reviewer's approval" in shown.output
    rows = {r["Entity ID"]: r for r in report_rows(four_eyes, tmp_path)}
    assert rows[TANCHON]["Decision"].endswith(
        "(other bank); awaiting approval by a second reviewer"
    )
    report = tmp_path / "fair.json"
    run(four_eyes, "report", "fair", "-o", str(report))
    data = json.loads(report.read_text("utf-8"))
    assert data["screening"]["awaiting_approval"] == 1
    decision = data["parties"][0]["hits"][0]["decision"]
    assert (decision["reviewer"], decision["awaiting_approval"]) == ("Ana", True)
    workbook = tmp_path / "fair.xlsx"
    run(four_eyes, "report", "fair", "-o", str(workbook))
    summary = {r[0]: r[1] for r in load_workbook(workbook)["Summary"].iter_rows(values_only=True)}
    assert summary["Decisions awaiting approval"] == 1
    page = tmp_path / "fair.html"
    run(four_eyes, "report", "fair", "-o", str(page))
    html = page.read_text("utf-8")
    assert "<dt>Awaiting approval</dt><dd>1 decision (four-eyes review)</dd>" in html
    assert "awaiting approval by a second reviewer" in html
    pending = run(four_eyes, "decisions", "pending", "fair").output
    assert f"Tanchon Commercial Bank -> TANCHON COMMERCIAL BANK [{TANCHON}]" in pending

    # Ana cannot approve her own decision; nothing is recorded when she tries.
    own = run(four_eyes, "decisions", "approve", "fair", "2", TANCHON, code=1)
    assert "a second, different reviewer must approve it" in own.output
    # --all skips her own decisions rather than failing.
    assert (
        "Approved 0 decision(s)" in run(four_eyes, "decisions", "approve", "fair", "--all").output
    )

    ben = {**four_eyes, "VET_REVIEWER": "Ben"}
    approved = run(ben, "decisions", "approve", "fair", "2", TANCHON)
    assert "Approved 1 decision(s) in screening 'fair' as Ben; 0 still await approval." in (
        approved.output
    )
    rows = {r["Entity ID"]: r for r in report_rows(ben, tmp_path)}
    assert rows[TANCHON]["Decision"].endswith("(other bank), approved by Ben")
    assert "awaits" not in run(ben, "report", "fair").output
    again = run(ben, "decisions", "approve", "fair", "2", TANCHON, code=1)
    assert "no decision awaits approval" in again.output

    # Both steps are in the chained log, and the check passes.
    audit = json.loads(run(ben, "audit", "--format", "json").output)
    steps = [(e["action"], e["actor"]) for e in audit if e["action"] in ("decision", "approval")]
    assert steps == [("decision", "Ana"), ("approval", "Ben")]
    assert "Audit log intact" in run(ben, "audit", "verify").output


def test_without_four_eyes_a_decision_is_final_at_once(env: dict[str, str]) -> None:
    run(env, "decide", "fair", "4", MAHMOOD, "match")
    assert "No decision awaits approval" in run(env, "decisions", "pending", "fair").output
    refused = run(
        {**env, "VET_REVIEWER": "Ben"}, "decisions", "approve", "fair", "4", MAHMOOD, code=1
    )
    assert "no decision awaits approval" in refused.output


def test_an_approval_removed_from_the_table_shows_in_verify(env: dict[str, str]) -> None:
    four_eyes = {**env, "VET_FOUR_EYES": "1"}
    run(four_eyes, "decide", "fair", "4", MAHMOOD, "match")
    run({**four_eyes, "VET_REVIEWER": "Ben"}, "decisions", "approve", "fair", "--all")
    db = sqlite3.connect(Path(env["VET_HOME"]) / "vet.db")
    db.execute("DROP TRIGGER approvals_no_delete")
    db.execute("DELETE FROM approvals")
    db.commit()
    db.close()
    broken = run(four_eyes, "audit", "verify", code=1)
    assert "approval 1 (audit entry" in broken.output and "missing from the table" in broken.output


def test_bulk_decides_every_open_hit_on_one_list_below_a_score(env: dict[str, str]) -> None:
    run(env, "decide", "fair", "4", MAHMOOD, "match", "--reason", "same passport")
    bulk = run(
        env, "decisions", "bulk", "fair", "false positive", "--list", "un_sc",
        "--reason", "checked the registry",
    )  # fmt: skip
    # Rows 2 and 3 are decided; row 4's match stays.
    assert "Recorded 2 decision(s)." in bulk.output
    listed = json.loads(run(env, "decisions", "list", "fair", "--json").output)
    assert [(d["row"], d["decision"], d["reason"]) for d in listed] == [
        (2, "false_positive", "checked the registry"),
        (3, "false_positive", "checked the registry"),
        (4, "match", "same passport"),
    ]
    audit = json.loads(run(env, "audit", "--format", "json").output)
    assert audit[-1]["action"] == "decisions in bulk"
    assert audit[-1]["detail"]["selection"] == "on un_sc"
    nothing = run(env, "decisions", "bulk", "fair", "unsure", "--entity", TANCHON, code=1)
    assert "no open hit hits of unsc-690752" in nothing.output
    assert "Audit log intact" in run(env, "audit", "verify").output


def test_queue_filters_and_assignments(env: dict[str, str]) -> None:
    assigned = run(env, "decisions", "assign", "fair", "2", "3", "--to", "Ben")
    assert "Assigned 2 party(ies) of screening 'fair' to Ben." in assigned.output
    run(env, "decide", "fair", "4", MAHMOOD, "match")
    mine = run(env, "decisions", "queue", "fair", "--reviewer", "Ben").output
    assert [line.split()[0] for line in mine.splitlines()[:-1]] == ["2", "3"]
    assert "[Ben]" in mine
    decided = run(env, "decisions", "queue", "fair", "--status", "decided").output
    assert decided.splitlines()[-1] == "1 hit(s)."
    assert "Aqsa Mahmood" in decided
    missing = run(env, "decisions", "assign", "fair", "5", "--to", "Ben", code=1)
    assert "no flagged party on row(s) 5" in missing.output
    audit = json.loads(run(env, "audit", "--format", "json").output)
    assert [e["detail"]["rows"] for e in audit if e["action"] == "assignment"] == [[2, 3]]


def test_a_cleared_party_stays_settled_until_the_clearance_expires(
    env: dict[str, str], tmp_path: Path
) -> None:
    until = date.today() + timedelta(days=30)
    run(env, "decide", "fair", "2", TANCHON, "false_positive")
    run(env, "decide", "fair", "3", TAGANDA, "false_positive")
    refused = run(
        env, "clearances", "add", "fair", "4", MAHMOOD, "--until", f"{until}", "--reason", "x",
        code=1,
    )  # fmt: skip
    assert "only a hit decided a false positive" in refused.output
    cleared = run(
        env, "clearances", "add", "fair", "2", TANCHON, "--until", f"{until}",
        "--reason", "registry: other bank",
    )  # fmt: skip
    assert f"until {until} (registry: other bank)" in cleared.output

    # A clearance made long ago, expired yesterday (a store written back then).
    store = Store(f"sqlite:///{Path(env['VET_HOME']) / 'vet.db'}")
    taganda = next(d for d in screening_decisions(store, 1) if d.entity_id == TAGANDA)
    yesterday = date.today() - timedelta(days=1)
    add_clearance(
        store, taganda.id, party_name="Bosco Taganda", listed_name="BOSCO TAGANDA",
        reason="old check", reviewer="Ana", expires=yesterday, today=yesterday - timedelta(days=9),
    )  # fmt: skip
    store.close()

    listed = run(env, "clearances", "list").output
    assert f"Bosco Taganda -> BOSCO TAGANDA [{TAGANDA}]: until {yesterday} (EXPIRED)" in listed
    assert f"until {until} (active)" in listed
    rows = {r["Entity ID"]: r["Decision"] for r in report_rows(env, tmp_path)}
    assert rows[TANCHON].endswith(f"; on the known-good list until {until}")
    assert rows[TAGANDA].endswith(f"; cleared until {yesterday}, expired: review again")
    # The expired one comes back for review; the cleared one does not.
    walk = run(env, "review", "fair", input="q\n").output
    assert "2 hit(s) to review" in walk and "Hit 1 of 2: row 3, BOSCO TAGANDA" in walk
    assert "Audit log intact" in run(env, "audit", "verify").output
