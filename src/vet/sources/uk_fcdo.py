"""The UK Sanctions List published by the Foreign, Commonwealth & Development Office, as XML.

Official download: https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.xml
(the FCDO also serves it as CSV, ODS and PDF). It holds every UK designation,
financial and trade, whichever department made it.

Layout: root ``<Designations>`` with ``<DateGenerated>dd/mm/yyyy</DateGenerated>``
and one ``<Designation>`` per listed person, entity or ship::

    <Designation>
      <LastUpdated/> <DateDesignated/> <UniqueID>AFG0001</UniqueID> <OFSIGroupID/>
      <UNReferenceNumber/> <Names><Name><Name1/>..<Name6/><NameType/><AliasStrength/>
      </Name></Names> <NonLatinNames/> <Titles/> <RegimeName/> <IndividualEntityShip/>
      <DesignationSource/> <SanctionsImposed/> <SanctionsImposedIndicators><AssetFreeze>
      true</AssetFreeze>..</SanctionsImposedIndicators> <OtherInformation/>
      <UKStatementofReasons/> <Addresses/> <PhoneNumbers/> <EmailAddresses/> <Websites/>
      <IndividualDetails/> | <EntityDetails/> | <ShipDetails/>
    </Designation>

Dates are ``dd/mm/yyyy``; unknown parts are written ``dd``/``mm`` (``dd/mm/1945``).
An element this parser does not know is reported once as a warning.

Licence: Open Government Licence v3.0. Attribution: "Contains public sector
information licensed under the Open Government Licence v3.0."
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from xml.etree.ElementTree import Element

from followthemoney.proxy import EntityProxy

from vet.sources.base import Download, ParsedList, Source, SourceInfo
from vet.sources.builder import ListBuilder, clean_text, slug
from vet.sources.uk_values import add_or_note, country_names, name_key, registration, uk_date
from vet.sources.xmlfile import child_text, children, local, read_xml, sniff

INFO = SourceInfo(
    kind="uk_fcdo_xml",
    list_name="uk_fcdo",
    label="UK Sanctions List",
    title="UK Sanctions List (FCDO)",
    publisher="Foreign, Commonwealth & Development Office (FCDO)",
    jurisdiction="UK",
    authority="UK Foreign, Commonwealth & Development Office",
    homepage="https://www.gov.uk/government/publications/the-uk-sanctions-list",
    licence="Open Government Licence v3.0",
    attribution="Contains public sector information licensed under the Open Government "
    "Licence v3.0.",
    downloads=(
        Download(
            "https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.xml", "UK-Sanctions-List.xml"
        ),
    ),
    # OFSI's list alone held 4,686 designations in April 2025; the FCDO list holds more.
    min_entities=4000,
)

SCHEMATA = {"individual": "Person", "entity": "Organization", "ship": "Vessel"}
NAME_PARTS = ("Name1", "Name2", "Name3", "Name4", "Name5", "Name6")
ADDRESS_PARTS = (
    "AddressLine1", "AddressLine2", "AddressLine3", "AddressLine4", "AddressLine5",
    "AddressLine6", "AddressPostalCode", "AddressCountry",
)  # fmt: skip
# NameType -> name property; AliasStrength "Low quality a.k.a" turns an alias weak.
NAME_TYPES = {
    "primary name": "name",
    "primary name variation": "alias",
    "alias": "alias",
    "alias variation": "alias",
    "formerly known as": "previousName",
    "fka": "previousName",
}
DESIGNATION_TAGS = {
    "LastUpdated", "DateDesignated", "UniqueID", "OFSIGroupID", "UNReferenceNumber", "Names",
    "NonLatinNames", "Titles", "RegimeName", "IndividualEntityShip", "DesignationSource",
    "SanctionsImposed", "SanctionsImposedIndicators", "OtherInformation",
    "UKStatementofReasons", "Addresses", "PhoneNumbers", "EmailAddresses", "Websites",
    "IndividualDetails", "EntityDetails", "ShipDetails",
}  # fmt: skip
INDIVIDUAL_TAGS = {
    "DOBs", "Nationalities", "Genders", "Positions", "PassportDetails",
    "NationalIdentifierDetails", "BirthDetails",
}  # fmt: skip
ENTITY_TAGS = {"TypeOfEntities", "BusinessRegistrationNumbers", "ParentCompanies", "Subsidiaries"}
SHIP_TAGS = {
    "IMONumbers", "CurrentOwnerOperators", "CurrentBelievedFlagOfShips", "PreviousFlags",
    "TypeOfShipDetails", "TonnageOfShipDetails", "LengthOfShipDetails", "YearBuiltDetails",
}  # fmt: skip


def nested(element: Element, *path: str) -> list[Element]:
    """The elements at ``path`` below ``element`` (namespaces ignored)."""
    level = [element]
    for name in path:
        level = [child for parent in level for child in children(parent, name)]
    return level


def texts(element: Element, *path: str) -> list[str]:
    """Texts of the elements at ``path`` below ``element``, empty ones left out."""
    return [text for e in nested(element, *path) if (text := (e.text or "").strip())]


def check_tags(
    builder: ListBuilder, element: Element, known: set[str], record: str, reported: set[str]
) -> None:
    """Warn once per file about each element name this parser does not read."""
    for child in element:
        tag = local(child.tag)
        if tag not in known and tag not in reported:
            reported.add(tag)
            builder.warn(f"element <{tag}> not understood, ignored", record=record)


def provision_name(tag: str) -> str:
    """``ProhibitionOfPortEntry`` -> ``Prohibition of port entry``."""
    return re.sub(r"(?<!^)(?=[A-Z])", " ", tag).capitalize()


def full_name(name: Element) -> str | None:
    return clean_text(" ".join(child_text(name, part) or "" for part in NAME_PARTS))


def parse_names(
    builder: ListBuilder, entity: EntityProxy, designation: Element, record: str
) -> None:
    for name in nested(designation, "Names", "Name"):
        name_type = child_text(name, "NameType") or ""
        prop = NAME_TYPES.get(name_type.lower())
        if prop is None:
            builder.warn(f"NameType {name_type!r} unknown, read as an alias", record=record)
            prop = "alias"
        strength = (child_text(name, "AliasStrength") or "").lower()
        if prop == "alias" and strength.startswith("low"):
            prop = "weakAlias"
        builder.add(entity, prop, full_name(name), record=record)
    for text in texts(designation, "NonLatinNames", "NonLatinName", "NameNonLatinScript"):
        builder.add(entity, "alias", text, record=record)
    if not entity.get("name"):
        raise builder.error("designation without a Primary Name", record=record)


def parse_addresses(
    builder: ListBuilder, entity: EntityProxy, designation: Element, record: str
) -> None:
    for address in nested(designation, "Addresses", "Address"):
        parts = [child_text(address, part) for part in ADDRESS_PARTS]
        if any(parts[:-1]):  # more than a country
            builder.add(entity, "address", ", ".join(p for p in parts if p), record=record)
        for country in country_names(child_text(address, "AddressCountry") or ""):
            builder.add_country(entity, country, record=record)
    for tag, item, prop, label in (
        ("PhoneNumbers", "PhoneNumber", "phone", "Phone number"),
        ("EmailAddresses", "EmailAddress", "email", "Email address"),
        ("Websites", "Website", "website", "Website"),
    ):
        for text in texts(designation, tag, item):
            add_or_note(entity, prop, label, text)


def parse_individual(
    builder: ListBuilder,
    entity: EntityProxy,
    individual: Element,
    record: str,
    reported: set[str],
) -> None:
    check_tags(builder, individual, INDIVIDUAL_TAGS, record, reported)
    for text in texts(individual, "DOBs", "DOB"):
        builder.add(entity, "birthDate", uk_date(text) or text, record=record)
    for text in texts(individual, "Nationalities", "Nationality"):
        for country in country_names(text):
            builder.add_country(entity, country, prop="nationality", record=record)
    for text in texts(individual, "Genders", "Gender"):
        builder.add(entity, "gender", text.lower(), record=record)
    for text in texts(individual, "Positions", "Position"):
        builder.add(entity, "position", text, record=record)
    for kind, group, item, number_tag, info_tag in (
        (
            "Passport",
            "PassportDetails",
            "Passport",
            "PassportNumber",
            "PassportAdditionalInformation",
        ),
        (
            "National Identification Number",
            "NationalIdentifierDetails",
            "NationalIdentifier",
            "NationalIdentifierNumber",
            "NationalIdentifierAdditionalInformation",
        ),
    ):
        for document in nested(individual, group, item):
            builder.add_identifier(
                entity,
                kind,
                child_text(document, number_tag),
                note=child_text(document, info_tag),
                record=record,
            )
    for location in nested(individual, "BirthDetails", "Location"):
        town = child_text(location, "TownOfBirth")
        birth_country = child_text(location, "CountryOfBirth")
        place = ", ".join(p for p in (town, birth_country) if p)
        builder.add(entity, "birthPlace", place, record=record)
        for name in country_names(birth_country or ""):
            builder.add_country(entity, name, prop="birthCountry", record=record)


def parse_entity_details(
    builder: ListBuilder,
    entity: EntityProxy,
    details: Element,
    record: str,
    reported: set[str],
) -> None:
    check_tags(builder, details, ENTITY_TAGS, record, reported)
    for text in texts(details, "TypeOfEntities", "TypeOfEntity"):
        builder.add(entity, "legalForm", text, record=record)
    for text in texts(details, "BusinessRegistrationNumbers", "BusinessRegistrationNumber"):
        kind, number = registration(text)
        builder.add_identifier(
            entity, kind, number, note=text if text != number else None, record=record
        )


def parse_ship(
    builder: ListBuilder, entity: EntityProxy, ship: Element, record: str, reported: set[str]
) -> None:
    check_tags(builder, ship, SHIP_TAGS, record, reported)
    for text in texts(ship, "IMONumbers", "IMONumber"):
        digits = re.sub(r"\D", "", text)
        builder.add_identifier(
            entity, "IMO number", f"IMO{digits}" if digits else text, record=record
        )
    for tag, item, prop in (
        ("CurrentBelievedFlagOfShips", "CurrentBelievedFlagOfShip", "flag"),
        ("PreviousFlags", "PreviousFlag", "pastFlags"),
    ):
        for text in texts(ship, tag, item):
            for country in country_names(text):
                builder.add_country(entity, country, prop=prop, record=record)
    for tag, item, prop in (
        ("TypeOfShipDetails", "TypeOfShip", "type"),
        ("TonnageOfShipDetails", "TonnageOfShip", "tonnage"),
        ("YearBuiltDetails", "YearBuilt", "buildDate"),
    ):
        for text in texts(ship, tag, item):
            builder.add(entity, prop, text, record=record)
    for text in texts(ship, "LengthOfShipDetails", "LengthOfShip"):
        entity.add("notes", f"Length of ship: {text}")


def parse_relations(
    builder: ListBuilder,
    entity: EntityProxy,
    designation: Element,
    record: str,
    names: dict[str, set[str]],
) -> None:
    """Parents, subsidiaries and ship owners: links when listed in this file, else notes."""
    for path, role, label in (
        (
            ("EntityDetails", "Entity", "ParentCompanies", "ParentCompany"),
            "parent company",
            "Parent company",
        ),
        (("EntityDetails", "Entity", "Subsidiaries", "Subsidiary"), "subsidiary", "Subsidiary"),
        (
            ("ShipDetails", "Ship", "CurrentOwnerOperators", "CurrentOwnerOperator"),
            "owner",
            "Current owner/operator",
        ),
    ):
        for text in texts(designation, *path):
            others = names.get(name_key(text), set()) - {record}
            if len(others) != 1 or entity.id is None:
                entity.add("notes", f"{label}: {text}")
                continue
            other = slug(builder.prefix, others.pop())
            if role == "subsidiary":
                builder.link(other, entity.id, "parent company")
            else:
                builder.link(entity.id, other, role)


def parse_sanction(
    builder: ListBuilder, entity: EntityProxy, designation: Element, record: str
) -> None:
    provisions = [
        provision_name(local(flag.tag))
        for indicators in children(designation, "SanctionsImposedIndicators")
        for flag in indicators
        if (flag.text or "").strip().lower() == "true"
    ]
    if not provisions:
        imposed = child_text(designation, "SanctionsImposed") or ""
        provisions = [p.strip() for p in imposed.split("|") if p.strip()]
    designated = child_text(designation, "DateDesignated") or ""
    sanction = builder.sanction(
        entity,
        program=child_text(designation, "RegimeName"),
        listing_date=uk_date(designated) or designated,
        reason=child_text(designation, "UKStatementofReasons"),
        record_id=record,
    )
    for provision in provisions:
        builder.add(sanction, "provisions", provision, record=record)
    updated = child_text(designation, "LastUpdated") or ""
    builder.add(sanction, "modifiedAt", uk_date(updated) or updated, record=record)
    builder.add(sanction, "unscId", child_text(designation, "UNReferenceNumber"))
    builder.add(sanction, "recordId", child_text(designation, "OFSIGroupID"))
    source = child_text(designation, "DesignationSource")
    if source:
        builder.add(sanction, "summary", f"Designation source: {source.replace('|', ', ')}")


def parse_designation(
    builder: ListBuilder,
    designation: Element,
    record: str,
    names: dict[str, set[str]],
    reported: set[str],
) -> None:
    check_tags(builder, designation, DESIGNATION_TAGS, record, reported)
    kind = child_text(designation, "IndividualEntityShip") or ""
    schema = SCHEMATA.get(kind.lower())
    if schema is None:
        builder.warn(
            f"IndividualEntityShip {kind!r} unknown, read as a legal entity", record=record
        )
        schema = "LegalEntity"
    entity = builder.make(schema, record)
    parse_names(builder, entity, designation, record)
    if schema == "Person":
        for title in texts(designation, "Titles", "Title"):
            builder.add(entity, "title", title, record=record)
        for individual in nested(designation, "IndividualDetails", "Individual"):
            parse_individual(builder, entity, individual, record, reported)
    elif schema == "Vessel":
        for ship in nested(designation, "ShipDetails", "Ship"):
            parse_ship(builder, entity, ship, record, reported)
    else:
        for details in nested(designation, "EntityDetails", "Entity"):
            parse_entity_details(builder, entity, details, record, reported)
    parse_addresses(builder, entity, designation, record)
    builder.add(entity, "notes", child_text(designation, "OtherInformation"))
    parse_relations(builder, entity, designation, record, names)
    parse_sanction(builder, entity, designation, record)
    builder.emit(entity)


def record_ids(builder: ListBuilder, designations: list[Element]) -> list[str]:
    ids = []
    for number, designation in enumerate(designations, start=1):
        unique_id = child_text(designation, "UniqueID")
        if unique_id is None:
            raise builder.error("designation without UniqueID", record=f"#{number}")
        ids.append(unique_id)
    return ids


def index_names(designations: list[Element], ids: list[str]) -> dict[str, set[str]]:
    """Every name in the file -> the UniqueIDs that carry it."""
    names: dict[str, set[str]] = {}
    for designation, unique_id in zip(designations, ids, strict=True):
        for name in nested(designation, "Names", "Name"):
            text = full_name(name)
            if text:
                names.setdefault(name_key(text), set()).add(unique_id)
    return names


def parse(path: Path) -> ParsedList:
    builder = ListBuilder(INFO, path, prefix="ukfcdo")
    root = read_xml(path)
    if local(root.tag) != "Designations":
        raise builder.error(f"root element is <{local(root.tag)}>, expected <Designations>")
    generated = uk_date(child_text(root, "DateGenerated") or "")
    if generated is not None and len(generated) == 10:
        builder.published = date.fromisoformat(generated)
    else:
        builder.warn("no readable <DateGenerated>; publication date unknown")
    designations = children(root, "Designation")
    ids = record_ids(builder, designations)
    names = index_names(designations, ids)
    reported: set[str] = set()
    for designation, unique_id in zip(designations, ids, strict=True):
        parse_designation(builder, designation, unique_id, names, reported)
    return builder.result()


def detect(path: Path) -> bool:
    if not path.is_file():
        return False
    head = sniff(path, 4096)
    return "<Designations" in head and ("<Designation>" in head or "<DateGenerated>" in head)


SOURCES = (Source(INFO, parse, detect),)
