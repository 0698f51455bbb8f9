"""Party files in CSV: any delimiter (sniffed), rows numbered by the line they start on,
streamed a line at a time."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from itertools import chain
from pathlib import Path
from typing import Any

from vet.errors import InputError
from vet.screen.columns import Party, SkippedRow, detect_columns, to_party, unique_headers
from vet.textfile import (
    MAX_LINE,
    SAMPLE,
    detect_encoding,
    first_char,
    open_text,
    read_lines,
    row_problem,
)

MAX_SPAN = 50
"""Lines one quoted value may run over (an address typed over a few lines is fine)."""
END = "\ud800"
"""A lone high surrogate: decoding with ``surrogateescape`` never yields one."""


def _sniff(path: Path, encoding: str) -> Any:
    with open_text(path, encoding) as handle:
        sample = handle.read(SAMPLE)
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        return csv.excel
    # The sniffer only sees the first rows: a doubled quote further down ("A ""B"" C")
    # must still read as one quote, the standard CSV rule.
    if not dialect.escapechar:
        dialect.doublequote = True
    return dialect


def read_csv(
    path: Path, mapping: dict[str, str] | None = None
) -> tuple[dict[str, str], Iterator[Party | SkippedRow]]:
    encoding = detect_encoding(path, "CSV")
    if not first_char(path, encoding):
        raise InputError(f"{path.name}: the file is empty")
    dialect = _sniff(path, encoding)
    # Larger than any value vet screens, so a long value skips its row (see to_party);
    # a value past it is a quote left open, swallowing the lines after it.
    csv.field_size_limit(MAX_LINE)
    with open_text(path, encoding) as handle:
        reader = csv.reader(read_lines(handle, path.name), dialect)
        try:
            headers = unique_headers(next(reader, []))
        except csv.Error as exc:
            raise InputError(f"{path.name} line 1: malformed CSV ({exc})") from exc
    columns = detect_columns(headers, mapping)
    return columns, _csv_rows(path, encoding, dialect, headers, columns)


def _csv_rows(
    path: Path, encoding: str, dialect: Any, headers: list[str], columns: dict[str, str]
) -> Iterator[Party | SkippedRow]:
    """Rows numbered by the line they start on (the header is line 1)."""
    csv.field_size_limit(MAX_LINE)
    end = 0
    with open_text(path, encoding) as handle:
        # The csv module reads a quote left open to the end of the file as one value,
        # silently: a last line no decoded text can hold shows where the quotes stood.
        lines = chain(read_lines(handle, path.name), [END + "\n"])
        reader = csv.reader(lines, dialect)
        try:
            next(reader, None)
            end = reader.line_num
            for values in reader:
                start, end = end + 1, reader.line_num
                if values == [END]:
                    break
                if values and values[-1].endswith(END + "\n"):
                    raise InputError(
                        f"{path.name} line {start}: a quote opened in this row is never "
                        "closed, so the file breaks off here (a quote left open or a "
                        "truncated file); the rows after it were not read"
                    )
                if end > start and (problem := merged_rows(values, dialect.delimiter, headers)):
                    raise InputError(
                        f"{path.name} line {start}: a quote opened in this row closes only on "
                        f"line {end}; {problem}, read as one value and never screened: "
                        "is a quote left open?"
                    )
                yield _csv_party(start, end, values, headers, columns, encoding)
        except csv.Error as exc:
            if "field limit" in str(exc):
                problem = f"a value over {MAX_LINE:,} characters: is a quote left open?"
            else:
                problem = f"malformed CSV ({exc})"
            raise InputError(f"{path.name} line {end + 1}: {problem}") from exc


def merged_rows(values: list[str], delimiter: str, headers: list[str]) -> str | None:
    """Why a row running over lines holds rows of its own (a stray quote merged them), or None.

    A value over more than :data:`MAX_SPAN` lines, or one whose lines after the first hold
    as many delimiters as a row of the file does (two such lines or more), is taken for
    rows swallowed by a quote; a few lines of an address or a note are not.
    """
    per_row = max(1, len(headers) - 1)
    for value in values:
        if "\n" not in value and "\r" not in value:
            continue
        inner = value.splitlines()[1:]
        if len(inner) >= MAX_SPAN:
            return f"the value runs over {len(inner) + 1} lines"
        if len(headers) > 1:
            rowlike = sum(1 for line in inner if line.count(delimiter) >= per_row)
            if rowlike >= 2:
                return f"{rowlike} of the lines in between look like rows of the file"
    return None


def _csv_party(
    start: int,
    end: int,
    values: list[str],
    headers: list[str],
    columns: dict[str, str],
    encoding: str,
) -> Party | SkippedRow:
    if len(values) > len(headers) and any(v.strip() for v in values[len(headers) :]):
        return SkippedRow(start, f"{len(values)} fields, the header has {len(headers)}")
    if problem := row_problem(zip(headers, values, strict=False), encoding):
        return SkippedRow(start, problem)
    party = to_party(start, dict(zip(headers, values, strict=False)), columns)
    if isinstance(party, Party) and end > start and ("\n" in party.name or "\r" in party.name):
        return SkippedRow(start, f"the name runs over lines {start}-{end}: is a quote left open?")
    return party
