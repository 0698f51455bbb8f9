"""The CSV report: one row per party and hit, for spreadsheets (UTF-8 with BOM for Excel)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import IO

from vet.report.meta import ReportMeta
from vet.report.rows import RESULT_COLUMNS, escape_row, result_rows
from vet.report.target import text_target
from vet.screen import Screening


def write_csv(screening: Screening, out: Path | IO[str], *, meta: ReportMeta) -> None:
    """Write one row per party and hit; skipped rows in place, marked "skipped".

    Every cell a spreadsheet would run as a formula is escaped. ``meta`` is not
    written: a CSV holds one table (the XLSX report has a summary sheet).
    """
    with text_target(out, bom=True) as stream:
        writer = csv.writer(stream)
        writer.writerow(escape_row(RESULT_COLUMNS))
        for row in result_rows(screening, include_skipped=True):
            writer.writerow(escape_row(row))
