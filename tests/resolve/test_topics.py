"""Why a party is listed: topics derived from real records' programmes and legal basis."""

from __future__ import annotations

from pathlib import Path

import pytest

from vet.index.build import ListedParty, collect_parties
from vet.resolve import TOPICS, listing_topics, topic_title, topics_of
from vet.sources import detect_source


def parties(path: Path, list_name: str) -> dict[str, ListedParty]:
    parsed = detect_source(path).parse(path)
    entities = [e.to_dict() for e in parsed.entities]
    return {p.caption: p for p, _ in collect_parties([(list_name, entities)])}


def topics(party: ListedParty) -> set[str]:
    return {t for listing in party.listings for t in listing_topics(listing)}


def test_the_vocabulary_is_the_documented_one() -> None:
    assert TOPICS == (
        "human_rights",
        "forced_labour",
        "surveillance_technology",
        "weapons_proliferation",
        "military_end_use",
        "terrorism",
        "cyber",
        "corruption",
        "narcotics",
        "russia_ukraine",
        "country_programme",
        "other",
    )
    assert topic_title("human_rights") == "Human rights"


def test_entity_list_entries_take_the_reason_of_their_federal_register_notice(
    fixtures: Path,
) -> None:
    csl = parties(fixtures / "csl" / "consolidated_2022-05_excerpt.csv", "us_csl")
    # Added on 9 Oct 2019 (84 FR 54002) for the surveillance of Uyghurs in Xinjiang.
    sensetime = csl["Beijing Sensetime Technology Development Co., Ltd."]
    assert topics(sensetime) == {"human_rights", "surveillance_technology"}
    assert topics(csl["CAST Xi'an Spaceflight Engine Factory"]) == {"military_end_use"}


@pytest.mark.parametrize(
    ("programs", "provisions", "expected"),
    [
        (["GLOMAG"], [], ("human_rights", "corruption")),
        (["SDGT", "IRGC"], [], ("terrorism", "country_programme")),
        (["SDNTK"], [], ("narcotics",)),
        (["CYBER2"], [], ("cyber",)),
        (["RUSSIA-EO14024"], [], ("russia_ukraine",)),
        (["IRAN-EO13846"], [], ("country_programme",)),
        (["LIBYA2"], [], ("country_programme",)),
        (["CMIC-EO13959"], [], ("military_end_use",)),
        (["HRIT-IR"], [], ("human_rights", "surveillance_technology", "country_programme")),
        # UK regimes as the OFSI list writes them.
        (["Global Human Rights"], [], ("human_rights",)),
        (["Global Anti-Corruption"], [], ("corruption",)),
        (["Russia"], [], ("russia_ukraine",)),
        (["Chemical Weapons"], [], ("weapons_proliferation",)),
        (["ISIL (Da'esh) and Al-Qaida"], [], ("terrorism",)),
        (
            ["Democratic People's Republic of Korea"],
            [],
            ("weapons_proliferation", "country_programme"),
        ),
        # Australia's thematic regimes and Canada's Magnitsky law.
        (["Thematic - Human Rights"], [], ("human_rights",)),
        (
            ["Justice for Victims of Corrupt Foreign Officials Regulations"],
            [],
            ("human_rights", "corruption"),
        ),
        # A list that says how, not why, is "other" unless its legal basis says why.
        (["Entity List"], [], ("other",)),
        (
            ["Entity List"],
            ["84 FR 54002, 85 FR 44159"],
            ("human_rights", "surveillance_technology"),
        ),
        (["Denied Persons List"], [], ("other",)),
    ],
)
def test_programmes_map_to_topics(
    programs: list[str], provisions: list[str], expected: tuple[str, ...]
) -> None:
    assert topics_of(programs, provisions) == expected


def test_sdn_records_get_topics_from_their_programmes(fixtures: Path) -> None:
    sdn = parties(fixtures / "ofac" / "sdn_2023-12-28", "us_ofac_sdn")
    tagged = {t for party in sdn.values() for t in topics(party)}
    assert tagged == {
        "terrorism",
        "narcotics",
        "russia_ukraine",
        "cyber",
        "weapons_proliferation",
        "country_programme",
    }
    # Every listing gets at least one topic from the vocabulary.
    assert all(
        listing_topics(listing) and set(listing_topics(listing)) <= set(TOPICS)
        for party in sdn.values()
        for listing in party.listings
    )
