"""Australia's DFAT Consolidated List, in its 2024 (12-column) and 2026 (19-column) layouts.

Expected values were read from the rows of ``shared/data/au/dfat_consolidated_2024-11-11.xlsx``
and ``..._2026-07-23.xlsx`` copied into ``tests/fixtures/au/`` (see the fixtures README).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from followthemoney.proxy import EntityProxy
from parsed_helpers import entity, sanction_of

from vet.errors import ParseError
from vet.index.build import collect_parties, join_records
from vet.resolve import listing_topics
from vet.sources import au_dfat, detect_source, un_sc
from vet.sources.base import ParsedList
from vet.store import Store, diff_versions, import_path

OLD, NEW = "dfat_consolidated_2024-11-11_excerpt.xlsx", "dfat_consolidated_2026-07-23_excerpt.xlsx"


@pytest.fixture(scope="module")
def old(fixtures: Path) -> ParsedList:
    return au_dfat.parse(fixtures / "au" / OLD)


@pytest.fixture(scope="module")
def new(fixtures: Path) -> ParsedList:
    return au_dfat.parse(fixtures / "au" / NEW)


def listed(parsed: ParsedList) -> dict[str, EntityProxy]:
    return {e.id: e for e in parsed.entities if e.id and e.get("topics", quiet=True)}


def rewrite(source: Path, target: Path, edit_header: dict[str, str] | None = None) -> Path:
    """A copy of a real excerpt with header cells renamed (``{old: new}``; ``""`` drops)."""
    book = openpyxl.load_workbook(source)
    sheet = book.worksheets[0]
    for cell in sheet[1]:
        if edit_header and cell.value in edit_header:
            cell.value = edit_header[cell.value] or None
    book.save(target)
    return target


def test_both_layouts_count_listings_not_name_rows(old: ParsedList, new: ParsedList) -> None:
    assert old.published == date(2024, 11, 11)  # the workbook's modified date
    assert new.published == date(2026, 7, 23)
    assert old.target_count == 10  # 49 name rows
    assert new.target_count == 10  # 47 name rows
    assert old.info.jurisdiction == new.info.jurisdiction == "AU"


def test_un_listing_with_year_list_original_script_and_measures(new: ParsedList) -> None:
    akhund = entity(new, "au-dfat-2")
    assert akhund.schema.name == "Person"
    assert akhund.get("name") == ["MOHAMMAD HASSAN AKHUND"]
    assert akhund.get("alias") == ["محمد حسن أخوند"]  # row 2a, Original Script
    assert sorted(akhund.get("birthDate")) == [
        "1945", "1946", "1947", "1948", "1949", "1950", "1955", "1956", "1957", "1958",
    ]  # fmt: skip
    assert akhund.get("nationality") == ["af"]
    sanction = sanction_of(new, "au-dfat-2")
    assert sanction.get("program") == ["1988 (Taliban)"]
    assert sanction.get("listingDate") == ["2001-01-25"]
    assert sanction.get("unscId") == ["TAi.002"]  # Additional Information starts "TAi.002."
    assert sanction.get("modifiedAt") == ["2026-04-14"]  # Control Date
    assert set(sanction.get("provisions")) == {
        "Charter of the United Nations (Sanctions—the Taliban) Regulation 2013",
        "Targeted Financial Sanction",
        "Travel Ban",
        "Arms Embargo",
    }


def test_old_layout_same_listing(old: ParsedList) -> None:
    akhund = entity(old, "au-dfat-2")
    # "a) Approximately 1955- 1958 b) Approximately 1945-1950"
    assert sorted(akhund.get("birthDate")) == [
        "1945", "1946", "1947", "1948", "1949", "1950", "1955", "1956", "1957", "1958",
    ]  # fmt: skip
    assert not akhund.get("address")  # "NA"
    sanction = sanction_of(old, "au-dfat-2")
    assert sanction.get("modifiedAt") == ["2014-12-15"]
    assert not sanction.get("provisions")  # no measure columns before 2025


def test_un_committee_listing_date_and_reference(new: ParsedList) -> None:
    adf = sanction_of(new, "au-dfat-2943")
    assert adf.get("listingDate") == ["2014-06-30"]  # "Listed by 1533 Committee on: 30 June 2014"
    assert adf.get("unscId") == ["CDe.001"]  # "CDe.001 Other information: ..."


def test_un_listings_join_the_un_record(new: ParsedList, fixtures: Path) -> None:
    un = un_sc.parse(fixtures / "un" / "consolidated_2026-02-27_excerpt.xml")
    collected = list(
        collect_parties(
            [
                ("un_sc", [e.to_dict() for e in un.entities]),
                ("au_dfat", [e.to_dict() for e in new.entities]),
            ]
        )
    )
    joins = join_records(collected)
    akhund = entity(un, joins["au-dfat-2"].party)  # TAi.002 on both
    assert akhund.get("name") == ["MOHAMMAD HASSAN AKHUND"]
    assert joins["au-dfat-2"].rule == "same UN reference"
    assert "au-dfat-1972" not in joins  # Ansar Bank: an Australian listing only


def test_regimes_give_topics(new: ParsedList) -> None:
    parties = {
        p.entity_id: p
        for p, _ in collect_parties([("au_dfat", [e.to_dict() for e in new.entities])])
    }

    def topics(ref: str) -> set[str]:
        return {t for item in parties[f"au-dfat-{ref}"].listings for t in listing_topics(item)}

    assert topics("6832") == {"human_rights"}  # Autonomous (Thematic - Human Rights)
    assert topics("7985") == {"cyber"}
    assert topics("2") == {"terrorism"}  # 1988 (Taliban)
    assert topics("1972") == {"country_programme"}  # Autonomous (Iran)
    assert topics("2974") == {"russia_ukraine"}
    # "1533 (Democratic People's Republic of the Congo)", DFAT's slip for the DRC
    assert topics("2943") == {"country_programme"}
    # Autonomous (Vessels): Russia's shadow fleet, by its instrument of designation
    assert topics("8227") == {"russia_ukraine"}


def test_weak_alias_strength(new: ParsedList, old: ParsedList) -> None:
    assert entity(new, "au-dfat-5").get("weakAlias") == ["Haji Mudir"]  # Alias Strength Weak
    assert "Haji Mudir" in entity(old, "au-dfat-5").get("alias")  # no strength in 2024


def test_former_names_and_sub_references(old: ParsedList) -> None:
    adf = entity(old, "au-dfat-2943")
    assert adf.schema.name == "Organization"
    assert adf.get("name") == ["ADF"]
    assert set(adf.get("previousName")) == {
        "Forces Démocratiques Alliées-Armée Nationale de Libération de l'Ouganda",
        "ADF/NALU",
        "NALU",
    }  # Name Type "Formerly known as"
    assert adf.get("country") == ["cd"]
    # References 34, 34a .. 34f1 are one listing
    assert len(entity(old, "au-dfat-34").get("alias")) == 8


def test_two_citizenships_human_rights_and_cyber(new: ParsedList) -> None:
    assert entity(new, "au-dfat-2974").get("nationality") == ["ru", "ua"]  # "Russia;Ukraine"
    assert sanction_of(new, "au-dfat-6832").get("program") == [
        "Autonomous (Thematic - Human Rights)"
    ]
    assert sanction_of(new, "au-dfat-7985").get("program") == ["Autonomous (Thematic - Cyber)"]
    assert entity(new, "au-dfat-7985").get("birthDate") == ["1987-05-20"]  # a date cell


def test_vessel_with_imo_number(new: ParsedList) -> None:
    ship = entity(new, "au-dfat-8227")
    assert ship.schema.name == "Vessel"
    assert ship.get("name") == ["ANDAMAN SKIES"]
    assert ship.get("imoNumber") == ["IMO9288693"]
    assert set(sanction_of(new, "au-dfat-8227").get("provisions")) >= {"Maritime Restriction"}


def test_detected_and_imported_without_naming_the_source(fixtures: Path) -> None:
    for name in (OLD, NEW):
        assert detect_source(fixtures / "au" / name).info.kind == "au_dfat"
    assert not au_dfat.detect(fixtures / "uk" / "ofsi_conlist_excerpt.xlsx")
    assert not au_dfat.detect(fixtures / "au")


def test_diff_of_the_two_releases(fixtures: Path, tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'vet.db'}")
    import_path(store, fixtures / "au" / OLD)
    import_path(store, fixtures / "au" / NEW)
    diff = diff_versions(store, "au_dfat")
    assert [c.entity_id for c in diff.added] == ["au-dfat-8227"]  # ANDAMAN SKIES, 2025
    assert [c.entity_id for c in diff.removed] == ["au-dfat-273"]  # ETA, delisted
    changed = {c.entity_id: {f.field for f in c.changes} for c in diff.changed}
    assert "Sanction.modifiedAt" in changed["au-dfat-2"]
    assert "weakAlias" in changed["au-dfat-5"]  # Haji Mudir became a weak alias


# -- bad input -------------------------------------------------------------------------


def test_missing_required_column(fixtures: Path, tmp_path: Path) -> None:
    path = rewrite(fixtures / "au" / NEW, tmp_path / "dfat.xlsx", {"Committees": ""})
    with pytest.raises(ParseError, match=r"dfat\.xlsx line 1: missing required column.*Committees"):
        au_dfat.parse(path)


def test_unknown_column_is_reported(fixtures: Path, tmp_path: Path) -> None:
    path = rewrite(fixtures / "au" / NEW, tmp_path / "dfat.xlsx", {"IMO Number": "Flag"})
    parsed = au_dfat.parse(path)
    assert parsed.target_count == 10
    assert "dfat.xlsx line 1: unknown column 'Flag' ignored" in parsed.warnings


def test_row_without_reference(fixtures: Path, tmp_path: Path) -> None:
    path = tmp_path / "dfat.xlsx"
    book = openpyxl.load_workbook(fixtures / "au" / NEW)
    book.worksheets[0]["A5"] = None
    book.save(path)
    with pytest.raises(ParseError, match=r"dfat\.xlsx line 5: row without Reference"):
        au_dfat.parse(path)


def test_truncated_workbook(fixtures: Path, tmp_path: Path) -> None:
    data = (fixtures / "au" / NEW).read_bytes()
    path = tmp_path / "dfat.xlsx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ParseError, match=r"dfat\.xlsx: damaged or truncated"):
        au_dfat.parse(path)


def test_header_only(fixtures: Path, tmp_path: Path) -> None:
    path = tmp_path / "dfat.xlsx"
    book = openpyxl.load_workbook(fixtures / "au" / NEW)
    book.worksheets[0].delete_rows(2, 100)
    book.save(path)
    with pytest.raises(ParseError, match=r"dfat\.xlsx: no listed parties found"):
        au_dfat.parse(path)


# -- the complete list ----------------------------------------------------------------


@pytest.mark.slow
def test_full_bundled_list(bundled: dict[str, Path]) -> None:
    parsed = au_dfat.parse(bundled["au_dfat"])
    expected = au_dfat.EXPECTED[date(2026, 7, 23)]
    assert parsed.published == date(2026, 7, 23)
    assert parsed.target_count == expected.listings == 3846
    schemata = [e.schema.name for e in parsed.entities if e.get("topics", quiet=True)]
    assert schemata.count("Person") == expected.people
    assert schemata.count("Organization") == expected.entities
    assert schemata.count("Vessel") == expected.vessels
    programs = [s.first("program") for s in parsed.entities if s.schema.name == "Sanction"]
    assert programs.count("Autonomous (Thematic - Human Rights)") == expected.human_rights
    assert not any("excerpt or truncated" in w for w in parsed.warnings)
    assert len(parsed.warnings) < 10  # real oddities only, e.g. a Hijri birth date
