"""The EU consolidated list of financial sanctions, from the Financial Sanctions Files (FSF).

The European Commission publishes every person, group and entity under EU financial
sanctions as one "XML 1.1" file (schema ``fsd_export_schema_1_1.xsd``, namespace
``http://eu.europa.ec/fpi/fsd/export``). Official download::

    https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content?token=<token>

The FSF site only serves its files with a ``token`` query parameter, which it shows
to its users (https://webgate.ec.europa.eu/fsd/fsf, "Files" page). vet cannot know a
valid token, so :data:`INFO` carries the URL with the placeholder ``YOUR_FSF_TOKEN``;
``vet lists update`` fails for this list until the real URL is configured in the
sources file (``VET_SOURCES_FILE``)::

    [eu_fsf]
    urls = ["https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content?token=..."]

Layout: root ``<export generationDate=...>`` with one ``<sanctionEntity>`` per listed
party (``logicalId``, ``euReferenceNumber``, ``unitedNationId``, ``designationDate``,
``designationDetails``), holding ``remark``, one ``regulation`` (programme, legal act,
publication URL), ``subjectType`` (``person`` or ``enterprise``) and any number of
``nameAlias``, ``citizenship``, ``birthdate``, ``address`` and ``identification``.
Nearly every value is an attribute; an empty attribute means "not known".

Names: the file flags weak aliases with ``strong="false"`` (and in practice with a
"low quality alias" remark). It does not say which strong alias is the main name,
so the name that carries the person's function, else a split last name, else an
English one, else the first in the file, becomes ``name``; the EU writes the main
entry that way (``Khalid Sheikh MOHAMMED`` before the French spellings of his
aliases). Every other name, in whatever script, is kept as an alias.

Dates of birth in other calendars (``calendarType="ISLAMIC"``) are never stored as
if Gregorian: an Islamic date is stored as the Gregorian date the file gives beside
it when that agrees with the arithmetic conversion, else as the Gregorian year(s);
each case is warned about and the original date kept in the notes.

Licence: the Commission's reuse policy (Commission Decision 2011/833/EU) allows reuse
with acknowledgement of the source. Attribution: "Source: European Commission,
Financial Sanctions Files (FSF)".
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path
from xml.etree.ElementTree import Element

from followthemoney import registry
from followthemoney.proxy import EntityProxy

from vet.sources.base import Download, ParsedList, Source, SourceInfo
from vet.sources.builder import ListBuilder, clean_text
from vet.sources.xmlfile import children, local, read_xml, sniff

NAMESPACE = "http://eu.europa.ec/fpi/fsd/export"
TOKEN_PLACEHOLDER = "YOUR_FSF_TOKEN"
DOWNLOAD_URL = (
    "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content"
    f"?token={TOKEN_PLACEHOLDER}"
)

INFO = SourceInfo(
    kind="eu_fsf_xml",
    list_name="eu_fsf",
    label="EU FSF",
    title="EU Financial Sanctions Files (consolidated list)",
    publisher="European Commission, Service for Foreign Policy Instruments (FPI)",
    jurisdiction="EU",
    authority="European Union",
    homepage="https://webgate.ec.europa.eu/fsd/fsf",
    licence="European Commission reuse policy (Commission Decision 2011/833/EU)",
    attribution="Source: European Commission, Financial Sanctions Files (FSF)",
    downloads=(Download(DOWNLOAD_URL, "xmlFullSanctionsList_1_1.xml"),),
    # The full file held about 5,000 sanctionEntity in 2025; it has only grown since 2022.
    min_entities=4000,
)

SCHEMATA = {"person": "Person", "enterprise": "Organization"}
GENDERS = {"M": "male", "F": "female"}
UNKNOWN_COUNTRY = "00"
# identificationTypeCode -> the identifier kinds the builder knows; other codes
# keep the file's own identificationTypeDescription.
ID_KINDS = {
    "passport": "Passport",
    "id": "National ID",
    "regnumber": "Registration Number",
    "fiscalcode": "Tax ID",
    "swiftbic": "SWIFT/BIC",
    "imo": "IMO Number",
}
ID_FLAGS = {
    "diplomatic": "diplomatic",
    "knownExpired": "known expired",
    "knownFalse": "known false",
    "reportedLost": "reported lost",
    "revokedByIssuer": "revoked by issuer",
}
CONTACT_PROPERTIES = {"PHONE": "phone", "EMAIL": "email", "WEB": "website"}
_QUALITY_REMARK = re.compile(r"^\s*(good|low)\s+quality\s+a+li+a+s\W*$", re.IGNORECASE)


# -- values --------------------------------------------------------------------


def attr(element: Element, name: str) -> str | None:
    """An attribute's text, ``None`` when absent, empty or the list's ``-`` placeholder."""
    text = clean_text(element.get(name))
    return None if text in (None, "-") else text


def is_true(element: Element, name: str) -> bool:
    return (element.get(name) or "").strip().lower() == "true"


def remarks(element: Element) -> list[str]:
    return [text for r in children(element, "remark") if (text := clean_text(r.text))]


def country_code(element: Element) -> str | None:
    """``countryIso2Code`` unless it is the list's ``00`` (unknown)."""
    code = attr(element, "countryIso2Code")
    return None if code is None or code == UNKNOWN_COUNTRY else code


def country_label(element: Element) -> str | None:
    """The country as a readable name, for place and address strings."""
    code = country_code(element)
    if code is None:
        return None
    caption = registry.country.caption(code.lower())
    if caption and caption != code.lower():
        return caption
    return attr(element, "countryDescription") or code


def hijri_to_gregorian(year: int, month: int, day: int) -> date:
    """The Gregorian date of an Islamic (Hijri) date, by the tabular calendar.

    Arithmetic, so it may differ by a day or two from the observed calendar a
    country uses; callers keep only what that error cannot change.
    """
    ordinal = day + (59 * (month - 1) + 1) // 2 + (year - 1) * 354 + (3 + 11 * year) // 30
    return date.fromordinal(ordinal + 227014)  # 227015 = 1 Muharram 1 AH (622-07-19)


# -- record parts --------------------------------------------------------------


def whole_name(alias: Element) -> str | None:
    name = attr(alias, "wholeName")
    if name is None:
        parts = (attr(alias, part) for part in ("firstName", "middleName", "lastName"))
        name = clean_text(" ".join(p for p in parts if p))
    return name


def is_weak(alias: Element) -> bool:
    """``strong="false"``, or a remark calling the alias "low quality"."""
    if (alias.get("strong") or "").strip().lower() == "false":
        return True
    return any(
        (m := _QUALITY_REMARK.match(text)) is not None and m.group(1).lower() == "low"
        for text in remarks(alias)
    )


def main_alias(aliases: list[Element]) -> Element | None:
    """The alias that is the entry's main name (see the module docstring)."""
    named = [a for a in aliases if whole_name(a)]
    strong = [a for a in named if not is_weak(a)] or named
    if not strong:
        return None
    # min() keeps the first of equals, so file order breaks ties.
    return min(
        strong,
        key=lambda a: (
            attr(a, "function") is None,
            attr(a, "lastName") is None,
            (a.get("nameLanguage") or "").upper() not in ("", "EN"),
        ),
    )


def parse_names(builder: ListBuilder, entity: EntityProxy, record: Element, ref: str) -> None:
    aliases = children(record, "nameAlias")
    primary = main_alias(aliases)
    if primary is None:
        raise builder.error("sanctionEntity without a name", record=ref)
    person = entity.schema.is_a("Person")
    for alias in aliases:
        name = whole_name(alias)
        if name is None:
            continue
        if alias is primary:
            prop = "name"
            if person:
                for part in ("firstName", "middleName", "lastName"):
                    builder.add(entity, part, attr(alias, part), record=ref)
        else:
            prop = "weakAlias" if is_weak(alias) else "alias"
        builder.add(entity, prop, name, record=ref)
        function = attr(alias, "function")
        if person:
            builder.add(entity, "title", attr(alias, "title"), record=ref)
            builder.add(entity, "position", function, record=ref)
            builder.add(entity, "gender", GENDERS.get(alias.get("gender") or ""), record=ref)
        elif function:
            entity.add("notes", function)
        for text in remarks(alias):
            if _QUALITY_REMARK.match(text):
                continue
            entity.add("notes", text if alias is primary else f"{name}: {text}")


def birth_dates(builder: ListBuilder, birth: Element, ref: str) -> list[str]:
    """The ISO dates (or years) a ``birthdate`` element stands for."""
    calendar = (birth.get("calendarType") or "GREGORIAN").strip().upper()
    if calendar == "ISLAMIC":
        return islamic_birth_dates(builder, birth, ref)
    if calendar != "GREGORIAN":
        builder.warn(f"birth date in the {calendar} calendar not converted, dropped", record=ref)
        return []
    circa = is_true(birth, "circa")
    full = attr(birth, "birthdate")
    if full:
        return [full[:4] if circa else full]
    year = attr(birth, "year")
    if year:
        month, day = attr(birth, "monthOfYear"), attr(birth, "dayOfMonth")
        if circa or month is None or not month.isdigit():
            return [year]
        if day is None or not day.isdigit():
            return [f"{year}-{int(month):02d}"]
        return [f"{year}-{int(month):02d}-{int(day):02d}"]
    low, high = attr(birth, "yearRangeFrom"), attr(birth, "yearRangeTo")
    if low and high and low.isdigit() and high.isdigit():
        return [str(y) for y in range(int(low), int(high) + 1)]
    return [y for y in (low, high) if y]


def islamic_birth_dates(builder: ListBuilder, birth: Element, ref: str) -> list[str]:
    year, month, day = (attr(birth, n) for n in ("year", "monthOfYear", "dayOfMonth"))
    if year is None or not year.isdigit():
        builder.warn("Islamic-calendar birth date without a year, dropped", record=ref)
        return []
    hijri = "/".join(p for p in (day, month, year) if p)
    if month is None or day is None or not (month.isdigit() and day.isdigit()):
        first = hijri_to_gregorian(int(year), 1, 1)
        last = hijri_to_gregorian(int(year) + 1, 1, 1) - timedelta(days=1)
        years = sorted({str(first.year), str(last.year)})
        builder.warn(f"Islamic-calendar birth year {year} stored as {'/'.join(years)}", record=ref)
        return years
    converted = hijri_to_gregorian(int(year), int(month), int(day))
    given = attr(birth, "birthdate")
    try:
        given_date = date.fromisoformat(given) if given else None
    except ValueError:
        given_date = None
    if given_date is not None and abs((given_date - converted).days) <= 3:
        builder.warn(
            f"Islamic-calendar birth date {hijri} stored as its Gregorian date {given}",
            record=ref,
        )
        return [given_date.isoformat()]
    years = sorted({str((converted + timedelta(days=d)).year) for d in (-3, 3)})
    builder.warn(
        f"Islamic-calendar birth date {hijri} (about {converted.isoformat()}) stored as "
        f"year {'/'.join(years)}",
        record=ref,
    )
    return years


def parse_birthdate(builder: ListBuilder, entity: EntityProxy, birth: Element, ref: str) -> None:
    calendar = (birth.get("calendarType") or "GREGORIAN").strip().upper()
    for value in birth_dates(builder, birth, ref):
        builder.add(entity, "birthDate", value, record=ref)
    if calendar != "GREGORIAN":
        parts = [attr(birth, n) for n in ("dayOfMonth", "monthOfYear", "year")]
        entity.add(
            "notes",
            f"Birth date in the {calendar.capitalize()} calendar: "
            + "/".join(p for p in parts if p),
        )
    place = [attr(birth, n) for n in ("city", "zipCode", "region", "place")]
    place.append(country_label(birth))
    builder.add(entity, "birthPlace", ", ".join(p for p in place if p), record=ref)
    builder.add_country(entity, country_code(birth), prop="birthCountry", record=ref)
    for text in remarks(birth):
        entity.add("notes", f"Birth date: {text}")


def parse_address(builder: ListBuilder, entity: EntityProxy, address: Element, ref: str) -> None:
    po_box = attr(address, "poBox")
    parts = [
        attr(address, "street"),
        f"P.O. Box {po_box}" if po_box else None,
        attr(address, "city"),
        attr(address, "zipCode"),
        attr(address, "region"),
        attr(address, "place"),
    ]
    country = country_label(address)
    text = ", ".join(p for p in [*parts, country] if p) if any(parts) else None
    builder.add(entity, "address", text, record=ref)
    builder.add_country(entity, country_code(address), record=ref)
    for remark in remarks(address):
        entity.add("notes", f"Address {text or country or ''}: {remark}".replace(" :", ":"))
    for contact in children(address, "contactInfo"):
        add_contact(entity, attr(contact, "key") or "", attr(contact, "value") or "")


def add_contact(entity: EntityProxy, key: str, value: str) -> None:
    """Phone, e-mail or website where FtM can read it; anything else into notes."""
    prop = CONTACT_PROPERTIES.get(key.upper())
    for item in (v.strip() for v in value.split(";")):
        if not item:
            continue
        cleaned = entity.schema.properties[prop].type.clean(item) if prop else None
        if prop and cleaned is not None:
            entity.add(prop, cleaned, cleaned=True)
        else:
            entity.add("notes", f"{key.capitalize()}: {item}")


def parse_identification(
    builder: ListBuilder, entity: EntityProxy, ident: Element, ref: str
) -> None:
    code = (ident.get("identificationTypeCode") or "").strip().lower()
    description = attr(ident, "identificationTypeDescription")
    kind = ID_KINDS.get(code) or description or code or None
    details = [description if description and description != kind else None]
    details += [f"issued by {v}" for v in [attr(ident, "issuedBy")] if v]
    details += [f"issued in {v}" for v in [attr(ident, "region")] if v]
    details += [f"issued on {v}" for v in [attr(ident, "issueDate")] if v]
    details += [f"valid from {v}" for v in [attr(ident, "validFrom")] if v]
    details += [f"valid to {v}" for v in [attr(ident, "validTo")] if v]
    details += [f"name on document: {v}" for v in [attr(ident, "nameOnDocument")] if v]
    details += [label for flag, label in ID_FLAGS.items() if is_true(ident, flag)]
    details += remarks(ident)
    note = "; ".join(d for d in details if d) or None
    number, latin = attr(ident, "number"), attr(ident, "latinNumber")
    if number is None and latin is None:
        if note:
            entity.add("notes", f"{kind or 'Identification'}: {note}")
        return
    for value in dict.fromkeys(v for v in (number, latin) if v):
        builder.add_identifier(
            entity, kind, value, country=country_code(ident), note=note, record=ref
        )


def parse_sanction(
    builder: ListBuilder, entity: EntityProxy, record: Element, ref: str, logical_id: str
) -> None:
    regulations = children(record, "regulation")
    if not regulations:
        builder.warn("sanctionEntity without a regulation", record=ref)
    programmes = [p for r in regulations if (p := attr(r, "programme"))]
    titles = [t for r in regulations if (t := attr(r, "numberTitle"))]
    urls = [u for r in regulations for e in children(r, "publicationUrl") if (u := e.text)]
    sanction = builder.sanction(
        entity,
        program=programmes,
        listing_date=attr(record, "designationDate"),
        legal_basis=titles[0] if titles else None,
        source_url=urls[0] if urls else None,
        record_id=attr(record, "euReferenceNumber"),
    )
    for title in titles[1:]:
        builder.add(sanction, "provisions", title, record=ref)
    for url in urls[1:]:
        builder.add(sanction, "sourceUrl", url, record=ref, quiet=True)
    builder.add(sanction, "recordId", logical_id)
    builder.add(sanction, "unscId", attr(record, "unitedNationId"))
    builder.add(sanction, "summary", attr(record, "designationDetails"))
    builder.add(sanction, "endDate", attr(record, "delistingDate"), record=ref)
    for regulation in regulations:
        if (regulation.get("regulationType") or "").lower() == "amendment":
            builder.add(sanction, "modifiedAt", attr(regulation, "publicationDate"), record=ref)


def parse_sanction_entity(builder: ListBuilder, record: Element, number: int) -> None:
    logical_id = attr(record, "logicalId")
    if logical_id is None:
        raise builder.error("sanctionEntity without logicalId", record=f"#{number}")
    ref = attr(record, "euReferenceNumber") or logical_id
    subjects = children(record, "subjectType")
    code = (subjects[0].get("code") or "").strip().lower() if subjects else ""
    schema = SCHEMATA.get(code)
    if schema is None:
        builder.warn(f"subjectType {code!r} unknown, read as a legal entity", record=ref)
        schema = "LegalEntity"
    entity = builder.make(schema, logical_id)
    parse_names(builder, entity, record, ref)
    for text in remarks(record):
        entity.add("notes", text)
    for info in children(record, "additionalInformation"):
        entity.add("notes", f"{attr(info, 'key')}: {attr(info, 'value')}")
    prop = "citizenship" if schema == "Person" else "country"
    for citizenship in children(record, "citizenship"):
        builder.add_country(entity, country_code(citizenship), prop=prop, record=ref)
    for birth in children(record, "birthdate"):
        if schema == "Person":
            parse_birthdate(builder, entity, birth, ref)
        else:
            builder.warn(f"birth date on a {code or 'non-person'} ignored", record=ref)
    for address in children(record, "address"):
        parse_address(builder, entity, address, ref)
    for ident in children(record, "identification"):
        parse_identification(builder, entity, ident, ref)
    parse_sanction(builder, entity, record, ref, logical_id)
    builder.emit(entity)


def generation_date(builder: ListBuilder, root: Element) -> date | None:
    text = (root.get("generationDate") or "").strip()
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        builder.warn(f"generationDate {text!r} unreadable; publication date unknown")
        return None


def parse(path: Path) -> ParsedList:
    builder = ListBuilder(INFO, path, prefix="eu")
    root = read_xml(path)
    if local(root.tag) != "export":
        raise builder.error(
            f"root element is <{local(root.tag)}>, expected <export> "
            "(EU Financial Sanctions Files XML 1.1)"
        )
    if root.tag != f"{{{NAMESPACE}}}export":
        builder.warn(f"root element {root.tag!r} is not in the FSF namespace {NAMESPACE}")
    builder.published = generation_date(builder, root)
    for number, record in enumerate(children(root, "sanctionEntity"), start=1):
        parse_sanction_entity(builder, record, number)
    return builder.result()


def detect(path: Path) -> bool:
    if not path.is_file():
        return False
    head = sniff(path, 4096)
    return NAMESPACE in head and "<export" in head


SOURCES = (Source(INFO, parse, detect),)
