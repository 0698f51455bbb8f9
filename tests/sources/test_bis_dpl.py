"""BIS Denied Persons List: real rows of BIS's tab-separated dpl.txt (2023-11)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from followthemoney.proxy import EntityProxy
from parsed_helpers import entity

from vet.errors import ParseError
from vet.sources import detect_source
from vet.sources.base import ParsedList
from vet.sources.bis_dpl import detect, parse

EXCERPT = "dpl_2023-11_excerpt.txt"


@pytest.fixture(scope="module")
def parsed(fixtures: Path) -> ParsedList:
    return parse(fixtures / "csl" / EXCERPT)


def orders(parsed: ParsedList, entity_id: str) -> list[EntityProxy]:
    """The party's Sanctions (one per denial order), oldest first."""
    found = [
        e for e in parsed.entities if e.schema.name == "Sanction" and entity_id in e.get("entity")
    ]
    return sorted(found, key=lambda s: s.first("listingDate") or "")


def test_excerpt_parties_and_date(parsed: ParsedList) -> None:
    # 19 rows: I. ASH three times, AL NASER AIRLINES four times and AL-NASER AIRLINES
    # three times, JESUS ADRIAN RAMIREZ twice
    assert parsed.target_count == 10
    # the newest valid Last_Update; JOSE ERNESTO GARCIA's 3033-09-30 does not count
    assert parsed.published == date(2023, 11, 2)


def test_future_last_update_is_reported_and_the_record_kept(parsed: ParsedList) -> None:
    assert (
        f"{EXCERPT} line 17 record JOSE ERNESTO GARCIA: Last_Update '3033-09-30' is in the "
        "future (a typing error?), dropped"
    ) in parsed.warnings
    garcia = entity(parsed, "dpl-jose-ernesto-garcia")
    assert garcia.get("address") == ["1502 HOLBROOK ROAD, #20, SAN ANTONIO, TX, 78218, US"]
    (order,) = orders(parsed, "dpl-jose-ernesto-garcia")
    assert order.get("listingDate") == ["2022-09-26"]
    assert order.get("endDate") == ["2030-02-03"]
    assert order.get("provisions") == ["87 F.R. 59396 9/30/2022", "Standard order: Y"]
    assert order.get("modifiedAt") == []
    # the same slip a thousand years the other way
    assert (
        f"{EXCERPT} line 6 record AL NASER AIRLINES: Last_Update '1023-11-01' is before any "
        "list existed (a typing error?), dropped"
    ) in parsed.warnings


def test_rows_of_one_name_are_one_party_with_one_sanction_per_order(parsed: ParsedList) -> None:
    ash = entity(parsed, "dpl-i-ash")
    assert ash.schema.name == "Person"  # one address is a federal prison
    assert len(ash.get("address")) == 3
    first, second = orders(parsed, "dpl-i-ash")
    assert (first.get("listingDate"), second.get("listingDate")) == (
        ["2002-03-04"],
        ["2003-06-19"],
    )
    assert first.get("endDate") == ["2056-06-29"]
    assert first.get("authority") == ["US Commerce BIS"]
    assert first.get("program") == ["Denied Persons List"]
    assert first.get("programId") == ["DPL"]
    airline = entity(parsed, "dpl-al-naser-airlines")
    assert airline.get("name") == ["AL NASER AIRLINES"]
    assert airline.get("alias") == ["AL-NASER AIRLINES"]
    assert sorted(airline.get("country")) == ["ae", "iq", "jo"]
    assert len(airline.get("address")) == 4
    assert len(orders(parsed, "dpl-al-naser-airlines")) == 1
    assert airline.get("topics") == ["export.control"]


def test_schema_from_legal_form_or_prison_address(parsed: ParsedList) -> None:
    schemata = {
        e.id: e.schema.name for e in parsed.entities if e.schema.is_a("Thing") and e.get("topics")
    }
    assert schemata["dpl-elecmat-inc"] == "Company"
    assert schemata["dpl-wency-man"] == "Person"  # INMATE NUMBER: 50772-298, FCI DUBLIN
    assert schemata["dpl-aaron-abraham-villa"] == "LegalEntity"  # the list does not say
    # the list gives one inmate two names, on two rows: two entities, as listed
    assert schemata["dpl-wenixa-man"] == "Person"


def test_us_dates_and_countries(parsed: ParsedList) -> None:
    (order,) = orders(parsed, "dpl-johnson-hu")
    assert order.get("listingDate") == ["2016-02-03"]  # "02/03/2016" is MM/DD/YYYY
    assert entity(parsed, "dpl-johnson-hu").get("country") == ["cn"]  # "PRC"
    villa = entity(parsed, "dpl-aaron-abraham-villa")
    assert villa.get("country") == ["us"]  # State TX, Country empty
    assert villa.get("address") == ["3415 RIVERA AVENUE, EL PASO, TX, 79905, US"]
    assert (
        f"{EXCERPT} line 18 record STEPHEN EDWARD SMITH: Country 'NM' is a US state code; "
        "read as State NM, country US"
    ) in parsed.warnings
    assert entity(parsed, "dpl-stephen-edward-smith").get("address") == [
        "INMATE NUMBER: 30819-408, FCI LA TUNA, P.O. Box 3000, ANTHONY, NM, 88021, US"
    ]


def test_rows_that_disagree_are_reported(parsed: ParsedList) -> None:
    (order,) = orders(parsed, "dpl-jesus-adrian-ramirez")
    assert sorted(order.get("endDate")) == ["2023-12-16", "2030-12-16"]
    assert (
        f"{EXCERPT} line 14 record JESUS ADRIAN RAMIREZ: rows of the order effective "
        "03/21/2023 disagree on Expiration_Date (2023-12-16, 2030-12-16)"
    ) in parsed.warnings


def test_detect(fixtures: Path) -> None:
    assert detect(fixtures / "csl" / EXCERPT)
    assert detect_source(fixtures / "csl" / EXCERPT).info.kind == "bis_dpl"
    assert not detect(fixtures / "csl" / "consolidated_2022-05_excerpt.csv")


# -- bad input -------------------------------------------------------------------------------


def excerpt_lines(fixtures: Path) -> list[str]:
    return (fixtures / "csl" / EXCERPT).read_text("utf-8").splitlines(keepends=True)


def test_missing_column_is_named(fixtures: Path, tmp_path: Path) -> None:
    lines = excerpt_lines(fixtures)
    lines[0] = lines[0].replace('"Last_Update"', '"Updated"')
    path = tmp_path / "dpl.txt"
    path.write_text("".join(lines), "utf-8")
    with pytest.raises(ParseError, match=r"dpl\.txt line 1: missing column\(s\) Last_Update;"):
        parse(path)


def test_row_with_too_many_fields(fixtures: Path, tmp_path: Path) -> None:
    lines = excerpt_lines(fixtures)
    lines[4] = lines[4].rstrip("\n") + '\t"extra"\n'
    path = tmp_path / "dpl.txt"
    path.write_text("".join(lines), "utf-8")
    with pytest.raises(
        ParseError,
        match=r"dpl\.txt line 5: expected 12 tab-separated fields "
        r"as in the header, found 13",
    ):
        parse(path)


def test_file_cut_in_a_quoted_field(fixtures: Path, tmp_path: Path) -> None:
    text = (fixtures / "csl" / EXCERPT).read_text("utf-8")
    cut = text.index("1502 HOLBROOK")  # inside the address of line 17
    path = tmp_path / "dpl.txt"
    path.write_text(text[:cut], "utf-8")
    with pytest.raises(
        ParseError,
        match=r"dpl\.txt line 17: malformed file "
        r"\(unexpected end of data\); is it cut short\?",
    ):
        parse(path)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "dpl.txt"
    path.write_bytes(b"")
    with pytest.raises(ParseError, match=r"dpl\.txt: empty file"):
        parse(path)


def test_latin1_file_is_decoded_with_a_warning(fixtures: Path, tmp_path: Path) -> None:
    # BIS's file is plain ASCII; a copy re-saved as Latin-1 with an accented city (made up
    # from the real ELECMAT row) must still read correctly
    lines = excerpt_lines(fixtures)
    lines[10] = lines[10].replace('"SAN FRANCISCO"', '"SÃO PAULO"')
    path = tmp_path / "dpl.txt"
    path.write_bytes("".join(lines).encode("latin-1"))
    result = parse(path)
    assert result.warnings[0] == (
        "dpl.txt line 11: not UTF-8 (byte 0xC3 at offset 7675); read as Windows-1252"
    )
    assert entity(result, "dpl-elecmat-inc").get("address") == [
        "390 UTAH STREET, SÃO PAULO, CA, 94103, US"
    ]


# -- the complete bundled list -----------------------------------------------------------------


def test_bundled_full_list(bundled: dict[str, Path]) -> None:
    result = parse(bundled["us_bis_dpl"])
    # PROVENANCE: 665 rows; 545 distinct names, of which "AL-NASER  AIRLINES" is
    # "AL NASER AIRLINES" spelt with a hyphen
    assert result.target_count == 544
    assert result.published == date(2023, 11, 28)
    schemata = Counter(
        e.schema.name for e in result.entities if e.schema.is_a("Thing") and e.get("topics")
    )
    assert schemata == {"LegalEntity": 317, "Person": 160, "Company": 67}
    assert len([e for e in result.entities if e.schema.name == "Sanction"]) == 546
    assert (
        "dpl.txt line 316 record JOSE ERNESTO GARCIA: Last_Update '3033-09-30' is in the "
        "future (a typing error?), dropped"
    ) in result.warnings
    assert [w.split(":")[0] for w in result.warnings if "1023-11-01" in w] == [
        "dpl.txt line 26 record AL NASER AIRLINES",
        "dpl.txt line 218 record GIE KERMAN AVIATION",
    ]
