"""OFAC's legacy CSV files: the SDN list and the Consolidated (non-SDN) list.

US Treasury's Office of Foreign Assets Control publishes each list as four
headerless CSV files with fixed columns (layout in OFAC's "Consolidated
Sanctions List Data Specification", ``cons_dat_spec.txt``; the SDN files share it):

=================  ====================  ==========================================
SDN                Consolidated          columns
=================  ====================  ==========================================
``sdn.csv``        ``cons_prim.csv``     ent_num, name, type, programs, title, call
                                         sign, vessel type, tonnage, GRT, flag,
                                         vessel owner, remarks
``add.csv``        ``cons_add.csv``      ent_num, add_num, address, city/state/
                                         postal code, country, remarks
``alt.csv``        ``cons_alt.csv``      ent_num, alt_num, type (aka/fka/nka), name,
                                         remarks
``sdn_comments``   ``cons_comments``     ent_num, remarks beyond the 1000th character
=================  ====================  ==========================================

``-0-`` (usually ``-0- ``) means empty; lines end in CRLF and the file in a
Ctrl-Z (0x1A) byte. Programs are written ``SDGT] [IRGC`` (the outer brackets
dropped). The remarks column carries most of the detail as ``;``-separated
labelled items (``DOB 01 Jan 1970; POB ...; Passport X (Country); Linked To: NAME;
a.k.a. 'WEAK ALIAS'``). Weak (low-quality) a.k.a.s appear only there, in single
quotes; ``alt.csv`` holds the strong ones. :mod:`vet.sources.ofac_remarks` turns
those items into FollowTheMoney properties; the XML parsers
(:mod:`vet.sources.ofac_xml`) use it too. This module reads the files and rows.

Official downloads (OFAC's Sanctions List Service; the older
``https://www.treasury.gov/ofac/downloads/sdn.csv`` style addresses redirect there):
``https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN.CSV``
and ``ADD.CSV``, ``ALT.CSV``, ``SDN_COMMENTS.CSV``, ``CONS_PRIM.CSV``,
``CONS_ADD.CSV``, ``CONS_ALT.CSV``, ``CONS_COMMENTS.CSV``.

Licence: a work of the US federal government, in the public domain in the US
(17 U.S.C. §105). Attribution (courtesy): US Department of the Treasury, OFAC.
The files state no publication date.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from followthemoney.proxy import EntityProxy

from vet.errors import ParseError
from vet.sources.base import Download, ParsedList, Source, SourceInfo
from vet.sources.builder import ListBuilder, clean_text, slug
from vet.sources.ofac_remarks import (
    NO_COUNTRY,
    Context,
    Listing,
    add_country,
    apply_detail,
    parse_remarks,
)
from vet.sources.xmlfile import sniff

log = logging.getLogger(__name__)

PREFIX = "ofac"
EXPORTS = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/"
PUBLISHER = "US Department of the Treasury, Office of Foreign Assets Control (OFAC)"
LICENCE = "Public domain in the US (work of the US federal government, 17 U.S.C. §105)"
ATTRIBUTION = "US Department of the Treasury, Office of Foreign Assets Control"

SDN_INFO = SourceInfo(
    kind="ofac_sdn_csv",
    list_name="us_ofac_sdn",
    label="OFAC SDN",
    title="OFAC Specially Designated Nationals and Blocked Persons List (SDN)",
    publisher=PUBLISHER,
    jurisdiction="US",
    authority="US Treasury OFAC",
    homepage="https://ofac.treasury.gov/specially-designated-nationals-and-blocked-persons-list-sdn-human-readable-lists",
    licence=LICENCE,
    attribution=ATTRIBUTION,
    downloads=(
        Download(EXPORTS + "SDN.CSV", "sdn.csv"),
        Download(EXPORTS + "ADD.CSV", "add.csv"),
        Download(EXPORTS + "ALT.CSV", "alt.csv"),
        Download(EXPORTS + "SDN_COMMENTS.CSV", "sdn_comments.csv"),
    ),
    min_entities=6000,
)

CONS_INFO = SourceInfo(
    kind="ofac_cons_csv",
    list_name="us_ofac_cons",
    label="OFAC non-SDN",
    title="OFAC Consolidated Sanctions List (non-SDN lists)",
    publisher=PUBLISHER,
    jurisdiction="US",
    authority="US Treasury OFAC",
    homepage="https://ofac.treasury.gov/consolidated-sanctions-list-non-sdn-lists",
    licence=LICENCE,
    attribution=ATTRIBUTION,
    downloads=(
        Download(EXPORTS + "CONS_PRIM.CSV", "cons_prim.csv"),
        Download(EXPORTS + "CONS_ADD.CSV", "cons_add.csv"),
        Download(EXPORTS + "CONS_ALT.CSV", "cons_alt.csv"),
        Download(EXPORTS + "CONS_COMMENTS.CSV", "cons_comments.csv"),
    ),
    min_entities=300,
)


@dataclass(frozen=True)
class FileSet:
    """The four file names of one legacy CSV set."""

    main: str
    addresses: str
    aliases: str
    comments: str


SDN_FILES = FileSet("sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv")
CONS_FILES = FileSet("cons_prim.csv", "cons_add.csv", "cons_alt.csv", "cons_comments.csv")

MAIN_COLUMNS, ADDRESS_COLUMNS, ALIAS_COLUMNS, COMMENT_COLUMNS = 12, 6, 5, 2
REMARKS_LIMIT = 1000  # OFAC cuts remarks here and continues them in the comments file
EOF_MARK = "\x1a"

# SDN_Type column (legacy CSV) or sdnType element (XML), lower case -> FtM schema.
SCHEMATA: dict[str | None, str] = {
    "individual": "Person",
    "vessel": "Vessel",
    "aircraft": "Airplane",
    "entity": "Organization",
    None: "Organization",  # the CSV writes -0- for entities
}

# alt_type column -> property.
ALIAS_TYPES = {"aka": "alias", "fka": "previousName", "nka": "alias"}

_PRIMARY_ROW = re.compile(r'^\d+,"(?:[^"]|"")*",(?:-0- ?|"[A-Za-z ]+"),')


# -- records -----------------------------------------------------------------------


def cell(value: str | None) -> str | None:
    """A field's text, or ``None`` for OFAC's ``-0-`` (empty)."""
    text = clean_text(value)
    if text is None or text == "-0-":
        return None
    return text


def split_programs(value: str | None) -> list[str]:
    """``SDGT] [IRGC`` (or ``[SDGT] [IRGC]``) -> ``["SDGT", "IRGC"]``."""
    return [p.strip(" []") for p in (value or "").split("] [") if p.strip(" []")]


def schema_for(builder: ListBuilder, sdn_type: str | None, *, record: str) -> str:
    key = sdn_type.lower() if sdn_type else None
    if key in SCHEMATA:
        return SCHEMATA[key]
    builder.warn(f"unknown entry type {sdn_type!r}, read as LegalEntity", record=record)
    return "LegalEntity"


def add_person_name(builder: ListBuilder, entity: EntityProxy, name: str) -> None:
    """OFAC writes ``SURNAME, Given Names``: keep it, and set the parts."""
    last, sep, first = name.partition(", ")
    if sep and entity.schema.name == "Person":
        builder.add(entity, "lastName", last)
        builder.add(entity, "firstName", first)


def add_vessel(
    ctx: Context,
    entity: EntityProxy,
    record: str,
    *,
    call_sign: str | None,
    vessel_type: str | None,
    tonnage: str | None,
    grt: str | None,
    flag: str | None,
    owner: str | None,
) -> None:
    """The vessel columns (or XML ``vesselInfo``)."""
    builder = ctx.builder
    if entity.schema.name != "Vessel":
        facts = [
            ("Call sign", call_sign),
            ("Vessel type", vessel_type),
            ("Tonnage", tonnage),
            ("GRT", grt),
            ("Flag", flag),
            ("Owner", owner),
        ]
        for label, value in facts:
            if value:
                entity.add("notes", f"{label}: {value}")
        return
    builder.add(entity, "callSign", call_sign, record=record)
    builder.add(entity, "type", vessel_type, record=record)
    builder.add(entity, "tonnage", (tonnage or "").replace(",", ""), record=record)
    builder.add(entity, "grossRegisteredTonnage", (grt or "").replace(",", ""), record=record)
    add_country(builder, entity, flag, "flag", record=record)
    if owner:
        owners = ctx.resolve(owner)
        if len(owners) == 1 and entity.id is not None:
            builder.link(entity.id, owners[0], "owner")
        else:
            entity.add("notes", f"Vessel owner: {owner}")


def sanction(
    ctx: Context,
    entity: EntityProxy,
    listing: Listing,
    programs: list[str],
    *,
    record: str,
    line: int | None = None,
) -> EntityProxy:
    """The one Sanction for this listing."""
    builder = ctx.builder
    dates = listing.listing_dates
    entry = builder.sanction(
        entity,
        key=builder.info.list_name,
        program=programs,
        listing_date=dates[0] if dates else None,
        record_id=record,
        line=line,
    )
    for listing_date in dates[1:]:
        builder.add(entry, "listingDate", listing_date, record=record)
    for start in listing.start_dates:
        builder.add(entry, "startDate", start, record=record)
    for provision in listing.provisions:
        builder.add(entry, "provisions", provision, record=record)
    return entry


def parse_entry(
    ctx: Context, line: int, row: list[str], remarks: str | None, *, cut: bool = False
) -> None:
    """One row of ``sdn.csv``/``cons_prim.csv`` with its full remarks.

    ``cut`` says the remarks stop mid-item (no spillover row): the last item is ignored.
    """
    builder = ctx.builder
    ent_num, name = row[0].strip(), cell(row[1])
    if name is None:
        raise builder.error("entry without a name", line=line, record=ent_num)
    schema = schema_for(builder, cell(row[2]), record=ent_num)
    entity = builder.make(schema, ent_num)
    builder.add(entity, "name", name, line=line)
    add_person_name(builder, entity, name)
    title = cell(row[4])
    if title and schema == "Person":
        for position in title.split("; "):
            builder.add(entity, "position", position, line=line)
    elif title:
        entity.add("notes", f"Title: {title}")
    add_vessel(
        ctx,
        entity,
        ent_num,
        call_sign=cell(row[5]),
        vessel_type=cell(row[6]),
        tonnage=cell(row[7]),
        grt=cell(row[8]),
        flag=cell(row[9]),
        owner=cell(row[10]),
    )
    listing = Listing()
    details = parse_remarks(remarks)
    for detail in details[:-1] if cut else details:
        apply_detail(ctx, entity, listing, detail, record=ent_num)
    builder.add(entity, "notes", remarks, line=line)
    sanction(ctx, entity, listing, split_programs(row[3]), record=ent_num, line=line)
    builder.emit(entity)


def parse_address(builder: ListBuilder, entity: EntityProxy, row: list[str], ent_num: str) -> None:
    """One row of ``add.csv``: a full address string and its country."""
    street, city, country, remarks = (cell(v) for v in row[2:6])
    if country and country.lower() in NO_COUNTRY:
        country = None
    parts = [p for p in (street, city, country) if p]
    if not parts:
        return  # OFAC writes an all-empty address row for most entries
    full = ", ".join(parts) + (f" ({remarks})" if remarks else "")
    builder.add(entity, "address", full, record=ent_num)
    add_country(builder, entity, country, "country", record=ent_num)


def parse_alias(builder: ListBuilder, entity: EntityProxy, row: list[str], ent_num: str) -> None:
    """One row of ``alt.csv``."""
    alt_type, name = cell(row[2]), cell(row[3])
    if name is None:
        return
    prop = ALIAS_TYPES.get((alt_type or "").lower())
    if prop is None:
        builder.warn(f"unknown alias type {alt_type!r}, read as a.k.a.", record=ent_num)
        prop = "alias"
    builder.add(entity, prop, name, record=ent_num)


# -- files ---------------------------------------------------------------------------


def file_text(builder: ListBuilder, path: Path) -> str:
    text = builder.read_text(path)
    stripped = text.rstrip()
    if stripped.endswith(EOF_MARK):
        return stripped[:-1]
    if stripped:
        warn_in(builder, path, "no end-of-file mark (0x1A): the file may have been cut short")
    return text


def warn_in(builder: ListBuilder, path: Path, problem: str, line: int | None = None) -> None:
    """A warning about one of the set's files (the builder names only the main file)."""
    place = path.name + (f" line {line}" if line is not None else "")
    builder.warnings.append(f"{place}: {problem}")
    log.debug("%s: %s", place, problem)


def read_rows(builder: ListBuilder, path: Path, columns: int) -> Iterator[tuple[int, list[str]]]:
    """``(line, fields)`` for each record; a row with the wrong column count is a ParseError."""
    reader = csv.reader(io.StringIO(file_text(builder, path), newline=""), strict=True)
    try:
        for row in reader:
            if not row or row == [""]:
                continue
            if len(row) != columns:
                raise ParseError(
                    path, f"expected {columns} columns, found {len(row)}", line=reader.line_num
                )
            if not row[0].strip().isdigit():
                raise ParseError(path, f"ent_num {row[0]!r} is not a number", line=reader.line_num)
            yield reader.line_num, row
    except csv.Error as exc:
        raise ParseError(path, f"malformed CSV: {exc}", line=reader.line_num) from exc


def find(folder: Path, name: str) -> Path | None:
    """``folder/name``, matching the name case-insensitively (OFAC serves ``SDN.CSV``)."""
    if not folder.is_dir():
        return None
    for child in folder.iterdir():
        if child.name.lower() == name and child.is_file():
            return child
    return None


def main_file(path: Path, files: FileSet) -> Path:
    if path.is_dir():
        found = find(path, files.main)
        if found is None:
            raise ParseError(path, f"no {files.main} in this directory")
        return found
    if not path.is_file():
        raise ParseError(path, "no such file")
    return path


def read_comments(builder: ListBuilder, path: Path | None) -> dict[str, str]:
    """ent_num -> remarks continuation (rows for one ent_num joined in order)."""
    comments: dict[str, str] = {}
    if path is None:
        return comments
    builder.files.append(path)
    for _, row in read_rows(builder, path, COMMENT_COLUMNS):
        ent_num, more = row[0].strip(), row[1]
        if cell(more) is not None:
            # the continuation starts mid-word, so it is joined exactly as written
            comments[ent_num] = comments.get(ent_num, "") + more
    return comments


def parse_set(path: Path, info: SourceInfo, files: FileSet) -> ParsedList:
    """Parse a legacy CSV set given its main file or its directory."""
    main = main_file(path, files)
    if main.stat().st_size == 0:
        raise ParseError(main, "empty file")
    builder = ListBuilder(info, main, PREFIX)
    ctx = Context(builder)
    rows = list(read_rows(builder, main, MAIN_COLUMNS))
    if not rows:
        raise builder.error("no records (empty or wrong format?)")
    for _, row in rows:
        ctx.index(cell(row[1]), slug(PREFIX, row[0].strip()))

    folder = main.parent
    comments = read_comments(builder, find(folder, files.comments))
    for line, row in rows:
        ent_num = row[0].strip()
        remarks = None if cell(row[11]) is None else row[11]
        cut = False
        if ent_num in comments:
            remarks = (remarks or "") + comments.pop(ent_num)
        elif remarks is not None and len(remarks) >= REMARKS_LIMIT:
            cut = True
            builder.warn(
                f"remarks stop at {REMARKS_LIMIT} characters and {files.comments} "
                "has no continuation: the last item is ignored",
                line=line,
                record=ent_num,
            )
        parse_entry(ctx, line, row, remarks, cut=cut)
    for ent_num in comments:
        builder.warn(
            f"{files.comments} continues remarks of ent_num {ent_num}, which is not in the list",
            record=ent_num,
        )

    parts = (
        (files.addresses, ADDRESS_COLUMNS, parse_address, "addresses"),
        (files.aliases, ALIAS_COLUMNS, parse_alias, "aliases"),
    )
    for name, columns, parse_row, what in parts:
        sibling = find(folder, name)
        if sibling is None:
            builder.warn(f"{name} not found next to {main.name}: {what} are missing")
            continue
        builder.files.append(sibling)
        for line, row in read_rows(builder, sibling, columns):
            entity = builder.entities.get(slug(PREFIX, row[0].strip()))
            if entity is None:
                warn_in(builder, sibling, f"ent_num {row[0].strip()} is not in {main.name}", line)
                continue
            parse_row(builder, entity, row, row[0].strip())
    return builder.result()


def parse_sdn(path: Path) -> ParsedList:
    """The SDN list: ``sdn.csv`` (or its directory) with ``add/alt/sdn_comments.csv`` beside it."""
    return parse_set(path, SDN_INFO, SDN_FILES)


def parse_cons(path: Path) -> ParsedList:
    """The Consolidated list: ``cons_prim.csv`` (or its directory) with its siblings."""
    return parse_set(path, CONS_INFO, CONS_FILES)


def looks_primary(path: Path) -> bool:
    """The first line has the ent_num, "name", type, "programs" layout."""
    return _PRIMARY_ROW.match(sniff(path, 2048)) is not None


def detect_sdn(path: Path) -> bool:
    if path.is_dir():
        main = find(path, SDN_FILES.main)
        return main is not None and looks_primary(main)
    return not path.name.lower().startswith("cons") and looks_primary(path)


def detect_cons(path: Path) -> bool:
    if path.is_dir():
        main = find(path, CONS_FILES.main)
        return main is not None and looks_primary(main)
    return path.name.lower().startswith("cons_prim") and looks_primary(path)


SOURCES = (
    Source(SDN_INFO, parse_sdn, detect_sdn),
    Source(CONS_INFO, parse_cons, detect_cons),
)
