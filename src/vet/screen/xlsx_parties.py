"""Party files in XLSX: the first sheet, read-only and streamed; formulas are refused."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from datetime import datetime, time
from pathlib import Path
from typing import Any

from vet.errors import InputError
from vet.screen.columns import NO_NAME, Party, SkippedRow, detect_columns, to_party, unique_headers
from vet.sources.zipfiles import zip_problem


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime) and value.time() == time(0):
        return value.date().isoformat()
    return str(value)


class _Formulas:
    """The formulas of a workbook's first sheet, read row by row alongside its values.

    Opened only when a row looks empty: a workbook written by a program rather than
    Excel may hold formulas without the value Excel would have saved with them.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.book: Any = None
        self.rows: Iterator[tuple[Any, ...]] = iter(())
        self.row_no = 0
        self.values: tuple[Any, ...] = ()

    def at(self, row_no: int, column: int) -> str | None:
        """The formula in a cell (``=SUM(A1:A3)``), if it holds one."""
        if self.book is None:
            from openpyxl import load_workbook

            self.book = load_workbook(self.path, read_only=True, data_only=False)
            self.rows = self.book.worksheets[0].iter_rows(values_only=True)
        while self.row_no < row_no:
            self.values = next(self.rows, ())
            self.row_no += 1
        value = self.values[column] if column < len(self.values) else None
        return value if isinstance(value, str) and value.startswith("=") else None

    def close(self) -> None:
        if self.book is not None:
            self.book.close()


def open_workbook(path: Path) -> Any:
    """The workbook at ``path``, read-only, once its zip has passed the zip-bomb checks."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    if problem := zip_problem(path):
        raise InputError(f"{path.name}: {problem}")
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise InputError(f"{path.name}: not a readable XLSX workbook ({exc})") from exc
    except Exception as exc:  # zipfile.BadZipFile and friends from a damaged file
        raise InputError(
            f"{path.name}: damaged or truncated XLSX file ({type(exc).__name__})"
        ) from exc


def read_xlsx(
    path: Path, mapping: dict[str, str] | None = None
) -> tuple[dict[str, str], Iterator[Party | SkippedRow]]:
    """The first sheet; a formula cell gives the value Excel saved with it."""
    book = open_workbook(path)
    sheet = book.worksheets[0]
    iterator = sheet.iter_rows(values_only=True)
    try:
        header_row = next(iterator)
    except StopIteration:
        book.close()
        raise InputError(f"{path.name}: the first sheet is empty") from None
    headers = unique_headers(
        [f"column {i + 1}" if h is None else str(h) for i, h in enumerate(header_row)]
    )
    columns = detect_columns(headers, mapping)
    name_column = headers.index(columns["name"])

    def rows() -> Iterator[Party | SkippedRow]:
        formulas = _Formulas(path)
        row_no = 1
        try:
            for row_no, values in enumerate(iterator, start=2):
                record = {h: _cell_text(v) for h, v in zip(headers, values, strict=False)}
                party = to_party(row_no, record, columns)
                formula = (
                    formulas.at(row_no, name_column)
                    if isinstance(party, SkippedRow) and party.problem in NO_NAME
                    else None
                )
                if formula:
                    party = SkippedRow(
                        row_no,
                        f"the name is a formula ({formula[:60]}) saved without its value; "
                        "open and save the file in Excel, or paste the values",
                    )
                yield party
        except (OSError, ValueError, KeyError, zipfile.BadZipFile, SyntaxError) as exc:
            # SyntaxError: the XML parsers' errors derive from it.
            raise InputError(
                f"{path.name} row {row_no + 1}: damaged or truncated XLSX file "
                f"({type(exc).__name__})"
            ) from exc
        finally:
            formulas.close()
            book.close()

    return columns, rows()
