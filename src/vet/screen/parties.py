"""Reading the parties a user screens: CSV (any delimiter, common encodings), XLSX, JSON.

Columns are detected from their headers (``name``, ``company name``, ``alias``,
``country``, ``type``, ``birth date``, ``identifiers``, ``id``...) and can be
mapped explicitly (``name=Company Name``). Rows are streamed, so memory stays
flat however long the file is: CSV and JSON files are read a line (or a JSON
array item) at a time, after a first pass that chooses the encoding (CSV) or
collects the keys (JSON). Unusable rows are reported, never dropped silently:
each becomes a :class:`SkippedRow` naming the row and the problem.

Encodings: a byte-order mark says UTF-8 or UTF-16 (UTF-16 without one is
recognised by its zero bytes); otherwise UTF-8, unless most non-ASCII bytes of
the file are not UTF-8, in which case it is Windows-1252. A byte that is not
valid in the chosen encoding skips its row, naming the row, column and byte,
instead of being guessed at.
"""

from __future__ import annotations

import codecs
import csv
import json
import logging
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path
from typing import Any, TextIO

from vet.errors import InputError

log = logging.getLogger(__name__)

FIELDS = ("name", "aliases", "country", "schema", "birth_date", "identifiers", "id")

# Header spellings (lower case, punctuation removed) for each field.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": (
        "name",
        "full name",
        "fullname",
        "party",
        "party name",
        "company",
        "company name",
        "organisation",
        "organization",
        "organisation name",
        "organization name",
        "entity",
        "entity name",
        "exhibitor",
        "supplier",
        "supplier name",
        "customer",
        "customer name",
        "legal name",
        "person",
        "vendor",
        "vendor name",
        "counterparty",
    ),
    "aliases": (
        "alias",
        "aliases",
        "aka",
        "other names",
        "alternative names",
        "trading name",
        "trading as",
        "brand",
    ),
    "country": (
        "country",
        "countries",
        "country code",
        "nationality",
        "jurisdiction",
        "country of registration",
        "citizenship",
        "location country",
    ),
    "schema": ("type", "entity type", "party type", "schema", "kind", "category"),
    "birth_date": ("birth date", "date of birth", "dob", "birthdate", "born"),
    "identifiers": (
        "identifier",
        "identifiers",
        "id number",
        "registration number",
        "company number",
        "tax id",
        "vat",
        "lei",
        "imo",
        "passport",
        "passport number",
        "national id",
        "inn",
        "ogrn",
        "duns",
    ),
    "id": (
        "id",
        "own id",
        "reference",
        "ref",
        "customer id",
        "supplier id",
        "record id",
        "party id",
        "exhibitor id",
        "number",
        "no",
    ),
}
SCHEMA_WORDS = {
    "person": "Person",
    "individual": "Person",
    "natural person": "Person",
    "people": "Person",
    "company": "Company",
    "organisation": "Organization",
    "organization": "Organization",
    "entity": "LegalEntity",
    "legal entity": "LegalEntity",
    "business": "Company",
    "vessel": "Vessel",
    "ship": "Vessel",
    "aircraft": "Airplane",
    "airplane": "Airplane",
}
MAX_FIELD = 10_000
"""Characters in one value: a longer value is not a name, and its row is skipped."""
MAX_LINE = 10_000_000
"""Characters in one CSV line or value, or one JSON record: past this the file is refused
rather than read into memory."""
MAX_KEYS = 1_000
"""Distinct keys in a JSON file's records: more means the records are not parties."""
CHUNK = 1 << 18
"""Bytes or characters read at a time."""
SAMPLE = 8192
"""Characters the CSV delimiter is sniffed from."""
SIGNATURES = {
    b"PK\x03\x04": "an XLSX workbook or a ZIP archive; an XLSX file needs the .xlsx extension",
    b"\xd0\xcf\x11\xe0": "an old Excel .xls workbook; save it as .xlsx or CSV",
    b"%PDF": "a PDF document",
}
"""Leading bytes of files people try to screen that are not text."""
ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16",
    "utf-16-be": "UTF-16",
    "cp1252": "Windows-1252",
}
_PUNCT = re.compile(r"[^a-z0-9 ]+")
_SEPARATOR = re.compile(r"[;|]")
_ESCAPED = re.compile("[\udc80-\udcff]")
"""An undecodable byte, as the ``surrogateescape`` error handler keeps it."""
_SURROGATE = re.compile("[\ud800-\udfff]")
_NON_SPACE = re.compile(r"[^ \t\n\r]")


@dataclass(frozen=True)
class Party:
    """One row of the file, as far as screening is concerned."""

    row: int
    name: str
    aliases: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    schema: str | None = None
    birth_date: str | None = None
    identifiers: tuple[str, ...] = ()
    own_id: str | None = None
    input: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SkippedRow:
    row: int
    problem: str


EMPTY_ROW = "empty row"
"""The problem of a row with no values at all: not a party, and not reported."""
NAME_EMPTY = "the name is empty"
_NO_NAME = (EMPTY_ROW, NAME_EMPTY)


def _norm_header(text: str) -> str:
    return " ".join(_PUNCT.sub(" ", text.lower().replace("_", " ")).split())


def detect_columns(headers: list[str], mapping: dict[str, str] | None = None) -> dict[str, str]:
    """Field -> header. Explicit ``mapping`` wins; unknown mapped headers are an error."""
    mapping = dict(mapping or {})
    for fld, header in mapping.items():
        if fld not in FIELDS:
            raise InputError(
                f"unknown field {fld!r} in the mapping; fields are {', '.join(FIELDS)}"
            )
        if header not in headers:
            raise InputError(
                f"{fld} is mapped to a column the file lacks: no column {header!r} "
                f"(columns: {', '.join(headers)})"
            )
    normalised = {_norm_header(h): h for h in headers}
    for fld, synonyms in SYNONYMS.items():
        if fld in mapping:
            continue
        for synonym in synonyms:
            if synonym in normalised and normalised[synonym] not in mapping.values():
                mapping[fld] = normalised[synonym]
                break
    if "name" not in mapping:
        raise InputError(
            f"no name column found among: {', '.join(headers)}; name it with --map name=COLUMN"
        )
    return mapping


def _value_problem(text: str) -> str | None:
    """Why a value cannot be screened or stored, if it cannot."""
    if len(text) > MAX_FIELD:
        return f"is over {MAX_FIELD:,} characters"
    if "\x00" in text:
        return "holds a NUL character (binary data?)"
    if not text.isascii() and _SURROGATE.search(text):
        return "holds an invalid character (a lone UTF-16 surrogate)"
    return None


def _split(value: str) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(v.strip() for v in _SEPARATOR.split(value) if v.strip())


def to_party(row_no: int, record: dict[str, str], columns: dict[str, str]) -> Party | SkippedRow:
    """A Party from one row, or the reason the row cannot be screened."""

    def get(fld: str) -> str:
        header = columns.get(fld)
        value = record.get(header, "") if header else ""
        return "" if value is None else str(value).strip()

    for header, value in record.items():
        if value is None:
            continue
        if problem := _value_problem(str(value)):
            return SkippedRow(row_no, f"column {header!r} {problem}")
    name = get("name")
    if not name:
        if any(str(v or "").strip() for v in record.values()):
            return SkippedRow(row_no, NAME_EMPTY)
        return SkippedRow(row_no, EMPTY_ROW)
    schema_text = get("schema").lower()
    schema = SCHEMA_WORDS.get(schema_text) if schema_text else None
    return Party(
        row=row_no,
        name=name,
        aliases=_split(get("aliases")),
        countries=_split(get("country")),
        schema=schema,
        birth_date=get("birth_date") or None,
        identifiers=_split(get("identifiers")),
        own_id=get("id") or None,
        input={k: "" if v is None else str(v) for k, v in record.items() if k},
    )


def unique_headers(names: list[str]) -> list[str]:
    """Trimmed header names; a repeated one gets its column number, so no column hides another."""
    headers: list[str] = []
    for i, name in enumerate(names):
        header = _ESCAPED.sub("\ufffd", name.strip())
        if header and header in headers:
            header = f"{header} (column {i + 1})"
        headers.append(header)
    return headers


# -- encodings -------------------------------------------------------------------------


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 by its zero bytes: ASCII text has one in every other byte."""
    even, odd = head[0::2], head[1::2]
    if len(head) < 4:
        return None
    if odd.count(0) >= len(odd) / 2 and even.count(0) <= len(even) / 20:
        return "utf-16-le"
    if even.count(0) >= len(even) / 2 and odd.count(0) <= len(odd) / 20:
        return "utf-16-be"
    return None


def _utf8_counts(path: Path) -> tuple[int, int]:
    """Non-ASCII characters of ``path`` that are valid UTF-8, and bytes that are not."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="surrogateescape")
    valid = invalid = 0
    with path.open("rb") as handle:
        while True:
            chunk = handle.read(CHUNK)
            if chunk.isascii() and chunk and not decoder.getstate()[0]:
                continue
            text = decoder.decode(chunk, final=not chunk)
            if not text.isascii():
                escaped = len(_ESCAPED.findall(text)) if _ESCAPED.search(text) else 0
                invalid += escaped
                valid += len(text) - len(text.encode("ascii", "ignore")) - escaped
            if not chunk:
                return valid, invalid


def detect_encoding(path: Path, kind: str = "CSV") -> str:
    """The codec ``path`` is written in; :class:`InputError` for a binary file.

    A byte-order mark decides; then UTF-16 by its zero bytes; then UTF-8 unless
    most non-ASCII bytes are not UTF-8 (a first pass over the file, in chunks),
    in which case Windows-1252, the usual encoding of CSV files saved by Excel.
    """
    with path.open("rb") as handle:
        head = handle.read(4096)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return "utf-16"
    for magic, what in SIGNATURES.items():
        if head.startswith(magic):
            raise InputError(
                f"{path.name}: binary content, not a {kind} file (it looks like {what})"
            )
    if b"\x00" in head:
        if utf16 := _utf16_without_bom(head):
            return utf16
        raise InputError(f"{path.name}: binary content, not a {kind} file")
    valid, invalid = _utf8_counts(path)
    if invalid and invalid >= valid:
        log.info("%s is not UTF-8: reading it as Windows-1252", path.name)
        return "cp1252"
    return "utf-8"


def _open_text(path: Path, encoding: str) -> TextIO:
    # Undecodable bytes become lone surrogates (U+DC80-U+DCFF), so their row can be
    # skipped with the byte named instead of the whole file failing or being guessed at.
    return path.open(encoding=encoding, errors="surrogateescape", newline="")


def _lines(handle: TextIO, name: str) -> Iterator[str]:
    """The lines of ``handle``, refusing one too long to hold before it is read whole."""
    line_no = 0
    while line := handle.readline(MAX_LINE + 1):
        line_no += 1
        if len(line) > MAX_LINE:
            raise InputError(
                f"{name} line {line_no}: over {MAX_LINE:,} characters on one line; "
                "is this a party file?"
            )
        yield line


def _first_char(path: Path, encoding: str) -> str:
    """The first character of the file that is not white space ('' if none)."""
    with _open_text(path, encoding) as handle:
        while chunk := handle.read(SAMPLE):
            if match := _NON_SPACE.search(chunk):
                return match.group()
    return ""


# -- CSV -------------------------------------------------------------------------------


def _sniff(path: Path, encoding: str) -> Any:
    with _open_text(path, encoding) as handle:
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
    if not _first_char(path, encoding):
        raise InputError(f"{path.name}: the file is empty")
    dialect = _sniff(path, encoding)
    # Larger than any value vet screens, so a long value skips its row (see to_party);
    # a value past it is a quote left open, swallowing the lines after it.
    csv.field_size_limit(MAX_LINE)
    with _open_text(path, encoding) as handle:
        reader = csv.reader(_lines(handle, path.name), dialect)
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
    with _open_text(path, encoding) as handle:
        reader = csv.reader(_lines(handle, path.name), dialect)
        try:
            next(reader, None)
            end = reader.line_num
            for values in reader:
                start, end = end + 1, reader.line_num
                yield _csv_party(start, end, values, headers, columns, encoding)
        except csv.Error as exc:
            if "field limit" in str(exc):
                problem = f"a value over {MAX_LINE:,} characters: is a quote left open?"
            else:
                problem = f"malformed CSV ({exc})"
            raise InputError(f"{path.name} line {end + 1}: {problem}") from exc


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
    for header, value in zip(headers, values, strict=False):
        if not value.isascii() and (bad := _ESCAPED.search(value)):
            byte = ord(bad.group()) - 0xDC00
            return SkippedRow(
                start,
                f"column {header!r}: byte 0x{byte:02X} is not valid {ENCODING_NAMES[encoding]}, "
                "the file's encoding; save the file as UTF-8",
            )
    party = to_party(start, dict(zip(headers, values, strict=False)), columns)
    if isinstance(party, Party) and end > start and ("\n" in party.name or "\r" in party.name):
        return SkippedRow(start, f"the name runs over lines {start}-{end}: is a quote left open?")
    return party


# -- XLSX ------------------------------------------------------------------------------


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


def read_xlsx(
    path: Path, mapping: dict[str, str] | None = None
) -> tuple[dict[str, str], Iterator[Party | SkippedRow]]:
    """The first sheet; a formula cell gives the value Excel saved with it."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise InputError(f"{path.name}: not a readable XLSX workbook ({exc})") from exc
    except Exception as exc:  # zipfile.BadZipFile and friends from a damaged file
        raise InputError(f"{path.name}: damaged XLSX file ({type(exc).__name__})") from exc
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
                    if isinstance(party, SkippedRow) and party.problem in _NO_NAME
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
                f"{path.name} row {row_no + 1}: damaged XLSX file ({type(exc).__name__})"
            ) from exc
        finally:
            formulas.close()
            book.close()

    return columns, rows()


# -- JSON ------------------------------------------------------------------------------


class _ArrayItems:
    """The items of a JSON array, decoded from a text stream a chunk at a time."""

    def __init__(self, handle: TextIO, name: str) -> None:
        self.handle, self.name = handle, name
        self.buffer, self.pos, self.line = "", 0, 1
        self.decoder = json.JSONDecoder()

    def _fill(self) -> bool:
        """Read on; False at the end of the file."""
        chunk = self.handle.read(SAMPLE)
        if not chunk:
            return False
        self.buffer = self.buffer[self.pos :] + chunk
        self.pos = 0
        return True

    def _advance(self, to: int) -> None:
        self.line += self.buffer.count("\n", self.pos, to)
        self.pos = to

    def _error(self, problem: str, at: int | None = None) -> InputError:
        line = self.line + self.buffer.count("\n", self.pos, self.pos if at is None else at)
        return InputError(f"{self.name} line {line}: not valid JSON ({problem})")

    def _peek(self) -> str:
        """The next character that is not white space ('' at the end), left unread."""
        while not (match := _NON_SPACE.search(self.buffer, self.pos)):
            self._advance(len(self.buffer))
            if not self._fill():
                return ""
        self._advance(match.start())
        return match.group()

    def _take(self) -> str:
        char = self._peek()
        self.pos += len(char)
        return char

    def _value(self, index: int) -> Any:
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buffer, self.pos)
            except json.JSONDecodeError as exc:
                if len(self.buffer) - self.pos > MAX_LINE:
                    raise InputError(
                        f"{self.name} line {self.line}: item {index} is over "
                        f"{MAX_LINE:,} characters or not valid JSON ({exc.msg})"
                    ) from exc
                if self._fill():
                    continue
                raise self._error(exc.msg, exc.pos) from exc
            # A number at the end of the buffer may go on in the next chunk.
            if end == len(self.buffer) and self._fill():
                continue
            self._advance(end)
            return value

    def __iter__(self) -> Iterator[tuple[int, Any]]:
        """(item number from 1, value)."""
        if self._take() != "[":
            raise self._error("expected '['")
        index = 0
        if self._peek() == "]":
            self._take()
        else:
            while True:
                index += 1
                if not self._peek():
                    raise self._error("the array is not closed")
                yield index, self._value(index)
                separator = self._take()
                if separator == "]":
                    break
                if not separator:
                    raise self._error("the array is not closed")
                if separator != ",":
                    raise self._error("expected ',' or ']' after an item")
        if self._peek():
            raise self._error("extra data after the array")


def _json_records(path: Path, encoding: str, array: bool) -> Iterator[tuple[int, Any]]:
    """(row, value): JSON lines numbered by line, the items of an array from 1."""
    with _open_text(path, encoding) as handle:
        if array:
            yield from _ArrayItems(handle, path.name)
            return
        for line_no, line in enumerate(_lines(handle, path.name), start=1):
            if not line.strip():
                continue
            try:
                yield line_no, json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path.name} line {line_no}: not valid JSON ({exc.msg})") from exc


def _flatten(record: dict[str, Any]) -> dict[str, str]:
    return {
        k: "; ".join(map(str, v)) if isinstance(v, list) else ("" if v is None else str(v))
        for k, v in record.items()
    }


def read_json(
    path: Path, mapping: dict[str, str] | None = None
) -> tuple[dict[str, str], Iterator[Party | SkippedRow]]:
    """A JSON array of objects, or JSON lines (one object per line), streamed either way.

    A first pass checks the file and collects the keys, so a broken record fails
    before any party is screened.
    """
    encoding = detect_encoding(path, "JSON")
    first = _first_char(path, encoding)
    if not first:
        raise InputError(f"{path.name}: the file is empty")
    array = first == "["
    keys: dict[str, None] = {}
    for row_no, record in _json_records(path, encoding, array):
        if isinstance(record, dict):
            keys.update(dict.fromkeys(record))
            if len(keys) > MAX_KEYS:
                raise InputError(
                    f"{path.name} row {row_no}: over {MAX_KEYS:,} different keys; "
                    "each party should be an object with the same keys (name, country...)"
                )
    if not keys:
        raise InputError(f"{path.name}: no JSON object (party) in the file")
    columns = detect_columns(list(keys), mapping)

    def rows() -> Iterator[Party | SkippedRow]:
        for row_no, record in _json_records(path, encoding, array):
            if not isinstance(record, dict):
                yield SkippedRow(row_no, "not a JSON object")
                continue
            yield to_party(row_no, _flatten(record), columns)

    return columns, rows()


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
