"""Reviewing saved screenings: the hits still to decide, reviewed reports read back, the audit log.

On the real UN Security Council list of 2020-11-24 (and its 2026 release for a
changed record). The screened file (``parties_csv``) finds LIONEL DUMONT on rows
3 and 8 (the same party twice), YAZD METALLURGY INDUSTRIES on row 4 and AFGHAN
SUPPORT COMMITTEE on row 5.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from vet.errors import InputError
from vet.report import ReportMeta, write_report
from vet.scoring import Matcher
from vet.screen import load_screening, rescreen, run_screening
from vet.screen.decisions import decide
from vet.screen.review import applied_decisions, import_decisions, undecided_hits
from vet.store import ImportPolicy, Store, import_path
from vet.store.screenings import ScreeningInfo, screening_decisions

DUMONT, YAZD, ASC = "unsc-112038", "unsc-110326", "unsc-113226"


@pytest.fixture()
def fair(store: Store, matcher: Matcher, parties_csv: Path) -> ScreeningInfo:
    return run_screening(store, matcher, parties_csv, name="fair", workers=1)


def open_hits(store: Store, screening: int | str) -> list[tuple[int, str]]:
    return [(item.row, item.hit.entity_id) for item in undecided_hits(store, screening)]


def write_csv_report(store: Store, screening: ScreeningInfo, path: Path) -> list[list[str]]:
    """vet's CSV report of the screening, read back as a user's spreadsheet would."""
    info, saved = load_screening(store, screening.id)
    write_report(saved, path, "csv", ReportMeta.for_saved(info))
    with path.open(encoding="utf-8-sig", newline="") as stream:
        # The "#" lines above the header name the lists screened.
        return [r for r in csv.reader(stream) if not (r and r[0].startswith("#"))]


def save_csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream).writerows(rows)


def set_decision(rows: list[list[str]], row: int, entity_id: str, text: str) -> None:
    header = rows[0]
    for cells in rows[1:]:
        if cells[0] == str(row) and cells[header.index("Entity ID")] == entity_id:
            cells[header.index("Decision")] = text
            return
    raise AssertionError(f"no line for row {row} / {entity_id}")


# -- the hits still to decide -------------------------------------------------------


def test_undecided_hits_put_the_party_beside_the_listed_record(
    store: Store, fair: ScreeningInfo
) -> None:
    items = list(undecided_hits(store, "fair"))
    # Row 8 repeats row 3's party: one decision covers both, so it is asked once.
    assert [(i.row, i.hit.entity_id) for i in items] == [(3, DUMONT), (4, YAZD), (5, ASC)]
    dumont = items[0]
    assert (dumont.party.name, dumont.party.countries, dumont.party.own_id) == (
        "Lionel Dumont",
        ("France",),
        "S-2",
    )
    listed = dumont.listed
    # As in the 2020 file: QDi.095, born 1971-01-29, French, listed 2003-06-25 (Al-Qaida).
    assert (listed.name, listed.schema) == ("LIONEL DUMONT", "Person")
    assert listed.birth_dates == ("1971-01-29",)
    assert listed.countries == ("France",)
    assert (listed.programs, listed.listing_date) == (("Al-Qaida",), "2003-06-25")
    assert "Jacques Brougere" in listed.other_names
    assert listed.lists == ("un_sc",)
    assert listed.source_urls and listed.source_urls[0].startswith("https://")
    assert "LIONEL DUMONT" in dumont.hit.explanation
    assert dumont.previous is None


def test_decided_hits_leave_the_review_and_unsure_ones_come_back_on_request(
    store: Store, fair: ScreeningInfo
) -> None:
    decide(store, "fair", 3, DUMONT, "match", reviewer="Ana", reason="same birth date")
    decide(store, "fair", 5, ASC, "unsure", reviewer="Ana")
    assert open_hits(store, "fair") == [(4, YAZD)]
    with_unsure = list(undecided_hits(store, "fair", include_unsure=True))
    assert [(i.row, i.hit.entity_id) for i in with_unsure] == [(4, YAZD), (5, ASC)]
    assert with_unsure[1].previous is not None
    assert with_unsure[1].previous.decision == "unsure"


def test_a_hit_whose_listed_record_changed_comes_back_with_its_earlier_decision(
    store: Store, fair: ScreeningInfo, un_files: tuple[Path, Path]
) -> None:
    decide(store, "fair", 4, YAZD, "false_positive", reviewer="Ana", reason="other firm")
    assert (4, YAZD) not in open_hits(store, "fair")
    # The UN's 2026 release changed YAZD METALLURGY INDUSTRIES' address.
    import_path(store, un_files[1])
    new = rescreen(store, Matcher.from_store(store), "fair", workers=1).new
    items = {(i.row, i.hit.entity_id): i for i in undecided_hits(store, new.id)}
    yazd = items[(4, YAZD)]
    assert yazd.previous is not None and yazd.previous.changed
    assert yazd.previous.describe().startswith("false_positive by Ana on ")
    assert "review again" in yazd.previous.describe()
    # TAMAS COMPANY, re-listed in 2026, is a new hit with no decision yet.
    assert items[(2, "unsc-110330")].previous is None


# -- reviewed reports read back --------------------------------------------------------


def test_a_reviewed_csv_report_records_its_new_decisions_only(
    store: Store, fair: ScreeningInfo, tmp_path: Path
) -> None:
    decide(store, "fair", 5, ASC, "false_positive", reviewer="Ana", reason="a charity (other)")
    report = tmp_path / "fair.csv"
    rows = write_csv_report(store, fair, report)
    header = rows[0]
    assert header[-2:] == ["Entity ID", "Decision"]
    set_decision(rows, 3, DUMONT, "Match")
    set_decision(rows, 4, YAZD, "FP")
    save_csv(report, rows)

    summary = import_decisions(store, "fair", report, reviewer="Bo")
    recorded = {(d.row, d.entity_id): (d.decision, d.reviewer) for d in summary.recorded}
    assert recorded == {(3, DUMONT): ("match", "Bo"), (4, YAZD): ("false_positive", "Bo")}
    # Ana's decision, as vet wrote it, is not recorded again; row 8 still shows no decision.
    assert (summary.unchanged, summary.outdated, summary.blank) == (1, 0, 1)
    assert open_hits(store, "fair") == []
    # Importing the same file again records nothing.
    again = import_decisions(store, "fair", report, reviewer="Bo")
    assert (len(again.recorded), again.unchanged) == (0, 3)
    assert len(screening_decisions(store, fair.id)) == 3


def test_a_stale_report_does_not_undo_a_later_decision(
    store: Store, fair: ScreeningInfo, tmp_path: Path
) -> None:
    decide(store, "fair", 4, YAZD, "false_positive", reviewer="Ana")
    rows = write_csv_report(store, fair, tmp_path / "old.csv")
    decide(store, "fair", 4, YAZD, "match", reviewer="Bo", reason="same address")
    summary = import_decisions(store, "fair", tmp_path / "old.csv", reviewer="Cy")
    assert (len(summary.recorded), summary.outdated) == (0, 1)
    # Editing vet's text is a new decision.
    set_decision(rows, 4, YAZD, rows_decision(rows, 4).replace("false_positive", "unsure", 1))
    save_csv(tmp_path / "edited.csv", rows)
    (made,) = import_decisions(store, "fair", tmp_path / "edited.csv", reviewer="Cy").recorded
    assert (made.decision, made.reviewer) == ("unsure", "Cy")


def rows_decision(rows: list[list[str]], row: int) -> str:
    header = rows[0]
    return next(r[header.index("Decision")] for r in rows[1:] if r[0] == str(row))


def test_a_reviewed_xlsx_report_is_read_from_its_results_sheet(
    store: Store, fair: ScreeningInfo, tmp_path: Path
) -> None:
    info, saved = load_screening(store, fair.id)
    path = tmp_path / "fair.xlsx"
    write_report(saved, path, "xlsx", ReportMeta.for_saved(info))
    book = load_workbook(path)
    sheet = book["Results"]
    header = [c.value for c in sheet[1]]
    for cells in sheet.iter_rows(min_row=2):
        if cells[0].value == 5 and cells[header.index("Entity ID")].value == ASC:
            cells[header.index("Decision")].value = "false positive"
    book.save(path)
    (made,) = import_decisions(store, "fair", path, reviewer="Ana").recorded
    assert (made.row, made.entity_id, made.decision) == (5, ASC, "false_positive")


def test_a_users_own_sheet_with_reviewer_and_reason_columns(
    store: Store, fair: ScreeningInfo, tmp_path: Path
) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["row", "entity_id", "decision", "Reviewer", "Reason"])
    sheet.append([3, DUMONT, "confirmed", "Ana", "'=same birth date, 1971-01-29"])
    sheet.append([4, YAZD, "", "", ""])
    sheet.append([5, ASC, "no match", "Bo", "a charity"])
    path = tmp_path / "mine.xlsx"
    book.save(path)
    summary = import_decisions(store, fair.id, path)
    made = {(d.row, d.decision, d.reviewer, d.reason) for d in summary.recorded}
    assert made == {
        (3, "match", "Ana", "=same birth date, 1971-01-29"),
        (5, "false_positive", "Bo", "a charity"),
    }
    assert summary.blank == 1


def test_bad_lines_are_named_by_line_and_nothing_is_imported(
    store: Store, fair: ScreeningInfo, tmp_path: Path
) -> None:
    path = tmp_path / "reviewed.csv"
    save_csv(
        path,
        [
            ["Row", "Entity ID", "Decision"],
            ["2", "", ""],
            ["3", DUMONT, "match"],
            ["4", YAZD, "maybe"],
            ["5", "unsc-999", "match"],
            ["6", "", "match"],
            ["8", DUMONT, "false positive"],
        ],
    )
    before = len(store.audit_events())
    with pytest.raises(InputError) as raised:
        import_decisions(store, "fair", path, reviewer="Ana")
    assert str(raised.value) == (
        "reviewed.csv line 4: decision 'maybe': expected one of match, false_positive, unsure; "
        "reviewed.csv line 5: row 5 has no hit 'unsc-999' in screening 'fair' "
        f"(its hits: {ASC}); "
        "reviewed.csv line 6: row 6 has no listed party to decide on; "
        "reviewed.csv line 7: false_positive where line 3 decided match "
        "(the same party, repeated in the file); nothing was imported"
    )
    assert screening_decisions(store, fair.id) == []
    assert len(store.audit_events()) == before


def test_a_file_without_a_decision_column_is_refused(
    store: Store, fair: ScreeningInfo, parties_csv: Path
) -> None:
    with pytest.raises(InputError) as raised:
        import_decisions(store, "fair", parties_csv, reviewer="Ana")
    assert str(raised.value).startswith(
        "exhibitors.csv: no Row, Entity ID or Decision column (columns: name, country, id)"
    )


def test_applied_decisions_include_those_made_on_another_screening(
    store: Store, matcher: Matcher, fair: ScreeningInfo, parties_csv: Path
) -> None:
    decide(store, "fair", 3, DUMONT, "match", reviewer="Ana", reason="same birth date")
    second = run_screening(store, matcher, parties_csv, name="second", workers=1)
    applied = applied_decisions(store, second.id)
    assert [(a.row, a.entity_id, a.decision.decision, a.changed) for a in applied] == [
        (3, DUMONT, "match", False),
        (8, DUMONT, "match", False),
    ]
    assert applied[0].decision.screening_id == fair.id


# -- the audit log -----------------------------------------------------------------------


def test_the_audit_log_only_grows(
    store: Store, matcher: Matcher, parties_csv: Path, tmp_path: Path, fixtures: Path
) -> None:
    seen: list[dict[str, Any]] = store.audit_events()
    assert [e["action"] for e in seen] == ["list_import"]

    def grew(*actions: str) -> None:
        nonlocal seen
        now = store.audit_events()
        assert now[: len(seen)] == seen, "an earlier audit event changed or disappeared"
        assert [e["action"] for e in now[len(seen) :]] == list(actions)
        seen = now

    fair = run_screening(store, matcher, parties_csv, name="fair", workers=1)
    grew("screening started", "screening finished")
    decide(store, "fair", 3, DUMONT, "match", reviewer="Ana", reason="same birth date")
    grew("decision")
    rows = write_csv_report(store, fair, tmp_path / "fair.csv")
    set_decision(rows, 4, YAZD, "false positive")
    save_csv(tmp_path / "fair.csv", rows)
    import_decisions(store, "fair", tmp_path / "fair.csv", reviewer="Bo")
    grew("decision", "decisions imported")
    imported = seen[-1]["detail"]
    assert (imported["file"], imported["recorded"]) == (str(tmp_path / "fair.csv"), 1)
    assert len(imported["file_sha256"]) == 64
    import_path(
        store,
        fixtures / "un" / "consolidated_2026-02-27_excerpt.xml",
        policy=ImportPolicy(max_drop=None),
    )
    grew("list_import")
    rescreen(store, Matcher.from_store(store), "fair", workers=1)
    grew("screening started", "screening finished", "rescreen")
    decision = next(e for e in seen if e["action"] == "decision")
    assert decision["actor"] == "Ana"
    assert decision["detail"]["reason"] == "same birth date"


def test_the_database_refuses_to_edit_or_delete_audit_events(store: Store) -> None:
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    store.audit("test", {"n": 1})
    for statement in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(IntegrityError, match="append-only"), store.engine.begin() as conn:
            conn.execute(text(statement))
    assert store.audit_events()[-1]["action"] == "test"
