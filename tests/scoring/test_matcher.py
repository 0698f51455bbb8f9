"""Matching against an index: candidates, evidence, explanations, bad input."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

import pytest

from vet.errors import InputError
from vet.index import build_index
from vet.scoring import DEFAULT_CONFIG, MatchConfig, Matcher, Query
from vet.scoring.features import FEATURE_NAMES


def party(
    entity_id: str, schema: str, names: list[str], **props: list[str]
) -> list[dict[str, Any]]:
    """A listed party and its Sanction, as FtM dicts."""
    properties = {"name": names[:1], "alias": names[1:], "topics": ["sanction"], **props}
    sanction = {
        "id": f"{entity_id}-sanction",
        "schema": "Sanction",
        "properties": {
            "entity": [entity_id],
            "authority": ["US Treasury OFAC"],
            "program": ["SDGT"],
            "listingDate": ["2019-05-16"],
            "sourceUrl": ["https://ofac.treasury.gov/"],
        },
    }
    return [{"id": entity_id, "schema": schema, "properties": properties}, sanction]


ENTITIES = [
    *party(
        "p1",
        "Person",
        ["Ali Hassan AL-MAJID", "Chemical Ali"],
        birthDate=["1941"],
        nationality=["iq"],
        passportNumber=["A1234567"],
    ),
    *party("p2", "Person", ["ALI, Mohamed"], birthDate=["1980-02-01"], nationality=["so"]),
    *party("p3", "Person", ["JOHN B. PRIDMORE-SMITH"]),
    *party(
        "c1",
        "Company",
        ["Hangzhou Hikvision Digital Technology Co., Ltd.", "Hikvision"],
        country=["cn"],
    ),
    *party("c2", "Company", ["Global Trading International Ltd"], country=["ae"]),
    *party("v1", "Vessel", ["ARTAVIL"], imoNumber=["IMO9187629"]),
    *party("b1", "Company", ["Bank of India"], country=["in"]),
    *party("b2", "Company", ["Bank Melli Iran"], country=["ir"]),
    *party("b3", "Company", ["Bank Saderat Iran"], country=["ir"]),
    *party("g1", "Company", ["Green Supply, Inc."]),
    *party("l1", "LegalEntity", ["Yu Long"]),  # a person, as the State Department lists one
]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    index = build_index(
        [("test_list", ENTITIES)],
        key="t",
        kind_weights=DEFAULT_CONFIG.kind_weights,
        rarity_floor=DEFAULT_CONFIG.rarity_floor,
    )
    return Matcher(index)


def test_branch_of_listed_company_matches_with_explanation(matcher: Matcher) -> None:
    hits = matcher.match(Query.of("Hikvision UK Ltd", schema="Company", countries=["GB"]))
    assert [h.entity_id for h in hits] == ["c1"]
    hit = hits[0]
    assert hit.match and hit.matched_name == "Hikvision"
    assert hit.lists == ("test_list",)
    assert "US Treasury OFAC" in hit.explanation and "SDGT" in hit.explanation
    assert "countries differ: gb given, cn listed" in hit.explanation


def test_identifier_alone_is_a_match(matcher: Matcher) -> None:
    hits = matcher.match(Query.of("Some Tanker", identifiers=["IMO 9187629"]))
    assert hits[0].entity_id == "v1"
    assert hits[0].score >= 0.99
    assert "identifier IMO9187629 is identical" in hits[0].explanation


def test_birth_year_and_type_contradictions_lower_the_score(matcher: Matcher) -> None:
    plain = matcher.match("Ali Hassan al-Majid", include_below=True)[0]
    older = matcher.match(Query.of("Ali Hassan al-Majid", birth_date="1990"), include_below=True)[0]
    company = matcher.match(Query.of("Ali Hassan al-Majid", schema="Company"), include_below=True)[
        0
    ]
    assert plain.entity_id == older.entity_id == "p1"
    assert older.score < plain.score
    assert company.score < plain.score
    assert "birth years differ: 1990 given, 1941 listed" in older.explanation


def test_a_name_ending_in_a_legal_form_is_not_a_listed_person(matcher: Matcher) -> None:
    person = matcher.match("Mohamed Ali", include_below=True)[0]
    company = matcher.match("Mohamed Ali GmbH", include_below=True)[0]
    assert person.entity_id == company.entity_id == "p2"
    assert company.score < person.score - 0.2
    assert "makes the name screened a company; the listed record is a person" in (
        company.explanation
    )


def test_common_given_name_alone_is_not_flagged(matcher: Matcher) -> None:
    assert matcher.match(Query.of("Ali Roberts", schema="Person")) == []
    assert matcher.match(Query.of("Global Technology Trading Co", schema="Company")) == []


def test_candidates_are_ids_of_listed_parties(matcher: Matcher) -> None:
    assert "c1" in matcher.candidates("Hikvison")  # one letter dropped


@pytest.mark.parametrize("bad", ["", "   ", "\u200b"])
def test_empty_queries_are_refused(matcher: Matcher, bad: str) -> None:
    with pytest.raises(InputError):
        matcher.match(bad)


def test_hostile_queries_return_quickly_without_crashing(matcher: Matcher) -> None:
    assert isinstance(matcher.match("x" * 10_000), list)
    assert isinstance(matcher.match("\x00\xff\ufffe binary \x1b[31m"), list)
    assert isinstance(matcher.match("Hikvision 海康威视 Хиквижн هيكفيجن"), list)


def test_common_word_with_different_places_is_not_a_match(matcher: Matcher) -> None:
    assert matcher.match(Query.of("Bank of China", schema="Company")) == []
    hits = matcher.match(Query.of("Bank of India Ltd", schema="Company"))
    assert [h.entity_id for h in hits] == ["b1"]


def test_one_record_on_two_lists_is_one_hit_with_both_listings() -> None:
    sdn = party("ofac-1", "Company", ["VTB Bank PJSC"])
    cons = party("ofac-1", "Company", ["VTB Bank PJSC", "Bank VTB"])
    index = build_index(
        [("us_ofac_sdn", sdn), ("us_ofac_cons", cons)],
        key="two",
        kind_weights=DEFAULT_CONFIG.kind_weights,
        rarity_floor=DEFAULT_CONFIG.rarity_floor,
    )
    hits = Matcher(index).match("VTB Bank")
    assert len(hits) == 1
    assert hits[0].lists == ("us_ofac_cons", "us_ofac_sdn")


def test_evidence_can_lift_a_name_below_the_threshold_to_a_hit(matcher: Matcher) -> None:
    # Name scores no evidence could lift are skipped early; this one can be lifted.
    assert matcher.match("Ali al-Majid", threshold=0.9) == []
    lifted = matcher.match(
        Query.of("Ali al-Majid", countries=["iq"], birth_date="1941"), threshold=0.9
    )
    assert [h.entity_id for h in lifted] == ["p1"]
    assert lifted[0].match


@pytest.mark.parametrize(
    "evidence",
    [{}, {"countries": ["iq", "cn"]}, {"birth_date": "1941"}, {"identifiers": ["A1234567"]}],
)
def test_hits_are_those_at_or_above_the_threshold_among_all_scored(
    matcher: Matcher, evidence: dict[str, Any]
) -> None:
    for name in ["Ali Hassan al-Majeed", "Mohamed Aly", "Hikvison Digital", "Bank Iran"]:
        query = Query.of(name, **evidence)
        everything = matcher.match(query, include_below=True, limit=100)
        hits = matcher.match(query)
        expected = [(h.entity_id, h.score) for h in everything if h.match][:10]
        assert [(h.entity_id, h.score) for h in hits] == expected


def test_the_csl_copy_of_an_ofac_entry_is_one_hit_with_both_listings() -> None:
    # The CSL republishes OFAC's entries under OFAC's entity numbers; read first or not,
    # the copy joins the original, and a CSL entry with no OFAC original stays itself.
    csl = [
        *party("csl-306", "Organization", ["BANCO NACIONAL DE CUBA", "BNC"]),
        *party("csl-4242", "Organization", ["BANCO INTERNACIONAL DE CUBA"]),
    ]
    sdn = party("ofac-306", "Organization", ["BANCO NACIONAL DE CUBA"], country=["cu"])
    index = build_index(
        [("us_csl", csl), ("us_ofac_sdn", sdn)],
        key="csl",
        kind_weights=DEFAULT_CONFIG.kind_weights,
        rarity_floor=DEFAULT_CONFIG.rarity_floor,
    )
    hits = Matcher(index).match("Banco Nacional de Cuba")
    assert [(h.entity_id, h.lists, h.records) for h in hits] == [
        ("ofac-306", ("us_csl", "us_ofac_sdn"), ("csl-306",))
    ]
    assert Matcher(index).match("BNC")[0].entity_id == "ofac-306"  # the copy's alias counts
    assert index.parties[index.party_by_id["csl-306"]].entity_id == "ofac-306"
    assert Matcher(index).match("Banco Internacional de Cuba")[0].entity_id == "csl-4242"


def test_a_persons_weak_alias_alone_is_not_a_match_but_an_acronym_is() -> None:
    # As OFAC publishes KONY, Ali (a.k.a. weak 'MOHAMMED, Ali') and CCCC (weak a.k.a.).
    person = party("kony", "Person", ["KONY, Ali"])
    person[0]["properties"]["weakAlias"] = ["MOHAMMED, Ali"]
    company = party("cccc", "Company", ["CHINA COMMUNICATIONS CONSTRUCTION COMPANY LIMITED"])
    company[0]["properties"]["weakAlias"] = ["CCCC"]
    index = build_index(
        [("test_list", [*person, *company])],
        key="weak",
        kind_weights=DEFAULT_CONFIG.kind_weights,
        rarity_floor=DEFAULT_CONFIG.rarity_floor,
    )
    matcher = Matcher(index)
    assert matcher.match(Query.of("Mohammed Ali", schema="Person")) == []
    below = matcher.match(Query.of("Mohammed Ali", schema="Person"), include_below=True)[0]
    assert below.entity_id == "kony" and below.name_property == "weakAlias"
    assert "the list marks this name weak, so the score is capped" in below.explanation
    assert [h.entity_id for h in matcher.match("CCCC")] == ["cccc"]


# Queries that together produce every declared feature name.
FEATURE_QUERIES = [
    Query("Ali Hassan al-Majid", schema="Person", birth_date="1941-06-01"),
    Query("Ali Hassan al-Majid", schema="Person", birth_date="1975"),
    Query("Someone Else Entirely", identifiers=("A1234567",)),
    Query("Hikvision", countries=("CN",)),
    Query("Hikvision", countries=("FR",)),
    Query("Hikvision", schema="Person"),
    Query("Ali Hassan al-Majid Ltd"),
    Query("Hikvision UK Ltd"),
    Query("Global Trading International of Chad"),
    Query("John Pridmore", schema="Person"),
    Query("Mohammed Ali Hassan al-Majid", schema="Person"),
    Query("Green Group", schema="Company"),
    Query("Long LLC", schema="Company"),
]


def test_feature_names_are_declared_once_and_the_declaration_is_true(matcher: Matcher) -> None:
    """Each declared feature occurs in real hits, and each feature a hit carries is declared
    (the API documents the declared names, so documentation and hits agree)."""
    declared = {f.name for f in FEATURE_NAMES}
    seen = {"name_match"}  # every hit carries its name score
    for query in FEATURE_QUERIES:
        for hit in matcher.match(query, include_below=True, limit=None):
            seen |= {f.feature for f in hit.features}
    assert seen == declared
    settings = {f.name for f in fields(MatchConfig)}
    for feature in FEATURE_NAMES:
        assert set(feature.settings) <= settings, feature.name


def test_birth_year_tolerance_is_a_setting(matcher: Matcher) -> None:
    query = Query("Ali Hassan al-Majid", schema="Person", birth_date="1943")
    (hit,) = matcher.match(query, include_below=True, limit=1)
    assert "birth_year_disjoint" in {f.feature for f in hit.features}
    wider = Matcher(matcher.index, MatchConfig(birth_year_tolerance=2))
    (hit,) = wider.match(query, include_below=True, limit=1)
    assert "birth_year_match" in {f.feature for f in hit.features}


def test_a_party_listed_in_another_place_is_not_met_through_a_name_without_it() -> None:
    # As OFAC lists GRUPO FALCON DE PANAMA (with the alias GRUPO FALCON S.A.), the CSL
    # "Huawei Cloud Beijing" (no legal form, so its places read as names) and CGNPC.
    listed = [
        *party("falcon", "Organization", ["GRUPO FALCON DE PANAMA, S.A.", "GRUPO FALCON S.A."]),
        *party("cloud", "LegalEntity", ["Huawei Cloud Beijing"]),
        *party("cgnpc", "Company", ["China General Nuclear Power Corporation (CGNPC)"]),
        *party(
            "kexpo", "Organization", ["KOREAN EXPORT JOINT VENTURE", "KOREA EXPO JOINT VENTURE"]
        ),
        *party("hikvision", "Company", ["HIKVISION"]),
    ]
    index = build_index(
        [("test_list", listed)],
        key="places",
        kind_weights=DEFAULT_CONFIG.kind_weights,
        rarity_floor=DEFAULT_CONFIG.rarity_floor,
    )
    matcher = Matcher(index)
    for sibling in [
        "GRUPO FALCON DE DUBAI, S.A.",
        "Huawei Cloud Kyiv",
        "Chad General Nuclear Power Corporation (CGNPC)",
    ]:
        assert matcher.match(Query.of(sibling, schema="Company")) == [], sibling
        below = matcher.match(Query.of(sibling, schema="Company"), include_below=True)[0]
        assert "each name gives a place the other lacks" in below.explanation
    assert [
        h.entity_id for h in matcher.match(Query.of("Grupo Falcon S.A.", schema="Company"))
    ] == ["falcon"]
    # A country and its adjective are one place; a place only one name gives is a branch.
    korea = matcher.match(
        Query.of("Golden Gate Distribution (Korea Expo Joint Venture)", schema="Company")
    )
    assert [h.entity_id for h in korea] == ["kexpo"]
    assert [h.entity_id for h in matcher.match(Query.of("Hikvision UK Ltd", schema="Company"))] == [
        "hikvision"
    ]


def test_a_small_watch_list_does_not_make_its_own_names_common() -> None:
    # Eight records of one name: on a list this small, repetition says nothing of how
    # common a name is, so 'Ivan Petrov' still meets 'Petrov Ivan' (two common names
    # reversed are capped only where the lists show them common).
    listed = [
        entity
        for n in range(8)
        for entity in party(f"wl-{n}", "Person", ["Petrov Ivan" if n == 7 else "Ivan Petrov"])
    ]
    index = build_index(
        [("watch", listed)],
        key="watch",
        kind_weights=DEFAULT_CONFIG.kind_weights,
        rarity_floor=DEFAULT_CONFIG.rarity_floor,
    )
    hits = Matcher(index).match(Query("Ivan Petrov", schema="Person"), limit=None)
    assert {h.entity_id for h in hits} == {f"wl-{n}" for n in range(8)}
