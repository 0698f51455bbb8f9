"""Canada's Consolidated Canadian Autonomous Sanctions List, in its 2020 and 2025 schemas.

Expected values were read from the records copied into ``tests/fixtures/ca/`` from
``shared/data/ca/sema-lmes_2020-04.xml`` and ``..._2025-05.xml`` (see the fixtures README).
The complete files are not in the repository; their counts are checked in
``bench/allies_counts.py`` (figures in bench/RESULTS.md).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest
from parsed_helpers import edit_excerpt, entity

from vet.errors import ParseError
from vet.resolve import topics_of
from vet.sources import ca_sema, detect_source
from vet.sources.base import ParsedList
from vet.store import Store, diff_versions, import_path

OLD, NEW = "sema-lmes_2020-04_excerpt.xml", "sema-lmes_2025-05_excerpt.xml"
edited = partial(edit_excerpt, name="sema-lmes.xml")


@pytest.fixture(scope="module")
def old(fixtures: Path) -> ParsedList:
    return ca_sema.parse(fixtures / "ca" / OLD)


@pytest.fixture(scope="module")
def new(fixtures: Path) -> ParsedList:
    return ca_sema.parse(fixtures / "ca" / NEW)


def sanctions_of(parsed: ParsedList, entity_id: str) -> list[tuple[str, str, str]]:
    """(programme, schedule and item, listing date) of each listing of ``entity_id``."""
    return sorted(
        (s.first("program") or "", s.first("authorityId") or "", s.first("listingDate") or "")
        for s in parsed.entities
        if s.schema.name == "Sanction" and entity_id in s.get("entity")
    )


def test_both_schemas_one_party_per_name(old: ParsedList, new: ParsedList) -> None:
    assert old.target_count == 4  # 4 records
    assert new.target_count == 8  # 9 records: MENYAILO is listed twice
    assert old.info.jurisdiction == new.info.jurisdiction == "CA"
    assert old.published is None  # the file states no date
    assert any("only 8 listed parties" in w for w in new.warnings)


def test_2020_schema_entity_and_aliases(old: ParsedList) -> None:
    bagan = entity(old, "ca-sema-air-bagan")  # <Entity>, not <EntityOrShip>
    assert bagan.schema.name == "Organization"
    assert bagan.get("alias") == ["Air Bagan Holdings Pte. Ltd.", "Air Bagan Limited"]
    assert sanctions_of(old, "ca-sema-air-bagan") == [("Burma", "Schedule 1, Item 1", "")]


def test_person_with_aliases_in_several_scripts(new: ParsedList) -> None:
    son = entity(new, "ca-sema-nikolai-aleksandrovich-lukashenko")
    assert son.get("firstName") == ["Nikolai Aleksandrovich"]  # trailing space dropped
    assert son.get("lastName") == ["LUKASHENKO"]
    assert son.get("birthDate") == ["2004-08-31"]
    # "..., Belarusian: Мікалай ...; Russian: Николай ..., Коля Лукашенко"
    assert son.get("alias") == [
        "Mikalay Alyaksandravich Lukashenka",
        "Kolya Lukashenko",
        "Мікалай Аляксандравіч Лукашэнка",
        "Николай Александрович Лукашенко",
        "Коля Лукашенко",
    ]
    assert sanctions_of(new, "ca-sema-nikolai-aleksandrovich-lukashenko") == [
        ("Belarus", "Schedule 1, Part 1, Item 120", "2024-08-08")
    ]


def test_two_birth_years_and_aliases_without_spaces(new: ParsedList) -> None:
    rahpeik = entity(new, "ca-sema-siamak-rahpeik")
    assert rahpeik.get("birthDate") == ["1963", "1964"]  # "1963 or 1964"
    assert "Siamak Rahpiek" in rahpeik.get("alias")  # "Siyamak Rahpeyk,Siamak Rahpiek"


def test_a_name_listed_twice_is_one_party_with_two_listings(new: ParsedList) -> None:
    assert sanctions_of(new, "ca-sema-sergey-ivanovich-menyailo") == [
        ("Russia", "Schedule 1, Part 1, Item 44", "2014-05-12"),
        ("Russia", "Schedule 1, Part 1.1, Item 6", "2021-03-21"),
    ]


def test_ship_with_imo_number_and_build_year(new: ParsedList) -> None:
    ship = entity(new, "ca-sema-balitiyskiy-iii")
    assert ship.schema.name == "Vessel"
    assert ship.get("imoNumber") == ["IMO7612448"]
    assert ship.get("type") == ["General Cargo / Multi Purpose"]
    assert ship.get("buildDate") == ["1980"]


def test_regimes_and_their_topics(new: ParsedList) -> None:
    jvcfor = sanctions_of(new, "ca-sema-nicolas-maduro-moros")
    assert jvcfor == [
        (
            "Justice for Victims of Corrupt Foreign Officials Regulations (JVCFOR)",
            "Item 1",
            "2017-11-03",
        )
    ]
    assert topics_of([jvcfor[0][0]]) == ("human_rights", "corruption")
    # The 2021 Xinjiang designation under the China regulations (a human-rights ground).
    (xpcc,) = [e for e in new.entities if e.caption.startswith("Xinjiang Production")]
    (program, _, listed) = sanctions_of(new, xpcc.id or "")[0]
    assert (program, listed) == ("China", "2021-03-21")
    assert topics_of([program]) == ("human_rights", "country_programme")
    assert topics_of(["Russia"]) == ("russia_ukraine",)


def test_detected_without_naming_the_source(fixtures: Path) -> None:
    for name in (OLD, NEW):
        assert detect_source(fixtures / "ca" / name).info.kind == "ca_sema"
    assert not ca_sema.detect(fixtures / "un" / "consolidated_2026-02-27_excerpt.xml")
    assert not ca_sema.detect(fixtures / "ca")


def test_diff_of_the_two_releases(fixtures: Path, tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'vet.db'}")
    import_path(store, fixtures / "ca" / OLD)
    import_path(store, fixtures / "ca" / NEW)
    diff = diff_versions(store, "ca_sema")
    assert sorted(c.entity_id for c in diff.removed) == [
        "ca-sema-air-bagan",  # Burma listing gone by 2025
        "ca-sema-sergei-ivanovich-menyailo",  # now spelt Sergey: a new name is a new party
    ]
    assert "ca-sema-sergey-ivanovich-menyailo" in {c.entity_id for c in diff.added}
    assert len(diff.added) == 6
    changed = {c.entity_id: {f.field for f in c.changes} for c in diff.changed}
    # Same name, same regime: renumbered (Schedule 1 -> Part 1) and given a listing date.
    assert "ca-sema-serhiy-valeriyovich-aksyonov" in changed
    assert "ca-sema-nicolas-maduro-moros" in changed


# -- bad input -------------------------------------------------------------------------


def test_truncated_file(fixtures: Path, tmp_path: Path) -> None:
    text = (fixtures / "ca" / NEW).read_text("utf-8")
    path = tmp_path / "sema-lmes.xml"
    path.write_text(text[: len(text) // 2], "utf-8")
    with pytest.raises(ParseError, match=r"sema-lmes\.xml line \d+: malformed XML"):
        ca_sema.parse(path)


def test_other_xml_is_refused(fixtures: Path) -> None:
    with pytest.raises(
        ParseError, match=r"root element is <CONSOLIDATED_LIST>, expected <data-set>"
    ):
        ca_sema.parse(fixtures / "un" / "consolidated_2026-02-27_excerpt.xml")


def test_record_without_regime(fixtures: Path, tmp_path: Path) -> None:
    path = edited(fixtures / "ca" / NEW, tmp_path, "<Country>Iran</Country>", "")
    with pytest.raises(ParseError, match=r"sema-lmes\.xml record #4: record without Country"):
        ca_sema.parse(path)


def test_record_without_a_name(fixtures: Path, tmp_path: Path) -> None:
    old = "<LastName>Rahpeik</LastName>\n\t\t<GivenName>Siamak</GivenName>"
    path = edited(fixtures / "ca" / NEW, tmp_path, old, "")
    with pytest.raises(ParseError, match=r"record #4: record without a name"):
        ca_sema.parse(path)


def test_no_records(tmp_path: Path) -> None:
    path = tmp_path / "sema-lmes.xml"
    path.write_text('<?xml version="1.0"?>\n<data-set>\n</data-set>\n', "utf-8")
    with pytest.raises(ParseError, match=r"sema-lmes\.xml: no listed parties found"):
        ca_sema.parse(path)


def test_contradicting_birth_dates_keep_two_parties(fixtures: Path, tmp_path: Path) -> None:
    # The second MENYAILO record given another birth year: another man of the same name.
    old = "<Schedule>1, Part 1.1</Schedule>"
    new = "<DateOfBirthOrShipBuildDate>1990</DateOfBirthOrShipBuildDate>\n\t\t" + old
    first = "<GivenName>Sergey Ivanovich</GivenName>"
    path = edited(fixtures / "ca" / NEW, tmp_path, old, new)
    text = path.read_text("utf-8").replace(
        first, first + "\n\t\t<DateOfBirthOrShipBuildDate>1960</DateOfBirthOrShipBuildDate>", 1
    )
    path.write_text(text, "utf-8")
    parsed = ca_sema.parse(path)
    assert entity(parsed, "ca-sema-sergey-ivanovich-menyailo").get("birthDate") == ["1960"]
    assert entity(parsed, "ca-sema-sergey-ivanovich-menyailo-1990").get("birthDate") == ["1990"]
    assert any("listed before with birth date 1960, here 1990" in w for w in parsed.warnings)
