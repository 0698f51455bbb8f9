"""Reading the parties a user screens: CSV (any delimiter, common encodings), XLSX, JSON.

Columns are detected from their headers (``name``, ``company name``, ``alias``,
``country``, ``type``, ``birth date``, ``identifiers``, ``id``...) and can be
mapped explicitly (``name=Company Name``). Rows are streamed, so memory stays
flat however long the file is. Unusable rows are reported, never dropped silently.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vet.errors import InputError

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
_PUNCT = re.compile(r"[^a-z0-9 ]+")


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


def _norm_header(text: str) -> str:
    return " ".join(_PUNCT.sub(" ", text.lower().replace("_", " ")).split())


def detect_columns(headers: list[str], mapping: dict[str, str] | None = None) -> dict[str, str]:
    """Field -> header. Explicit ``mapping`` wins; unknown mapped headers are an error."""
    mapping = dict(mapping or {})
    for fld, header in mapping.items():
        if fld not in FIELDS:
            raise InputError(f"--map {fld}=...: unknown field; fields are {', '.join(FIELDS)}")
        if header not in headers:
            raise InputError(
                f"--map {fld}={header}: no column {header!r} (columns: {', '.join(headers)})"
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


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in re.split(r"[;|]", value) if v.strip())


def to_party(row_no: int, record: dict[str, str], columns: dict[str, str]) -> Party | SkippedRow:
    """A Party from one row, or the reason the row cannot be screened."""

    def get(fld: str) -> str:
        header = columns.get(fld)
        value = record.get(header, "") if header else ""
        return "" if value is None else str(value).strip()

    for header, value in record.items():
        if value is not None and len(str(value)) > MAX_FIELD:
            return SkippedRow(row_no, f"column {header!r} is over {MAX_FIELD:,} characters")
    name = get("name")
    if not name:
        if any(str(v or "").strip() for v in record.values()):
            return SkippedRow(row_no, "the name is empty")
        return SkippedRow(row_no, "empty row")
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


def _decode(path: Path, raw: bytes) -> str:
    for encoding in (
        ("utf-8-sig", "utf-16") if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig",)
    ):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path.name}: cannot decode as UTF-8 or Windows-1252 (byte {exc.start})"
        ) from exc


def read_csv(
    path: Path, mapping: dict[str, str] | None = None
) -> tuple[dict[str, str], Iterator[Party | SkippedRow]]:
    raw = path.read_bytes()
    if b"\x00" in raw[:4096] and raw[:2] not in (b"\xff\xfe", b"\xfe\xff"):
        raise InputError(f"{path.name}: binary content, not a CSV file")
    text = _decode(path, raw)
    if not text.strip():
        raise InputError(f"{path.name}: the file is empty")
    sample = text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    csv.field_size_limit(MAX_FIELD * 100)
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    headers = [h.strip() for h in next(reader)]
    columns = detect_columns(headers, mapping)

    def rows() -> Iterator[Party | SkippedRow]:
        try:
            for values in reader:
                row_no = reader.line_num
                if len(values) > len(headers) and any(v.strip() for v in values[len(headers) :]):
                    yield SkippedRow(row_no, f"{len(values)} fields, the header has {len(headers)}")
                    continue
                yield to_party(row_no, dict(zip(headers, values, strict=False)), columns)
        except csv.Error as exc:
            raise InputError(f"{path.name} line {reader.line_num}: malformed CSV ({exc})") from exc

    return columns, rows()


def read_xlsx(
    path: Path, mapping: dict[str, str] | None = None
) -> tuple[dict[str, str], Iterator[Party | SkippedRow]]:
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
        raise InputError(f"{path.name}: the first sheet is empty") from None
    headers = [
        str(h).strip() if h is not None else f"column {i + 1}" for i, h in enumerate(header_row)
    ]
    columns = detect_columns(headers, mapping)

    def rows() -> Iterator[Party | SkippedRow]:
        for row_no, values in enumerate(iterator, start=2):
            record = {h: "" if v is None else str(v) for h, v in zip(headers, values, strict=False)}
            yield to_party(row_no, record, columns)
        book.close()

    return columns, rows()


def read_json(
    path: Path, mapping: dict[str, str] | None = None
) -> tuple[dict[str, str], Iterator[Party | SkippedRow]]:
    text = _decode(path, path.read_bytes()).strip()
    if not text:
        raise InputError(f"{path.name}: the file is empty")
    records: list[tuple[int, Any]]
    if text.startswith("["):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path.name} line {exc.lineno}: not valid JSON ({exc.msg})") from exc
        records = [(i + 1, r) for i, r in enumerate(data)]
    else:
        records = []
        for line_no, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                records.append((line_no, json.loads(line)))
            except json.JSONDecodeError as exc:
                raise InputError(f"{path.name} line {line_no}: not valid JSON ({exc.msg})") from exc
    headers: list[str] = []
    for _, record in records:
        if isinstance(record, dict):
            headers.extend(k for k in record if k not in headers)
    columns = detect_columns(headers, mapping)

    def rows() -> Iterator[Party | SkippedRow]:
        for row_no, record in records:
            if not isinstance(record, dict):
                yield SkippedRow(row_no, "not a JSON object")
                continue
            flat = {
                k: "; ".join(map(str, v)) if isinstance(v, list) else ("" if v is None else str(v))
                for k, v in record.items()
            }
            yield to_party(row_no, flat, columns)

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
