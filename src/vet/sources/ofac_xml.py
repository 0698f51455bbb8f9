"""OFAC's sdnList XML: ``SDN.XML`` and the non-SDN ``CONSOLIDATED.XML``.

Both files use one schema (``consolidated.xsd``). Treasury's old downloads declared the
namespace ``http://tempuri.org/sdnList.xsd``; the Sanctions List Service that serves them
now declares ``https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML``
with the same elements. The format is told by its root element, ``<sdnList>``, whatever
namespace it declares; a namespace not in :data:`NAMESPACES` is read with a warning::

    <sdnList>
      <publshInformation><Publish_Date>04/06/2018</Publish_Date>
                         <Record_Count>639</Record_Count></publshInformation>
      <sdnEntry>
        <uid/> <firstName/> <lastName/> <title/> <sdnType/> <remarks/>
        <programList><program/>...</programList>
        <idList><id><idType/><idNumber/><idCountry/><issueDate/><expirationDate/></id>...</idList>
        <akaList><aka><type>a.k.a.|f.k.a.|n.k.a.</type><category>strong|weak</category>
                      <lastName/><firstName/></aka>...</akaList>
        <addressList/> <nationalityList/> <citizenshipList/> <dateOfBirthList/>
        <placeOfBirthList/> <vesselInfo/>
      </sdnEntry>
    </sdnList>

``idList`` holds what the legacy CSV keeps in its remarks (identifiers, gender,
websites, sanction notes), with the same labels, so it goes through the same
:func:`~vet.sources.ofac_remarks.apply_detail` as the CSV remarks. Entity ids are
``ofac-<uid>``, the same as ``ofac-<ent_num>`` from the CSV form of the same list, and
names are written ``LASTNAME, First`` as in the CSV, so the two forms can be diffed.
``Publish_Date`` (MM/DD/YYYY) is the publication date; ``Record_Count`` must
equal the number of entries, else the file is taken as truncated.

Official downloads:
``https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN.XML``
and ``.../CONSOLIDATED.XML`` (formerly ``https://www.treasury.gov/ofac/downloads/sdn.xml``
and ``.../consolidated/consolidated.xml``). Public domain in the US (17 U.S.C. §105).

The second source here reads OFAC's newer "enhanced" XML (``SDN_ENHANCED.ZIP``,
``CONS_ENHANCED.ZIP``: a zip holding one XML file; namespace
``https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ENHANCED_XML``)::

    <sanctionsData>
      <publicationInfo><dataAsOf>2025-01-10T00:00:00</dataAsOf>
        <filters><sanctionsLists><sanctionsList>Consolidated List</sanctionsList>...
      <entities><entity id="9639">
        <generalInfo><entityType>Individual</entityType><remarks/></generalInfo>
        <sanctionsLists/> <sanctionsPrograms/> <sanctionsTypes/> <legalAuthorities/>
        <names><name><isPrimary/><aliasType>A.K.A.</aliasType><isLowQuality/>
               <translations><translation><script>Latin</script>
                 <formattedFirstName/><formattedLastName/><formattedFullName/>...
        <addresses><address><country/><translations><translation><addressParts>
               <addressPart><type>CITY</type><value/>...
        <features><feature><type>Birthdate</type><value>1962</value>...
        <identityDocuments><identityDocument><type/><documentNumber/><issuingCountry/>...
        <relationships><relationship><type/><relatedEntity entityId="4695"/>...

Entity ids are ``ofac-<entity id>``, the same number as the legacy ``ent_num``.
Feature types use the remark labels (``Website``, ``Secondary sanctions risk:``) and go
through the same :func:`~vet.sources.ofac_remarks.apply_detail`. The zip is refused when
it declares more than 500 MB uncompressed.
"""

from __future__ import annotations

import tempfile
import zipfile
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from xml.etree.ElementTree import Element

from followthemoney.proxy import EntityProxy

from vet.errors import ParseError
from vet.sources.base import Download, ParsedList, Source
from vet.sources.builder import ListBuilder, slug
from vet.sources.ofac_csv import (
    CONS_INFO,
    EXPORTS,
    PREFIX,
    SDN_INFO,
    add_person_name,
    add_vessel,
    sanction,
    schema_for,
)
from vet.sources.ofac_remarks import (
    Context,
    Detail,
    Listing,
    add_country,
    add_dates,
    apply_detail,
    detail_label,
    parse_remarks,
    split_identifier,
)
from vet.sources.xmlfile import child_text, children, local, read_xml, root_of, sniff
from vet.sources.zipfiles import copy_member, looks_like_zip, zip_problem

NAMESPACES = {
    "http://tempuri.org/sdnList.xsd": "treasury.gov downloads, until 2024",
    "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML": (
        "Sanctions List Service, from 2024"
    ),
}
"""sdnList namespaces OFAC has used, with where they were served."""
ENHANCED_NAMESPACE = (
    "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ENHANCED_XML"
)
MAX_XML_BYTES = 500 * 1024 * 1024  # the largest official file (SDN enhanced) is far below

INFO = replace(
    SDN_INFO,
    kind="ofac_xml",
    title=SDN_INFO.title + ", sdnList XML",
    downloads=(Download(EXPORTS + "SDN.XML", "sdn.xml"),),
)
CONSOLIDATED_INFO = replace(
    CONS_INFO,
    kind="ofac_xml",
    title=CONS_INFO.title + ", sdnList XML",
    downloads=(Download(EXPORTS + "CONSOLIDATED.XML", "consolidated.xml"),),
)
ENHANCED_INFO = replace(
    CONS_INFO,
    kind="ofac_enhanced_xml",
    title=CONS_INFO.title + ", enhanced XML",
    downloads=(Download(EXPORTS + "CONS_ENHANCED.ZIP", "CONS_ENHANCED.ZIP"),),
)
ENHANCED_SDN_INFO = replace(
    SDN_INFO,
    kind="ofac_enhanced_xml",
    title=SDN_INFO.title + ", enhanced XML",
    downloads=(Download(EXPORTS + "SDN_ENHANCED.ZIP", "SDN_ENHANCED.ZIP"),),
)

# Program tags used only on the non-SDN lists (Part 561, NS-ISA, CMIC, CAPTA, NS-MBS).
NON_SDN_PROGRAMS = {"561list", "561-related", "ns-isa", "cmic-eo13959", "capta", "ns-mbs"}
# Program tags that mark an entry of a non-SDN list, but also occur on some SDN entries.
NON_SDN_MARKS = ("ns-plc", "fse-", "ukraine-eo13662")
# idList/remarks text that marks a non-SDN entry.
NON_SDN_TEXT = ("not on the sdn list", "directive determination")

# aka type/category -> property; f.k.a. is a former name whatever its quality.
# The enhanced XML writes the type in capitals and the category as isLowQuality.
AKA_PROPERTIES = {
    ("a.k.a.", "strong"): "alias",
    ("a.k.a.", "weak"): "weakAlias",
    ("n.k.a.", "strong"): "alias",
    ("n.k.a.", "weak"): "weakAlias",
    ("f.k.a.", "strong"): "previousName",
    ("f.k.a.", "weak"): "previousName",
}


def full_name(element: Element) -> str | None:
    """``LASTNAME, First`` as the legacy CSV writes it (or just the last name)."""
    last, first = child_text(element, "lastName"), child_text(element, "firstName")
    if last and first:
        return f"{last}, {first}"
    return last or first


def items(element: Element, path: str) -> list[Element]:
    """Every element at ``a/b`` below ``element`` (``idList/id``), namespace ignored."""
    found = [element]
    for name in path.split("/"):
        found = [child for parent in found for child in children(parent, name)]
    return found


def is_consolidated(path: Path, entries: list[Element]) -> bool:
    """Whether the file is the Consolidated (non-SDN) list rather than the SDN list.

    The rule: the file name decides when it says (``consolidated.xml``, ``CONS_*`` ->
    consolidated; ``sdn*`` -> SDN). Otherwise the content decides: the file is the
    Consolidated list when any entry carries a program used only on non-SDN lists
    (561List, NS-ISA, CMIC, CAPTA, NS-MBS), or when at least half of its entries are
    marked as non-SDN listings (NS-PLC, FSE, SSI's UKRAINE-EO13662 program, "Not on the
    SDN List", an SSI "Directive Determination"). A few SDN entries carry such marks
    too, but never half of the SDN list.
    """
    name = path.name.lower()
    if name.startswith("cons"):
        return True
    if name.startswith("sdn"):
        return False
    marked = 0
    for entry in entries:
        programs = [(p.text or "").strip().lower() for p in items(entry, "programList/program")]
        if any(p in NON_SDN_PROGRAMS for p in programs):
            return True
        texts = [
            (child_text(i, "idType") or "") + " " + (child_text(i, "idNumber") or "")
            for i in items(entry, "idList/id")
        ]
        texts.append(child_text(entry, "remarks") or "")
        if any(p.startswith(NON_SDN_MARKS) for p in programs) or any(
            mark in t.lower() for t in texts for mark in NON_SDN_TEXT
        ):
            marked += 1
    return bool(entries) and marked * 2 >= len(entries)


def parse_publication(builder: ListBuilder, root: Element, entries: list[Element]) -> None:
    """``Publish_Date`` -> published; ``Record_Count`` must match the entries present."""
    for info in children(root, "publshInformation"):
        published = child_text(info, "Publish_Date")
        if published:
            try:
                builder.published = datetime.strptime(published, "%m/%d/%Y").date()
            except ValueError:
                builder.warn(f"Publish_Date {published!r} is not MM/DD/YYYY; no date kept")
        count = child_text(info, "Record_Count")
        if count is None:
            continue
        if not count.isdigit():
            raise builder.error(f"Record_Count {count!r} is not a number")
        if int(count) != len(entries):
            raise builder.error(
                f"Record_Count says {count} entries but the file holds {len(entries)}: "
                "the file is truncated or altered"
            )


def parse_address(builder: ListBuilder, entity: EntityProxy, address: Element, uid: str) -> None:
    """``address1..3, city, stateOrProvince, postalCode, country`` in the CSV's order."""
    lines = [child_text(address, f"address{n}") for n in (1, 2, 3)]
    city, state, postal = (
        child_text(address, k) for k in ("city", "stateOrProvince", "postalCode")
    )
    place = ", ".join(p for p in (city, state) if p)
    place = " ".join(p for p in (place, postal) if p)
    country = child_text(address, "country")
    parts = [p for p in (*lines, place, country) if p]
    if parts:
        builder.add(entity, "address", ", ".join(parts), record=uid)
    add_country(builder, entity, country, "country", record=uid)


def parse_aka(builder: ListBuilder, entity: EntityProxy, aka: Element, uid: str) -> None:
    kind = (child_text(aka, "type") or "a.k.a.").lower()
    category = (child_text(aka, "category") or "strong").lower()
    prop = AKA_PROPERTIES.get((kind, category))
    if prop is None:
        builder.warn(f"unknown alias type {kind!r}/{category!r}, read as a.k.a.", record=uid)
        prop = "alias"
    builder.add(entity, prop, full_name(aka), record=uid)


def parse_id(ctx: Context, entity: EntityProxy, listing: Listing, item: Element, uid: str) -> None:
    """One ``idList/id``: an identifier, or a labelled fact such as Gender or Website."""
    kind = child_text(item, "idType") or "Identifier"
    number = child_text(item, "idNumber")
    if number is None:
        return
    country = child_text(item, "idCountry")
    issued, expires = child_text(item, "issueDate"), child_text(item, "expirationDate")
    text = f"{kind} {number}"
    if country is None:  # older files write "1026303117642 (Russia)" in idNumber
        number, country, issued_too, expires_too = split_identifier(number)
        issued, expires = issued or issued_too, expires or expires_too
    detail = Detail(
        label=detail_label(kind),
        kind=kind.rstrip(":").strip(),
        value=number,
        text=text,
        country=country,
        issued=issued,
        expires=expires,
    )
    apply_detail(ctx, entity, listing, detail, record=uid, structured=True)


def parse_entry(ctx: Context, entry: Element) -> None:
    """One ``sdnEntry``."""
    builder = ctx.builder
    uid = child_text(entry, "uid")
    name = full_name(entry)
    if uid is None or name is None:
        raise builder.error("sdnEntry without uid or lastName", record=uid)
    schema = schema_for(builder, child_text(entry, "sdnType"), record=uid)
    entity = builder.make(schema, uid)
    builder.add(entity, "name", name, record=uid)
    add_person_name(builder, entity, name)
    title = child_text(entry, "title")
    if title and schema == "Person":
        for position in title.split("; "):
            builder.add(entity, "position", position, record=uid)
    elif title:
        entity.add("notes", f"Title: {title}")
    listing = Listing()
    for item in items(entry, "idList/id"):
        parse_id(ctx, entity, listing, item, uid)
    for aka in items(entry, "akaList/aka"):
        parse_aka(builder, entity, aka, uid)
    for address in items(entry, "addressList/address"):
        parse_address(builder, entity, address, uid)
    for item in items(entry, "nationalityList/nationality"):
        add_country(builder, entity, child_text(item, "country"), "nationality", record=uid)
    for item in items(entry, "citizenshipList/citizenship"):
        add_country(builder, entity, child_text(item, "country"), "citizenship", record=uid)
    if schema == "Person":
        for item in items(entry, "dateOfBirthList/dateOfBirthItem"):
            add_dates(
                builder, entity, "birthDate", child_text(item, "dateOfBirth") or "", record=uid
            )
        for item in items(entry, "placeOfBirthList/placeOfBirthItem"):
            builder.add(entity, "birthPlace", child_text(item, "placeOfBirth"), record=uid)
    for vessel in children(entry, "vesselInfo"):
        add_vessel(
            ctx,
            entity,
            uid,
            call_sign=child_text(vessel, "callSign"),
            vessel_type=child_text(vessel, "vesselType"),
            tonnage=child_text(vessel, "tonnage"),
            grt=child_text(vessel, "grossRegisteredTonnage"),
            flag=child_text(vessel, "vesselFlag"),
            owner=child_text(vessel, "vesselOwner"),
        )
    remarks = child_text(entry, "remarks")
    for detail in parse_remarks(remarks):
        apply_detail(ctx, entity, listing, detail, record=uid)
    builder.add(entity, "notes", remarks, record=uid)
    programs = [p.text.strip() for p in items(entry, "programList/program") if p.text]
    sanction(ctx, entity, listing, programs, record=uid)
    builder.emit(entity)


def parse(path: Path) -> ParsedList:
    """Parse ``SDN.XML`` or ``CONSOLIDATED.XML``; ``info`` tells which list it was."""
    root = read_xml(path)
    if local(root.tag) != "sdnList":
        raise ParseError(path, f"not an OFAC sdnList file (root element <{local(root.tag)}>)")
    entries = children(root, "sdnEntry")
    info = CONSOLIDATED_INFO if is_consolidated(path, entries) else INFO
    builder = ListBuilder(info, path, PREFIX)
    namespace = root.tag[1:].split("}", 1)[0] if root.tag.startswith("{") else None
    if namespace not in NAMESPACES:
        builder.warn(f"sdnList namespace {namespace!r} not seen before; read as sdnList XML")
    parse_publication(builder, root, entries)
    ctx = Context(builder)
    for entry in entries:
        uid = child_text(entry, "uid")
        if uid is not None:
            ctx.index(full_name(entry), slug(PREFIX, uid))
    for entry in entries:
        parse_entry(ctx, entry)
    return builder.result()


def detect(path: Path) -> bool:
    if not path.is_file():
        return False
    root = root_of(sniff(path, 4096))
    return root is not None and root[0] == "sdnList"


# -- enhanced XML ------------------------------------------------------------------------


def first(element: Element | None, path: str) -> Element | None:
    """The first element at ``a/b/c`` below ``element`` (namespace ignored)."""
    for name in path.split("/"):
        if element is None:
            return None
        found = children(element, name)
        element = found[0] if found else None
    return element


def text_at(element: Element | None, path: str) -> str | None:
    found = first(element, path)
    text = (found.text or "").strip() if found is not None else ""
    return text or None


def read_enhanced(path: Path) -> Element:
    """The XML root of ``path``, an enhanced XML file or the zip OFAC serves it in."""
    if not looks_like_zip(path) and not zipfile.is_zipfile(path):
        return read_xml(path)
    if problem := zip_problem(path):
        raise ParseError(path, problem)
    try:
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.infolist() if m.filename.lower().endswith(".xml")]
            if len(members) != 1:
                raise ParseError(path, f"expected one XML file in the zip, found {len(members)}")
            member = members[0]
            if member.file_size > MAX_XML_BYTES:
                raise ParseError(
                    path,
                    f"{member.filename} declares {member.file_size:,} bytes uncompressed, "
                    f"more than the {MAX_XML_BYTES:,} allowed: refused",
                )
            with tempfile.TemporaryDirectory() as folder:
                target = Path(folder) / Path(member.filename).name
                with open(target, "wb") as output:
                    copy_member(archive, member, output)
                return read_xml(target)
    except ValueError as exc:
        raise ParseError(path, f"{exc}: refused") from exc
    except (zipfile.BadZipFile, EOFError) as exc:
        raise ParseError(path, f"damaged or truncated zip file: {exc}") from exc


def translation_name(translation: Element) -> str | None:
    full = text_at(translation, "formattedFullName")
    if full:
        return full
    last, first_name = (
        text_at(translation, k) for k in ("formattedLastName", "formattedFirstName")
    )
    return f"{last}, {first_name}" if last and first_name else last or first_name


def primary_translation(name: Element) -> Element | None:
    translations = items(name, "translations/translation")
    for translation in translations:
        if text_at(translation, "isPrimary") == "true":
            return translation
    return translations[0] if translations else None


def primary_name(entity: Element) -> Element | None:
    for name in items(entity, "names/name"):
        if text_at(name, "isPrimary") == "true":
            return name
    return None


def parse_enhanced_name(builder: ListBuilder, entity: EntityProxy, name: Element, uid: str) -> None:
    """One ``names/name``: the primary name (with its parts) or an alias, in every script."""
    if text_at(name, "isPrimary") == "true":
        prop = "name"
        main = primary_translation(name)
        if main is not None and entity.schema.name == "Person":
            builder.add(entity, "firstName", text_at(main, "formattedFirstName"), record=uid)
            builder.add(entity, "lastName", text_at(main, "formattedLastName"), record=uid)
    else:
        kind = (text_at(name, "aliasType") or "a.k.a.").lower()
        weak = "weak" if text_at(name, "isLowQuality") == "true" else "strong"
        prop = AKA_PROPERTIES.get((kind, weak), "alias")
    for translation in items(name, "translations/translation"):
        target = prop
        if prop == "name" and text_at(translation, "isPrimary") != "true":
            target = "alias"  # the primary name in another script (Cyrillic, Chinese)
        builder.add(entity, target, translation_name(translation), record=uid)


def parse_enhanced_address(
    builder: ListBuilder, entity: EntityProxy, address: Element, uid: str
) -> None:
    parts: dict[str, str] = {}
    translation = primary_translation(address)
    for part in items(translation, "addressParts/addressPart") if translation is not None else []:
        kind, value = text_at(part, "type"), text_at(part, "value")
        if kind and value:
            parts[kind.upper()] = value
    lines = [parts.get(f"ADDRESS{n}") for n in (1, 2, 3)]
    place = ", ".join(p for p in (parts.get("CITY"), parts.get("STATE/PROVINCE")) if p)
    place = " ".join(p for p in (place, parts.get("POSTAL CODE")) if p)
    # the legacy CSV writes a region in the country column: "Region: Gaza"
    region = f"Region: {parts['REGION']}" if parts.get("REGION") else None
    country = text_at(address, "country") or region
    full = [p for p in (*lines, place, country) if p]
    if full:
        builder.add(entity, "address", ", ".join(full), record=uid)
    add_country(builder, entity, country, "country", record=uid)


def parse_enhanced_entity(ctx: Context, element: Element, known: set[str]) -> None:
    """One ``entities/entity``."""
    builder = ctx.builder
    uid = element.get("id")
    if not uid:
        raise builder.error("entity without an id")
    schema = schema_for(builder, text_at(element, "generalInfo/entityType"), record=uid)
    entity = builder.make(schema, uid)
    for name in items(element, "names/name"):
        parse_enhanced_name(builder, entity, name, uid)
    if not entity.get("name"):
        raise builder.error("entity without a primary name", record=uid)
    for address in items(element, "addresses/address"):
        parse_enhanced_address(builder, entity, address, uid)
    listing = Listing()
    for feature in items(element, "features/feature"):
        kind, value = text_at(feature, "type") or "", text_at(feature, "value") or ""
        detail = Detail(detail_label(kind), kind.rstrip(":").strip(), value, f"{kind} {value}")
        apply_detail(ctx, entity, listing, detail, record=uid)
    for document in items(element, "identityDocuments/identityDocument"):
        kind = text_at(document, "type") or "Identifier"
        number = text_at(document, "documentNumber") or ""
        detail = Detail(
            detail_label(kind),
            kind,
            number,
            f"{kind} {number}",
            country=text_at(document, "issuingCountry"),
        )
        apply_detail(ctx, entity, listing, detail, record=uid, structured=True)
    for relation in items(element, "relationships/relationship"):
        related = first(relation, "relatedEntity")
        role = text_at(relation, "type") or "Related to"
        target = slug(PREFIX, related.get("entityId")) if related is not None else None
        if target in known and entity.id is not None and target is not None:
            builder.link(entity.id, target, role)
        elif related is not None:
            entity.add("notes", f"{role}: {(related.text or '').strip()}")
    remarks = text_at(element, "generalInfo/remarks")
    for detail in parse_remarks(remarks):
        apply_detail(ctx, entity, listing, detail, record=uid)
    builder.add(entity, "notes", remarks, record=uid)
    listing.provisions.extend(t for t in texts(element, "legalAuthorities/legalAuthority"))
    programs = texts(element, "sanctionsPrograms/sanctionsProgram")
    entry = sanction(ctx, entity, listing, programs, record=uid)
    for summary in (
        *texts(element, "sanctionsLists/sanctionsList"),
        *texts(element, "sanctionsTypes/sanctionsType"),
    ):
        builder.add(entry, "summary", summary, record=uid)
    builder.emit(entity)


def texts(element: Element, path: str) -> list[str]:
    return [item.text.strip() for item in items(element, path) if item.text and item.text.strip()]


def parse_enhanced(path: Path) -> ParsedList:
    """Parse ``CONS_ENHANCED.ZIP``/``SDN_ENHANCED.ZIP`` (or the XML inside)."""
    root = read_enhanced(path)
    if local(root.tag) != "sanctionsData":
        raise ParseError(path, f"not an OFAC enhanced XML file (root <{local(root.tag)}>)")
    lists = texts(root, "publicationInfo/filters/sanctionsLists/sanctionsList")
    sdn_only = "SDN List" in lists and "Consolidated List" not in lists
    builder = ListBuilder(ENHANCED_SDN_INFO if sdn_only else ENHANCED_INFO, path, PREFIX)
    as_of = text_at(root, "publicationInfo/dataAsOf")
    if as_of:
        try:
            builder.published = datetime.fromisoformat(as_of).date()
        except ValueError:
            builder.warn(f"dataAsOf {as_of!r} is not an ISO date; no date kept")
    entities = items(root, "entities/entity")
    ctx = Context(builder)
    known: set[str] = set()
    for element in entities:
        uid = element.get("id")
        name = primary_name(element)
        main = primary_translation(name) if name is not None else None
        if uid:
            known.add(slug(PREFIX, uid))
            if main is not None:
                ctx.index(translation_name(main), slug(PREFIX, uid))
    for element in entities:
        parse_enhanced_entity(ctx, element, known)
    return builder.result()


def detect_enhanced(path: Path) -> bool:
    """An enhanced XML file, or a zip holding one (judged by the member's name)."""
    if not path.is_file():
        return False
    if zipfile.is_zipfile(path):
        try:
            with zipfile.ZipFile(path) as archive:
                names = [n.lower() for n in archive.namelist()]
        except zipfile.BadZipFile:
            return False
        return len(names) == 1 and names[0].endswith("_enhanced.xml")
    head = sniff(path, 2048)
    return "<sanctionsData" in head and ENHANCED_NAMESPACE in head


SOURCES = (
    Source(INFO, parse, detect),
    Source(ENHANCED_INFO, parse_enhanced, detect_enhanced),
)
