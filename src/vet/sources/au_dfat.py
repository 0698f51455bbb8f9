"""Australia's DFAT Consolidated List (persons and entities under targeted financial
sanctions and travel bans), as DFAT's XLSX.

Official download: https://www.dfat.gov.au/sites/default/files/regulation8_consolidated.xlsx
(linked from the page named in :data:`INFO`). One sheet, a header row, then one row per
name: a listing's rows share a ``Reference`` (``2`` for the primary name, ``2a`` .. ``2z``, ``2aa``
for the others; ``34c1`` in older files) and repeat its details. Two layouts are read,
told apart by their header, not their date:

- **2024 and before** (12 columns; sheet ``Sheet1`` with trailing empty columns):
  ``Reference, Name of Individual or Entity, Type, Name Type, Date of Birth, Place of
  Birth, Citizenship, Address, Additional Information, Listing Information, Committees,
  Control Date``. Name Type is spelt freely (``aka``, ``Aka ``, ``Formerly known as``).
- **2025 on** (19 columns; sheet ``Consolidated List``): the same plus ``Alias Strength``
  (``Strong``/``Weak``), ``IMO Number``, ``Instrument of Designation`` and one
  true/false column per measure (``Targeted Financial Sanction``, ``Travel Ban``,
  ``Arms Embargo``, ``Maritime Restriction``); ``Type`` gains ``Vessel``.

Entity ids are ``au-dfat-<Reference>``: DFAT keeps a listing's number across releases
(2,990 of the 3,015 numbers in both the 2024-11 and the 2026-07 file carry the same
primary name), so two versions can be diffed. ``Committees`` is the regime: a UN
Security Council committee (``1988 (Taliban)``) or an Australian autonomous regime
(``Autonomous (Thematic - Human Rights)``); UN listings in the newer layout start their
Additional Information with the UN reference number (``TAi.002.``), kept as ``unscId``.
The file states no date of its own; the workbook's "modified" property (DFAT's export
time) is taken as the publication date.

Licence: DFAT's copyright page puts its website's material under Creative Commons
Attribution 4.0 International (CC BY 4.0) and asks for the attribution in :data:`INFO`
(read on a mirrored copy of that page; the list itself carries no notice).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from followthemoney import registry
from followthemoney.proxy import EntityProxy

from vet.sources.base import Download, ParsedList, Source, SourceInfo
from vet.sources.builder import ListBuilder, clean_text, parse_date
from vet.sources.xlsxfile import has_header, modified, read_rows
from vet.sources.xmlfile import sniff

INFO = SourceInfo(
    kind="au_dfat",
    list_name="au_dfat",
    label="DFAT Consolidated List",
    title="Australia DFAT Consolidated List",
    publisher="Australian Government, Department of Foreign Affairs and Trade (DFAT)",
    jurisdiction="AU",
    authority="Australia DFAT",
    homepage="https://www.dfat.gov.au/international-relations/security/sanctions/consolidated-list",
    licence="Creative Commons Attribution 4.0 International (CC BY 4.0)",
    attribution="Source: Licensed from the Commonwealth of Australia under a Creative Commons "
    "Attribution 4.0 International Licence. The Commonwealth of Australia does not "
    "necessarily endorse the content of this publication.",
    downloads=(
        Download(
            "https://www.dfat.gov.au/sites/default/files/regulation8_consolidated.xlsx",
            "regulation8_consolidated.xlsx",
        ),
    ),
    # 3,062 listings in Nov 2024, 3,846 in Jul 2026: fewer than 2,500 is a cut-short file.
    min_entities=2500,
)


@dataclass(frozen=True)
class Expected:
    """What a published release holds, counted in the file itself (not by this parser)."""

    rows: int
    listings: int
    people: int
    entities: int
    vessels: int
    human_rights: int


EXPECTED = {
    date(2024, 11, 11): Expected(9553, 3062, 2316, 746, 0, 103),
    date(2026, 7, 23): Expected(11068, 3846, 2543, 1041, 262, 112),
}
"""Releases counted row by row (PROVENANCE.md of the shared data, and bench/allies_counts.py,
which finds the parser gives the same); the bundled 2026 file is checked by a slow test."""

REQUIRED = ("Reference", "Name of Individual or Entity", "Type", "Name Type", "Committees")
COLUMNS = (
    "Reference", "Name of Individual or Entity", "Type", "Name Type", "Alias Strength",
    "Date of Birth", "Place of Birth", "Citizenship", "Address", "Additional Information",
    "Listing Information", "IMO Number", "Committees", "Control Date",
    "Instrument of Designation", "Targeted Financial Sanction", "Travel Ban", "Arms Embargo",
    "Maritime Restriction",
)  # fmt: skip
MEASURES = ("Targeted Financial Sanction", "Travel Ban", "Arms Embargo", "Maritime Restriction")

SCHEMATA = {"individual": "Person", "entity": "Organization", "vessel": "Vessel"}
# Name Type (case and spaces folded) -> name property.
NAME_TYPES = {
    "primary name": "name",
    "alias": "alias",
    "aka": "alias",
    "original script": "alias",
    "formerly known as": "previousName",
    "previously listed as": "previousName",
}
EMPTY = {"na", "n/a", "-", "none"}

_REFERENCE = re.compile(r"^(\d+)([a-z]+\d*)?$", re.IGNORECASE)
_UN_REFERENCE = re.compile(r"^\s*([A-Z]{2}[ie]\.\s?\d{3})\b")
_LISTED_ON = re.compile(r"\bon:?\s+(\d{1,2}\s+[A-Za-z]+\.?\s+\d{4})")
_ENUMERATION = re.compile(r"(?:^|\s)[a-z]\)\s*")
_COUNTRY_SPLIT = re.compile(r"\s*(?:;|/|,|\n|\band\b)\s*")
_PARENTHESES = re.compile(r"\s*\([^)]*\)")

Row = dict[str, Any]


# -- reading the sheet -------------------------------------------------------------


def text(value: Any) -> str | None:
    """A cell as cleaned text; DFAT's ``NA`` counts as empty."""
    cleaned = clean_text(value)
    return None if cleaned is None or cleaned.lower() in EMPTY else cleaned


def read_header(builder: ListBuilder, rows: Iterator[tuple[int, tuple[Any, ...]]]) -> list[str]:
    for line, values in rows:
        header = [clean_text(v) or "" for v in values]
        while header and not header[-1]:
            header.pop()
        if not header:
            continue
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            raise builder.error(
                f"missing required column(s) {', '.join(missing)}; is this DFAT's "
                "Consolidated List?",
                line=line,
            )
        for column in header:
            if column not in COLUMNS:
                builder.warn(f"unknown column {column!r} ignored", line=line)
        return header
    raise builder.error("empty workbook: no header row")


def read_listings(builder: ListBuilder) -> dict[str, list[tuple[int, Row]]]:
    """The name rows, by listing number (the Reference without its letter), in file order."""
    rows = read_rows(builder)
    header = read_header(builder, rows)
    listings: dict[str, list[tuple[int, Row]]] = {}
    for line, values in rows:
        if not any(v is not None and str(v).strip() for v in values):
            continue
        row = dict(zip(header, values, strict=False))
        reference = clean_text(row.get("Reference"))
        if reference is None:
            raise builder.error("row without Reference", line=line)
        match = _REFERENCE.match(reference)
        if match is None:
            raise builder.error(f"Reference {reference!r} is not a number and letters", line=line)
        listings.setdefault(match.group(1), []).append((line, row))
    return listings


# -- values ---------------------------------------------------------------------------


def birth_dates(value: Any) -> list[str]:
    """``30/01/1972``, a date cell, a year, ``Approximately 1963``, ``a) 1966 b) 1960``."""
    if isinstance(value, datetime | date):
        return [value.strftime("%Y-%m-%d")]
    if isinstance(value, int | float):
        return [str(int(value))]
    found = []
    for part in re.split(r"[,;]|\n", _ENUMERATION.sub(",", text(value) or "")):
        part = part.strip()
        years = re.fullmatch(r"(?:approximately\s+)?(\d{4})\s*-\s*(\d{4})", part, re.IGNORECASE)
        if years and 0 <= int(years.group(2)) - int(years.group(1)) <= 20:
            found += [str(y) for y in range(int(years.group(1)), int(years.group(2)) + 1)]
        elif part:
            found.append(parse_date(part) or part)
    return found


def country_names(value: str) -> list[str]:
    """Countries named in a Citizenship or address cell: ``Russia;Ukraine``,
    ``a) Pakistani b) Saudi Arabian``, ``Congo, Democratic Republic of the``."""
    if registry.country.clean(value) is not None:
        return [value]
    bare = _PARENTHESES.sub("", _ENUMERATION.sub(";", value))
    return [p for p in _COUNTRY_SPLIT.split(bare) if p.strip(" .")]


def listing_date(listing: str | None) -> str | None:
    """The first ``on 25 January 2001`` of the Listing Information."""
    match = _LISTED_ON.search(listing or "")
    return parse_date(match.group(1).replace(".", "")) if match else None


# -- one listing ----------------------------------------------------------------------


def parse_names(
    builder: ListBuilder, entity: EntityProxy, rows: list[tuple[int, Row]], ref: str
) -> None:
    for line, row in rows:
        name = text(row.get("Name of Individual or Entity"))
        name_type = (clean_text(row.get("Name Type")) or "").lower()
        prop = NAME_TYPES.get(name_type)
        if prop is None:
            builder.warn(f"Name Type {name_type!r} unknown, read as an alias", line=line)
            prop = "alias"
        if prop == "alias" and (text(row.get("Alias Strength")) or "").lower() == "weak":
            prop = "weakAlias"
        builder.add(entity, prop, name, line=line, record=ref)
    if not entity.get("name"):
        builder.warn("no Primary Name row; the first name listed is used", record=ref)
        first = text(rows[0][1].get("Name of Individual or Entity"))
        builder.add(entity, "name", first, record=ref)


def parse_details(builder: ListBuilder, entity: EntityProxy, line: int, row: Row, ref: str) -> None:
    """Birth, citizenship, address, vessel and free-text details, given on every name row."""
    if entity.schema.is_a("Person"):
        for value in birth_dates(row.get("Date of Birth")):
            builder.add(entity, "birthDate", value, line=line, record=ref)
        builder.add(entity, "birthPlace", text(row.get("Place of Birth")), line=line)
        for country in country_names(text(row.get("Citizenship")) or ""):
            builder.add_country(entity, country, prop="nationality", line=line, record=ref)
    address = text(row.get("Address"))
    if address is not None:
        builder.add(entity, "address", address, line=line)
        last = address.rsplit(",", 1)[-1].strip()
        builder.add(entity, "country", last, line=line, quiet=True)
    imo = text(row.get("IMO Number"))
    if imo is not None and entity.schema.is_a("Vessel"):
        digits = re.sub(r"\D", "", imo)
        builder.add_identifier(
            entity, "IMO number", f"IMO{digits}" if digits else imo, line=line, record=ref
        )
    builder.add(entity, "notes", text(row.get("Additional Information")), line=line)


def parse_sanction(
    builder: ListBuilder, entity: EntityProxy, line: int, row: Row, ref: str
) -> None:
    committee = text(row.get("Committees"))
    listing = text(row.get("Listing Information"))
    sanction = builder.sanction(
        entity,
        program=committee,
        listing_date=listing_date(listing),
        legal_basis=text(row.get("Instrument of Designation")),
        record_id=ref,
        line=line,
    )
    builder.add(sanction, "summary", listing, line=line)
    control = row.get("Control Date")
    if isinstance(control, datetime | date):
        builder.add(sanction, "modifiedAt", control.strftime("%Y-%m-%d"), line=line)
    else:
        builder.add(sanction, "modifiedAt", text(control), line=line, record=ref)
    for measure in MEASURES:
        if row.get(measure) is True:
            builder.add(sanction, "provisions", measure, line=line)
    un_reference = _UN_REFERENCE.match(text(row.get("Additional Information")) or "")
    if un_reference and committee and committee[0].isdigit():
        builder.add(sanction, "unscId", un_reference.group(1).replace(" ", ""), line=line)


def parse_listing(builder: ListBuilder, ref: str, rows: list[tuple[int, Row]]) -> None:
    line, first = rows[0]
    kind = (text(first.get("Type")) or "").lower()
    schema = SCHEMATA.get(kind)
    if schema is None:
        builder.warn(f"Type {kind!r} unknown, read as a legal entity", line=line, record=ref)
        schema = "LegalEntity"
    entity = builder.make(schema, ref)
    parse_names(builder, entity, rows, ref)
    seen: set[tuple[Any, ...]] = set()
    for row_line, row in rows:
        # Aliases repeat the listing's details; read each different set once.
        details = tuple(row.get(c) for c in COLUMNS[5:12])
        if details not in seen:
            seen.add(details)
            parse_details(builder, entity, row_line, row, ref)
    parse_sanction(builder, entity, line, first, ref)
    builder.emit(entity)


def parse(path: Path) -> ParsedList:
    builder = ListBuilder(INFO, path, prefix="au-dfat")
    listings = read_listings(builder)
    for ref, rows in listings.items():
        parse_listing(builder, ref, rows)
    saved = modified(path)
    builder.published = saved.date() if saved else None
    return builder.result()


def detect(path: Path) -> bool:
    if not path.is_file() or not sniff(path, 4).startswith("PK"):
        return False
    return has_header(path, ("Name of Individual or Entity", "Name Type", "Committees"))


SOURCES = (Source(INFO, parse, detect),)
