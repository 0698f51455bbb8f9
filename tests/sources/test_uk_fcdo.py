"""FCDO UK Sanctions List XML.

Only a 5-designation excerpt of the official file exists in ``shared/data`` (see the
fixtures README); expected values were read from that file.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path

import pytest
from parsed_helpers import edit_excerpt, entity, sanction_of

from vet.errors import ParseError
from vet.sources import uk_fcdo
from vet.sources.base import ParsedList

edited = partial(edit_excerpt, name="UK-Sanctions-List.xml")


EXCERPT = "uk_sanctions_list_xml_excerpt_2026-09-10.xml"


@pytest.fixture(scope="module")
def excerpt(fixtures: Path) -> Path:
    return fixtures / "uk" / EXCERPT


@pytest.fixture(scope="module")
def parsed(excerpt: Path) -> ParsedList:
    return uk_fcdo.parse(excerpt)


def test_excerpt_counts_and_warns_it_is_not_the_whole_list(parsed: ParsedList) -> None:
    assert parsed.published == date(2026, 9, 10)
    assert parsed.target_count == 5
    schemata = sorted(e.schema.name for e in parsed.entities if e.get("topics", quiet=True))
    assert schemata == ["Organization", "Organization", "Person", "Person", "Vessel"]
    assert parsed.warnings == [
        f"{EXCERPT}: only 5 listed parties, a complete UK Sanctions List (FCDO) has at least "
        "4000: is the file an excerpt or truncated?"
    ]


def test_individual(parsed: ParsedList) -> None:
    akhund = entity(parsed, "ukfcdo-afg0006")
    assert akhund.schema.name == "Person"
    assert akhund.get("name") == ["MOHAMMAD HASSAN AKHUND"]
    assert set(akhund.get("alias")) == {"Mohammad Akhwand", "محمد حسن آخوند"}
    assert akhund.get("title") == ["Mullah", "Haji"]
    assert set(akhund.get("birthDate")) == {"1958-05-12", "1945", "1946"}
    assert akhund.get("nationality") == ["af"]
    assert akhund.get("gender") == ["male"]
    assert akhund.get("position") == ["Deputy Minister of Agriculture under the Taliban regime"]
    assert akhund.get("birthPlace") == ["Pashmul village, Panjwai District, Afghanistan"]
    assert akhund.get("passportNumber") == ["P04581926"]
    assert akhund.get("idNumber") == ["2132370"]
    passport = entity(parsed, "ukfcdo-afg0006-passport-p04581926")
    assert passport.get("summary") == [
        "Afghanistan passport number P04581926, issued in Kandahar (expires 7 August 2034)"
    ]
    sanction = sanction_of(parsed, "ukfcdo-afg0006")
    assert sanction.get("program") == ["The Afghanistan (Sanctions) (EU Exit) Regulations 2020"]
    assert sanction.get("listingDate") == ["2001-01-25"]
    assert sanction.get("modifiedAt") == ["2026-04-14"]
    assert sanction.get("authorityId") == ["AFG0006"]
    assert sanction.get("unscId") == ["TAi.002"]
    assert sanction.get("recordId") == ["7172"]  # the OFSI Group ID
    assert set(sanction.get("provisions")) == {"Asset freeze", "Travel ban"}


def test_individual_with_year_only_birth_date(parsed: ParsedList) -> None:
    harun = entity(parsed, "ukfcdo-aqd0195")
    assert harun.get("name") == ["Fadhil Harun"]
    assert harun.get("birthDate") == ["1972"]  # dd/mm/1972
    assert harun.get("birthPlace") == ["Moroni, Comoros"]


def test_entity_with_addresses_and_non_latin_name(parsed: ParsedList) -> None:
    exchange = entity(parsed, "ukfcdo-afg0001")
    assert exchange.schema.name == "Organization"
    assert exchange.get("name") == ["HAJI KHAIRULLAH MONEY EXCHANGE"]
    assert set(exchange.get("alias")) == {"Haji Alim Hawala", "حاجی خيرالله صرافی"}
    assert set(exchange.get("address")) == {
        "Ansari Market, 2nd Floor, Nimroz Province, Afghanistan",
        "Branch Office 14, Dubai, United Arab Emirates",
    }
    assert set(exchange.get("country")) == {"af", "ae"}
    assert exchange.get("email") == ["helmand_exchange_msp@yahoo.com"]
    assert "Phone number: 0202-104748" in exchange.get("notes")  # no country code: kept as text
    assert sanction_of(parsed, "ukfcdo-afg0001").get("provisions") == ["Asset freeze"]


def test_entity_with_company_number_and_parent_text(parsed: ParsedList) -> None:
    bnk = entity(parsed, "ukfcdo-bel0107")
    assert bnk.get("name") == ["BNK (UK) Ltd"]
    assert bnk.get("alias") == ["BNK UK Limited"]
    assert bnk.get("weakAlias") == ["BNK"]  # "Low quality a.k.a"
    assert bnk.get("registrationNumber") == ["06527449"]
    assert bnk.get("legalForm") == ["Oil trading company"]
    assert bnk.get("website") == ["http://www.belnaft.co.uk/"]
    # the parents are not designations in this file, so they stay as text
    assert "Parent company: CJSC Belarusian Oil Company" in bnk.get("notes")
    assert "Subsidiary: BNK (Deutschland) GmbH" in bnk.get("notes")
    sanction = sanction_of(parsed, "ukfcdo-bel0107")
    assert set(sanction.get("provisions")) == {"Asset freeze", "Director disqualification sanction"}
    assert sanction.get("reason") == [
        "BNK (UK) Ltd is controlled by CJSC Belarusian Oil Company, the state exporter of oil "
        "products."
    ]


def test_ship(parsed: ParsedList) -> None:
    ship = entity(parsed, "ukfcdo-dpr0075")
    assert ship.schema.name == "Vessel"
    assert ship.get("name") == ["Petrel 8"]
    assert ship.get("alias") == ["Tian Tai 36"]
    assert ship.get("imoNumber") == ["IMO9562233"]
    assert ship.get("flag") == ["km"]
    assert ship.get("pastFlags") == ["in"]
    assert ship.get("type") == ["Bulk Carrier"]
    assert ship.get("tonnage") == ["7078"]
    assert "Current owner/operator: Global United Shipping India" in ship.get("notes")
    assert sanction_of(parsed, "ukfcdo-dpr0075").get("provisions") == ["Prohibition of port entry"]


def test_parent_listed_in_the_same_file_becomes_ownership(excerpt: Path, tmp_path: Path) -> None:
    path = edited(
        excerpt,
        tmp_path,
        "<ParentCompany>Belneftekhim</ParentCompany>",
        "<ParentCompany>Haji Khairullah Money Exchange</ParentCompany>",
    )
    parsed = uk_fcdo.parse(path)
    (ownership,) = [e for e in parsed.entities if e.schema.name == "Ownership"]
    assert ownership.get("owner") == ["ukfcdo-afg0001"]
    assert ownership.get("asset") == ["ukfcdo-bel0107"]
    assert "Parent company: Belneftekhim" not in entity(parsed, "ukfcdo-bel0107").get("notes")


def test_unknown_element_is_reported_once(excerpt: Path, tmp_path: Path) -> None:
    path = edited(
        excerpt,
        tmp_path,
        "<UniqueID>AFG0006</UniqueID>",
        "<UniqueID>AFG0006</UniqueID><NewField>x</NewField>",
    )
    parsed = uk_fcdo.parse(path)
    assert (
        "UK-Sanctions-List.xml record AFG0006: element <NewField> not understood, ignored"
        in parsed.warnings
    )


def test_detect(excerpt: Path, fixtures: Path) -> None:
    assert uk_fcdo.detect(excerpt)
    assert not uk_fcdo.detect(fixtures / "uk" / "ofsi_conlist_excerpt.csv")


# -- bad input -------------------------------------------------------------------------


def test_designation_without_unique_id(excerpt: Path, tmp_path: Path) -> None:
    path = edited(excerpt, tmp_path, "<UniqueID>DPR0075</UniqueID>", "")
    with pytest.raises(ParseError, match=r"UK-Sanctions-List\.xml record #4: .*without UniqueID"):
        uk_fcdo.parse(path)


def test_truncated_file(excerpt: Path, tmp_path: Path) -> None:
    data = excerpt.read_bytes()
    path = tmp_path / "UK-Sanctions-List.xml"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ParseError, match=r"UK-Sanctions-List\.xml line \d+: malformed XML") as err:
        uk_fcdo.parse(path)
    assert err.value.line is not None and err.value.line > 100


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "UK-Sanctions-List.xml"
    path.write_bytes(b"")
    with pytest.raises(ParseError, match=r"UK-Sanctions-List\.xml"):
        uk_fcdo.parse(path)


def test_other_xml_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "UK-Sanctions-List.xml"
    path.write_text('<?xml version="1.0"?><sdnList></sdnList>', "utf-8")
    with pytest.raises(ParseError, match=r"root element is <sdnList>, expected <Designations>"):
        uk_fcdo.parse(path)


def test_no_designations(tmp_path: Path) -> None:
    path = tmp_path / "UK-Sanctions-List.xml"
    path.write_text("<Designations><DateGenerated>10/09/2026</DateGenerated></Designations>")
    with pytest.raises(ParseError, match=r"no listed parties found"):
        uk_fcdo.parse(path)


def test_external_entity_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "UK-Sanctions-List.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
        "<Designations><Designation><UniqueID>X1</UniqueID><Names><Name>"
        "<Name6>&secret;</Name6><NameType>Primary Name</NameType></Name></Names>"
        "</Designation></Designations>",
        "utf-8",
    )
    with pytest.raises(ParseError, match=r"UK-Sanctions-List\.xml: refused unsafe XML"):
        uk_fcdo.parse(path)


def test_billion_laughs_is_refused(tmp_path: Path) -> None:
    entities = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    path = tmp_path / "UK-Sanctions-List.xml"
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY l0 "lol">{entities}]>\n'
        "<Designations><DateGenerated>&l9;</DateGenerated></Designations>",
        "utf-8",
    )
    with pytest.raises(ParseError, match=r"UK-Sanctions-List\.xml: refused unsafe XML"):
        uk_fcdo.parse(path)
