"""Reading official XLSX lists: rows of a sheet, errors with file and row, a cheap format check."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from vet.sources.builder import ListBuilder
from vet.sources.zipfiles import zip_problem


def read_rows(
    builder: ListBuilder, sheet_name: str | None = None
) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """``(row number, cell values)`` of sheet ``sheet_name`` (else the first) of the builder's file.

    A file that is no workbook, or a sheet cut short, raises a :class:`ParseError`
    naming the file and the row where reading stopped; so does an archive that would
    unpack to far more than it holds (a zip bomb), before anything is unpacked.
    """
    if problem := zip_problem(builder.file):
        raise builder.error(problem)
    try:
        book = openpyxl.load_workbook(builder.file, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as exc:
        raise builder.error(f"not a readable XLSX workbook ({exc})") from exc
    try:
        if sheet_name is not None and sheet_name in book.sheetnames:
            sheet = book[sheet_name]
        else:
            sheet = book.worksheets[0]
        line = 0
        try:
            for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield line, values
        except (zipfile.BadZipFile, EOFError, ValueError, OSError, SyntaxError) as exc:
            # zlib and XML errors in a damaged sheet surface as these
            raise builder.error(f"damaged XLSX sheet ({exc})", line=line + 1) from exc
    finally:
        book.close()


def modified(path: Path) -> datetime | None:
    """When the workbook says it was last saved (its document properties), if it says."""
    try:
        book = openpyxl.load_workbook(path, read_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError):
        return None
    try:
        when = book.properties.modified
        return when if isinstance(when, datetime) else None
    finally:
        book.close()


def has_header(path: Path, names: tuple[str, ...], size: int = 16384) -> bool:
    """True when every one of ``names`` is a cell text in the first ``size`` bytes of the
    shared strings or of the first sheet (openpyxl-written files keep strings inline)."""
    try:
        with zipfile.ZipFile(path) as book:
            for member in ("xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"):
                if member not in book.namelist():
                    continue
                with book.open(member) as handle:
                    text = handle.read(size).decode("utf-8", errors="replace")
                if all(f">{name}<" in text for name in names):
                    return True
    except (zipfile.BadZipFile, OSError):
        return False
    return False
