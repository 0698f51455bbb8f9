"""Reading the parties a user screens: CSV (any delimiter, common encodings), XLSX, JSON.

Columns are detected from their headers (``name``, ``company name``, ``alias``,
``country``, ``type``, ``birth date``, ``identifiers``, ``id``...) and can be
mapped explicitly (``name=Company Name``). Rows are streamed, so memory stays
flat however long the file is: CSV and JSON files are read a line (or a JSON
array item) at a time, after a first pass that chooses the encoding (CSV) or
collects the keys (JSON). Unusable rows are reported, never dropped silently:
each becomes a :class:`SkippedRow` naming the row and the problem.

Encodings follow the rule of :mod:`vet.textfile`, shared by every text file vet
reads; a byte that is not valid in the chosen encoding, or a NUL, skips its row,
naming the row, column and byte, instead of being guessed at.

This module chooses the reader by the file's extension; the parts live beside it:
:mod:`~vet.screen.columns` (fields, header synonyms, a row to a party),
:mod:`vet.textfile` (encodings and lines), and one reader per format
(:mod:`~vet.screen.csv_parties`, :mod:`~vet.screen.xlsx_parties`,
:mod:`~vet.screen.json_parties`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from vet.errors import InputError
from vet.screen.columns import (
    EMPTY_ROW,
    FIELDS,
    MAX_FIELD,
    NAME_EMPTY,
    SCHEMA_WORDS,
    SYNONYMS,
    Party,
    SkippedRow,
    detect_columns,
    to_party,
    unique_headers,
)
from vet.screen.csv_parties import read_csv
from vet.screen.json_parties import read_json
from vet.screen.xlsx_parties import read_xlsx
from vet.textfile import MAX_LINE, detect_encoding

__all__ = [
    "EMPTY_ROW",
    "FIELDS",
    "MAX_FIELD",
    "MAX_LINE",
    "NAME_EMPTY",
    "SCHEMA_WORDS",
    "SYNONYMS",
    "Party",
    "SkippedRow",
    "detect_columns",
    "detect_encoding",
    "estimate_rows",
    "read_csv",
    "read_json",
    "read_parties",
    "read_xlsx",
    "to_party",
    "unique_headers",
]


def read_parties(
    path: Path, mapping: dict[str, str] | None = None
) -> tuple[dict[str, str], Iterator[Party | SkippedRow]]:
    """Detected columns and a stream of parties (or skipped rows) from ``path``."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path, mapping)
    if suffix in (".json", ".jsonl", ".ndjson"):
        return read_json(path, mapping)
    return read_csv(path, mapping)


def estimate_rows(path: Path) -> int | None:
    """About how many rows ``path`` holds (lines for CSV and JSON lines), for a progress bar."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm", ".json"):
        return None
    lines = 0
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            lines += chunk.count(b"\n")
    return max(lines - (0 if suffix in (".jsonl", ".ndjson") else 1), 0)
