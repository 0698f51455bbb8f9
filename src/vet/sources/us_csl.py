"""The US Consolidated Screening List (CSL): thirteen export-control and sanctions lists in one CSV.

The International Trade Administration (trade.gov) merges lists of the Departments
of Commerce (BIS: Entity List, Denied Persons, Unverified, Military End User),
State (ITAR Debarred, Nonproliferation Sanctions) and the Treasury (OFAC: SDN and
the non-SDN lists) into ``consolidated.csv``. One header row names 29 columns
(``_id, source, entity_number, type, programs, name, ... , ids``); multi-valued
cells separate values with ``;``; each row carries its own ``source`` list, so
one file yields listings by three agencies. Official download:
https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv

How rows become entities:

- One entity per ``_id`` (``csl-<_id>``). A Treasury party on several OFAC lists
  (SDN and SSI and CAPTA ...) has one row per list with the same ``_id`` (its OFAC
  ent_num); those rows merge into one entity with one Sanction per list. Rows of
  BIS and State lists carry a content hash as ``_id`` (40 hex digits in 2022, 56
  in 2025), so those ids change when trade.gov changes a record or its hashing.
  The same party listed at two addresses is two rows with two ``_id``\\s, and
  stays two entities, as the list has it.
- Each Sanction has the row's agency as authority, the list's title plus the
  ``programs`` column as program, and the short list code (``EL``, ``SDN``,
  ``CAPTA`` ...) as programId; see :data:`LISTS`. Topics: ``export.control`` for
  BIS lists, ``debarment`` for ITAR Debarred, ``sanction`` for the rest.
- ``type`` gives Person, Organization, Vessel or Airplane. BIS and State rows
  have no type: they become Company when the name has a legal form, Person when
  the address is a prison (Denied Persons), else LegalEntity.
- Names: BIS writes aliases as an English list (``A; B; and C``), sometimes
  joins two in one cell (``X Co., Ltd., and Sense Time``), and puts ``a.k.a.``/
  ``f.k.a.`` names, scope clauses (``and any successor, sub-unit, or subsidiary
  thereof``) and parents (``CETC 13.  Subordinate Institution - Envoltek``,
  ``(Parent Organization: X)``) into names. These are split out; a parent named
  exactly as another listed party becomes an Ownership (an affiliate an
  UnknownLink), otherwise the text stays in the notes.
- The export lost non-ASCII punctuation as ``?`` (``People?s Republic``,
  ``Xi?an``, ``?Gazprom Promgaz?``) and a few accents were decoded with the
  wrong code page (``A‚roport``, ``Delegaci¢n``). Both are repaired in names,
  aliases and addresses, with one summary warning each.
- ``ids`` items are ``[COUNTRY, ][EXPIRES, ISSUED, ]NUMBER, TYPE`` in 2022 and
  ``TYPE, NUMBER[, COUNTRY]`` in 2025; both are read, and the OFAC labels in them
  (Gender, Website, Secondary sanctions risk ...) go through the OFAC parser's
  :func:`~vet.sources.ofac_remarks.apply_detail`, as do Treasury rows' remarks
  (``Linked To:`` links).

Publication date: the file states none. The newest ``start_date`` is not used:
Treasury rows have no start dates, so it can lag the real date by years (the
2025 excerpt's newest is 2023-07-19). ``published`` stays ``None``; a bundled copy
takes its date from the bundle manifest and a download is dated by its import.

Licence: works of the US federal government, in the public domain in the US
(17 U.S.C. §105). Attribution (courtesy): International Trade Administration,
US Department of Commerce, Consolidated Screening List.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from followthemoney import registry
from followthemoney.proxy import EntityProxy

from vet.sources import ofac_csv, ofac_remarks
from vet.sources.base import Download, ParsedList, Source, SourceInfo
from vet.sources.builder import EARLIEST_YEAR, ListBuilder, clean_text, slug
from vet.sources.ofac_remarks import Detail, Listing
from vet.sources.xmlfile import sniff

PREFIX = "csl"
DOWNLOAD_URL = "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv"

INFO = SourceInfo(
    kind="us_csl",
    list_name="us_csl",
    label="CSL",
    title="US Consolidated Screening List (CSL)",
    publisher="US Department of Commerce, International Trade Administration (trade.gov)",
    jurisdiction="US",
    authority="US Government (Consolidated Screening List)",
    homepage="https://www.trade.gov/consolidated-screening-list",
    licence="Public domain in the US (work of the US federal government, 17 U.S.C. §105)",
    attribution="International Trade Administration, US Department of Commerce: "
    "Consolidated Screening List",
    downloads=(Download(DOWNLOAD_URL, "consolidated.csv"),),
    min_entities=10_000,
)

COLUMNS = (
    "_id", "source", "entity_number", "type", "programs", "name", "title", "addresses",
    "federal_register_notice", "start_date", "end_date", "standard_order",
    "license_requirement", "license_policy", "call_sign", "vessel_type", "gross_tonnage",
    "gross_registered_tonnage", "vessel_flag", "vessel_owner", "remarks", "source_list_url",
    "alt_names", "citizenships", "dates_of_birth", "nationalities", "places_of_birth",
    "source_information_url", "ids",
)  # fmt: skip
# Without these a row cannot be read as a listed party; others missing only lose detail.
REQUIRED = ("_id", "source", "type", "name", "programs", "alt_names", "addresses", "ids")
# Cells that hold names or places, where the export's lost characters are repaired.
TEXT_COLUMNS = ("name", "alt_names", "addresses", "title", "places_of_birth", "vessel_owner")


@dataclass(frozen=True)
class UsList:
    """One of the lists the CSL merges."""

    code: str
    title: str
    authority: str
    topic: str
    page: str = INFO.homepage
    """The publisher's page of the list: what a source link shows instead of a short
    link (trade.gov writes bit.ly links in ``source_list_url`` and
    ``source_information_url``)."""


BIS, OFAC, STATE = "US Commerce BIS", "US Treasury OFAC", "US State Department"
BIS_LISTS = "https://www.bis.doc.gov/index.php/policy-guidance/lists-of-parties-of-concern/"
OFAC_NON_SDN = "https://ofac.treasury.gov/consolidated-sanctions-list-non-sdn-lists"
SHORTENERS = frozenset({"bit.ly", "goo.gl", "tinyurl.com", "ow.ly", "t.co", "go.usa.gov"})
"""Hosts of short links: they say nothing of where they lead, and may lead anywhere."""

# Keyed by the code in brackets in the ``source`` column, as trade.gov writes it.
LISTS: dict[str, UsList] = {
    "EL": UsList("EL", "Entity List", BIS, "export.control", BIS_LISTS + "entity-list"),
    "MEU": UsList(
        "MEU",
        "Military End User List",
        BIS,
        "export.control",
        BIS_LISTS + "military-end-user-meu-list",
    ),
    "UVL": UsList("UVL", "Unverified List", BIS, "export.control", BIS_LISTS + "unverified-list"),
    "DPL": UsList(
        "DPL", "Denied Persons List", BIS, "export.control", BIS_LISTS + "denied-persons-list"
    ),
    "DTC": UsList("DTC", "ITAR Debarred List", STATE, "debarment", "https://www.pmddtc.state.gov/"),
    "ISN": UsList(
        "ISN",
        "Nonproliferation Sanctions",
        STATE,
        "sanction",
        "https://www.state.gov/key-topics-bureau-of-international-security-and-nonproliferation/"
        "nonproliferation-sanctions/",
    ),
    "SDN": UsList(
        "SDN",
        "Specially Designated Nationals List",
        OFAC,
        "sanction",
        "https://ofac.treasury.gov/specially-designated-nationals-and-blocked-persons-list-sdn-"
        "human-readable-lists",
    ),
    "SSI": UsList("SSI", "Sectoral Sanctions Identifications List", OFAC, "sanction", OFAC_NON_SDN),
    "FSE": UsList("FSE", "Foreign Sanctions Evaders List", OFAC, "sanction", OFAC_NON_SDN),
    "PLC": UsList("PLC", "Palestinian Legislative Council List", OFAC, "sanction", OFAC_NON_SDN),
    "CAP": UsList(
        "CAPTA",
        "Correspondent Account or Payable-Through Account Sanctions (CAPTA) List",
        OFAC,
        "sanction",
        OFAC_NON_SDN,
    ),
    "NS-MBS List": UsList(
        "NS-MBS", "Non-SDN Menu-Based Sanctions List", OFAC, "sanction", OFAC_NON_SDN
    ),
    "CMIC": UsList(
        "CMIC",
        "Non-SDN Chinese Military-Industrial Complex Companies List",
        OFAC,
        "sanction",
        OFAC_NON_SDN,
    ),
}
# Agency as named after the `` - `` in ``source``, for lists not in LISTS.
AGENCIES = {
    "bureau of industry and security": (BIS, "export.control"),
    "treasury department": (OFAC, "sanction"),
    "state department": (STATE, "sanction"),
}

# ``type`` column -> schema; an empty type is decided by :func:`untyped_schema`.
TYPES = {
    "individual": "Person",
    "entity": "Organization",
    "vessel": "Vessel",
    "aircraft": "Airplane",
}

# Legal forms that mark a company name (compared upper case, dots removed); the
# dotted ones only count with their dots, since "CO" or "SA" may be part of a name.
LEGAL_FORMS = frozenset({
    "LLC", "LTD", "LIMITED", "INC", "INCORPORATED", "CORP", "CORPORATION", "COMPANY",
    "GMBH", "SARL", "SRL", "PLC", "LLP", "JSC", "OJSC", "PJSC", "CJSC", "OOO", "ZAO", "OAO",
    "PAO", "PTE", "PVT", "PTY", "FZE", "FZCO", "FZC", "FZ-LLC", "DMCC", "BHD", "LTDA",
})  # fmt: skip
DOTTED_FORMS = frozenset({"CO.", "S.A.", "S.L.", "B.V.", "N.V.", "A.G.", "S.P.A.", "A.S."})
_TOKEN = re.compile(r"[A-Za-z][A-Za-z.\-]*")
# Denied Persons are often listed at their prison: only people are.
_PRISON = re.compile(
    r"\b(?:INMATE|INCARCERATED|CORRECTIONAL|PENITENTIARY|PRISONS?|USM NO|"
    r"FEDERAL MEDICAL CENTER)\b",
    re.IGNORECASE,
)

_SOURCE = re.compile(r"^(?P<title>.*?)\s*\((?P<code>[^()]+)\)\s*(?:List\s*)?-\s*(?P<agency>.+)$")
_SPLIT = re.compile(r"\s*;\s*")
_AND_PREFIX = re.compile(r"^(?:-\s*|and\s+)+", re.IGNORECASE)
_AND_JOIN = re.compile(r",\s+and\s+", re.IGNORECASE)
_AKA = re.compile(r"\s*,?\s*(\()?\b([afn])\.k\.a\.?,?\s*", re.IGNORECASE)
_SCOPE = re.compile(r"[,;]?\s+and\s+(?:any\s+successors?|its\s+sub-?units)\b.*$", re.IGNORECASE)
# Listing text that names a parent: (pattern, relation). "parent" becomes an Ownership.
_PARENTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"^(?P<parent>.+?)\.\s+Subordinate Institution\s*-\s*(?P<child>.+)$", re.I),
        "parent",
    ),
    (
        re.compile(r"^(?P<parent>.+?)\.\s+Affiliated Entity:\s*(?P<child>.+)$", re.I),
        "affiliated entity of",
    ),
    (re.compile(r"^(?P<parent>.+?),\s+and subordinate entity\s+(?P<child>.+)$", re.I), "parent"),
    (re.compile(r"^(?P<child>.+?)\s*\(Parent Organization:\s*(?P<parent>.+)\)$", re.I), "parent"),
    (
        re.compile(r"^(?P<child>.+?)\s*\(a subordinate institute of\s+(?P<parent>.+)\)$", re.I),
        "parent",
    ),
)
_ACRONYM = re.compile(r"\(([^()]+)\)\s*$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")

# The export wrote "?" for characters it could not encode: apostrophes inside words
# ("People?s", "Xi?an", "(CAEP)?s") and quotation marks around names ("?Morye?").
_LOST_APOSTROPHE = re.compile(r"(?<=[A-Za-z)])\?(?=[a-z])|(?<=\b[dl])\?(?=[A-Z])")
_LOST_QUOTES = re.compile(r"(?<![^\s(;])\?([^\s?][^;]*?)\?(?=$|[\s,;.)])")
# ... and dashes: in compound names ("Plant?Feodosia", "SMT?K") and house numbers and
# sectors ("11?12", "G?11/2", "40?C", "1st Floor ? Building").
_LOST_DASH = re.compile(
    r"(?<=[A-Za-z])\?(?=[A-Z])|(?<=[\dA-Z])\?(?=\d)|(?<=\d)\?(?=[A-Z]\b)|(?<=\s)\?(?=\s)"
)
# A few cells hold DOS (code page 437) letters read as Windows-1252 or Mac Roman;
# ftfy does not know that pairing, and would turn "A‚roport" into "A'roport".
_CP437_LETTERS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?<=[A-Za-z])\u201a(?=[a-z\s])"), "é"),  # A‚roport, Santa F‚
    (re.compile(r"(?<=[A-Za-z])¢(?=[a-z])"), "ó"),  # Delegaci¢n
    (re.compile(r"(?<=[A-Za-z])\u201d(?=[a-z])"), "ö"),  # Co”peratief
    (re.compile(r"(?<=[A-Z])Å(?=[a-z])"), "ü"),  # DÅsseldorf
    (re.compile(r"(?<=[a-z])\xa0(?=[,;]|$)"), "á"),  # Panam\xa0,
    (re.compile(r"(?<=\d)§"), "º"),  # 11§.A
)
# ``ids`` labels the OFAC parser does not know, as CSL writes them.
ID_EXTRA_LABELS = {
    "aircraft serial identification": "serialNumber",
    "registration country": "country",
    "other vessel type": "pastTypes",
    "peesa information": "provisions",
}


@dataclass
class Names:
    """What a row's name and alias cells say once the list's annotations are taken out."""

    name: str
    listed_as: str
    names: list[tuple[str, str]] = field(default_factory=list)
    """(property, value) for aliases and previous names."""
    parent: str | None = None
    relation: str | None = None
    scope: str | None = None


@dataclass
class Row:
    """One CSV row, its cells repaired and its list and names worked out."""

    line: int
    cells: dict[str, str]
    listing: UsList
    entity_id: str
    schema: str
    names: Names

    @property
    def record(self) -> str:
        return self.cells["entity_number"] or self.cells["_id"]

    @property
    def treasury(self) -> bool:
        return self.listing.authority == OFAC


@dataclass
class Context:
    """Per-file state: the builder, name indexes and repair counts."""

    builder: ListBuilder
    ofac: ofac_remarks.Context
    """Treasury parties by primary name, for ``Linked To:`` and vessel owners."""
    names: dict[str, set[str]] = field(default_factory=dict)
    acronyms: dict[str, set[str]] = field(default_factory=dict)
    primary: dict[str, str] = field(default_factory=dict)
    lists: dict[str, set[str]] = field(default_factory=dict)
    repairs: Counter[str] = field(default_factory=Counter)
    unknown_sources: set[str] = field(default_factory=set)
    type_last: bool = True
    """Layout of ``ids`` items when an item does not show it (2022: type last)."""

    def index(self, row: Row) -> None:
        key = name_key(row.names.name)
        first = row.entity_id not in self.primary
        self.primary.setdefault(row.entity_id, key)
        self.names.setdefault(key, set()).add(row.entity_id)
        self.lists.setdefault(row.entity_id, set()).add(row.listing.code)
        acronym = _ACRONYM.search(row.names.name)
        if acronym is not None:
            self.acronyms.setdefault(name_key(acronym.group(1)), set()).add(row.entity_id)
        if first and row.treasury:
            self.ofac.index(row.names.name, row.entity_id)

    def resolve(self, name: str, code: str) -> set[str]:
        """Parties named exactly ``name``, or so abbreviated in brackets; same list first.

        Several parties under one exact name are one party listed at several
        addresses; an abbreviation that stands for different names resolves to none.
        """
        key = name_key(name)
        found = self.names.get(key, set())
        if not found:
            found = self.acronyms.get(key, set())
            if len({self.primary[i] for i in found}) > 1:
                return set()
        same_list = {i for i in found if code in self.lists.get(i, set())}
        return same_list or found


def name_key(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip().rstrip(".").upper()


# -- text repair -----------------------------------------------------------------------


def repair(ctx: Context, text: str) -> str:
    """Undo the export's lost characters and code-page slips in a name or address cell."""
    if "?" in text:
        text, count = _LOST_APOSTROPHE.subn("'", text)
        ctx.repairs["apostrophe"] += count
        text, count = _LOST_QUOTES.subn(r'"\1"', text)
        ctx.repairs["quotes"] += count
        text, count = _LOST_DASH.subn("-", text)
        ctx.repairs["dash"] += count
    if not text.isascii():
        for pattern, letter in _CP437_LETTERS:
            text, count = pattern.subn(letter, text)
            ctx.repairs["code page"] += count
    return text


def warn_repairs(ctx: Context) -> None:
    repairs = ctx.repairs
    marks, pages = repairs["apostrophe"] + repairs["quotes"] + repairs["dash"], repairs["code page"]
    if marks:
        ctx.builder.warn(
            f"repaired {marks} characters the export wrote as '?': {repairs['apostrophe']} "
            f"apostrophes (People?s -> People's), {repairs['quotes']} pairs of quotation "
            f"marks and {repairs['dash']} dashes"
        )
    if pages:
        ctx.builder.warn(
            f"repaired {pages} letters decoded with the wrong code page (A‚roport -> Aéroport)"
        )


# -- names -----------------------------------------------------------------------------


def trim(text: str) -> str:
    """Drop list punctuation around a name (``X,``, ``Institute.``); keep ``Ltd.``-style dots."""
    text = text.strip().rstrip(",").strip()
    last = re.search(r"([A-Za-z]+)\.$", text)
    if last is not None and len(last.group(1)) >= 5:
        text = text[:-1]
    return text


def split_aka(text: str, prop: str) -> list[tuple[str, str]]:
    """``X (a.k.a. Y; Z)``, ``X, f.k.a., Y`` -> ``[(prop, X), (alias, Y), (alias, Z)]``."""
    match = _AKA.search(text)
    if match is None:
        return [(prop, trim(text))] if trim(text) else []
    head, tail = text[: match.start()], text[match.end() :]
    if match.group(1) and tail.endswith(")"):
        tail = tail[:-1]
    kind = "previousName" if match.group(2).lower() == "f" else "alias"
    found = [(prop, trim(head))] if trim(head) else []
    for part in _SPLIT.split(tail):
        found.extend(split_aka(part, kind))
    return found


def parse_names(name: str, alt_names: str, *, joins: bool) -> Names:
    """Split a row's name and alias cells; ``joins`` reads ``X, and Y`` as two aliases."""
    listed = re.sub(r"\s+", " ", name).strip()
    text, scope = listed, None
    found_scope = _SCOPE.search(text)
    if found_scope is not None:
        text, scope = text[: found_scope.start()], found_scope.group(0)
        scope = re.sub(r"^[,;]?\s+and\s+", "", scope, flags=re.I)
    parent = relation = None
    for pattern, kind in _PARENTS:
        match = pattern.match(text)
        if match is not None:
            text, parent, relation = match.group("child"), trim(match.group("parent")), kind
            break
    parts = split_aka(text, "name")
    primary = next((value for prop, value in parts if prop == "name"), None) or trim(text)
    names = Names(name=primary, listed_as=listed, parent=parent, relation=relation, scope=scope)
    names.names.extend((p, v) for p, v in parts if p != "name")
    for item in _SPLIT.split(alt_names):
        if joins:
            item = _AND_PREFIX.sub("", item)  # "A; B; and C"
        pieces = _AND_JOIN.split(item) if joins else [item]
        for piece in pieces:
            names.names.extend(split_aka(piece, "alias"))
    return names


def add_names(builder: ListBuilder, entity: EntityProxy, row: Row) -> None:
    names = row.names
    builder.add(entity, "name", names.name, line=row.line)
    if entity.schema.name == "Person" and row.treasury:
        ofac_csv.add_person_name(builder, entity, names.name)
    primary = names.name.upper()
    for prop, value in names.names:
        if value.upper() != primary:
            builder.add(entity, prop, value, line=row.line)
    if names.listed_as != names.name:
        builder.add(entity, "notes", f"Listed as: {names.listed_as}", line=row.line)


# -- entity kinds ------------------------------------------------------------------------


def has_legal_form(name: str) -> bool:
    """True when ``name`` carries a company legal form (LLC, Ltd., GmbH, Co., S.A. ...)."""
    for token in _TOKEN.findall(name):
        upper = token.upper()
        if upper in DOTTED_FORMS or upper.replace(".", "") in LEGAL_FORMS:
            return True
    return False


def untyped_schema(name: str, addresses: str, *, denied: bool = True) -> str:
    """Schema for a party whose list does not say: Company, Person or LegalEntity.

    A legal form makes a Company. A ``denied`` party (Denied Persons List) listed
    at a prison is a Person; other lists name prisons as parties, so not there.
    """
    if has_legal_form(name):
        return "Company"
    if denied and _PRISON.search(addresses):
        return "Person"
    return "LegalEntity"


def schema_for(ctx: Context, cells: dict[str, str], name: str, us_list: UsList, line: int) -> str:
    kind = cells["type"].strip().lower()
    if not kind:
        return untyped_schema(name, cells["addresses"], denied=us_list.code == "DPL")
    schema = TYPES.get(kind)
    if schema is None:
        ctx.builder.warn(
            f"unknown type {cells['type']!r}, read as LegalEntity", line=line, record=cells["_id"]
        )
        return "LegalEntity"
    if schema == "Organization" and has_legal_form(name):
        return "Company"
    return schema


def list_for(ctx: Context, source: str, line: int) -> UsList:
    """The list a row's ``source`` names; an unknown one is read from its agency, with a warning."""
    match = _SOURCE.match(source.strip())
    if match is not None and match.group("code") in LISTS:
        return LISTS[match.group("code")]
    title = match.group("title") if match else source.strip()
    code = match.group("code") if match else slug(source).upper()
    agency = match.group("agency").strip().lower() if match else ""
    authority, topic = AGENCIES.get(agency, (INFO.authority, "sanction"))
    if source not in ctx.unknown_sources:
        ctx.unknown_sources.add(source)
        ctx.builder.warn(
            f"unknown source list {source!r}: read as {authority}, topic {topic}", line=line
        )
    return UsList(code, title or source, authority, topic)


# -- details ------------------------------------------------------------------------------


def add_addresses(builder: ListBuilder, entity: EntityProxy, row: Row) -> None:
    """Each ``;``-separated address in full; its last part is usually an ISO country code."""
    for address in _SPLIT.split(row.cells["addresses"]):
        address = trim(_AND_PREFIX.sub("", address))
        if not address:
            continue
        last = address.rsplit(",", 1)[-1].strip()
        if address != last:
            builder.add(entity, "address", address, line=row.line)
        if _COUNTRY_CODE.match(last) or registry.country.clean(last) is not None:
            builder.add_country(entity, last, line=row.line, record=row.record)


def add_person(ctx: Context, entity: EntityProxy, row: Row) -> None:
    """Birth, nationality and citizenship columns (a country for a non-person)."""
    builder, cells, record = ctx.builder, row.cells, row.record
    person = entity.schema.name == "Person"
    for column, prop in (("citizenships", "citizenship"), ("nationalities", "nationality")):
        for value in _SPLIT.split(cells[column]):
            if value:
                builder.add_country(
                    entity, value, prop=prop if person else "country", line=row.line, record=record
                )
    title = clean_text(cells["title"])
    if title and person:
        builder.add(entity, "position", title, line=row.line)
    elif title:
        builder.add(entity, "notes", f"Title: {title}", line=row.line)
    if not person:
        return
    for value in _SPLIT.split(cells["dates_of_birth"]):
        if value:
            ofac_remarks.add_dates(builder, entity, "birthDate", value, record=record)
    for value in _SPLIT.split(cells["places_of_birth"]):
        builder.add(entity, "birthPlace", value, line=row.line)


def is_label(text: str) -> bool:
    return ofac_remarks.detail_label(text) is not None


def id_detail(ctx: Context, item: str) -> tuple[Detail, str | None] | None:
    """One ``ids`` item as an OFAC :class:`Detail` (plus a note), in either CSL layout."""
    parts = [p.strip() for p in item.split(", ")]
    if len(parts) < 2:
        return None
    if is_label(parts[-1]):
        ctx.type_last = True
    elif is_label(parts[0]):
        ctx.type_last = False
    kind, values = (parts[-1], parts[:-1]) if ctx.type_last else (parts[0], parts[1:])
    label = ofac_remarks.detail_label(kind)
    name = kind.rstrip(":").strip().rstrip("-").strip()
    if label is not None and label not in ofac_remarks.IDENTIFIER_LABELS:
        value = ", ".join(values)
        return Detail(label, name, value, f"{kind} {value}"), None
    country = issued = expires = None
    where = 0 if ctx.type_last else -1
    if len(values) > 1 and _COUNTRY_CODE.match(values[where]):
        country = values.pop(where)
    dates = [v for v in values[:-1] if _ISO_DATE.match(v)]
    values = [v for v in values if v not in dates]
    if ctx.type_last and len(dates) == 2:
        expires, issued = dates  # checked against OFAC's sdn.csv: expiry comes first
        dates = []
    number = ", ".join(values)
    note = None
    if dates:
        note = f"{name} {number}: dated {' and '.join(dates)} (issue or expiry not stated)"
    return Detail(label, name, number, f"{name} {number}", country, issued, expires), note


def add_ids(ctx: Context, entity: EntityProxy, listing: Listing, row: Row) -> None:
    for item in _SPLIT.split(row.cells["ids"]):
        found = id_detail(ctx, item) if item else None
        if found is None or not found[0].value:
            continue
        detail, note = found
        extra = ID_EXTRA_LABELS.get(detail.kind.lower())
        if extra == "provisions":
            listing.provisions.append(detail.text)
        elif extra is not None:
            if entity.schema.get(extra) is not None:
                ctx.builder.add(entity, extra, detail.value, line=row.line, record=row.record)
        elif detail.label in ofac_remarks.NOTE_LABELS:
            ctx.builder.add(entity, "notes", detail.text, line=row.line)
        else:
            ofac_remarks.apply_detail(
                ctx.ofac, entity, listing, detail, record=row.record, structured=True
            )
        ctx.builder.add(entity, "notes", note, line=row.line)


def list_date(ctx: Context, row: Row, column: str) -> str | None:
    """A ``start_date``/``end_date`` cell, dropping (with a warning) years such as ``0097``."""
    value = row.cells[column]
    if _ISO_DATE.match(value) and int(value[:4]) < EARLIEST_YEAR:
        # trade.gov lost the century ("0097-06-30"); the builder cannot take such years
        ctx.builder.warn(
            f"{column} {value!r} is out of range, dropped", line=row.line, record=row.record
        )
        return None
    return value or None


def source_urls(us_list: UsList, *urls: str) -> list[str]:
    """The row's links to its source, short links replaced by the list's page, once each."""
    found: list[str] = []
    for url in urls:
        if not url:
            continue
        host = urlsplit(url.strip()).hostname or ""
        official = us_list.page if host.removeprefix("www.") in SHORTENERS else url.strip()
        if official not in found:
            found.append(official)
    return found


def add_sanction(ctx: Context, entity: EntityProxy, listing: Listing, row: Row) -> None:
    """The row's one listing: its list, agency, programs, dates and legal basis."""
    builder, cells, us_list = ctx.builder, row.cells, row.listing
    programs = [p for p in _SPLIT.split(cells["programs"]) if p]
    sources = source_urls(us_list, cells["source_information_url"], cells["source_list_url"])
    entry = builder.sanction(
        entity,
        key=us_list.code,
        authority=us_list.authority,
        program=[us_list.title, *programs],
        listing_date=list_date(ctx, row, "start_date"),
        legal_basis=cells["federal_register_notice"],
        source_url=sources[0] if sources else None,
        record_id=row.record,
        line=row.line,
        topic=us_list.topic,
    )
    builder.add(entry, "programId", us_list.code, line=row.line)
    for url in sources[1:]:
        builder.add(entry, "sourceUrl", url, line=row.line, quiet=True)
    builder.add(entry, "endDate", list_date(ctx, row, "end_date"), line=row.line, record=row.record)
    for listed in listing.listing_dates:
        builder.add(entry, "listingDate", listed, line=row.line, record=row.record)
    for start in listing.start_dates:
        builder.add(entry, "startDate", start, line=row.line, record=row.record)
    provisions = [
        f"License requirement: {cells['license_requirement']}"
        if cells["license_requirement"]
        else "",
        f"License policy: {cells['license_policy']}" if cells["license_policy"] else "",
        f"Standard order: {cells['standard_order']}" if cells["standard_order"] else "",
        f"The listing includes {row.names.scope}" if row.names.scope else "",
        *listing.provisions,
    ]
    for provision in provisions:
        builder.add(entry, "provisions", provision, line=row.line)


# -- rows ---------------------------------------------------------------------------------


def parse_row(ctx: Context, row: Row) -> None:
    """One CSV row: the party (merged with its other rows) and this row's listing."""
    builder, cells = ctx.builder, row.cells
    entity = builder.make(row.schema, cells["_id"].strip())
    add_names(builder, entity, row)
    add_addresses(builder, entity, row)
    add_person(ctx, entity, row)
    listing = Listing()
    add_ids(ctx, entity, listing, row)
    remarks = cells["remarks"]
    if remarks and row.treasury:
        for detail in ofac_remarks.parse_remarks(remarks):
            ofac_remarks.apply_detail(ctx.ofac, entity, listing, detail, record=row.record)
    builder.add(entity, "notes", remarks, line=row.line)
    owner = clean_text(cells["vessel_owner"])
    ofac_csv.add_vessel(
        ctx.ofac,
        entity,
        row.record,
        call_sign=clean_text(cells["call_sign"]),
        vessel_type=clean_text(cells["vessel_type"]),
        tonnage=clean_text(cells["gross_tonnage"]),
        grt=clean_text(cells["gross_registered_tonnage"]),
        flag=clean_text(cells["vessel_flag"]),
        owner=owner,
    )
    add_sanction(ctx, entity, listing, row)
    builder.emit(entity)


def link_parent(ctx: Context, row: Row) -> None:
    """Link a party to the parent its listing names, when that parent is listed here too."""
    names = row.names
    if names.parent is None or names.relation is None:
        return
    targets = ctx.resolve(names.parent, row.listing.code) - {row.entity_id}
    for target in sorted(targets):  # one parent listed at several addresses: link each
        role = "parent" if names.relation == "parent" else names.relation
        ctx.builder.link(row.entity_id, target, role)
    entity = ctx.builder.entities[row.entity_id]
    label = "Parent" if names.relation == "parent" else "Affiliated entity of"
    if not targets:
        ctx.builder.add(entity, "notes", f"{label}: {names.parent}", line=row.line)


def prepare(ctx: Context, line: int, cells: dict[str, str]) -> Row:
    """Repair a row's text cells and work out its list, schema and names."""
    builder = ctx.builder
    if not cells["_id"].strip():
        raise builder.error("row without an _id", line=line)
    for column in TEXT_COLUMNS:
        if cells[column]:
            cells[column] = repair(ctx, cells[column])
    listing = list_for(ctx, cells["source"], line)
    names = parse_names(cells["name"], cells["alt_names"], joins=listing.authority != OFAC)
    if not names.name:
        raise builder.error("row without a name", line=line, record=cells["_id"])
    schema = schema_for(ctx, cells, names.name, listing, line)
    entity_id = slug(PREFIX, cells["_id"].strip())
    return Row(line, cells, listing, entity_id, schema, names)


# -- file ---------------------------------------------------------------------------------


def read_rows(builder: ListBuilder, text: str) -> list[tuple[int, dict[str, str]]]:
    """``(first line, cells)`` per row; a wrong column count or broken quoting is a ParseError."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        header = [h.strip().lower() for h in next(reader, [])]
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            raise builder.error(
                f"missing required column(s) {', '.join(missing)}; "
                f"expected the CSL header {','.join(COLUMNS)}",
                line=1,
            )
        for column in COLUMNS:
            if column not in header:
                builder.warn(f"column {column!r} missing: its values are not imported", line=1)
        for column in header:
            if column not in COLUMNS:
                builder.warn(f"unknown column {column!r} ignored", line=1)
        line = reader.line_num + 1
        for fields in reader:
            if fields and any(f.strip() for f in fields):
                if len(fields) != len(header):
                    raise builder.error(
                        f"expected {len(header)} fields as in the header, found {len(fields)}",
                        line=line,
                    )
                cells = dict.fromkeys(COLUMNS, "")
                cells.update(zip(header, (f.strip() for f in fields), strict=True))
                rows.append((line, cells))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise builder.error(
            f"malformed CSV ({exc}); is the file cut short?", line=reader.line_num
        ) from exc
    return rows


def parse(path: Path) -> ParsedList:
    """Parse ``consolidated.csv`` into one entity per ``_id`` and one Sanction per row's list."""
    builder = ListBuilder(INFO, path, PREFIX)
    text = builder.read_text()
    if not text.strip():
        raise builder.error("empty file")
    ctx = Context(builder, ofac_remarks.Context(builder))
    rows = [prepare(ctx, line, cells) for line, cells in read_rows(builder, text)]
    if not rows:
        raise builder.error("header but no rows: the file holds no listed parties")
    for row in rows:
        ctx.index(row)
    for row in rows:
        parse_row(ctx, row)
    for row in rows:
        link_parent(ctx, row)
    warn_repairs(ctx)
    return builder.result()


def detect(path: Path) -> bool:
    if not path.is_file():
        return False
    first = sniff(path, 1024).lstrip("\ufeff").split("\n", 1)[0]
    return first.replace('"', "").startswith("_id,source,entity_number,type")


SOURCES = (Source(INFO, parse, detect),)
