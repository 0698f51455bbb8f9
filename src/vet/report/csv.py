"""The CSV report: one row per party and hit, for spreadsheets (UTF-8 with BOM for Excel)."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import IO

from vet.report.meta import ReportMeta
from vet.report.rows import RESULT_COLUMNS, escape_row, result_rows
from vet.report.target import text_target
from vet.screen import Screening

COMMENT = "#"
"""Starts each line above the header: the lists screened and how old each was."""
SEPARATORS = re.compile(r'\s*[,;"\t\r\n]+\s*')
"""What would split a comment line into cells or rows (``;`` in European spreadsheets)."""


def comment_lines(meta: ReportMeta) -> list[str]:
    """``# list un_sc version 2: published 2026-02-27 / 280 days old when screened / STALE...``

    Separators, quotes and line breaks become `` / ``, so a spreadsheet shows each
    line whole in its first cell.
    """
    texts = [
        f"list {v.list_name} version {v.version}: " + meta.freshness(v).describe(" when screened")
        for v in meta.list_versions
    ]
    warning = meta.freshness_warning()
    if warning:
        texts.append(warning)
    return [COMMENT + " " + SEPARATORS.sub(" / ", text) for text in texts]


def write_csv(screening: Screening, out: Path | IO[str], *, meta: ReportMeta) -> None:
    """Write one row per party and hit; skipped rows in place, marked "skipped".

    Every cell a spreadsheet would run as a formula is escaped. Above the header,
    lines starting with ``#`` name each list screened with its publication date, its
    age when screened and any stale warning (``vet decisions import`` skips them).
    """
    with text_target(out, bom=True) as stream:
        for line in comment_lines(meta):
            stream.write(line + "\r\n")
        writer = csv.writer(stream)
        writer.writerow(escape_row(RESULT_COLUMNS))
        for row in result_rows(screening, include_skipped=True):
            writer.writerow(escape_row(row))
