"""UK OFSI Consolidated List of Financial Sanctions Targets ("ConList", 2022 format).

HM Treasury's Office of Financial Sanctions Implementation publishes the list as
CSV and XLSX with the same columns:

- https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.csv
- https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.xlsx

Row 1 is ``Last Updated,<dd/mm/yyyy>``; row 2 the 36-column header (``Name 6``,
``Name 1`` .. ``Name 5``, ``Title``, ... ``Regime``, ``Listed On``, ``Group ID``).
Every other row is one name variant of one designation: the rows of a
designation share a ``Group ID`` and repeat its details, once per combination
of name, address, birth date and regime. ``Name 6`` is the surname (or the
whole name of an entity or ship). Multi-valued cells number their values:
``(1) Germany. (2) Morocco``. ``Other Information`` carries tagged text:
``(UK Sanctions List Ref):RUS0001. (UK Statement of Reasons):... (Gender):Male``.

The CSV is read as UTF-8 (with or without BOM) or else Windows-1252, the two
encodings OFSI has used. In an XLSX, "line" in messages is the sheet row.

Licence: Open Government Licence v3.0. Attribution: "Contains public sector
information licensed under the Open Government Licence v3.0."
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from followthemoney.proxy import EntityProxy

from vet.errors import ParseError
from vet.sources.base import Download, ParsedList, Source, SourceInfo
from vet.sources.builder import ListBuilder, clean_text, slug
from vet.sources.uk_values import (
    NUMBERED,
    add_or_note,
    country_names,
    name_key,
    registration,
    split_numbered,
    uk_date,
)
from vet.sources.xlsxfile import has_header, read_rows
from vet.sources.xmlfile import sniff

INFO = SourceInfo(
    kind="uk_ofsi",
    list_name="uk_ofsi",
    label="OFSI",
    title="UK OFSI Consolidated List of Financial Sanctions Targets",
    publisher="HM Treasury, Office of Financial Sanctions Implementation (OFSI)",
    jurisdiction="UK",
    authority="HM Treasury OFSI",
    homepage="https://www.gov.uk/government/publications/financial-sanctions-consolidated-list-of-targets",
    licence="Open Government Licence v3.0",
    attribution="Contains public sector information licensed under the Open Government "
    "Licence v3.0.",
    downloads=(
        Download(
            "https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.csv",
            "ConList.csv",
        ),
    ),
    # 4,686 designations on 10/04/2025; a file with fewer than 4,000 is cut short.
    min_entities=4000,
)

COLUMNS = (
    "Name 6", "Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Title",
    "Name Non-Latin Script", "Non-Latin Script Type", "Non-Latin Script Language", "DOB",
    "Town of Birth", "Country of Birth", "Nationality", "Passport Number", "Passport Details",
    "National Identification Number", "National Identification Details", "Position",
    "Address 1", "Address 2", "Address 3", "Address 4", "Address 5", "Address 6",
    "Post/Zip Code", "Country", "Other Information", "Group Type", "Alias Type",
    "Alias Quality", "Regime", "Listed On", "UK Sanctions List Date Designated",
    "Last Updated", "Group ID",
)  # fmt: skip
REQUIRED = ("Name 6", "Group Type", "Alias Type", "Regime", "Group ID")
NAME_PARTS = ("Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Name 6")
ADDRESS_PARTS = (
    "Address 1", "Address 2", "Address 3", "Address 4", "Address 5", "Address 6",
    "Post/Zip Code", "Country",
)  # fmt: skip

SCHEMATA = {"individual": "Person", "entity": "Organization", "ship": "Vessel"}
# Alias Type -> name property. "Primary name variation" is another spelling of the name.
ALIAS_TYPES = {
    "primary name": "name",
    "primary name variation": "alias",
    "aka": "alias",
    "fka": "previousName",
}
ALIAS_QUALITIES = {"good quality": "alias", "low quality": "weakAlias"}

# Tags of the "(Tag):value" pieces of Other Information that are understood.
INFO_TAGS = (
    "UK Sanctions List Ref", "UK Statement of Reasons", "UN Ref", "Gender", "Phone number",
    "Website", "Email address", "Type of entity", "Business Reg No", "Parent company",
    "Subsidiaries", "Current owners", "IMO number", "Flag of ship", "Previous flags",
    "Type of ship", "Tonnage of ship", "Length of ship", "Year built",
)  # fmt: skip
_INFO_TAG = re.compile(r"\((" + "|".join(re.escape(t) for t in INFO_TAGS) + r")\):")
# A UK reference (RUS0001, SDi.005) or UN reference (QDi.042), alone or joined by "and".
_REF = r"[A-Z][A-Za-z]{2}\.?\d{3,4}"
_REFS = re.compile(rf"^\s*({_REF}(?:\s*(?:and|,|&)\s*{_REF})*)\.?\s*")
_EXTRA_SANCTIONS = re.compile(
    r"Financial sanctions imposed in addition to an asset freeze:\s*([^.]+)", re.IGNORECASE
)
# UK sanctions list references start with a per-regime code.
REGIME_CODES = {
    "Afghanistan": "AFG", "Belarus": "BEL", "Bosnia and Herzegovina": "BIH",
    "Central African Republic": "CAF", "Chemical Weapons": "CHW",
    "Counter-Terrorism (Domestic)": "CTD", "Counter-Terrorism (International)": "CTI",
    "Cyber": "CYB", "Democratic People's Republic of Korea": "DPR",
    "Democratic Republic of the Congo": "DRC", "Global Anti-Corruption": "GAC",
    "Global Human Rights": "GHR", "Guinea": "GUC", "Guinea-Bissau": "GUB", "Haiti": "HAI",
    "ISIL (Da'esh) and Al-Qaida": "AQD", "Iran": "IRN", "Iran (Nuclear)": "INU", "Iraq": "IRQ",
    "Libya": "LIB", "Mali": "MAL", "Myanmar": "MYA", "Nicaragua": "NIC", "Russia": "RUS",
    "Somalia": "SOM", "South Sudan": "SSU", "Sudan": "SUD", "Syria": "SYR",
    "Venezuela": "VEN", "Yemen": "YEM", "Zimbabwe": "ZIM",
}  # fmt: skip

Row = dict[str, str]
"""One spreadsheet row: column -> text ("" when empty)."""


# -- reading the file ----------------------------------------------------------


def cell_text(value: Any) -> str:
    """A spreadsheet cell as text; dates in the list's own ``dd/mm/yyyy`` spelling."""
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_xlsx(builder: ListBuilder) -> Iterator[tuple[int, list[str]]]:
    for line, values in read_rows(builder, "Data"):
        yield line, [cell_text(v) for v in values]


def read_csv(builder: ListBuilder) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(builder.read_text(), newline=""), strict=True)
    start = 1
    try:
        for cells in reader:
            yield start, [c.strip() for c in cells]
            start = reader.line_num + 1
    except csv.Error as exc:
        raise builder.error(f"malformed CSV ({exc})", line=start) from exc


def read_table(builder: ListBuilder) -> Iterator[tuple[int, list[str]]]:
    try:
        with open(builder.file, "rb") as handle:
            magic = handle.read(4)
    except OSError as exc:
        raise ParseError(builder.file, f"cannot read: {exc.strerror}") from exc
    if not magic:
        raise builder.error("empty file")
    return read_xlsx(builder) if magic.startswith(b"PK") else read_csv(builder)


def read_header(
    builder: ListBuilder, rows: Iterator[tuple[int, list[str]]]
) -> tuple[int, list[str]]:
    """Skip the ``Last Updated`` line (setting ``published``) and check the header."""
    for line, cells in rows:
        if not any(cells):
            continue
        if cells[0].lower() == "last updated":
            when = uk_date(cells[1]) if len(cells) > 1 else None
            if when is not None and len(when) == 10:
                builder.published = date.fromisoformat(when)
            else:
                builder.warn(f"publication date {cells[1:2]} not understood", line=line)
            continue
        header = list(cells)
        while header and not header[-1]:
            header.pop()
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            raise builder.error(
                f"missing required column(s) {', '.join(missing)}; is this the OFSI "
                f"ConList (2022 format)?",
                line=line,
            )
        for column in header:
            if column not in COLUMNS:
                builder.warn(f"unknown column {column!r} ignored", line=line)
        return line, header
    raise builder.error("empty file: no header row")


def read_groups(builder: ListBuilder) -> dict[str, list[tuple[int, Row]]]:
    """The data rows, by Group ID in file order."""
    rows = read_table(builder)
    _, header = read_header(builder, rows)
    groups: dict[str, list[tuple[int, Row]]] = {}
    for line, cells in rows:
        if len(cells) > len(header) and any(cells[len(header) :]):
            raise builder.error(f"{len(cells)} fields, the header has {len(header)}", line=line)
        if not any(cells):
            continue
        if len(cells) < len(header):
            raise builder.error(f"{len(cells)} fields, the header has {len(header)}", line=line)
        row = dict(zip(header, cells, strict=False))
        group = row.get("Group ID", "")
        if not group:
            raise builder.error("row without Group ID", line=line)
        groups.setdefault(group, []).append((line, row))
    return groups


# -- one designation -----------------------------------------------------------


def distinct(rows: list[tuple[int, Row]], column: str) -> list[tuple[int, str]]:
    """Each different non-empty value of ``column``, with the first line it is on."""
    seen: dict[str, int] = {}
    for line, row in rows:
        value = row.get(column, "")
        if value and value not in seen:
            seen[value] = line
    return [(line, value) for value, line in seen.items()]


def distinct_rows(rows: list[tuple[int, Row]], columns: tuple[str, ...]) -> list[tuple[int, Row]]:
    """The first row of each different non-empty combination of ``columns``."""
    seen: dict[tuple[str, ...], tuple[int, Row]] = {}
    for line, row in rows:
        key = tuple(row.get(c, "") for c in columns)
        if any(key) and key not in seen:
            seen[key] = (line, row)
    return list(seen.values())


def full_name(row: Row) -> str | None:
    return clean_text(" ".join(row.get(part, "") for part in NAME_PARTS))


def parse_other_information(text: str) -> tuple[str, dict[str, list[str]]]:
    """Split tagged text into untagged remarks and ``{tag: [values]}``."""
    pieces = _INFO_TAG.split(text)
    tagged: dict[str, list[str]] = {}
    for tag, value in zip(pieces[1::2], pieces[2::2], strict=True):
        value = value.strip()
        if value:
            tagged.setdefault(tag, []).append(value)
    return pieces[0].strip(), tagged


def split_references(text: str) -> tuple[list[str], str]:
    """``INU0082 and SYR0310. Listed under ...`` -> ``([INU0082, SYR0310], "Listed under ...")``."""
    match = _REFS.match(text)
    if match is None:
        return [], text.strip()
    refs = re.findall(_REF, match.group(1))
    return refs, text[match.end() :].strip()


def parse_names(
    builder: ListBuilder, entity: EntityProxy, group: str, rows: list[tuple[int, Row]]
) -> None:
    named = any(row.get("Alias Type", "").lower() == "primary name" for _, row in rows)
    for line, row in rows:
        name = full_name(row)
        alias_type = row.get("Alias Type", "")
        prop = ALIAS_TYPES.get(alias_type.lower())
        if prop is None:
            builder.warn(f"Alias Type {alias_type!r} unknown, read as an alias", line=line)
            prop = "alias"
        quality = row.get("Alias Quality", "")
        if quality and quality.lower() not in ALIAS_QUALITIES:
            builder.warn(f"Alias Quality {quality!r} unknown", line=line)
        if prop == "alias" and ALIAS_QUALITIES.get(quality.lower()) == "weakAlias":
            prop = "weakAlias"
        if not named and name:
            builder.warn("no Primary name row; the first name listed is used", record=group)
            prop, named = "name", True
        builder.add(entity, prop, name, line=line)
        builder.add(entity, "alias", row.get("Name Non-Latin Script"), line=line)


def parse_person(
    builder: ListBuilder, entity: EntityProxy, group: str, rows: list[tuple[int, Row]]
) -> None:
    for line, value in distinct(rows, "Title"):
        for title in split_numbered(value):
            builder.add(entity, "title", title, line=line)
    for line, value in distinct(rows, "DOB"):
        builder.add(entity, "birthDate", uk_date(value) or value, line=line, record=group)
    for line, value in distinct(rows, "Position"):
        for position in split_numbered(value):
            builder.add(entity, "position", position, line=line)
    for line, value in distinct(rows, "Nationality"):
        for country in country_names(value):
            builder.add_country(entity, country, prop="nationality", line=line, record=group)
    for line, row in distinct_rows(rows, ("Town of Birth", "Country of Birth")):
        parse_birth_place(builder, entity, line, row, group)
    for kind, number_col, detail_col in (
        ("Passport", "Passport Number", "Passport Details"),
        (
            "National Identification Number",
            "National Identification Number",
            "National Identification Details",
        ),
    ):
        for line, row in distinct_rows(rows, (number_col, detail_col)):
            numbers = split_numbered(row.get(number_col, ""))
            details = split_numbered(row.get(detail_col, ""))
            for index, number in enumerate(numbers):
                note = details[index] if len(details) == len(numbers) else row.get(detail_col)
                builder.add_identifier(
                    entity, kind, number, note=note or None, line=line, record=group
                )


def parse_birth_place(
    builder: ListBuilder, entity: EntityProxy, line: int, row: Row, group: str
) -> None:
    towns = split_numbered(row.get("Town of Birth", ""))
    countries = split_numbered(row.get("Country of Birth", ""))
    for country in countries:
        for name in country_names(country):
            builder.add_country(entity, name, prop="birthCountry", line=line, record=group)
    if towns and len(towns) == len(countries):
        places = [f"{town}, {country}" for town, country in zip(towns, countries, strict=True)]
    else:
        places = towns or []
    for place in places:
        builder.add(entity, "birthPlace", place, line=line)


def parse_addresses(
    builder: ListBuilder, entity: EntityProxy, group: str, rows: list[tuple[int, Row]]
) -> None:
    seen: set[str] = set()
    for line, row in rows:
        parts = [row.get(part, "") for part in ADDRESS_PARTS]
        address = ", ".join(p for p in parts if p)
        if not address or address in seen:
            continue
        seen.add(address)
        if any(parts[:-1]):  # more than a country
            builder.add(entity, "address", address, line=line)
        for country in country_names(row.get("Country", "")):
            builder.add_country(entity, country, line=line, record=group)


def parse_details(
    builder: ListBuilder,
    entity: EntityProxy,
    group: str,
    line: int,
    tagged: dict[str, list[str]],
) -> None:
    """Contact, registration and ship details from Other Information."""
    for value in tagged.get("Gender", []):
        if entity.schema.get("gender"):
            builder.add(entity, "gender", value.lower(), line=line, record=group)
    for tag, prop in (
        ("Phone number", "phone"),
        ("Email address", "email"),
        ("Website", "website"),
    ):
        for value in tagged.get(tag, []):
            for item in split_numbered(value):
                if entity.schema.get(prop):
                    add_or_note(entity, prop, tag, item)
    for value in tagged.get("Type of entity", []):
        for item in split_numbered(value):
            prop = "legalForm" if entity.schema.get("legalForm") else "notes"
            builder.add(entity, prop, item, line=line)
    for value in tagged.get("Business Reg No", []):
        for item in split_numbered(value):
            kind, number = registration(item)
            note = item if item != number else None
            builder.add_identifier(entity, kind, number, note=note, line=line, record=group)
    if not entity.schema.is_a("Vessel"):
        return
    for value in tagged.get("IMO number", []):
        digits = re.sub(r"\D", "", value)
        builder.add_identifier(
            entity, "IMO number", f"IMO{digits}" if digits else value, line=line, record=group
        )
    for tag, prop in (("Flag of ship", "flag"), ("Previous flags", "pastFlags")):
        for value in tagged.get(tag, []):
            for country in country_names(value):
                builder.add_country(entity, country, prop=prop, line=line, record=group)
    for tag, prop in (
        ("Type of ship", "type"),
        ("Tonnage of ship", "tonnage"),
        ("Year built", "buildDate"),
    ):
        for value in tagged.get(tag, []):
            builder.add(entity, prop, value, line=line, record=group)
    for value in tagged.get("Length of ship", []):
        entity.add("notes", f"Length of ship: {value}")


def related_names(value: str, names: dict[str, set[str]]) -> list[str]:
    """The names in a parent, subsidiary or owner cell: all of it when that is a listed
    name, else its numbered, ``;``- or line-separated parts."""
    if name_key(value) in names:
        return [value]
    if NUMBERED.match(value):
        return split_numbered(value)
    return [part.strip() for part in re.split(r"[;\n]", value) if part.strip()]


def parse_relations(
    builder: ListBuilder,
    entity: EntityProxy,
    group: str,
    tagged: dict[str, list[str]],
    names: dict[str, set[str]],
) -> None:
    """Parent companies, subsidiaries and ship owners: links when listed here, else notes."""
    this = slug(builder.prefix, group)
    for tag, role in (
        ("Parent company", "parent company"),
        ("Subsidiaries", "subsidiary"),
        ("Current owners", "owner"),
    ):
        for value in tagged.get(tag, []):
            unresolved: list[str] = []
            for name in related_names(value, names):
                others = names.get(name_key(name), set()) - {group}
                if len(others) != 1:  # not listed, or more than one party of that name
                    unresolved.append(name)
                    continue
                other = slug(builder.prefix, others.pop())
                if role == "subsidiary":
                    builder.link(other, this, "parent company")
                else:
                    builder.link(this, other, role)
            if unresolved:
                entity.add("notes", f"{tag}: {'; '.join(unresolved)}")


def parse_listings(
    builder: ListBuilder,
    entity: EntityProxy,
    group: str,
    rows: list[tuple[int, Row]],
    tagged: dict[str, list[str]],
) -> None:
    """One Sanction per regime the designation is listed under."""
    refs, ref_notes = split_references(" ".join(tagged.get("UK Sanctions List Ref", [])))
    un_refs, un_notes = split_references(" ".join(tagged.get("UN Ref", [])))
    for note in (ref_notes, un_notes):
        builder.add(entity, "notes", note)
    extra = [m.group(1).strip() for m in _EXTRA_SANCTIONS.finditer(ref_notes)]
    provisions = ["Asset freeze", *extra] if extra else []
    reasons = tagged.get("UK Statement of Reasons", [])
    regimes: dict[str, tuple[int, Row]] = {}
    for line, row in rows:
        regimes.setdefault(row.get("Regime", ""), (line, row))
    for regime, (line, row) in regimes.items():
        code = REGIME_CODES.get(regime)
        own_refs = [r for r in refs if code and r.startswith(code)] or refs
        sanction = builder.sanction(
            entity,
            key=code or slug(regime),
            program=regime or None,
            listing_date=uk_date(row.get("Listed On", "")) or row.get("Listed On"),
            reason=" ".join(reasons) or None,
            record_id=" ".join(own_refs) or None,
            line=line,
        )
        for provision in provisions:
            builder.add(sanction, "provisions", provision, line=line)
        for prop, column in (
            ("startDate", "UK Sanctions List Date Designated"),
            ("modifiedAt", "Last Updated"),
        ):
            value = row.get(column, "")
            builder.add(sanction, prop, uk_date(value) or value, line=line, record=group)
        for un_ref in un_refs:
            sanction.add("unscId", un_ref)
        sanction.add("recordId", group)


def parse_group(
    builder: ListBuilder, group: str, rows: list[tuple[int, Row]], names: dict[str, set[str]]
) -> None:
    line, first = rows[0]
    group_type = first.get("Group Type", "")
    schema = SCHEMATA.get(group_type.lower())
    if schema is None:
        builder.warn(f"Group Type {group_type!r} unknown, read as a legal entity", line=line)
        schema = "LegalEntity"
    entity = builder.make(schema, group)
    parse_names(builder, entity, group, rows)
    if schema == "Person":
        parse_person(builder, entity, group, rows)
    parse_addresses(builder, entity, group, rows)
    remarks, tagged = parse_other_information(first.get("Other Information", ""))
    builder.add(entity, "notes", remarks)
    parse_details(builder, entity, group, line, tagged)
    parse_relations(builder, entity, group, tagged, names)
    parse_listings(builder, entity, group, rows, tagged)
    builder.emit(entity)


def index_names(groups: dict[str, list[tuple[int, Row]]]) -> dict[str, set[str]]:
    """Every name in the file -> the Group IDs that carry it."""
    names: dict[str, set[str]] = {}
    for group, rows in groups.items():
        for _, row in rows:
            name = full_name(row)
            if name:
                names.setdefault(name_key(name), set()).add(group)
    return names


def parse(path: Path) -> ParsedList:
    builder = ListBuilder(INFO, path, prefix="ukofsi")
    groups = read_groups(builder)
    names = index_names(groups)
    for group, rows in groups.items():
        parse_group(builder, group, rows, names)
    return builder.result()


def _csv_has_header(lines: Iterable[str]) -> bool:
    for text in lines:
        cells = [c.strip().strip('"') for c in text.split(",")]
        if "Name 6" in cells and "Group ID" in cells and "Alias Type" in cells:
            return True
    return False


def detect(path: Path) -> bool:
    if not path.is_file():
        return False
    head = sniff(path, 4096)
    if head.startswith("PK"):
        return has_header(path, ("Name 6", "Alias Type", "Group ID"))
    return _csv_has_header(head.lstrip("\ufeff").splitlines()[:2])


SOURCES = (Source(INFO, parse, detect),)
