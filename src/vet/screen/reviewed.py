"""Reading a reviewed report back: the Row, Entity ID and Decision of each line.

A reviewed report is vet's own CSV (UTF-8 with a BOM) or XLSX (sheet
``Results``) after a reviewer filled its Decision column, or any CSV/XLSX with
Row, Entity ID and Decision columns (Reviewer and Reason are read too). Cells
vet escaped so a spreadsheet would not run them as formulas (``'=...``) are
read back as written before escaping.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vet.errors import InputError
from vet.screen.xlsx_parties import open_workbook
from vet.textfile import load_text
from vet.vocabulary import DECISIONS

# A spreadsheet runs a cell starting with one of these as a formula; vet prefixes it with '.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# What vet writes in the Decision column for a decision already recorded (``Review.describe``).
RECORDED = re.compile(
    rf"(?P<decision>{'|'.join(DECISIONS)}) by (?P<reviewer>.+?) "
    r"on (?P<day>\d{4}-\d{2}-\d{2})(?: \((?P<reason>.*)\))?"
    r"(?:; the listed record changed since(?: \(.*\))?: review again)?",
    re.DOTALL,
)

# Header (lower case, single spaces) -> field.
COLUMNS = {
    "row": "row",
    "entity id": "entity_id",
    "entityid": "entity_id",
    "entity": "entity_id",
    "decision": "decision",
    "reviewer": "reviewer",
    "reason": "reason",
}
REQUIRED = {"row": "Row", "entity_id": "Entity ID", "decision": "Decision"}


@dataclass(frozen=True)
class Line:
    """One line of a reviewed report: its number in the file and the cells vet reads."""

    number: int
    row: str = ""
    entity_id: str = ""
    decision: str = ""
    reviewer: str = ""
    reason: str = ""


@dataclass(frozen=True)
class ReviewedFile:
    where: str
    """How errors name the file: ``fair.csv`` or ``fair.xlsx sheet 'Results'``."""
    lines: tuple[Line, ...]


def unescape_formula(text: str) -> str:
    """Undo vet's formula escaping: ``'=SUM(1)`` -> ``=SUM(1)``; other text unchanged."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unescape_formula(str(value).strip()).strip()


def _columns(where: str, headers: list[Any]) -> dict[int, str]:
    """Column position -> field for the columns vet reads; InputError if one is missing."""
    found: dict[int, str] = {}
    for i, header in enumerate(headers):
        field = COLUMNS.get(" ".join(_cell(header).lower().replace("_", " ").split()))
        if field is not None and field not in found.values():
            found[i] = field
    missing = [label for field, label in REQUIRED.items() if field not in found.values()]
    if missing:
        shown = ", ".join(_cell(h) for h in headers if _cell(h)) or "none"
        named = " or ".join([", ".join(missing[:-1]), missing[-1]] if missing[:-1] else missing)
        raise InputError(
            f"{where}: no {named} column (columns: {shown}); "
            "a reviewed report needs Row, Entity ID and Decision columns"
        )
    return found


def _line(number: int, columns: dict[int, str], values: tuple[Any, ...] | list[Any]) -> Line:
    cells = {field: _cell(values[i]) for i, field in columns.items() if i < len(values)}
    return Line(number, **cells)


def read_reviewed_csv(path: Path) -> ReviewedFile:
    """Lines of a CSV (any of , ; tab as delimiter), numbered as a text editor shows them."""
    text = load_text(path, "CSV")
    # vet's CSV report opens with "#" lines naming the lists screened; the header follows.
    skipped = 0
    while text.startswith("#"):
        end = text.find("\n")
        text = "" if end < 0 else text[end + 1 :]
        skipped += 1
    if not text.strip():
        raise InputError(f"{path.name}: the file is empty")
    try:
        dialect: Any = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    lines = []
    try:
        columns = _columns(path.name, next(reader))
        start = skipped + reader.line_num + 1
        for values in reader:
            lines.append(_line(start, columns, values))
            start = skipped + reader.line_num + 1
    except csv.Error as exc:
        line = skipped + reader.line_num
        raise InputError(f"{path.name} line {line}: malformed CSV ({exc})") from exc
    return ReviewedFile(path.name, tuple(lines))


def read_reviewed_xlsx(path: Path) -> ReviewedFile:
    """Lines of the ``Results`` sheet (or the first sheet), numbered as the spreadsheet shows."""
    book = open_workbook(path)
    try:
        sheet = book["Results"] if "Results" in book.sheetnames else book.worksheets[0]
        where = f"{path.name} sheet {sheet.title!r}"
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise InputError(f"{where}: the sheet is empty")
        columns = _columns(where, list(header))
        lines = tuple(_line(number, columns, values) for number, values in enumerate(rows, 2))
    finally:
        book.close()
    return ReviewedFile(where, lines)


def read_reviewed(path: Path) -> ReviewedFile:
    """The lines of a reviewed CSV or XLSX report."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return read_reviewed_xlsx(path)
    return read_reviewed_csv(path)
