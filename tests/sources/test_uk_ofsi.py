"""UK OFSI Consolidated List (ConList 2022 format), XLSX and CSV.

Expected values were read from the rows of ``shared/data/uk/ofsi_conlist_2025-04-10.xlsx``
copied into ``tests/fixtures/uk/ofsi_conlist_excerpt.*`` (see the fixtures README).
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from followthemoney.proxy import EntityProxy
from parsed_helpers import entity

from vet.errors import ParseError
from vet.sources import uk_ofsi
from vet.sources.base import ParsedList
from vet.sources.uk_values import country_names, registration, split_numbered, uk_date


@pytest.fixture(scope="module", params=["xlsx", "csv"])
def excerpt(request: pytest.FixtureRequest, fixtures: Path) -> Path:
    return fixtures / "uk" / f"ofsi_conlist_excerpt.{request.param}"


@pytest.fixture(scope="module")
def parsed(excerpt: Path) -> ParsedList:
    return uk_ofsi.parse(excerpt)


def of_schema(parsed: ParsedList, schema: str) -> list[EntityProxy]:
    return [e for e in parsed.entities if e.schema.name == schema]


def sanctions_of(parsed: ParsedList, entity_id: str) -> list[EntityProxy]:
    return [e for e in of_schema(parsed, "Sanction") if entity_id in e.get("entity")]


def csv_rows(fixtures: Path) -> list[list[str]]:
    text = (fixtures / "uk" / "ofsi_conlist_excerpt.csv").read_text("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


def fits_cp1252(row: list[str]) -> bool:
    try:
        "".join(row).encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8-sig") -> Path:
    with open(path, "w", encoding=encoding, newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)
    return path


# -- the excerpt, read from XLSX and from CSV -------------------------------------


def test_counts_and_publication_date(parsed: ParsedList) -> None:
    assert parsed.published == date(2025, 4, 10)
    assert parsed.target_count == 10
    assert len(of_schema(parsed, "Person")) == 5
    assert len(of_schema(parsed, "Organization")) == 4
    assert len(of_schema(parsed, "Vessel")) == 1
    # one Sanction per regime: KOSTYUKOV is listed under two
    assert len(of_schema(parsed, "Sanction")) == 11
    assert any("is the file an excerpt or truncated?" in w for w in parsed.warnings)


def test_person_with_passports_and_arabic_name(parsed: ParsedList) -> None:
    bahaji = entity(parsed, "ukofsi-7059")
    assert bahaji.schema.name == "Person"
    assert bahaji.get("name") == ["Said BAHAJI"]
    assert set(bahaji.get("alias")) == {"Zouheir AL MAGHRIBI", "سعيد باهاجى"}
    assert set(bahaji.get("weakAlias")) == {"Mohamed ABBATTAY", "Abderrahmane AL MAGHRIBI"}
    assert bahaji.get("birthDate") == ["1975-07-15"]
    assert bahaji.get("birthPlace") == ["Haselünne, Lower Saxony, Germany"]
    assert set(bahaji.get("nationality")) == {"de", "ma"}
    assert set(bahaji.get("passportNumber")) == {"28642163", "954242"}
    assert bahaji.get("idNumber") == ["1336597587"]
    assert bahaji.get("address") == ["Bunatwiete 23, Hamburg, 21073, Germany"]
    passports = {p.first("number"): p for p in of_schema(parsed, "Passport")}
    assert passports["954242"].get("summary") == [
        "Moroccan. Issued on 28 June 1995 in Meknas, Morocco. Expired"
    ]
    (sanction,) = sanctions_of(parsed, "ukofsi-7059")
    assert sanction.get("program") == ["ISIL (Da'esh) and Al-Qaida"]
    assert sanction.get("listingDate") == ["2002-10-01"]
    assert sanction.get("startDate") == ["2002-09-30"]
    assert sanction.get("authorityId") == ["AQD0300"]
    assert sanction.get("unscId") == ["QDi.080"]
    assert bahaji.get("topics") == ["sanction"]


def test_partial_birth_dates_keep_only_what_is_known(parsed: ParsedList) -> None:
    assert entity(parsed, "ukofsi-13194").get("birthDate") == ["1984"]  # 00/00/1984
    assert entity(parsed, "ukofsi-14074").get("birthDate") == ["1966-10"]  # 10/1966
    assert set(entity(parsed, "ukofsi-13748").get("birthDate")) == {"1961-02-21", "1961-01-21"}


def test_cyrillic_name_and_trust_services(parsed: ParsedList) -> None:
    zadachin = entity(parsed, "ukofsi-15890")
    assert zadachin.get("name") == ["Andrey Andreevich ZADACHIN"]
    assert set(zadachin.get("alias")) == {"Andrei Andreevich ZADACHIN", "ЗАДАЧИН Андрей Андреевич"}
    assert set(zadachin.get("position")) == {
        "Investigator for Particularly Important Cases of the Main Investigative Directorate "
        "of the Investigative Committee of the Russian Federation",
        "Major of Justice",
    }
    (sanction,) = sanctions_of(parsed, "ukofsi-15890")
    assert sanction.get("provisions") == ["Asset freeze", "Trust services"]
    assert sanction.get("authorityId") == ["RUS1831"]


def test_entity_with_aliases_former_name_and_addresses(parsed: ParsedList) -> None:
    ryonbong = entity(parsed, "ukofsi-10893")
    assert ryonbong.schema.name == "Organization"
    assert ryonbong.get("name") == ["KOREA RYONBONG GENERAL CORPORATION"]
    assert ryonbong.get("alias") == ["KOREA YONBONG GENERAL CORPORATION"]
    assert ryonbong.get("previousName") == ["LYONGAKSAN GENERAL TRADING CORPORATION"]
    assert set(ryonbong.get("address")) == {
        "Pot'onggang District, Pyongyang, North Korea",
        "Rakwon-dong, Pothonggang District, Pyongyang, North Korea",
    }
    assert ryonbong.get("country") == ["kp"]


def test_parent_company_listed_in_the_file_becomes_ownership(parsed: ParsedList) -> None:
    owners = {
        (o.first("owner"), o.first("asset"), o.first("role"))
        for o in of_schema(parsed, "Ownership")
    }
    assert ("ukofsi-10893", "ukofsi-10911", "parent company") in owners
    assert ("ukofsi-13635", "ukofsi-13651", "owner") in owners
    assert not any("Parent company" in n for n in entity(parsed, "ukofsi-10911").get("notes"))


def test_ship_with_imo_number(parsed: ParsedList) -> None:
    ship = entity(parsed, "ukofsi-13651")
    assert ship.schema.name == "Vessel"
    assert ship.get("name") == ["SAM JONG 2"]
    assert "YU_JONG_3" in ship.get("alias")
    assert ship.get("imoNumber") == ["IMO7408873"]
    assert ship.get("flag") == ["kp"]
    assert ship.get("pastFlags") == ["ru"]
    assert ship.get("type") == ["Oil tanker"]
    assert ship.get("tonnage") == ["1676"]
    assert ship.get("buildDate") == ["1975"]
    (sanction,) = sanctions_of(parsed, "ukofsi-13651")
    assert sanction.get("authorityId") == ["DPR0100"]


def test_one_sanction_per_regime_with_its_own_reference(parsed: ParsedList) -> None:
    listings = {s.first("program"): s for s in sanctions_of(parsed, "ukofsi-13748")}
    assert set(listings) == {"Cyber", "Chemical Weapons"}
    assert listings["Cyber"].get("authorityId") == ["CYB0011"]
    assert listings["Cyber"].get("listingDate") == ["2020-10-23"]
    assert listings["Chemical Weapons"].get("authorityId") == ["CHW0009"]
    assert listings["Chemical Weapons"].get("listingDate") == ["2019-01-21"]


def test_designation_without_primary_name_row(parsed: ParsedList) -> None:
    premera = entity(parsed, "ukofsi-16789")
    assert premera.get("name") == ["PREMERA (H.K.) INTERNATIONAL CO, LIMITED"]
    assert premera.get("alias") == ["普萊米樂(香港)國際貿易有限公司"]
    assert premera.get("registrationNumber") == ["33866023"]
    assert premera.get("email") == ["premera@163.com"]
    assert premera.get("legalForm") == ["Private Limited Company"]
    assert any("record 16789: no Primary name row" in w for w in parsed.warnings)


def test_xlsx_and_csv_give_the_same_entities(fixtures: Path) -> None:
    from_xlsx = uk_ofsi.parse(fixtures / "uk" / "ofsi_conlist_excerpt.xlsx")
    from_csv = uk_ofsi.parse(fixtures / "uk" / "ofsi_conlist_excerpt.csv")
    assert [e.to_dict() for e in from_xlsx.entities] == [e.to_dict() for e in from_csv.entities]


def test_detect(fixtures: Path) -> None:
    assert uk_ofsi.detect(fixtures / "uk" / "ofsi_conlist_excerpt.xlsx")
    assert uk_ofsi.detect(fixtures / "uk" / "ofsi_conlist_excerpt.csv")
    assert not uk_ofsi.detect(fixtures / "uk" / "uk_sanctions_list_xml_excerpt_2026-09-10.xml")
    assert not uk_ofsi.detect(fixtures / "user" / "forced_labour.csv")


# -- value spellings ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("15/07/1975", "1975-07-15"), ("00/00/1965", "1965"), ("00/05/1965", "1965-05"),
     ("05/1963", "1963-05"), ("1946", "1946"), ("dd/mm/1945", "1945"), ("circa 1960", None)],
)  # fmt: skip
def test_uk_date(text: str, expected: str | None) -> None:
    assert uk_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("(1) Germany. (2) Morocco", ["Germany", "Morocco"]), ("Iraq (previous address)", ["Iraq"]),
     ("Former USSR (now Belarus)", ["Belarus"]), ("Congo (Democratic Republic)", ["CD"]),
     ("Germany. Russia", ["Germany", "Russia"]), ("(1-3) Libya (4) Morocco", ["Libya", "Morocco"])],
)  # fmt: skip
def test_country_names(text: str, expected: list[str]) -> None:
    assert country_names(text) == expected


def test_numbered_values_and_registrations() -> None:
    assert split_numbered("(1) 20645897 (2) -") == ["20645897"]
    assert registration("Russia INN - 7805060301") == ("INN", "7805060301")
    assert registration("UK Company no. 06527449") == ("Company number", "06527449")


# -- encodings, columns and bad input ---------------------------------------------------


def test_windows_1252_csv(fixtures: Path, tmp_path: Path) -> None:
    rows = [r for r in csv_rows(fixtures) if fits_cp1252(r)]  # Arabic etc. rows left out
    parsed = uk_ofsi.parse(write_csv(tmp_path / "ConList.csv", rows, encoding="cp1252"))
    assert entity(parsed, "ukofsi-7059").get("birthPlace") == ["Haselünne, Lower Saxony, Germany"]


def test_unknown_column_is_reported(fixtures: Path, tmp_path: Path) -> None:
    rows = csv_rows(fixtures)
    rows = rows[:1] + [
        row + (["Designation Source"] if i == 0 else ["UN"]) for i, row in enumerate(rows[1:])
    ]
    parsed = uk_ofsi.parse(write_csv(tmp_path / "ConList.csv", rows))
    assert parsed.target_count == 10
    assert "ConList.csv line 2: unknown column 'Designation Source' ignored" in parsed.warnings


def test_missing_required_column(fixtures: Path, tmp_path: Path) -> None:
    rows = [row[:-1] for row in csv_rows(fixtures)]  # drop Group ID
    rows[0] = ["Last Updated", "10/04/2025"]
    with pytest.raises(ParseError, match=r"ConList\.csv line 2: missing required column.*Group ID"):
        uk_ofsi.parse(write_csv(tmp_path / "ConList.csv", rows))


def test_row_with_wrong_number_of_fields(fixtures: Path, tmp_path: Path) -> None:
    rows = csv_rows(fixtures)
    rows[5] = rows[5][:20]
    with pytest.raises(ParseError, match=r"ConList\.csv line 6: 20 fields, the header has 36"):
        uk_ofsi.parse(write_csv(tmp_path / "ConList.csv", rows))


def test_truncated_csv(fixtures: Path, tmp_path: Path) -> None:
    data = (fixtures / "uk" / "ofsi_conlist_excerpt.csv").read_bytes()
    cut = data.index(b'"(UK Sanctions List Ref):DPR0100') + 40  # inside a quoted field
    path = tmp_path / "ConList.csv"
    path.write_bytes(data[:cut])
    with pytest.raises(ParseError, match=r"ConList\.csv line \d+: malformed CSV"):
        uk_ofsi.parse(path)


def test_truncated_xlsx(fixtures: Path, tmp_path: Path) -> None:
    data = (fixtures / "uk" / "ofsi_conlist_excerpt.xlsx").read_bytes()
    path = tmp_path / "ConList.xlsx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(
        ParseError, match=r"ConList\.xlsx: damaged or truncated zip archive \(XLSX or ZIP\)"
    ):
        uk_ofsi.parse(path)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "ConList.csv"
    path.write_bytes(b"")
    with pytest.raises(ParseError, match=r"ConList\.csv: empty file"):
        uk_ofsi.parse(path)


def test_header_only(tmp_path: Path, fixtures: Path) -> None:
    path = write_csv(tmp_path / "ConList.csv", csv_rows(fixtures)[:2])
    with pytest.raises(ParseError, match=r"ConList\.csv: no listed parties found"):
        uk_ofsi.parse(path)


# -- the complete list ----------------------------------------------------------------


@pytest.mark.slow
def test_full_bundled_list(bundled: dict[str, Path]) -> None:
    parsed = uk_ofsi.parse(bundled["uk_ofsi"])
    assert parsed.published == date(2025, 4, 10)
    assert parsed.target_count == 4686
    assert len(of_schema(parsed, "Person")) == 3662
    assert len(of_schema(parsed, "Organization")) == 1009
    assert len(of_schema(parsed, "Vessel")) == 15
    assert len({s.first("program") for s in of_schema(parsed, "Sanction")}) == 31
    assert not any("excerpt or truncated" in w for w in parsed.warnings)
    assert len(parsed.warnings) < 10  # real oddities only, e.g. a postcode in Country
