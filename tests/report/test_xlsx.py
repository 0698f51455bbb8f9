"""The XLSX report: four sheets, formulas as text, header bold and frozen, filter on."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from vet.report.meta import ReportMeta
from vet.report.rows import RESULT_COLUMNS
from vet.report.xlsx import write_xlsx
from vet.screen import Party, PartyResult, Screening


def workbook(screening: Screening, meta: ReportMeta, tmp_path: Path) -> Any:
    path = tmp_path / "out.xlsx"
    write_xlsx(screening, path, meta=meta)
    return load_workbook(path)


def test_four_sheets(screening: Screening, meta: ReportMeta, tmp_path: Path) -> None:
    book = workbook(screening, meta, tmp_path)
    assert book.sheetnames == ["Summary", "Results", "Authorities", "Skipped rows"]


def test_summary(screening: Screening, meta: ReportMeta, tmp_path: Path) -> None:
    sheet = workbook(screening, meta, tmp_path)["Summary"]
    values = {row[0]: row[1:] for row in sheet.iter_rows(values_only=True) if row[0]}
    assert values["Screening"][0] == "Trade fair 2026"
    assert values["Result"][0] == "3 of 5 parties have possible matches. 1 row was skipped."
    assert values["Parties screened"][0] == 5
    assert values["Parties with possible matches"][0] == 3
    assert values["Rows skipped"][0] == 1
    assert values["Threshold"][0] == screening.threshold
    assert values["vet version"][0] == "0.1.0"
    assert values["us_csl"][:4] == (3, "2025-12-03", "361 days", "STALE: older than 30 days")


def test_results(screening: Screening, meta: ReportMeta, tmp_path: Path) -> None:
    sheet = workbook(screening, meta, tmp_path)["Results"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == RESULT_COLUMNS
    assert [(r[0], r[RESULT_COLUMNS.index("Entity ID")]) for r in rows[1:]] == [
        (2, "cons-hik"),  # one listed party: its OFAC and CSL records joined
        (3, None),
        (5, None),
        (6, "ofsi-evil"),
        (7, "u-ros"),
    ]
    assert sheet["A1"].font.b
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:P6"


def test_formula_cell_is_text(screening: Screening, meta: ReportMeta, tmp_path: Path) -> None:
    sheet = workbook(screening, meta, tmp_path)["Results"]
    cell = sheet.cell(row=4, column=RESULT_COLUMNS.index("Party name") + 1)
    assert cell.data_type == "s"
    assert cell.value == '\'=HYPERLINK("http://x","y")'


def test_authorities_and_skipped(screening: Screening, meta: ReportMeta, tmp_path: Path) -> None:
    book = workbook(screening, meta, tmp_path)
    rows = list(book["Authorities"].iter_rows(values_only=True))
    header = rows[0]
    assert header[:9] == (
        "Row",
        "Party name",
        "United States",
        "United Kingdom",
        "European Union",
        "United Nations",
        "Australia",
        "Canada",
        "User lists",
    )
    hikvision = dict(zip(header, rows[1], strict=True))
    assert hikvision["United States"] == "listed"
    assert hikvision["European Union"] == "not screened"
    assert hikvision["US: CSL EL"] == "listed: Entity List (2019-10-09)"
    assert hikvision["UK: OFSI"] == "not listed"
    assert [r[0] for r in rows[1:]] == [2, 6, 7]
    assert list(book["Skipped rows"].iter_rows(values_only=True)) == [
        ("Row", "Problem"),
        (4, "the name is empty"),
    ]


def test_control_characters_do_not_break_the_workbook(meta: ReportMeta) -> None:
    screening = Screening(
        file="bell.csv",
        threshold=0.8,
        columns={"name": "name"},
        results=[PartyResult(Party(row=2, name="Bell\x07 Ltd\x00"), (), None)],
    )
    stream = io.BytesIO()
    write_xlsx(screening, stream, meta=meta)
    sheet = load_workbook(stream)["Results"]
    assert sheet.cell(row=2, column=3).value == "Bell Ltd"


def rows_after(sheet: Any, heading: str) -> list[tuple[Any, ...]]:
    """The rows of the summary sheet after the one starting with ``heading``, up to a gap."""
    rows = list(sheet.iter_rows())
    start = next(i for i, r in enumerate(rows) if r[0].value == heading)
    found = []
    for row in rows[start + 1 :]:
        if row[0].value is None:
            break
        found.append(row)
    return found


def test_summary_draws_the_authority_grid_in_coloured_cells(
    screening: Screening, meta: ReportMeta, tmp_path: Path
) -> None:
    sheet = workbook(screening, meta, tmp_path)["Summary"]
    header, *grid = rows_after(sheet, "Which authorities list each flagged party")
    assert [c.value for c in header[:5]] == [
        "Party", "Listed by", "United States", "United Kingdom", "European Union",
    ]  # fmt: skip
    assert [[c.value for c in r[:5]] for r in grid] == [
        ["Row 2: Hikvision", "United States", "listed", "not listed", "not screened"],
        ["Row 6: Evil <script>alert(1)</script> Trading LLC", "United Kingdom", "not listed",
         "listed", "not screened"],
        ["Row 7: Rosoboronexport", "User lists", "not listed", "not listed", "not screened"],
    ]  # fmt: skip
    listed, not_listed, not_screened = grid[0][2], grid[0][3], grid[0][4]
    assert listed.fill.fgColor.rgb == "008A1414" and listed.font.b
    assert listed.font.color.rgb == "00FFFFFF"
    assert not_listed.fill.fill_type is None
    assert not_screened.fill.fgColor.rgb == "00E8E8E8" and not_screened.font.i


def test_summary_charts_the_scores_against_the_threshold(
    screening: Screening, meta: ReportMeta, tmp_path: Path
) -> None:
    book = workbook(screening, meta, tmp_path)
    sheet = book["Summary"]
    title = f"Hits per score band, against the threshold {meta.threshold:.2f}"
    header, *bands = rows_after(sheet, title)
    assert [c.value for c in header[:3]] == [
        "Score band", "Borderline hits (less than 0.05 above the threshold)", "Other hits",
    ]  # fmt: skip
    table = [tuple(c.value for c in r[:3]) for r in bands]
    scores = sorted(h.score for r in screening.flagged for h in r.hits)
    assert sum(b + o for _, b, o in table) == len(scores) == 3
    assert table[-1][0] == "0.95–1.00" and table[-1][2] == 3  # the three exact names
    (chart,) = sheet._charts
    assert chart.tagname == "barChart" and chart.grouping == "stacked"
    assert [s.tx.strRef.f for s in chart.series] == [
        "'Summary'!B" + str(header[0].row),
        "'Summary'!C" + str(header[0].row),
    ]
    first, last = bands[0][0].row, bands[-1][0].row
    assert chart.series[0].val.numRef.f == f"'Summary'!$B${first}:$B${last}"
    assert chart.series[0].cat.numRef.f == f"'Summary'!$A${first}:$A${last}"
