"""Reports of a screening: one writer per format (JSON, CSV, XLSX, HTML).

``write_report(screening, target, fmt, meta)`` writes ``screening`` to a path or
an open stream (text for json/csv/html, binary for xlsx). ``ReportMeta`` holds
what the screening itself does not: its name, time, vet version, list versions.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from vet.errors import InputError
from vet.report.csv import write_csv
from vet.report.html import write_html
from vet.report.json import write_json
from vet.report.meta import ListVersionUsed, ReportMeta
from vet.report.rows import escape_formula
from vet.report.xlsx import write_xlsx
from vet.screen import Screening

FORMATS = ("json", "csv", "xlsx", "html")

_WRITERS: dict[str, Callable[..., None]] = {
    "json": write_json,
    "csv": write_csv,
    "xlsx": write_xlsx,
    "html": write_html,
}
_SUFFIXES = {".json": "json", ".csv": "csv", ".xlsx": "xlsx", ".html": "html", ".htm": "html"}


def format_for(path: Path) -> str | None:
    """The report format a file name asks for (``out.xlsx`` -> ``xlsx``), else None."""
    return _SUFFIXES.get(path.suffix.lower())


def write_report(screening: Screening, target: Path | IO[Any], fmt: str, meta: ReportMeta) -> None:
    """Write ``screening`` as ``fmt`` (one of :data:`FORMATS`) to a path or stream.

    Streams are text for json, csv and html, binary for xlsx; the caller closes them.
    """
    writer = _WRITERS.get(fmt)
    if writer is None:
        raise InputError(f"unknown report format {fmt!r}; formats are {', '.join(FORMATS)}")
    writer(screening, target, meta=meta)


__all__ = [
    "FORMATS",
    "ListVersionUsed",
    "ReportMeta",
    "escape_formula",
    "format_for",
    "write_csv",
    "write_html",
    "write_json",
    "write_report",
    "write_xlsx",
]
