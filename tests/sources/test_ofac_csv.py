"""OFAC legacy CSV sets (SDN and Consolidated), on excerpts of real releases and the full bundle."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from followthemoney.proxy import EntityProxy

from vet.errors import ParseError
from vet.sources.base import ParsedList
from vet.sources.ofac_csv import SOURCES, detect_cons, detect_sdn, parse_cons, parse_sdn


def by_id(parsed: ParsedList) -> dict[str, EntityProxy]:
    return {e.id: e for e in parsed.entities if e.id is not None}


def related(parsed: ParsedList, schema: str, prop: str, entity_id: str) -> list[EntityProxy]:
    """Entities of ``schema`` whose ``prop`` points at ``entity_id``."""
    return [e for e in parsed.entities if e.schema.name == schema and entity_id in e.get(prop)]


def schemata(parsed: ParsedList) -> Counter[str]:
    return Counter(e.schema.name for e in parsed.entities if e.get("topics", quiet=True))


@pytest.fixture(scope="module")
def sdn(fixtures: Path) -> ParsedList:
    return parse_sdn(fixtures / "ofac" / "sdn_2023-12-28")


@pytest.fixture(scope="module")
def cons(fixtures: Path) -> ParsedList:
    return parse_cons(fixtures / "ofac" / "consolidated_2025-12-19")


@pytest.fixture
def sdn_copy(fixtures: Path, tmp_path: Path) -> Path:
    """A writable copy of the SDN excerpt set."""
    target = tmp_path / "sdn"
    shutil.copytree(fixtures / "ofac" / "sdn_2023-12-28", target)
    return target


# -- the SDN excerpt ------------------------------------------------------------------


def test_sdn_excerpt_has_every_entry_with_its_type(sdn: ParsedList) -> None:
    assert sdn.info.kind == "ofac_sdn_csv"
    assert sdn.info.list_name == "us_ofac_sdn"
    assert sdn.published is None  # the legacy CSV states no date
    assert sdn.target_count == 19
    assert schemata(sdn) == {"Organization": 10, "Person": 5, "Vessel": 3, "Airplane": 1}
    assert [f.name for f in sdn.files] == ["sdn.csv", "sdn_comments.csv", "add.csv", "alt.csv"]


def test_banco_nacional_de_cuba(sdn: ParsedList) -> None:
    bank = by_id(sdn)["ofac-306"]
    assert bank.schema.name == "Organization"
    assert bank.get("name") == ["BANCO NACIONAL DE CUBA"]
    assert bank.get("alias") == ["NATIONAL BANK OF CUBA"]  # alt.csv
    assert bank.get("weakAlias") == ["BNC"]  # remarks "a.k.a. 'BNC'."
    assert "Zweierstrasse 35, Zurich CH-8022, Switzerland" in bank.get("address")
    assert len(bank.get("address")) == 4
    assert set(bank.get("country")) == {"ch", "es", "jp", "pa"}
    assert bank.get("notes") == ["a.k.a. 'BNC'."]
    [sanction] = related(sdn, "Sanction", "entity", "ofac-306")
    assert sanction.get("program") == ["CUBA"]
    assert sanction.get("authorityId") == ["306"]
    assert sanction.get("authority") == ["US Treasury OFAC"]


def test_individual_with_birth_date_passport_and_weak_aliases(sdn: ParsedList) -> None:
    person = by_id(sdn)["ofac-18590"]
    assert person.schema.name == "Person"
    assert person.get("name") == ["LAABOUDI, Morad"]
    assert person.get("lastName") == ["LAABOUDI"]
    assert person.get("firstName") == ["Morad"]
    assert person.get("birthDate") == ["1993-02-26"]
    assert person.get("citizenship") == ["ma"]
    assert person.get("passportNumber") == ["UZ6430184"]
    assert person.get("idNumber") == ["CD595054"]
    assert person.get("alias") == ["LAABOUDI, Mourad"]
    assert set(person.get("weakAlias")) == {
        "ABU ISMAIL",
        "AL-MAGHRIBI, Abu Ismail",
        "AL-MAGRABI, Abu Isma'il",
    }
    [passport] = related(sdn, "Passport", "holder", "ofac-18590")
    assert passport.get("number") == ["UZ6430184"]
    assert passport.get("country") == ["ma"]
    [national_id] = related(sdn, "Identification", "holder", "ofac-18590")
    assert national_id.get("type") == ["National ID No."]
    [sanction] = related(sdn, "Sanction", "entity", "ofac-18590")
    assert sanction.get("program") == ["SDGT"]


def test_vessel_columns_and_remarks(sdn: ParsedList) -> None:
    vessel = by_id(sdn)["ofac-15036"]
    assert vessel.schema.name == "Vessel"
    assert vessel.get("name") == ["ARTAVIL"]
    assert vessel.get("callSign") == ["T2EU4"]
    assert vessel.get("type") == ["Crude/Oil Products Tanker"]
    assert vessel.get("tonnage") == ["99144"]
    assert vessel.get("grossRegisteredTonnage") == ["56068"]
    assert vessel.get("flag") == ["ir"]
    assert set(vessel.get("pastFlags")) == {"mt", "tv", "tz"}  # "None Identified" skipped
    assert vessel.get("imoNumber") == ["IMO9187629"]
    assert vessel.get("mmsi") == ["572469210"]
    assert set(vessel.get("previousName")) == {"ALPHA", "ABADAN", "SHONA"}
    [sanction] = related(sdn, "Sanction", "entity", "ofac-15036")
    assert sanction.get("provisions") == [
        "Additional Sanctions Information - Subject to Secondary Sanctions"
    ]


def test_linked_to_becomes_a_link_to_the_named_entry(sdn: ParsedList) -> None:
    [link] = related(sdn, "UnknownLink", "subject", "ofac-15036")
    assert link.get("object") == ["ofac-15117"]  # NATIONAL IRANIAN TANKER COMPANY
    assert link.get("role") == ["Linked To"]
    [aircraft_link] = related(sdn, "UnknownLink", "subject", "ofac-15431")
    assert aircraft_link.get("object") == ["ofac-13109"]  # POUYA AIR


def test_linked_to_an_ambiguous_name_warns_and_does_not_link(sdn: ParsedList) -> None:
    assert related(sdn, "UnknownLink", "subject", "ofac-20130") == []
    assert any("record 20130" in w and "MINISTRY OF STATE SECURITY" in w for w in sdn.warnings)
    assert "Linked To: MINISTRY OF STATE SECURITY" in by_id(sdn)["ofac-20130"].get("notes")[0]


def test_vessel_owner_is_linked_when_listed_and_noted_otherwise(sdn: ParsedList) -> None:
    [ownership] = related(sdn, "Ownership", "asset", "ofac-27200")  # ST. VITAMIN
    assert ownership.get("owner") == ["ofac-27194"]  # BERATEX GROUP LIMITED
    assert "Vessel owner: Samir de Navegacion S.A." in by_id(sdn)["ofac-4238"].get("notes")


def test_aircraft_details(sdn: ParsedList) -> None:
    aircraft = by_id(sdn)["ofac-15431"]
    assert aircraft.schema.name == "Airplane"
    assert aircraft.get("name") == ["EP-GOM"]
    assert aircraft.get("model") == ["IL76-TD"]
    assert aircraft.get("serialNumber") == ["1023409321"]
    assert aircraft.get("buildDate") == ["1992"]


def test_remarks_continue_in_sdn_comments(sdn: ParsedList) -> None:
    entities = by_id(sdn)
    person = entities["ofac-28264"]
    # sdn.csv stops at "...510.210; P"; the rest is in sdn_comments.csv
    assert person.get("idNumber") == ["210302198701102136"]
    assert set(person.get("weakAlias")) == {"blackjack1987", "khaleesi"}
    assert [
        link.get("object") for link in related(sdn, "UnknownLink", "subject", "ofac-28264")
    ] == [["ofac-27307"]]
    wallets = related(sdn, "CryptoWallet", "holder", "ofac-28264")
    assert len(wallets) == 12
    assert wallets[0].get("currency") == ["XBT"]
    assert "APPLEWORM" in entities["ofac-27307"].get("weakAlias")
    assert any("ent_num 12300, which is not in the list" in w for w in sdn.warnings)


def test_alias_types_and_title(sdn: ParsedList) -> None:
    entities = by_id(sdn)
    assert "NUEVO CONTINENTE S.A." in entities["ofac-8244"].get("alias")  # "nka"
    assert entities["ofac-35606"].get("position") == [
        "Member of the State Duma of the Federal Assembly of the Russian Federation"
    ]


def test_russian_identifiers(sdn: ParsedList) -> None:
    company = by_id(sdn)["ofac-35886"]
    assert company.get("incorporationDate") == ["1943-09-15"]
    assert company.get("taxNumber") == ["7802375889"]
    assert company.get("innCode") == ["7802375889"]
    assert company.get("ogrnCode") == ["1069847557394"]
    [link] = related(sdn, "UnknownLink", "subject", "ofac-35886")
    assert link.get("object") == ["ofac-34876"]  # TACTICAL MISSILES CORPORATION JSC


def test_main_file_or_directory_give_the_same_list(fixtures: Path, sdn: ParsedList) -> None:
    from_file = parse_sdn(fixtures / "ofac" / "sdn_2023-12-28" / "sdn.csv")
    assert sorted(e.id or "" for e in from_file.entities) == sorted(
        e.id or "" for e in sdn.entities
    )


# -- the Consolidated list ----------------------------------------------------------


def test_consolidated_excerpt(cons: ParsedList) -> None:
    assert cons.info.kind == "ofac_cons_csv"
    assert cons.info.list_name == "us_ofac_cons"
    assert schemata(cons) == {"Organization": 4, "Person": 2}
    company = by_id(cons)["ofac-30902"]
    assert company.get("name") == ["AERO ENGINE CORPORATION OF CHINA"]
    assert company.get("uscCode") == ["91110000MA005UCQ5P"]
    assert company.get("weakAlias") == ["AECC"]
    assert company.get("classification") == ["State-Owned Enterprise"]
    [sanction] = related(cons, "Sanction", "entity", "ofac-30902")
    assert sanction.get("program") == ["CMIC-EO13959"]
    assert sanction.get("listingDate") == ["2021-06-03"]
    assert sanction.get("startDate") == ["2021-08-02"]


def test_consolidated_remarks_continue_in_cons_comments(cons: ParsedList) -> None:
    bank = by_id(cons)["ofac-17014"]
    assert bank.get("weakAlias") == ["RUSAG"]  # only in cons_comments.csv
    assert bank.get("okpoCode") == ["52750822"]
    assert bank.get("swiftBic") == ["RUAGRUMM"]
    [sanction] = related(cons, "Sanction", "entity", "ofac-17014")
    assert sanction.get("program") == ["UKRAINE-EO13662", "RUSSIA-EO14024"]
    assert sanction.get("listingDate") == ["2022-02-24"]


def test_linked_to_a_party_on_another_list_stays_in_the_notes(cons: ParsedList) -> None:
    person = by_id(cons)["ofac-9647"]  # "Linked To: HAMAS", which is on the SDN list
    assert related(cons, "UnknownLink", "subject", "ofac-9647") == []
    assert "Linked To: HAMAS" in person.get("notes")[0]
    assert person.get("birthPlace") == ["Gaza Strip"]
    assert person.get("nationality") == ["ps"]


def test_empty_comments_file_is_fine(fixtures: Path) -> None:
    parsed = parse_cons(fixtures / "ofac" / "consolidated_2018-04-06")
    assert parsed.target_count == 10
    assert not any("cons_comments" in w for w in parsed.warnings)


# -- files missing or damaged --------------------------------------------------------


def test_missing_siblings_warn(fixtures: Path, tmp_path: Path) -> None:
    shutil.copy(fixtures / "ofac" / "sdn_2023-12-28" / "sdn.csv", tmp_path / "sdn.csv")
    parsed = parse_sdn(tmp_path / "sdn.csv")
    assert parsed.target_count == 19
    assert any("add.csv not found" in w for w in parsed.warnings)
    assert any("alt.csv not found" in w for w in parsed.warnings)
    assert by_id(parsed)["ofac-306"].get("address") == []
    # without sdn_comments.csv the 1000-character remarks are known to be cut
    assert any("line 16 record 28264: remarks stop at 1000" in w for w in parsed.warnings)


def test_comments_without_end_of_file_mark(sdn_copy: Path) -> None:
    comments = sdn_copy / "sdn_comments.csv"
    comments.write_bytes(comments.read_bytes().rstrip(b"\x1a"))
    parsed = parse_sdn(sdn_copy)
    assert "khaleesi" in by_id(parsed)["ofac-28264"].get("weakAlias")
    assert any(w.startswith("sdn_comments.csv: no end-of-file mark") for w in parsed.warnings)


def test_row_with_wrong_column_count(sdn_copy: Path) -> None:
    main = sdn_copy / "sdn.csv"
    lines = main.read_bytes().split(b"\r\n")
    lines[4] = lines[4].rsplit(b",", 3)[0]  # drop three columns of line 5
    main.write_bytes(b"\r\n".join(lines))
    with pytest.raises(ParseError) as caught:
        parse_sdn(sdn_copy)
    assert str(caught.value) == "sdn.csv line 5: expected 12 columns, found 9"


def test_bad_row_in_a_sibling_names_that_file(sdn_copy: Path) -> None:
    aliases = sdn_copy / "alt.csv"
    aliases.write_bytes(b'306,220,"aka"\r\n' + aliases.read_bytes())
    with pytest.raises(ParseError, match=r"^alt\.csv line 1: expected 5 columns, found 3$"):
        parse_sdn(sdn_copy)


def test_truncated_file(sdn_copy: Path) -> None:
    main = sdn_copy / "sdn.csv"
    data = main.read_bytes()
    main.write_bytes(data[: data.index(b"LAZARUS GROUP") + 5])  # cut inside a quoted name
    with pytest.raises(ParseError, match=r"^sdn\.csv line 14: malformed CSV"):
        parse_sdn(sdn_copy)


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "sdn.csv").write_bytes(b"")
    with pytest.raises(ParseError, match=r"^sdn\.csv: empty file"):
        parse_sdn(tmp_path)


def test_directory_without_the_main_file(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match=r"no cons_prim\.csv in this directory"):
        parse_cons(tmp_path)


def test_windows_1252_file_is_read_with_a_warning(sdn_copy: Path) -> None:
    main = sdn_copy / "sdn.csv"
    main.write_bytes(
        main.read_bytes().replace(b"BANCO NACIONAL", "BANCO NACI\u00d3NAL".encode("cp1252"))
    )
    parsed = parse_sdn(sdn_copy)
    assert by_id(parsed)["ofac-306"].get("name") == ["BANCO NACI\u00d3NAL DE CUBA"]
    assert (
        "sdn.csv line 1: not UTF-8 (byte 0xD3 at offset 15); read as Windows-1252"
        in parsed.warnings
    )


# -- detection --------------------------------------------------------------------------


def test_detect(fixtures: Path) -> None:
    ofac = fixtures / "ofac"
    assert detect_sdn(ofac / "sdn_2023-12-28")
    assert detect_sdn(ofac / "sdn_2023-12-28" / "sdn.csv")
    assert not detect_sdn(ofac / "sdn_2023-12-28" / "add.csv")
    assert not detect_sdn(ofac / "consolidated_2025-12-19")
    assert not detect_sdn(ofac / "consolidated_2025-12-19" / "cons_prim.csv")
    assert detect_cons(ofac / "consolidated_2025-12-19")
    assert detect_cons(ofac / "consolidated_2025-12-19" / "cons_prim.csv")
    assert not detect_cons(ofac / "sdn_2023-12-28")
    assert not detect_cons(ofac / "consolidated_2018-04-06" / "consolidated.xml")
    assert [s.info.kind for s in SOURCES] == ["ofac_sdn_csv", "ofac_cons_csv"]


# -- the full bundled lists -----------------------------------------------------------------


@pytest.mark.slow
def test_bundled_sdn_list(bundled: dict[str, Path]) -> None:
    parsed = parse_sdn(bundled["us_ofac_sdn"])
    assert parsed.target_count == 13821
    assert schemata(parsed) == {
        "Person": 6646,
        "Organization": 6033,
        "Vessel": 764,
        "Airplane": 378,
    }
    bank = by_id(parsed)["ofac-306"]
    assert "Zweierstrasse 35, Zurich CH-8022, Switzerland" in bank.get("address")
    assert bank.get("weakAlias") == ["BNC"]
    links = [e for e in parsed.entities if e.schema.name == "UnknownLink"]
    assert len(links) > 5900  # 5,963 "Linked To:" items, nearly all resolved
    assert not any("not understood" in w and "country" in w for w in parsed.warnings)


def test_bundled_consolidated_list(bundled: dict[str, Path]) -> None:
    parsed = parse_cons(bundled["us_ofac_cons"])
    assert parsed.target_count == 442
    assert schemata(parsed) == {"Person": 79, "Organization": 363}
    assert not any("only" in w and "listed parties" in w for w in parsed.warnings)
