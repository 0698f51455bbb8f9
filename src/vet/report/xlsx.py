"""The XLSX report: Summary, Results, Authorities and Skipped rows sheets.

Written in openpyxl's write-only mode, so a large screening streams to disk
instead of building the whole workbook in memory.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from vet.report.meta import ReportMeta
from vet.report.pictures import score_bands
from vet.report.rows import (
    LISTED,
    NOT_SCREENED,
    RESULT_COLUMNS,
    AuthorityMatrix,
    Cell,
    authority_matrix,
    count,
    escape_row,
    result_rows,
    summary_sentence,
)
from vet.screen import Screening
from vet.sources import JURISDICTION_TITLES, JURISDICTIONS

MAX_CELL = 32_767  # Excel's limit on characters in a cell
BOLD = Font(bold=True)
# The authority grid's cells: a word in each, so a print in black and white still reads.
GRID_STYLES = {
    LISTED: (PatternFill("solid", fgColor="8A1414"), Font(bold=True, color="FFFFFF")),
    NOT_SCREENED: (PatternFill("solid", fgColor="E8E8E8"), Font(italic=True, color="4A4A4A")),
}
STALE_FONT = Font(bold=True, color="8A1414")
SUMMARY_WIDTHS = [28, 60, 14, 18, 30, 14, 14, 14, 14]
"""Summary sheet: labels and values, then the list table's and the grid's columns."""
# Column widths (in characters) for the Results sheet, by header.
WIDTHS = {
    "Row": 7,
    "Party name": 32,
    "Listed name": 32,
    "Matched listed name": 32,
    "Score": 8,
    "Match": 8,
    "Programs": 30,
    "Source": 30,
    "Explanation": 80,
}


def _clip(value: Cell) -> Cell:
    """At most the 32,767 characters Excel holds in a cell (after :func:`escape_row`)."""
    return value[:MAX_CELL] if isinstance(value, str) else value


def _sheet(book: Workbook, title: str, headers: Iterable[str], widths: list[int]) -> Any:
    """A write-only sheet with a bold, frozen header row."""
    sheet = book.create_sheet(title)
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"
    header = []
    for text in escape_row(headers):
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = BOLD
        header.append(cell)
    sheet.append(header)
    return sheet


def _append(sheet: Any, values: Iterable[Cell]) -> None:
    sheet.append([_clip(v) for v in escape_row(values)])


def _filter(sheet: Any, columns: int, rows: int) -> None:
    sheet.auto_filter.ref = f"A1:{get_column_letter(max(columns, 1))}{max(rows, 1)}"


def write_summary(
    book: Workbook, screening: Screening, meta: ReportMeta, matrix: AuthorityMatrix
) -> None:
    """The summary, the lists and their age, then the pictures as cells: the authority grid
    (coloured, with a word in each cell) and the hits per score band with a chart."""
    counts = count(screening)
    sheet = _sheet(book, "Summary", ("Screening", meta.name), SUMMARY_WIDTHS)
    for label, value in (
        ("Result", summary_sentence(screening)),
        ("File", screening.file),
        ("Created", meta.created.isoformat(timespec="seconds")),
        ("Parties screened", counts.parties),
        ("Parties with possible matches", counts.flagged),
        ("Confirmed matches", counts.confirmed),
        ("Cleared as false positives", counts.cleared),
        ("Still to review", counts.open),
        ("Decisions awaiting approval", counts.awaiting),
        ("Hits", counts.hits),
        ("Rows skipped", counts.skipped),
        ("Threshold", meta.threshold),
        ("vet version", meta.vet_version),
        ("List freshness", meta.freshness_warning() or "every list within its age limit"),
    ):
        _append(sheet, (label, value))
    _append(sheet, ())
    heading = [
        WriteOnlyCell(sheet, value=text)
        for text in ("List", "Version", "Published", "Age when screened", "Warning")
    ]
    for cell in heading:
        cell.font = BOLD
    sheet.append(heading)
    for version in meta.list_versions:
        fresh = meta.freshness(version)
        row = [
            WriteOnlyCell(sheet, value=value)
            for value in escape_row(
                (
                    version.list_name,
                    version.version,
                    fresh.published_text,
                    fresh.age_text,
                    fresh.warning or "",
                )
            )
        ]
        if fresh.warning:
            row[-1].font = STALE_FONT
        sheet.append(row)
    rows = 17 + len(meta.list_versions)  # the header, 14 facts, a gap, the lists' heading
    rows = write_grid(sheet, matrix, rows)
    write_score_chart(sheet, screening, meta.threshold, rows)


def _heading(sheet: Any, *texts: str) -> None:
    cells = [WriteOnlyCell(sheet, value=text) for text in texts]
    for cell in cells:
        cell.font = BOLD
    sheet.append(cells)


def write_grid(sheet: Any, matrix: AuthorityMatrix, rows: int) -> int:
    """The authority grid below row ``rows``: a flagged party a row, an authority a column,
    each cell saying listed, not listed or not screened (coloured as the picture is).
    The number of rows written so far."""
    if not matrix.rows:
        return rows
    sheet.append(())
    _heading(sheet, "Which authorities list each flagged party")
    _heading(sheet, "Party", "Listed by", *(JURISDICTION_TITLES[j] for j in JURISDICTIONS))
    for line in matrix.rows:
        listed_by = [
            JURISDICTION_TITLES[j]
            for j, status in zip(JURISDICTIONS, line.jurisdictions, strict=True)
            if status == LISTED
        ]
        cells = [
            WriteOnlyCell(sheet, value=_clip(value))
            for value in escape_row(
                (f"Row {line.row}: {line.party_name}", ", ".join(listed_by) or "none")
            )
        ]
        for status in line.jurisdictions:
            cell = WriteOnlyCell(sheet, value=status)
            if status in GRID_STYLES:
                cell.fill, cell.font = GRID_STYLES[status]
            cells.append(cell)
        sheet.append(cells)
    return rows + 3 + len(matrix.rows)


def write_score_chart(sheet: Any, screening: Screening, threshold: float, rows: int) -> None:
    """Hits per score band below row ``rows`` (borderline ones apart), and a stacked bar
    chart of them, native to the spreadsheet, beside the table."""
    scores = [hit.score for result in screening.flagged for hit in result.hits]
    if not scores:
        return
    bands = score_bands(scores, threshold)
    sheet.append(())
    _heading(sheet, f"Hits per score band, against the threshold {threshold:.2f}")
    _heading(
        sheet, "Score band", "Borderline hits (less than 0.05 above the threshold)", "Other hits"
    )
    first = rows + 3
    for band in bands:
        sheet.append(
            (f"{band.low:.2f}–{band.high:.2f}", band.borderline, band.hits - band.borderline)
        )
    last = first + len(bands)
    chart = BarChart()
    chart.type, chart.grouping, chart.overlap = "col", "stacked", 100
    chart.title = f"Hits per score band (threshold {threshold:.2f})"
    chart.y_axis.title, chart.x_axis.title = "hits", "score"
    chart.add_data(
        Reference(sheet, min_col=2, max_col=3, min_row=first, max_row=last), titles_from_data=True
    )
    chart.set_categories(Reference(sheet, min_col=1, min_row=first + 1, max_row=last))
    chart.width, chart.height = 16, 8
    sheet.add_chart(chart, f"D{first}")


def write_results(book: Workbook, screening: Screening) -> None:
    widths = [WIDTHS.get(h, 16) for h in RESULT_COLUMNS]
    sheet = _sheet(book, "Results", RESULT_COLUMNS, widths)
    rows = 1
    for row in result_rows(screening):
        _append(sheet, row)
        rows += 1
    _filter(sheet, len(RESULT_COLUMNS), rows)


def write_authorities(book: Workbook, matrix: AuthorityMatrix) -> None:
    headers = [
        "Row",
        "Party name",
        *(JURISDICTION_TITLES[j] for j in JURISDICTIONS),
        *(f"{c.jurisdiction}: {c.label}" for c in matrix.columns),
    ]
    widths = [7, 32, *([14] * len(JURISDICTIONS)), *([30] * len(matrix.columns))]
    sheet = _sheet(book, "Authorities", headers, widths)
    for row in matrix.rows:
        _append(
            sheet,
            (row.row, row.party_name, *row.jurisdictions, *(c.describe() for c in row.cells)),
        )
    _filter(sheet, len(headers), len(matrix.rows) + 1)


def write_skipped(book: Workbook, screening: Screening) -> None:
    sheet = _sheet(book, "Skipped rows", ("Row", "Problem"), [7, 80])
    for skipped in screening.skipped:
        _append(sheet, (skipped.row, skipped.problem))


def write_xlsx(screening: Screening, out: Path | IO[bytes], *, meta: ReportMeta) -> None:
    """Write the workbook: Summary, Results, Authorities, Skipped rows."""
    book = Workbook(write_only=True)
    matrix = authority_matrix(screening, meta.list_versions)
    write_summary(book, screening, meta, matrix)
    write_results(book, screening)
    write_authorities(book, matrix)
    write_skipped(book, screening)
    book.save(out)
