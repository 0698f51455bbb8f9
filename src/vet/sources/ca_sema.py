"""Canada's Consolidated Canadian Autonomous Sanctions List (``sema-lmes.xml``).

Global Affairs Canada lists everyone sanctioned under the Special Economic Measures Act
(SEMA) and the Justice for Victims of Corrupt Foreign Officials Act (JVCFOA). Official
download: :data:`INFO`'s URL. Root ``<data-set>``, one ``<record>`` per listing::

    <record>
      <Country>Belarus / Bélarus</Country>          the regime, in English / French
      <LastName/> <GivenName/>                      a person, or
      <EntityOrShip/>                               an entity or ship (2020: <Entity/>)
      <TitleOrShip/>                                title, or a ship's type (2020: <Title/>)
      <ShipIMONumber/>                              (2025 only)
      <DateOfBirthOrShipBuildDate/>                 (2020: <DateOfBirth/>)
      <Aliases>a, b; Belarusian: c, Russian: d</Aliases>
      <Schedule>1, Part 1</Schedule> <Item>8</Item> <DateOfListing>2020-09-28</DateOfListing>
    </record>

Both schemas are read: the 2020 one (``Entity``, ``Title``, ``DateOfBirth``, no listing
date) and the 2025 one. A listing has no id of its own: ``Schedule`` and ``Item`` number
it within a regulation and are renumbered as regulations are amended (only 112 of the
1,096 listings in both the 2020-04 and the 2025-05 file kept their schedule and item),
and regimes are renamed (``Burma`` became ``Myanmar (Burma)``). So the entity id is the
name, in Latin letters (``ca-sema-sergey-ivanovich-menyailo``), which stays the same
from one release to the next (1,251 of the 1,365 names of 2020-04 are in 2025-05), and a
party listed under several regulations (Nicolás MADURO MOROS under Venezuela and
JVCFOR, Sergey MENYAILO under two parts of the Russia schedule) is one party with one
listing per record; in the 2025-05 file all six names listed under two regimes are one
person. Two records of one name whose birth dates contradict stay two parties (the
second keyed by its birth date), with a warning. The file states no date; the version
is dated by its import (or, bundled, by the manifest).

Canada lists UN Security Council designations under the United Nations Act, not in this
file, so its records carry no UN reference numbers: they join other lists' records by
name and birth date (people) or name and identifier (ships' IMO numbers).

Licence: Government of Canada website terms (Global Affairs Canada). Reproduction is
allowed; reuse in a commercial product is not granted in terms vet could verify, so
vet does not ship this list: ``vet lists update`` fetches it from the publisher.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import Element

from followthemoney.proxy import EntityProxy
from rigour.text import ascii_text

from vet.sources.base import Download, ParsedList, Source, SourceInfo
from vet.sources.builder import ListBuilder, clean_text, parse_date
from vet.sources.xmlfile import children, local, read_xml, root_of, sniff

INFO = SourceInfo(
    kind="ca_sema",
    list_name="ca_sema",
    label="Canada autonomous sanctions",
    title="Consolidated Canadian Autonomous Sanctions List",
    publisher="Government of Canada, Global Affairs Canada",
    jurisdiction="CA",
    authority="Global Affairs Canada",
    homepage="https://www.international.gc.ca/world-monde/international_relations-"
    "relations_internationales/sanctions/consolidated-consolide.aspx?lang=eng",
    licence="Government of Canada website terms (reproduction allowed; commercial "
    "redistribution not granted in verified terms): not bundled",
    attribution="Source: Global Affairs Canada, Consolidated Canadian Autonomous Sanctions List",
    downloads=(
        Download(
            "https://www.international.gc.ca/world-monde/assets/office_docs/"
            "international_relations-relations_internationales/sanctions/sema-lmes.xml",
            "sema-lmes.xml",
        ),
    ),
    # 1,369 records in Apr 2020, 4,759 in May 2025: fewer than 1,000 is a cut-short file.
    min_entities=1000,
)


@dataclass(frozen=True)
class Expected:
    """What a published release holds, counted in the file itself (not by this parser)."""

    records: int
    entities_or_ships: int
    parties: int
    """Distinct names: the listed parties vet makes of the records."""
    vessels: int


EXPECTED = {
    "2020-04": Expected(1369, 384, 1365, 0),
    "2025-05": Expected(4759, 1425, 4752, 109),
}
"""Releases counted record by record (records and entities or ships in PROVENANCE.md of
the shared data; names and ships counted with grep). The parser gave exactly these on
both files (bench/RESULTS.md, "Allies' lists"); the files are not in the repository."""

# Tag names of the two schemas, newest first.
NAME_TAGS = ("EntityOrShip", "Entity")
TITLE_TAGS = ("TitleOrShip", "Title")
DATE_TAGS = ("DateOfBirthOrShipBuildDate", "DateOfBirth")

_LANGUAGE_LABEL = re.compile(r"^\s*[A-Za-z]+\s*:\s*")
_ALIAS_SPLIT = re.compile(r"\s*[;,]\s*|\s+or\s+")
_DATE_SPLIT = re.compile(r"\s+or\s+", re.IGNORECASE)


def field(record: Element, *names: str) -> str | None:
    """Cleaned text of the first of ``names`` the record has."""
    for name in names:
        for child in children(record, name):
            text = clean_text(child.text)
            if text is not None:
                return text
    return None


def regime(country: str) -> str:
    """``Belarus / Bélarus`` -> ``Belarus``: the English half of a bilingual name."""
    return country.split(" / ", 1)[0].strip()


def aliases(text: str | None) -> list[str]:
    """``a, b; Belarusian: c, Russian: d`` -> ``[a, b, c, d]``."""
    found = []
    for part in _ALIAS_SPLIT.split(text or ""):
        name = _LANGUAGE_LABEL.sub("", part).strip()
        if len(name) > 1:
            found.append(name)
    return found


def dates(text: str | None) -> list[str]:
    """``1963 or 1964`` -> both; each in ISO form where it is a date."""
    return [parse_date(part) or part for part in _DATE_SPLIT.split(text or "") if part]


def party_key(builder: ListBuilder, schema: str, name: str, record: Element, label: str) -> str:
    """The id of the party a record lists: its name in Latin letters, plus its birth
    date (or kind) when an earlier record of the same name gives a different one."""
    key = ascii_text(name) or name
    born = set(dates(field(record, *DATE_TAGS)))
    earlier = builder.entities.get(builder.make(schema, key).id or "")
    if earlier is not None and earlier.schema.name != schema:
        return f"{key} {schema}"  # a ship named after a person, say
    if earlier is not None and born and earlier.get("birthDate"):
        known = {d[:4] for d in earlier.get("birthDate")}
        if not known & {d[:4] for d in born}:
            builder.warn(
                f"{name!r} listed before with birth date {', '.join(sorted(known))}, here "
                f"{', '.join(sorted(born))}: kept as two parties",
                record=label,
            )
            return f"{key} {min(born)}"
    return key


def parse_record(builder: ListBuilder, record: Element, number: int) -> None:
    label = f"#{number}"
    country = field(record, "Country")
    if country is None:
        raise builder.error("record without Country (regime)", record=label)
    given, last = field(record, "GivenName"), field(record, "LastName")
    if given or last:
        schema, name = "Person", clean_text(f"{given or ''} {last or ''}")
    else:
        name = field(record, *NAME_TAGS)
        schema = "Vessel" if field(record, "ShipIMONumber") else "Organization"
    if name is None:
        raise builder.error("record without a name", record=label)
    program = regime(country)
    entity = builder.make(schema, party_key(builder, schema, name, record, label))
    builder.add(entity, "name", name, record=label)
    if schema == "Person":
        builder.add(entity, "firstName", given, record=label)
        builder.add(entity, "lastName", last, record=label)
    for alias in aliases(field(record, "Aliases")):
        builder.add(entity, "alias", alias, record=label)
    parse_details(builder, entity, record, label)
    schedule, item = field(record, "Schedule"), field(record, "Item")
    place = ", ".join(
        p for p in (f"Schedule {schedule}" if schedule else None, f"Item {item}") if p
    )
    sanction = builder.sanction(
        entity,
        key=f"{program} {schedule or ''} {item or ''}",
        program=program,
        listing_date=field(record, "DateOfListing"),
        record_id=place,
    )
    builder.add(sanction, "summary", f"{country}: {place}")
    builder.emit(entity)


def parse_details(builder: ListBuilder, entity: EntityProxy, record: Element, label: str) -> None:
    title = field(record, *TITLE_TAGS)
    when = dates(field(record, *DATE_TAGS))
    if entity.schema.is_a("Vessel"):
        imo = re.sub(r"\D", "", field(record, "ShipIMONumber") or "")
        builder.add_identifier(entity, "IMO number", f"IMO{imo}", record=label)
        builder.add(entity, "type", title, record=label)
        for value in when:
            builder.add(entity, "buildDate", value, record=label)
        return
    if entity.schema.is_a("Person"):
        builder.add(entity, "title", title, record=label)
        for value in when:
            builder.add(entity, "birthDate", value, record=label)
        return
    builder.add(entity, "notes", title, record=label)


def parse(path: Path) -> ParsedList:
    builder = ListBuilder(INFO, path, prefix="ca-sema")
    root = read_xml(path)
    if local(root.tag) != "data-set":
        raise builder.error(
            f"root element is <{local(root.tag)}>, expected <data-set>: not Canada's "
            "consolidated autonomous sanctions list"
        )
    for number, record in enumerate(children(root, "record"), start=1):
        parse_record(builder, record, number)
    return builder.result()


def detect(path: Path) -> bool:
    if not path.is_file():
        return False
    head = sniff(path, 4096)
    root = root_of(head)
    return root is not None and root[0] == "data-set" and "<Item>" in head


SOURCES = (Source(INFO, parse, detect),)
