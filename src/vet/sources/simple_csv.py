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
Windows-1252 files are read with a warning.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from vet.errors import ParseError
from vet.sources.base import ParsedList, Source, SourceInfo
from vet.sources.builder import ListBuilder, clean_text
from vet.sources.xmlfile import sniff

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


def read_text(builder: ListBuilder) -> str:
    raw = builder.file.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        builder.warn("not UTF-8; read as Windows-1252")
        return raw.decode("cp1252", errors="replace")


def parse_row(builder: ListBuilder, line: int, row: dict[str, str]) -> None:
    record = clean_text(row.get("id"))
    name = clean_text(row.get("name"))
    if record is None or name is None:
        raise builder.error("id and name are required", line=line)
    schema = clean_text(row.get("schema")) or "LegalEntity"
    if schema not in SCHEMATA:
        raise builder.error(
            f"schema {schema!r} is not one of {', '.join(SCHEMATA)}", line=line, record=record
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
    try:
        text = read_text(builder)
    except OSError as exc:
        raise ParseError(path, f"cannot read: {exc.strerror}") from exc
    if not text.strip():
        raise builder.error("empty file")
    csv.field_size_limit(MAX_FIELD + 1)
    reader = csv.DictReader(io.StringIO(text, newline=""))
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
    try:
        for row in reader:
            line = reader.line_num
            if None in row:
                raise builder.error(
                    f"{len(header) + len(row[None])} fields, header has {len(header)}",
                    line=line,
                )
            if not any((v or "").strip() for v in row.values()):
                continue
            parse_row(builder, line, row)
    except csv.Error as exc:
        raise builder.error(f"malformed CSV ({exc})", line=reader.line_num) from exc
    return builder.result()


def detect(path: Path) -> bool:
    if not path.is_file():
        return False
    first = sniff(path, 1024).lstrip("\ufeff").splitlines()[:1]
    if not first:
        return False
    header = [h.strip().lower() for h in first[0].split(",")]
    return header[:2] == ["id", "name"]


SOURCES = (Source(INFO, parse, detect),)
