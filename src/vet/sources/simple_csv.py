"""vet's simple CSV for lists users keep themselves (e.g. forced-labour allegation lists).

Columns (header row required; ``id`` and ``name`` must be present, the rest optional)::

    id,name,aliases,schema,countries,birth_date,identifiers,program,source_url,notes

Multi-valued cells (``aliases``, ``countries``, ``identifiers``) separate values
with ``;``. ``schema`` is one of Person, Organization, Company, LegalEntity,
Vessel, Airplane (default LegalEntity). ``identifiers`` items are ``TYPE:NUMBER``
(``LEI:5493001KJTIIGC8Y1R12; IMO:9187629``); a bare number is kept as an id
number. Optional extra columns ``authority`` and ``topics`` (FtM topics such as
``forced.labor``, default ``sanction``) are understood; any other column is
reported as a warning and ignored. UTF-8 (with or without BOM) is expected;
UTF-16 (with a BOM, or told by its zero bytes) is read too, and Windows-1252 files
with a warning. An id used twice for different schemata, or a quote left open, is
refused with the line; an id repeated with the same schema merges the rows, with a
warning.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from vet.sources.base import ParsedList, Source, SourceInfo
from vet.sources.builder import ListBuilder, clean_text
from vet.textfile import decode_head

INFO = SourceInfo(
    kind="simple_csv",
    list_name="user_list",
    title="User-kept list (vet simple CSV)",
    publisher="the user",
    jurisdiction="user",
    authority="User list",
    homepage="",
    licence="as stated by whoever compiled the list",
    attribution="",
)

COLUMNS = (
    "id",
    "name",
    "aliases",
    "schema",
    "countries",
    "birth_date",
    "identifiers",
    "program",
    "source_url",
    "notes",
)
EXTRA_COLUMNS = ("authority", "topics")
REQUIRED = ("id", "name")
SCHEMATA = ("Person", "Organization", "Company", "LegalEntity", "Vessel", "Airplane")
MAX_FIELD = 100_000


def split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(";") if v.strip()]


def csv_problem(exc: csv.Error) -> str:
    """What a CSV error means for the person who wrote the file."""
    text = str(exc)
    if "unexpected end of data" in text:
        return "a quote opened in this row is never closed (the file ends inside it)"
    if "field larger than field limit" in text:
        return f"a value over {MAX_FIELD:,} characters in this row"
    return f"malformed CSV ({text})"


def parse_row(
    builder: ListBuilder, line: int, row: dict[str, str], seen: dict[str, tuple[int, str]]
) -> None:
    """One row; ``seen`` (id -> first line and schema) finds an id used twice."""
    record = clean_text(row.get("id"))
    name = clean_text(row.get("name"))
    if record is None or name is None:
        raise builder.error("id and name are required", line=line)
    schema = clean_text(row.get("schema")) or "LegalEntity"
    if schema not in SCHEMATA:
        raise builder.error(
            f"schema {schema!r} is not one of {', '.join(SCHEMATA)}", line=line, record=record
        )
    first_line, first_schema = seen.setdefault(record, (line, schema))
    if first_schema != schema:
        raise builder.error(
            f"id {record!r} is used twice: a {first_schema} on line {first_line} and a "
            f"{schema} here; give each its own id",
            line=line,
            record=record,
        )
    if first_line != line:
        builder.warn(
            f"id {record!r} also on line {first_line}: the rows are merged into one listed party",
            line=line,
        )
    entity = builder.make(schema, record)
    builder.add(entity, "name", name, line=line)
    for alias in split(row.get("aliases")):
        builder.add(entity, "alias", alias, line=line)
    for country in split(row.get("countries")):
        builder.add_country(entity, country, line=line, record=record)
    if row.get("birth_date") and schema == "Person":
        builder.add(entity, "birthDate", row["birth_date"], line=line, record=record)
    for item in split(row.get("identifiers")):
        kind, _, number = item.rpartition(":")
        builder.add_identifier(entity, kind or None, number, line=line, record=record)
    builder.add(entity, "notes", row.get("notes"), line=line)
    builder.add(entity, "sourceUrl", row.get("source_url"), line=line, record=record)
    topics = split(row.get("topics")) or ["sanction"]
    for topic in topics[1:]:
        builder.add(entity, "topics", topic, line=line, record=record)
    builder.sanction(
        entity,
        authority=clean_text(row.get("authority")) or builder.info.authority,
        program=split(row.get("program")),
        source_url=row.get("source_url"),
        record_id=record,
        line=line,
        topic=topics[0],
    )
    builder.emit(entity)


def parse(path: Path) -> ParsedList:
    builder = ListBuilder(INFO, path, prefix="user")
    text = builder.read_text()
    if not text.strip():
        raise builder.error("empty file")
    csv.field_size_limit(MAX_FIELD + 1)
    # strict: a quote left open (to the end of the file) is an error, not a garbage party
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    header = [h.strip().lower() for h in reader.fieldnames or []]
    reader.fieldnames = header
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise builder.error(
            f"missing required column(s) {', '.join(missing)}; expected {','.join(COLUMNS)}", line=1
        )
    for column in header:
        if column not in COLUMNS and column not in EXTRA_COLUMNS:
            builder.warn(f"unknown column {column!r} ignored", line=1)
    seen: dict[str, tuple[int, str]] = {}
    line = reader.line_num + 1  # where the row being read starts
    try:
        for row in reader:
            if None in row:
                raise builder.error(
                    f"{len(header) + len(row[None])} fields, header has {len(header)}",
                    line=line,
                )
            if any((v or "").strip() for v in row.values()):
                parse_row(builder, line, row, seen)
            line = reader.line_num + 1
    except csv.Error as exc:
        raise builder.error(csv_problem(exc), line=line) from exc
    return builder.result()


def detect(path: Path) -> bool:
    if not path.is_file():
        return False
    with open(path, "rb") as handle:
        head = handle.read(2048)
    first = decode_head(head).splitlines()[:1]
    if not first:
        return False
    header = [h.strip().lower() for h in first[0].split(",")]
    return header[:2] == ["id", "name"]


SOURCES = (Source(INFO, parse, detect),)
