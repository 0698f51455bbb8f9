"""The United Nations Security Council Consolidated List, as XML.

Official download: https://scsanctions.un.org/resources/xml/en/consolidated.xml
(schema ``sc-sanctions.xsd``). It holds every individual and entity under a UN
Security Council sanctions regime (Al-Qaida/ISIL, Taliban, DPRK, Libya, ...).

Layout: root ``<CONSOLIDATED_LIST dateGenerated="...">`` with ``<INDIVIDUALS>`` and
``<ENTITIES>``::

    <INDIVIDUAL>
      <DATAID/> <FIRST_NAME/>..<FOURTH_NAME/> <UN_LIST_TYPE/> <REFERENCE_NUMBER>QDi.001
      </REFERENCE_NUMBER> <LISTED_ON/> <GENDER/> <NAME_ORIGINAL_SCRIPT/> <COMMENTS1/>
      <TITLE|DESIGNATION|NATIONALITY><VALUE/>..</...> <LAST_DAY_UPDATED><VALUE/></...>
      <INDIVIDUAL_ALIAS><QUALITY>Good|Low</QUALITY><ALIAS_NAME/></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_ADDRESS/> <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT|APPROXIMATELY|
      BETWEEN</TYPE_OF_DATE> <DATE/>|<YEAR/>|<FROM_YEAR/><TO_YEAR/></...>
      <INDIVIDUAL_PLACE_OF_BIRTH/> <INDIVIDUAL_DOCUMENT/> <DELISTED_ON/>
    </INDIVIDUAL>
    <ENTITY> <DATAID/> <FIRST_NAME/> (the entity's name) ... <ENTITY_ALIAS/>
      <ENTITY_ADDRESS/> </ENTITY>

Entity ids are ``unsc-<DATAID>``: the UN keeps a DATAID for the life of a listing, so
two versions of the list can be compared. Alias QUALITY ``Low`` becomes ``weakAlias``,
``f.k.a.`` becomes ``previousName``; ``Good``, ``a.k.a.`` and none become ``alias``.
A year range (``BETWEEN`` 1955 and 1958) is stored as each year in it.

Links: COMMENTS1 names other listed parties by their reference number ("associated
with Al-Qaida in Iraq (QDe.115)"). Every reference number in a comment that belongs to
another record of the same file becomes one ``UnknownLink`` with role "associated"
between the two (one per pair, whichever comment names the other). Numbers of
parties no longer listed stay in the comment text only.

Licence: UN Security Council material. The UN publishes the list so that states and
firms can implement the sanctions, but gives it no explicit open licence (the UN
website's terms of use apply). Attribution: "Source: United Nations Security Council
Consolidated List".
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path
from xml.etree.ElementTree import Element

from followthemoney import registry
from followthemoney.proxy import EntityProxy

from vet.sources.base import Download, ParsedList, Source, SourceInfo
from vet.sources.builder import ListBuilder, clean_text, parse_date
from vet.sources.eu_fsf import hijri_to_gregorian
from vet.sources.xmlfile import child_text, children, local, read_xml, sniff

INFO = SourceInfo(
    kind="un_sc_xml",
    list_name="un_sc",
    label="UN Security Council",
    title="UN Security Council Consolidated List",
    publisher="United Nations Security Council",
    jurisdiction="UN",
    authority="United Nations Security Council",
    homepage="https://www.un.org/securitycouncil/content/un-sc-consolidated-list",
    licence="UN Security Council material, no explicit open licence (UN website terms of "
    "use); published so that states and firms can implement the sanctions",
    attribution="Source: United Nations Security Council Consolidated List",
    downloads=(
        Download(
            "https://scsanctions.un.org/resources/xml/en/consolidated.xml", "consolidated.xml"
        ),
    ),
    # 1,018 listed parties in Nov 2020, 1,003 in Feb 2026, 1,011 in Aug 2026; never far below
    # 1,000 since 2015.
    min_entities=900,
)

ALIAS_PROPERTIES = {
    "good": "alias",
    "a.k.a.": "alias",
    "": "alias",
    "low": "weakAlias",
    "f.k.a.": "previousName",
}
DOCUMENT_KINDS = {
    "passport": "Passport",
    "número de pasaporte": "Passport",
    "numéro de passeport": "Passport",
    "national identification no.": "National Identification Number",
}
NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
PLACE_PARTS = ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE")
# "QDe.115", also written "QDi. 001" or "Qde.073" in comments.
_REFERENCE = re.compile(r"\b([A-Z]{2})([ie])\.\s?(\d{3})\b", re.IGNORECASE)
_HIJRI = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}).*hijri", re.IGNORECASE)
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")


# -- values --------------------------------------------------------------------


def text_of(element: Element, name: str) -> str | None:
    """A child's cleaned text; the schema's ``na`` default counts as empty."""
    text = clean_text(child_text(element, name))
    return None if text is None or text.lower() == "na" else text


def values(element: Element, name: str) -> list[str]:
    """Texts of ``<name><VALUE>..</VALUE></name>`` lists."""
    return [
        text
        for group in children(element, name)
        for value in children(group, "VALUE")
        if (text := clean_text(value.text)) and text.lower() != "na"
    ]


def reference_key(text: str) -> str | None:
    """``qde.073`` -> ``QDe.073``; ``None`` when ``text`` is no reference number."""
    match = _REFERENCE.search(text)
    if match is None:
        return None
    return f"{match.group(1).upper()}{match.group(2).lower()}.{match.group(3)}"


def iso_day(text: str) -> str:
    """``1960-01-01-05:00`` (an xs:date with time zone) -> ``1960-01-01``."""
    match = _ISO_DAY.match(text)
    return match.group(0) if match else text


def countries(text: str) -> list[str]:
    """Country names FtM can read in a UN value: ``Sudan/South Sudan`` -> both,
    ``Libya (in custody)`` -> Libya, ``Possibly Ethiopian`` -> none."""
    if registry.country.clean(text) is not None:
        return [text]
    bare = re.sub(r"\s*\([^)]*\)", "", text).strip(" .")
    parts = [bare, *re.split(r"\s*(?:/|\.|;|:|\bor\b)\s*", bare)]
    found = [p for p in parts if p and registry.country.clean(p) is not None]
    return found[:1] if found and found[0] == bare else found


def add_countries(
    builder: ListBuilder, entity: EntityProxy, prop: str, text: str | None, label: str, ref: str
) -> None:
    """Add the countries in ``text``; keep any text that says more in the notes."""
    if text is None:
        return
    found = countries(text)
    for name in found:
        builder.add_country(entity, name, prop=prop, record=ref)
    if found != [text]:
        entity.add("notes", f"{label}: {text}")
    if not found:
        builder.warn(f"{label} {text!r} names no known country, kept in notes", record=ref)


# -- record parts --------------------------------------------------------------


def parse_aliases(
    builder: ListBuilder, entity: EntityProxy, record: Element, tag: str, ref: str
) -> None:
    for alias in children(record, tag):
        name = text_of(alias, "ALIAS_NAME")
        if name is None:
            continue
        quality = (text_of(alias, "QUALITY") or "").lower()
        prop = ALIAS_PROPERTIES.get(quality)
        if prop is None:
            builder.warn(f"alias QUALITY {quality!r} unknown, read as a.k.a.", record=ref)
            prop = "alias"
        builder.add(entity, prop, name, record=ref)
        # Birth details given for one alias still describe the listed person.
        birth = text_of(alias, "DATE_OF_BIRTH")
        if birth is not None:
            builder.add(entity, "birthDate", iso_day(birth), record=ref)
        place = [text_of(alias, "CITY_OF_BIRTH"), text_of(alias, "COUNTRY_OF_BIRTH")]
        if any(place):
            builder.add(entity, "birthPlace", ", ".join(p for p in place if p), record=ref)
        add_countries(builder, entity, "birthCountry", place[1], "Country of birth", ref)
        note = text_of(alias, "NOTE")
        if note is not None:
            entity.add("notes", f"{name}: {note}")


def parse_address(builder: ListBuilder, entity: EntityProxy, address: Element, ref: str) -> None:
    parts = [text_of(address, part) for part in PLACE_PARTS]
    country = text_of(address, "COUNTRY")
    text = ", ".join(p for p in [*parts, country] if p) if any(parts) else None
    builder.add(entity, "address", text, record=ref)
    add_countries(builder, entity, "country", country, "Address country", ref)
    note = text_of(address, "NOTE")
    if note is not None:
        entity.add("notes", f"Address {text or country or ''}: {note}".replace(" :", ":"))


def hijri_years(builder: ListBuilder, note: str, ref: str) -> list[str]:
    """The Gregorian year(s) of ``24/06/1402 (Hijri Calendar)``; never the Hijri digits."""
    match = _HIJRI.search(note)
    if match is None:
        builder.warn(f"Hijri birth date {note!r} not understood, kept in notes", record=ref)
        return []
    day, month, year = (int(g) for g in match.groups())
    try:
        converted = hijri_to_gregorian(year, month, day)
    except ValueError:
        builder.warn(f"Hijri birth date {note!r} not understood, kept in notes", record=ref)
        return []
    years = sorted({str((converted + timedelta(days=d)).year) for d in (-3, 3)})
    builder.warn(
        f"Hijri birth date {note!r} (about {converted.isoformat()}) stored as year "
        f"{'/'.join(years)}",
        record=ref,
    )
    return years


def parse_birth_date(builder: ListBuilder, entity: EntityProxy, dob: Element, ref: str) -> None:
    kind = (text_of(dob, "TYPE_OF_DATE") or "").upper()
    day, year = text_of(dob, "DATE"), text_of(dob, "YEAR")
    low, high = text_of(dob, "FROM_YEAR"), text_of(dob, "TO_YEAR")
    note = text_of(dob, "NOTE")
    found: list[str] = []
    if day is not None:
        found = [day[:4] if kind == "APPROXIMATELY" else iso_day(day)]
    elif year is not None:
        found = [year]
    elif low is not None and high is not None:
        if low.isdigit() and high.isdigit() and 0 <= int(high) - int(low) <= 20:
            found = [str(y) for y in range(int(low), int(high) + 1)]
        else:
            found = [low, high]
    elif note is not None:
        if "hijri" in note.lower():
            found = hijri_years(builder, note, ref)
        elif (parsed := parse_date(note)) is not None:
            found = [parsed]
    for value in found:
        builder.add(entity, "birthDate", value, record=ref)
    if note is not None:
        given = day or year or (f"{low}-{high}" if low and high else "")
        entity.add("notes", f"Date of birth {given}: {note}".replace(" :", ":"))


def parse_birth_place(builder: ListBuilder, entity: EntityProxy, pob: Element, ref: str) -> None:
    country = text_of(pob, "COUNTRY")
    parts = [*(text_of(pob, part) for part in PLACE_PARTS), country]
    builder.add(entity, "birthPlace", ", ".join(p for p in parts if p), record=ref)
    add_countries(builder, entity, "birthCountry", country, "Country of birth", ref)
    note = text_of(pob, "NOTE")
    if note is not None:
        entity.add("notes", f"Place of birth: {note}")


def parse_document(builder: ListBuilder, entity: EntityProxy, document: Element, ref: str) -> None:
    stated = text_of(document, "TYPE_OF_DOCUMENT")
    kind = DOCUMENT_KINDS.get((stated or "").lower(), stated)
    country = text_of(document, "ISSUING_COUNTRY") or text_of(document, "COUNTRY_OF_ISSUE")
    readable = countries(country) if country else []
    details = [
        text_of(document, "TYPE_OF_DOCUMENT2"),
        country if country and readable != [country] else None,
        f"issued on {iso_day(v)}" if (v := text_of(document, "DATE_OF_ISSUE")) else None,
        f"issued in {v}" if (v := text_of(document, "CITY_OF_ISSUE")) else None,
        text_of(document, "NOTE"),
    ]
    note = "; ".join(d for d in details if d) or None
    number = text_of(document, "NUMBER")
    if number is None:
        if note is not None:
            entity.add("notes", f"{kind or 'Document'}: {note}")
        return
    builder.add_identifier(
        entity, kind, number, country=readable[0] if readable else None, note=note, record=ref
    )


def parse_sanction(builder: ListBuilder, entity: EntityProxy, record: Element, ref: str) -> None:
    listed = text_of(record, "LISTED_ON")
    sanction = builder.sanction(
        entity,
        program=text_of(record, "UN_LIST_TYPE"),
        listing_date=iso_day(listed) if listed else None,
        record_id=ref,
    )
    builder.add(sanction, "unscId", ref)
    builder.add(sanction, "recordId", text_of(record, "DATAID"))
    for updated in values(record, "LAST_DAY_UPDATED"):
        builder.add(sanction, "modifiedAt", iso_day(updated), record=ref)
    delisted = text_of(record, "DELISTED_ON")
    if delisted is not None:
        builder.add(sanction, "endDate", iso_day(delisted), record=ref)
    submitted = text_of(record, "SUBMITTED_BY")
    if submitted is not None:
        builder.add(sanction, "summary", f"Submitted by: {submitted}")


def start_record(
    builder: ListBuilder, record: Element, schema: str, label: str, seen: set[str]
) -> tuple[EntityProxy, str]:
    """The entity for an INDIVIDUAL or ENTITY, with its names, comments and listing."""
    data_id = text_of(record, "DATAID")
    if data_id is None:
        raise builder.error(f"{local(record.tag)} without DATAID", record=label)
    ref = reference_key(text_of(record, "REFERENCE_NUMBER") or "") or f"DATAID {data_id}"
    if data_id in seen:
        raise builder.error(f"DATAID {data_id} appears twice", record=ref)
    seen.add(data_id)
    entity = builder.make(schema, data_id)
    name = clean_text(" ".join(text_of(record, part) or "" for part in NAME_PARTS))
    if name is None:
        raise builder.error(f"{local(record.tag)} without a name", record=ref)
    builder.add(entity, "name", name, record=ref)
    builder.add(entity, "alias", text_of(record, "NAME_ORIGINAL_SCRIPT"), record=ref)
    builder.add(entity, "notes", text_of(record, "COMMENTS1"), record=ref)
    parse_sanction(builder, entity, record, ref)
    return entity, ref


def parse_individual(
    builder: ListBuilder, record: Element, label: str, seen: set[str]
) -> tuple[EntityProxy, str]:
    entity, ref = start_record(builder, record, "Person", label, seen)
    for title in values(record, "TITLE"):
        builder.add(entity, "title", title, record=ref)
    for position in values(record, "DESIGNATION"):
        builder.add(entity, "position", position, record=ref)
    for nationality in values(record, "NATIONALITY"):
        add_countries(builder, entity, "nationality", nationality, "Nationality", ref)
    gender = (text_of(record, "GENDER") or "").lower()
    if gender in ("male", "female"):
        builder.add(entity, "gender", gender, record=ref)
    parse_aliases(builder, entity, record, "INDIVIDUAL_ALIAS", ref)
    for address in children(record, "INDIVIDUAL_ADDRESS"):
        parse_address(builder, entity, address, ref)
    for dob in children(record, "INDIVIDUAL_DATE_OF_BIRTH"):
        parse_birth_date(builder, entity, dob, ref)
    for pob in children(record, "INDIVIDUAL_PLACE_OF_BIRTH"):
        parse_birth_place(builder, entity, pob, ref)
    for document in children(record, "INDIVIDUAL_DOCUMENT"):
        parse_document(builder, entity, document, ref)
    return builder.emit(entity), ref


def parse_entity(
    builder: ListBuilder, record: Element, label: str, seen: set[str]
) -> tuple[EntityProxy, str]:
    entity, ref = start_record(builder, record, "Organization", label, seen)
    parse_aliases(builder, entity, record, "ENTITY_ALIAS", ref)
    for address in children(record, "ENTITY_ADDRESS"):
        parse_address(builder, entity, address, ref)
    return builder.emit(entity), ref


def link_references(
    builder: ListBuilder, parties: dict[str, EntityProxy], comments: dict[str, str]
) -> None:
    """One "associated" link per pair of listed parties whose comments name each other."""
    for ref, comment in comments.items():
        entity = parties[ref]
        for match in _REFERENCE.finditer(comment):
            other = parties.get(reference_key(match.group(0)) or "")
            if other is None or other.id is None or entity.id is None or other.id == entity.id:
                continue
            first, second = sorted((entity.id, other.id))
            builder.link(first, second, "associated")


def generated(builder: ListBuilder, root: Element) -> date | None:
    text = (root.get("dateGenerated") or "").strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        builder.warn(f"dateGenerated {text!r} unreadable; publication date unknown")
        return None


def parse(path: Path) -> ParsedList:
    builder = ListBuilder(INFO, path, prefix="unsc")
    root = read_xml(path)
    if local(root.tag) != "CONSOLIDATED_LIST":
        raise builder.error(
            f"root element is <{local(root.tag)}>, expected <CONSOLIDATED_LIST>: "
            "not a UN Security Council Consolidated List file"
        )
    builder.published = generated(builder, root)
    seen: set[str] = set()
    parties: dict[str, EntityProxy] = {}
    comments: dict[str, str] = {}
    for kind, tag, parse_record in (
        ("INDIVIDUALS", "INDIVIDUAL", parse_individual),
        ("ENTITIES", "ENTITY", parse_entity),
    ):
        for group in children(root, kind):
            for number, record in enumerate(children(group, tag), start=1):
                entity, ref = parse_record(builder, record, f"{tag} #{number}", seen)
                parties[ref] = entity
                comments[ref] = text_of(record, "COMMENTS1") or ""
    link_references(builder, parties, comments)
    return builder.result()


def detect(path: Path) -> bool:
    if not path.is_file():
        return False
    return "<CONSOLIDATED_LIST" in sniff(path, 4096)


SOURCES = (Source(INFO, parse, detect),)
