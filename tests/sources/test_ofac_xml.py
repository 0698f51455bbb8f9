"""OFAC sdnList XML (SDN.XML / CONSOLIDATED.XML), on an excerpt of the 2018-04-06 release."""

from __future__ import annotations

import shutil
import struct
import zipfile
from datetime import date
from pathlib import Path

import pytest
from followthemoney.proxy import EntityProxy

from vet.errors import ParseError
from vet.sources import detect_source
from vet.sources.base import ParsedList
from vet.sources.ofac_csv import parse_cons
from vet.sources.ofac_xml import SOURCES, detect, detect_enhanced, parse, parse_enhanced


def by_id(parsed: ParsedList) -> dict[str, EntityProxy]:
    return {e.id: e for e in parsed.entities if e.id is not None}


def related(parsed: ParsedList, schema: str, prop: str, entity_id: str) -> list[EntityProxy]:
    return [e for e in parsed.entities if e.schema.name == schema and entity_id in e.get(prop)]


@pytest.fixture(scope="module")
def release(fixtures: Path) -> Path:
    """The same ten entries of the 2018-04-06 Consolidated list as XML and as legacy CSV."""
    return fixtures / "ofac" / "consolidated_2018-04-06"


@pytest.fixture(scope="module")
def xml(release: Path) -> ParsedList:
    return parse(release / "consolidated.xml")


@pytest.fixture
def xml_text(release: Path) -> str:
    return (release / "consolidated.xml").read_text("utf-8")


def test_publication_and_list(xml: ParsedList) -> None:
    assert xml.info.kind == "ofac_xml"
    assert xml.info.list_name == "us_ofac_cons"  # consolidated.xml is the non-SDN list
    assert xml.published == date(2018, 4, 6)
    assert xml.target_count == 10


def test_same_ids_names_and_details_as_the_csv_form(xml: ParsedList, release: Path) -> None:
    csv = by_id(parse_cons(release))
    entities = by_id(xml)
    listed = sorted(i for i, e in entities.items() if e.get("topics", quiet=True))
    assert listed == sorted(i for i, e in csv.items() if e.get("topics", quiet=True))
    assert "ofac-4632" in listed  # "ofac" + uid == "ofac" + ent_num
    for entity_id in listed:
        for prop in (
            "name",
            "alias",
            "weakAlias",
            "previousName",
            "birthDate",
            "address",
            "imoNumber",
            "registrationNumber",
        ):
            ours = sorted(entities[entity_id].get(prop, quiet=True))
            assert ours == sorted(csv[entity_id].get(prop, quiet=True)), (entity_id, prop)


def test_individual(xml: ParsedList) -> None:
    person = by_id(xml)["ofac-9639"]
    assert person.schema.name == "Person"
    assert person.get("name") == ["HANIYA, Ismail Abdul Salah"]  # written as in the CSV
    assert person.get("lastName") == ["HANIYA"]
    assert person.get("firstName") == ["Ismail Abdul Salah"]
    assert person.get("birthDate") == ["1962"]
    assert person.get("birthPlace") == ["Shati"]
    assert set(person.get("alias")) == {"HANIYA, Ismail", "HANIYYA, Ismaeel"}
    [sanction] = related(xml, "Sanction", "entity", "ofac-9639")
    assert sanction.get("program") == ["NS-PLC"]
    assert sanction.get("authorityId") == ["9639"]


def test_weak_and_strong_aliases(xml: ParsedList) -> None:
    entities = by_id(xml)
    assert entities["ofac-4637"].get("weakAlias") == ["BIM"]
    assert entities["ofac-4637"].get("alias") == ["BANK SANAD VA MADAN"]
    assert entities["ofac-15719"].get("weakAlias") == ["KLIMT, Gustav"]
    assert entities["ofac-15719"].get("alias") == ["KAMPIS, Dimitrios Alexandros"]
    assert entities["ofac-15719"].get("birthDate") == ["1963-10-14"]


def test_vessel_and_linked_to_in_remarks(xml: ParsedList) -> None:
    vessel = by_id(xml)["ofac-15036"]
    assert vessel.schema.name == "Vessel"
    assert vessel.get("name") == ["SHONA"]
    assert vessel.get("imoNumber") == ["IMO9187629"]
    assert vessel.get("mmsi") == ["572469210"]
    assert vessel.get("callSign") == ["T2EU4"]
    assert vessel.get("flag") == ["tz"]
    assert vessel.get("tonnage") == ["99144"]
    assert set(vessel.get("pastFlags")) == {"mt", "tv"}
    assert set(vessel.get("previousName")) == {"ABADAN", "ALPHA"}
    [link] = related(xml, "UnknownLink", "subject", "ofac-15036")  # "(Linked To: ...)"
    assert link.get("object") == ["ofac-15117"]
    assert "Vessel owner: NITC" in by_id(xml)["ofac-15902"].get("notes")


def test_identifiers_and_provisions(xml: ParsedList) -> None:
    bank = by_id(xml)["ofac-11208"]
    assert bank.get("registrationNumber") == ["86936"]
    [ident] = related(xml, "Identification", "holder", "ofac-11208")
    assert ident.get("country") == ["ir"]
    assert ident.get("summary") == ["issued 10 Jul 1991"]
    [sanction] = related(xml, "Sanction", "entity", "ofac-11208")
    assert sanction.get("provisions") == [
        "Additional Sanctions Information - Not on the SDN List and Not Subject to Secondary "
        "Sanctions",
        "U.S. Persons Must Continue to Block the Property and Interests in Property of this "
        "Person Pursuant to Executive Order 13599",
    ]
    # the 2018 file writes the country inside idNumber: "1026303117642 (Russia)"
    novatek = by_id(xml)["ofac-17064"]
    assert novatek.get("registrationNumber") == ["1026303117642"]
    assert novatek.get("ogrnCode") == ["1026303117642"]


def test_title_gives_positions(xml: ParsedList) -> None:
    assert len(by_id(xml)["ofac-15961"].get("position")) == 3


def test_list_is_told_by_file_name_then_content(release: Path, tmp_path: Path) -> None:
    renamed = tmp_path / "ofac_list.xml"
    shutil.copy(release / "consolidated.xml", renamed)
    assert parse(renamed).info.list_name == "us_ofac_cons"  # every entry is a non-SDN listing
    as_sdn = tmp_path / "SDN.XML"
    shutil.copy(release / "consolidated.xml", as_sdn)
    parsed = parse(as_sdn)
    assert parsed.info.list_name == "us_ofac_sdn"
    assert by_id(parsed)["ofac-4632"].get("name") == ["BANK MARKAZI JOMHOURI ISLAMI IRAN"]


# -- bad input -------------------------------------------------------------------------


def test_record_count_mismatch_means_truncated(xml_text: str, tmp_path: Path) -> None:
    path = tmp_path / "consolidated.xml"
    path.write_text(xml_text.replace("<Record_Count>10<", "<Record_Count>639<"), "utf-8")
    with pytest.raises(
        ParseError,
        match=r"^consolidated\.xml: Record_Count says 639 entries "
        r"but the file holds 10",
    ):
        parse(path)


def test_truncated_file(xml_text: str, tmp_path: Path) -> None:
    path = tmp_path / "sdn.xml"
    path.write_text(xml_text[: xml_text.index("<uid>15036</uid>")], "utf-8")
    with pytest.raises(ParseError, match=r"^sdn\.xml line \d+: malformed XML"):
        parse(path)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "sdn.xml"
    path.write_bytes(b"")
    with pytest.raises(ParseError, match=r"^sdn\.xml line 1: malformed XML"):
        parse(path)


def test_other_xml_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "sdn.xml"
    path.write_text('<?xml version="1.0"?><CONSOLIDATED_LIST/>', "utf-8")
    with pytest.raises(ParseError, match="not an OFAC sdnList file"):
        parse(path)


def test_entity_expansion_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "sdn.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE sdnList [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
        '<sdnList xmlns="http://tempuri.org/sdnList.xsd"><sdnEntry><uid>1</uid>'
        "<lastName>&b;</lastName><sdnType>Entity</sdnType></sdnEntry></sdnList>",
        "utf-8",
    )
    with pytest.raises(ParseError, match=r"^sdn\.xml: refused unsafe XML"):
        parse(path)


def test_external_entity_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "sdn.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE sdnList [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        '<sdnList xmlns="http://tempuri.org/sdnList.xsd"><sdnEntry><uid>1</uid>'
        "<lastName>&x;</lastName><sdnType>Entity</sdnType></sdnEntry></sdnList>",
        "utf-8",
    )
    with pytest.raises(ParseError, match=r"^sdn\.xml: refused unsafe XML"):
        parse(path)


def test_detect(release: Path) -> None:
    assert detect(release / "consolidated.xml")
    assert not detect(release / "cons_prim.csv")
    assert not detect(release)
    assert [s.info.kind for s in SOURCES] == ["ofac_xml", "ofac_enhanced_xml"]


# -- enhanced XML (CONS_ENHANCED.ZIP) ------------------------------------------------------


@pytest.fixture(scope="module")
def enhanced_zip(fixtures: Path) -> Path:
    return fixtures / "ofac" / "consolidated_enhanced_2025-01-10" / "CONS_ENHANCED.ZIP"


@pytest.fixture(scope="module")
def enhanced(enhanced_zip: Path) -> ParsedList:
    return parse_enhanced(enhanced_zip)


def test_enhanced_publication(enhanced: ParsedList) -> None:
    assert enhanced.info.kind == "ofac_enhanced_xml"
    assert enhanced.info.list_name == "us_ofac_cons"  # filters: "Consolidated List"
    assert enhanced.published == date(2025, 1, 10)  # dataAsOf
    assert enhanced.target_count == 6
    assert [f.name for f in enhanced.files] == ["CONS_ENHANCED.ZIP"]


def test_enhanced_ids_and_names_match_the_legacy_csv(enhanced: ParsedList, fixtures: Path) -> None:
    csv = by_id(parse_cons(fixtures / "ofac" / "consolidated_2025-12-19"))
    entities = by_id(enhanced)
    for entity_id in ("ofac-9639", "ofac-9647", "ofac-17014", "ofac-17017", "ofac-30902"):
        assert entities[entity_id].get("name") == csv[entity_id].get("name")
        assert entities[entity_id].schema == csv[entity_id].schema
    person = entities["ofac-9639"]
    assert person.get("firstName") == ["Ismail Abdul Salah"]
    assert person.get("lastName") == ["HANIYA"]
    assert person.get("birthDate") == ["1962"]
    assert person.get("birthPlace") == ["Shati"]
    assert entities["ofac-9647"].get("address") == csv["ofac-9647"].get("address")  # Region: Gaza
    assert entities["ofac-9647"].get("weakAlias") == csv["ofac-9647"].get("weakAlias")


def test_enhanced_names_in_other_scripts(enhanced: ParsedList) -> None:
    bank = by_id(enhanced)["ofac-17013"]
    assert bank.get("name") == ["VTB BANK PUBLIC JOINT STOCK COMPANY"]
    assert "БАНК ВТБ ПУБЛИЧНОЕ АКЦИОНЕРНОЕ ОБЩЕСТВО" in bank.get("alias")


def test_enhanced_relationships(enhanced: ParsedList) -> None:
    [link] = related(enhanced, "UnknownLink", "subject", "ofac-17017")
    assert link.get("object") == ["ofac-17013"]
    assert link.get("role") == ["Owned or Controlled By"]
    # HAMAS is not in the file: the relationship is kept as text
    assert "Acting for or on behalf of: HAMAS" in by_id(enhanced)["ofac-9647"].get("notes")


def test_enhanced_listing(enhanced: ParsedList) -> None:
    company = by_id(enhanced)["ofac-30902"]
    assert company.get("uscCode") == ["91110000MA005UCQ5P"]
    [sanction] = related(enhanced, "Sanction", "entity", "ofac-30902")
    assert sanction.get("program") == ["CMIC-EO13959"]
    assert sanction.get("listingDate") == ["2021-06-03"]
    assert sanction.get("provisions") == ["Executive Order 14032 (CMIC)"]
    assert "Non-SDN CMIC List" in sanction.get("summary")


def test_enhanced_unzipped_xml(enhanced_zip: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(enhanced_zip) as archive:
        archive.extractall(tmp_path)
    parsed = parse_enhanced(tmp_path / "CONS_ENHANCED.XML")
    assert parsed.target_count == 6
    assert detect_enhanced(tmp_path / "CONS_ENHANCED.XML")


def test_enhanced_zip_bomb_is_refused(enhanced_zip: Path, tmp_path: Path) -> None:
    data = bytearray(enhanced_zip.read_bytes())
    central = data.index(b"PK\x01\x02")  # central directory: uncompressed size at +24
    data[central + 24 : central + 28] = struct.pack("<I", 600 * 1024 * 1024)
    bomb = tmp_path / "CONS_ENHANCED.ZIP"
    bomb.write_bytes(bytes(data))
    with pytest.raises(
        ParseError,
        match=r"^CONS_ENHANCED\.ZIP: CONS_ENHANCED\.XML unpacks to 600\.0 MB from 8,372 bytes "
        r"\(75,148 to 1; real files are under 100 to 1\): refused as a zip bomb$",
    ):
        parse_enhanced(bomb)


def test_enhanced_zip_with_two_files_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "CONS_ENHANCED.ZIP"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("A.XML", "<a/>")
        archive.writestr("B.XML", "<b/>")
    with pytest.raises(ParseError, match="expected one XML file in the zip, found 2"):
        parse_enhanced(path)


def test_enhanced_truncated_xml(enhanced_zip: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(enhanced_zip) as archive:
        text = archive.read("CONS_ENHANCED.XML")
    path = tmp_path / "CONS_ENHANCED.ZIP"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("CONS_ENHANCED.XML", text[: len(text) // 2])
    with pytest.raises(ParseError, match=r"^CONS_ENHANCED\.XML line \d+: malformed XML"):
        parse_enhanced(path)


def test_detect_enhanced(enhanced_zip: Path, release: Path) -> None:
    assert detect_enhanced(enhanced_zip)
    assert not detect_enhanced(release / "consolidated.xml")
    assert not detect(enhanced_zip)


# -- the Sanctions List Service namespace (today's SDN.XML / CONSOLIDATED.XML) ------------


@pytest.fixture(scope="module")
def sls(fixtures: Path) -> Path:
    """Five entries of the 2025-03-28 CONSOLIDATED.XML in the sanctionslistservice namespace."""
    return fixtures / "ofac" / "consolidated_sls_xml_2025-03-28" / "consolidated.xml"


def test_sls_namespace_is_recognised_and_imported_without_naming_the_source(sls: Path) -> None:
    assert detect(sls)
    source = detect_source(sls)
    assert source.info.kind == "ofac_xml"
    parsed = source.parse(sls)
    assert parsed.info.list_name == "us_ofac_cons"
    assert parsed.published == date(2025, 3, 28)
    assert parsed.target_count == 5
    assert not any("namespace" in w for w in parsed.warnings)
    entities = by_id(parsed)
    assert entities["ofac-9647"].get("name") == ["ZAHHAR, Mahmoud Khaled"]
    assert entities["ofac-9647"].get("birthDate") == ["1945"]
    assert entities["ofac-30882"].get("uscCode") == ["9111000071093019X7"]
    assert entities["ofac-17014"].get("registrationNumber") == ["1027700342890"]
    sanctions = related(parsed, "Sanction", "entity", "ofac-9647")
    programs = {p for s in sanctions for p in s.get("program")}
    assert programs == {"NS-PLC", "SDGT"}


def test_unknown_sdnlist_namespace_is_read_with_a_warning(sls: Path, tmp_path: Path) -> None:
    text = sls.read_text("utf-8").replace(
        "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML",
        "https://example.org/sdnList/v3",
    )
    path = tmp_path / "consolidated.xml"
    path.write_text(text, "utf-8")
    assert detect(path)
    parsed = parse(path)
    assert parsed.target_count == 5
    unknown = "namespace 'https://example.org/sdnList/v3' not seen before"
    assert any(unknown in w for w in parsed.warnings)


def test_sls_truncated_file(sls: Path, tmp_path: Path) -> None:
    path = tmp_path / "consolidated.xml"
    path.write_bytes(sls.read_bytes()[:3000])
    with pytest.raises(ParseError, match=r"consolidated.xml line \d+: malformed XML"):
        parse(path)
