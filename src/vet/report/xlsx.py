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
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from vet.report.meta import ReportMeta
from vet.report.rows import (
    RESULT_COLUMNS,
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


def write_summary(book: Workbook, screening: Screening, meta: ReportMeta) -> None:
    counts = count(screening)
    sheet = _sheet(book, "Summary", ("Screening", meta.name), [28, 60])
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
        _append(
            sheet,
            (
                version.list_name,
                version.version,
                fresh.published_text,
                fresh.age_text,
                fresh.warning or "",
            ),
        )


def write_results(book: Workbook, screening: Screening) -> None:
    widths = [WIDTHS.get(h, 16) for h in RESULT_COLUMNS]
    sheet = _sheet(book, "Results", RESULT_COLUMNS, widths)
    rows = 1
    for row in result_rows(screening):
        _append(sheet, row)
        rows += 1
    _filter(sheet, len(RESULT_COLUMNS), rows)


def write_authorities(book: Workbook, screening: Screening, meta: ReportMeta) -> None:
    matrix = authority_matrix(screening, meta.list_versions)
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
    write_summary(book, screening, meta)
    write_results(book, screening)
    write_authorities(book, screening, meta)
    write_skipped(book, screening)
    book.save(out)
