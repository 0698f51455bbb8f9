"""The BIS Denied Persons List in its own tab-separated ``dpl.txt`` format.

The Bureau of Industry and Security (US Department of Commerce) publishes the
parties denied export privileges as one text file: a header row of twelve
quoted column names, then one row per denied party and address, every field
quoted and separated by tabs::

    "Name" "Street_Address" "City" "State" "Country" "Postal_Code"
    "Effective_Date" "Expiration_Date" "Standard_Order" "Last_Update" "Action"
    "FR_Citation"

``Effective_Date``/``Expiration_Date`` are ``MM/DD/YYYY``; ``Last_Update`` is ISO.
Official download: https://www.bis.doc.gov/dpl/dpl.txt (the same parties are also
in the Consolidated Screening List, :mod:`vet.sources.us_csl`).

How rows become entities:

- The file has no record ids, and lists a party once per address (AL NASER
  AIRLINES has four rows, all under one order). Rows with the same name (case,
  spacing and punctuation ignored) are therefore one entity, ``dpl-<name>``, holding
  every address;
  the id stays stable when an address changes. Each distinct ``Effective_Date``
  under that name is one denial order, so one Sanction (I. ASH has orders of
  2002 and 2003). Two different people of the same name would be merged; in the
  2023-11 file every repeated name is one party. The list also repeats a person
  under other names (WENCY MAN / WENIXA MAN at one inmate number): those rows stay
  separate entities, as nothing in the file says they are one.
- The file does not say whether a party is a person or a company: a name with a
  legal form (LLC, Ltd., GmbH, Co. ...) gives Company, an address in a prison
  (inmate number, correctional institution) gives Person, anything else
  LegalEntity; see :func:`vet.sources.us_csl.untyped_schema`.
- An empty ``Country`` with a US state in ``State`` means the US; a US state code
  written in ``Country`` (``NM``) is read as the state, with a warning.
- A ``Last_Update`` in the future or before 1850 (the real ``3033-09-30`` of JOSE
  ERNESTO GARCIA, ``1023-11-01`` of AL NASER AIRLINES) is reported with file and
  line and dropped; the record is kept.
  ``published`` is the newest valid ``Last_Update``.

Licence: a work of the US federal government, in the public domain in the US
(17 U.S.C. §105). Attribution (courtesy): Bureau of Industry and Security, US
Department of Commerce.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from followthemoney import registry

from vet.sources.base import Download, ParsedList, Source, SourceInfo
from vet.sources.builder import EARLIEST_YEAR, ListBuilder, clean_text, parse_date
from vet.sources.us_csl import untyped_schema
from vet.sources.xmlfile import sniff

PREFIX = "dpl"

INFO = SourceInfo(
    kind="bis_dpl",
    list_name="us_bis_dpl",
    label="BIS Denied Persons",
    title="BIS Denied Persons List (DPL)",
    publisher="US Department of Commerce, Bureau of Industry and Security (BIS)",
    jurisdiction="US",
    authority="US Commerce BIS",
    homepage="https://www.bis.doc.gov/index.php/policy-guidance/lists-of-parties-of-concern/"
    "denied-persons-list",
    licence="Public domain in the US (work of the US federal government, 17 U.S.C. §105)",
    attribution="Bureau of Industry and Security, US Department of Commerce",
    downloads=(Download("https://www.bis.doc.gov/dpl/dpl.txt", "dpl.txt"),),
    min_entities=300,
)

COLUMNS = (
    "Name", "Street_Address", "City", "State", "Country", "Postal_Code", "Effective_Date",
    "Expiration_Date", "Standard_Order", "Last_Update", "Action", "FR_Citation",
)  # fmt: skip
US_DATE = ("%m/%d/%Y",)
# US states, DC and territories, as BIS writes them in ``State``.
US_STATES = frozenset({
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA",
    "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ",
    "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT",
    "VA", "WA", "WV", "WI", "WY", "DC", "PR", "GU", "VI", "AS", "MP",
})  # fmt: skip


@dataclass(frozen=True)
class Row:
    line: int
    cells: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.cells[column]


def name_key(name: str) -> str:
    """Rows under one name are one party: ``AL-NASER  AIRLINES`` = ``AL NASER AIRLINES``."""
    return re.sub(r"[^A-Z0-9]+", " ", name.upper()).strip()


def us_date(builder: ListBuilder, row: Row, column: str) -> str | None:
    """An ``MM/DD/YYYY`` cell as ISO; a value in another form is dropped with a warning."""
    value = row[column]
    if not value:
        return None
    iso = parse_date(value, US_DATE)
    if iso is None:
        builder.warn(
            f"{column} {value!r} is not MM/DD/YYYY, dropped", line=row.line, record=row["Name"]
        )
    return iso


def last_update(builder: ListBuilder, row: Row) -> date | None:
    """``Last_Update`` as a date; one malformed, in the future or before 1850 is dropped."""
    value = row["Last_Update"]
    if not value:
        return None
    try:
        when = date.fromisoformat(value)
    except ValueError:
        builder.warn(
            f"Last_Update {value!r} is not a YYYY-MM-DD date, dropped",
            line=row.line,
            record=row["Name"],
        )
        return None
    if when > date.today() or when.year < EARLIEST_YEAR:
        # the real file has 3033-09-30 and 1023-11-01, typed for 2022-09-30 and 2023-11-01
        problem = "in the future" if when > date.today() else "before any list existed"
        builder.warn(
            f"Last_Update {value!r} is {problem} (a typing error?), dropped",
            line=row.line,
            record=row["Name"],
        )
        return None
    return when


def country_of(builder: ListBuilder, row: Row) -> tuple[str | None, str | None]:
    """``(country, state)``: an empty Country beside a US state is the US."""
    country, state = row["Country"], row["State"]
    if country and registry.country.clean(country) is None and country in US_STATES and not state:
        builder.warn(
            f"Country {country!r} is a US state code; read as State {country}, country US",
            line=row.line,
            record=row["Name"],
        )
        return "US", country
    if not country and state in US_STATES:
        return "US", state
    return country or None, state or None


def parse_address(builder: ListBuilder, row: Row) -> tuple[str | None, str | None]:
    """The row's address as one string, and its country."""
    country, state = country_of(builder, row)
    parts = [row["Street_Address"], row["City"], state, row["Postal_Code"], country]
    address = ", ".join(p for p in parts if p)
    return (address if address != country else None), country


def parse_order(builder: ListBuilder, entity_id: str, rows: list[Row], effective: str) -> None:
    """One denial order (all rows of a party with one Effective_Date): a Sanction."""
    first = rows[0]
    entity = builder.entities[entity_id]
    sanction = builder.sanction(
        entity,
        key=effective,
        listing_date=us_date(builder, first, "Effective_Date"),
        legal_basis=first["FR_Citation"],
        line=first.line,
        topic="export.control",
    )
    builder.add(sanction, "program", "Denied Persons List", line=first.line)
    builder.add(sanction, "programId", "DPL", line=first.line)
    expirations = set()
    for row in rows:
        builder.add(sanction, "startDate", us_date(builder, row, "Effective_Date"), line=row.line)
        expires = us_date(builder, row, "Expiration_Date")
        expirations.add(expires)
        builder.add(sanction, "endDate", expires, line=row.line)
        builder.add(sanction, "provisions", row["FR_Citation"], line=row.line)
        if row["Standard_Order"]:
            builder.add(
                sanction,
                "provisions",
                f"Standard order: {row['Standard_Order'].upper()}",
                line=row.line,
            )
        builder.add(sanction, "summary", row["Action"], line=row.line)
        updated = last_update(builder, row)
        if updated is not None:
            builder.add(sanction, "modifiedAt", updated.isoformat(), line=row.line)
            builder.published = max(builder.published or updated, updated)
    if len(expirations) > 1:
        dates = ", ".join(sorted(d or "none" for d in expirations))
        builder.warn(
            f"rows of the order effective {effective} disagree on Expiration_Date ({dates})",
            line=first.line,
            record=first["Name"],
        )


def parse_party(builder: ListBuilder, rows: list[Row]) -> None:
    """All rows of one denied party (one name): the entity and one Sanction per order."""
    name = rows[0]["Name"]
    addresses = " ".join(row["Street_Address"] for row in rows)
    entity = builder.make(untyped_schema(name, addresses), name_key(name))
    builder.add(entity, "name", name, line=rows[0].line)
    for row in rows:
        if row["Name"] != name:  # "AL-NASER AIRLINES" beside "AL NASER AIRLINES"
            builder.add(entity, "alias", row["Name"], line=row.line)
        address, country = parse_address(builder, row)
        builder.add(entity, "address", address, line=row.line)
        if country:
            builder.add_country(entity, country, line=row.line, record=name)
    builder.emit(entity)
    orders: dict[str, list[Row]] = {}
    for row in rows:
        orders.setdefault(row["Effective_Date"], []).append(row)
    assert entity.id is not None
    for effective, order_rows in orders.items():
        parse_order(builder, entity.id, order_rows, effective)


def read_rows(builder: ListBuilder, text: str) -> list[Row]:
    """Rows after the header; a missing column, a wrong field count or a cut-off quote raises."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t", strict=True)
    rows: list[Row] = []
    try:
        header = [h.strip() for h in next(reader, [])]
        known = {h.lower(): h for h in header}
        missing = [c for c in COLUMNS if c.lower() not in known]
        if missing:
            raise builder.error(
                f"missing column(s) {', '.join(missing)}; expected the "
                f"tab-separated header {' '.join(COLUMNS)}",
                line=1,
            )
        line = reader.line_num + 1
        for fields in reader:
            if fields and any(f.strip() for f in fields):
                if len(fields) != len(header):
                    raise builder.error(
                        f"expected {len(header)} tab-separated fields as in the "
                        f"header, found {len(fields)}",
                        line=line,
                    )
                by_header = dict(zip((h.lower() for h in header), fields, strict=True))
                cells = {c: clean_text(by_header[c.lower()]) or "" for c in COLUMNS}
                if not cells["Name"]:
                    raise builder.error("row without a Name", line=line)
                rows.append(Row(line, cells))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise builder.error(
            f"malformed file ({exc}); is it cut short?", line=reader.line_num
        ) from exc
    return rows


def parse(path: Path) -> ParsedList:
    """Parse ``dpl.txt``: one entity per denied name, one Sanction per denial order."""
    builder = ListBuilder(INFO, path, PREFIX)
    text = builder.read_text()
    if not text.strip():
        raise builder.error("empty file")
    rows = read_rows(builder, text)
    if not rows:
        raise builder.error("header but no rows: the file holds no denied parties")
    parties: dict[str, list[Row]] = {}
    for row in rows:
        parties.setdefault(name_key(row["Name"]), []).append(row)
    for party_rows in parties.values():
        parse_party(builder, party_rows)
    return builder.result()


def detect(path: Path) -> bool:
    if not path.is_file():
        return False
    first = sniff(path, 1024).lstrip("\ufeff").split("\n", 1)[0]
    return first.replace('"', "").strip().startswith("Name\tStreet_Address\tCity")


SOURCES = (Source(INFO, parse, detect),)
