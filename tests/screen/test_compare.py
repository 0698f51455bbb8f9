"""Where the US and UK lists disagree, on real list excerpts and on the bundled lists.

The store holds the OFAC SDN excerpt ``ofac/sdn_2023-12-28_uk`` (13 entries, 10 of
them designated by the UK too), the CSL excerpt (its row for ent_num 17291 copies
the SDN entry), the OFSI ConList excerpt and the FCDO XML excerpt (UK), and the UN
excerpt (a third authority that must stay out of a US-UK comparison). Which
parties are on both was checked by reading the files: see tests/fixtures/README.md.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from vet.errors import InputError
from vet.index import Listing
from vet.screen.compare import (
    DEFAULT_RULES,
    IDENTIFIER,
    NAME,
    AuthorityComparison,
    AuthorityParty,
    PartyPair,
    compare_authorities,
    judge_name,
)
from vet.store import Store, import_bundled, import_path

FILES = (
    "ofac/sdn_2023-12-28_uk",
    "csl/consolidated_2022-05_excerpt.csv",
    "uk/ofsi_conlist_excerpt.csv",
    "uk/uk_sanctions_list_xml_excerpt_2026-09-10.xml",
    "un/consolidated_2026-02-27_excerpt.xml",
)


@pytest.fixture(scope="module")
def store(fixtures: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('compare') / 'vet.db'}")
    for name in FILES:
        import_path(store, fixtures / name)
    yield store
    store.close()


@pytest.fixture(scope="module")
def us_uk(store: Store) -> AuthorityComparison:
    return compare_authorities(store, first="US", second="UK")


def pair_of(result: AuthorityComparison, entity_id: str) -> PartyPair:
    pairs = [p for p in result.both if entity_id in p.first.entity_ids + p.second.entity_ids]
    assert len(pairs) == 1, pairs
    return pairs[0]


def ids_of(parties: tuple[AuthorityParty, ...]) -> set[str]:
    return {i for p in parties for i in p.entity_ids}


# -- the excerpts ------------------------------------------------------------------


def test_the_authorities_are_the_lists_jurisdictions(us_uk: AuthorityComparison) -> None:
    assert us_uk.first.code == "US"
    assert set(us_uk.first.lists) == {"us_ofac_sdn", "us_csl"}
    assert set(us_uk.second.lists) == {"uk_ofsi", "uk_fcdo"}
    everything = ids_of(us_uk.first_only) | ids_of(us_uk.second_only)
    everything |= ids_of(tuple(p.first for p in us_uk.both) + tuple(p.second for p in us_uk.both))
    assert not [i for i in everything if i.startswith("unsc-")]


@pytest.mark.parametrize(
    ("us_id", "uk_id", "identifier"),
    [
        # Passports 486298 and K048787 on both records of Ashraf 'Abd al-Salam.
        ("ofac-17292", "ukofsi-13194", "486298"),
        # The tanker SAM JONG 2 by its IMO number, whatever its other names.
        ("ofac-23734", "ukofsi-13651", "IMO7408873"),
    ],
)
def test_parties_sharing_a_strong_identifier_are_on_both(
    us_uk: AuthorityComparison, us_id: str, uk_id: str, identifier: str
) -> None:
    pair = pair_of(us_uk, us_id)
    assert pair.first.entity_ids == (us_id,)
    assert pair.second.entity_ids == (uk_id,)
    assert pair.method == IDENTIFIER
    assert pair.score is None
    assert pair.first_name == identifier
    assert f"identifier {identifier} is on both" == pair.detail


@pytest.mark.parametrize(
    ("us_id", "uk_id", "evidence"),
    [
        ("ofac-21330", "ukofsi-13748", "born on the same day (1961-02-21)"),  # KOSTYUKOV
        ("ofac-7264", "ukofsi-7059", "born on the same day (1975-07-15)"),  # BAHAJI
        ("ofac-40910", "ukofsi-15890", "born on the same day (1990-08-22)"),  # ZADACHIN
        ("ofac-31493", "ukofsi-14074", "birth years agree (1966)"),  # CHEN Mingguo, 10/1966
        ("ofac-9347", "ukofsi-10893", "countries agree (kp)"),  # KOREA RYONBONG
        ("ofac-10012", "ukofsi-10911", "countries agree (kp)"),  # KOREA HYOKSIN
        ("ofac-23712", "ukofsi-13635", "countries agree (kp)"),  # KOREA SAMJONG SHIPPING
        ("ofac-15006", "ukfcdo-afg0001", "countries agree (ae, af)"),  # a Taliban hawala
    ],
)
def test_parties_matched_by_name_are_on_both(
    us_uk: AuthorityComparison, us_id: str, uk_id: str, evidence: str
) -> None:
    pair = pair_of(us_uk, us_id)
    assert pair.second.entity_ids == (uk_id,)
    assert pair.method == NAME
    assert pair.score is not None and pair.score >= 0.95
    assert pair.detail.endswith(evidence)


def test_a_name_match_says_which_names_met(us_uk: AuthorityComparison) -> None:
    samjong = pair_of(us_uk, "ofac-23712")
    assert (samjong.first_name, samjong.second_name) == (
        "KOREA SAMJONG SHIPPING CO",
        "KOREA SAMJONG SHIPPING",
    )
    assert 0.95 <= (samjong.score or 0) < 1.0
    hawala = pair_of(us_uk, "ofac-15006")
    assert hawala.first.caption == "HAJI KHAIRULLAH HAJI SATTAR MONEY EXCHANGE"
    assert hawala.second.caption == "HAJI KHAIRULLAH MONEY EXCHANGE"


def test_counts_per_side(us_uk: AuthorityComparison) -> None:
    assert len(us_uk.both) == 10
    assert (us_uk.first_on_both, us_uk.second_on_both) == (10, 10)
    assert (us_uk.count_by(IDENTIFIER), us_uk.count_by(NAME)) == (2, 8)
    assert len(us_uk.second_only) == 5
    # 13 SDN entries + 29 CSL parties - 1 CSL copy of an SDN entry - 10 on both.
    assert len(us_uk.first_only) == 31


def test_parties_only_the_uk_lists(us_uk: AuthorityComparison) -> None:
    assert {p.caption for p in us_uk.second_only} == {
        "PREMERA (H.K.) INTERNATIONAL CO, LIMITED",
        "BNK (UK) Ltd",
        "MOHAMMAD HASSAN AKHUND",
        "Petrel 8",
        "Fadhil Harun",
    }
    premera = next(p for p in us_uk.second_only if p.entity_ids == ("ukofsi-16789",))
    assert premera.lists == ("uk_ofsi",)
    assert premera.programs == ("Russia",)


def test_parties_only_the_us_lists(us_uk: AuthorityComparison) -> None:
    only = {p.entity_ids: p for p in us_uk.first_only}
    assert ("ofac-306",) in only  # BANCO NACIONAL DE CUBA: the UK has no Cuba regime
    # Another vessel linked to the same owner, one digit from SAM JONG 2.
    assert ("ofac-23733",) in only
    # Ashraf's near namesake (same father and grandfather), born 1989 not 1984, no shared
    # passport.
    brother = only[("csl-17291", "ofac-17291")]
    assert brother.lists == ("us_csl", "us_ofac_sdn")
    assert brother.birth_dates == ("1989-07-13",)


def test_the_csl_copy_of_an_sdn_entry_is_one_us_party(us_uk: AuthorityComparison) -> None:
    brother = next(p for p in us_uk.first_only if "ofac-17291" in p.entity_ids)
    assert brother.entity_ids == ("csl-17291", "ofac-17291")
    assert [item.list_name for item in brother.listings] == ["us_csl", "us_ofac_sdn"]
    # The CSL lists three Denied Persons rows of I. ASH: one list, three records, kept.
    assert sum(1 for p in us_uk.first_only if p.caption == "I. ASH") == 3


def test_listings_carry_programs_and_dates(us_uk: AuthorityComparison) -> None:
    kostyukov = pair_of(us_uk, "ofac-21330")
    assert kostyukov.first.programs == ("CAATSA - RUSSIA", "CYBER2")
    assert kostyukov.second.lists == ("uk_ofsi",)
    assert set(kostyukov.second.programs) == {"Chemical Weapons", "Cyber"}
    assert kostyukov.second.listing_date is not None


def test_the_result_is_the_same_in_either_order(store: Store, us_uk: AuthorityComparison) -> None:
    uk_us = compare_authorities(store, first="uk", second="us")
    assert uk_us.first.code == "UK"
    assert ids_of(uk_us.first_only) == ids_of(us_uk.second_only)
    assert ids_of(uk_us.second_only) == ids_of(us_uk.first_only)
    flipped = {(p.second.entity_ids, p.first.entity_ids, p.method) for p in uk_us.both}
    assert flipped == {(p.first.entity_ids, p.second.entity_ids, p.method) for p in us_uk.both}


def test_entity_ids_restrict_both_sides(store: Store) -> None:
    result = compare_authorities(
        store,
        first="US",
        second="UK",
        entity_ids=["ofac-21330", "ukofsi-16789", "csl-17291", "unsc-110577", "nobody"],
    )
    assert [(p.first.entity_ids, p.second.entity_ids) for p in result.both] == [
        (("ofac-21330",), ("ukofsi-13748",))
    ]
    assert [p.entity_ids for p in result.first_only] == [("csl-17291", "ofac-17291")]
    assert [p.entity_ids for p in result.second_only] == [("ukofsi-16789",)]
    assert result.not_compared == ("nobody", "unsc-110577")


def test_lists_leave_out_the_others(store: Store) -> None:
    result = compare_authorities(store, first="US", second="UK", lists=["us_ofac_sdn", "uk_ofsi"])
    assert result.second.lists == ("uk_ofsi",)
    assert "ofac-15006" in ids_of(result.first_only)  # its UK twin is on the FCDO list
    assert len(result.both) == 9


def test_a_list_name_is_an_authority(store: Store) -> None:
    result = compare_authorities(store, first="uk_fcdo", second="US")
    assert result.first.code == "uk_fcdo"
    assert [(p.first.entity_ids, p.second.entity_ids) for p in result.both] == [
        (("ukfcdo-afg0001",), ("ofac-15006",))
    ]


@pytest.mark.parametrize(
    ("first", "second", "lists", "message"),
    [
        ("US", "EU", None, "no active list for authority 'EU'; authorities in the store: UK"),
        ("US", "us", None, "US and US share the list(s) us_csl, us_ofac_sdn"),
        ("US", "UK", ["us_ofac_sdn", "eu_fsf"], "no list called eu_fsf in the store"),
        ("US", "UK", ["us_ofac_sdn"], "no active list for authority 'UK' among --lists"),
    ],
)
def test_unusable_authorities_are_refused(
    store: Store, first: str, second: str, lists: list[str] | None, message: str
) -> None:
    with pytest.raises(InputError, match=re.escape(message)):
        compare_authorities(store, first=first, second=second, lists=lists)


# -- the rules, case by case ---------------------------------------------------------


def party(
    schema: str, *, born: tuple[str, ...] = (), countries: tuple[str, ...] = ()
) -> AuthorityParty:
    listing = Listing("x", "", (), None, None)
    return AuthorityParty("X", ("x-1",), "X", schema, ("X",), born, countries, (), (listing,))


@pytest.mark.parametrize(
    ("first", "second", "score", "same_party"),
    [
        # Born on the same day: a patronymic on one list only still makes one person.
        (party("Person", born=("1976-01-25",)), party("Person", born=("1976-01-25",)), 0.81, True),
        # 1 January stands for an unknown day: only the year counts.
        (party("Person", born=("1970-01-01",)), party("Person", born=("1970-01-01",)), 0.88, False),
        (party("Person", born=("1964",)), party("Person", born=("1965",)), 0.91, True),
        # Brothers share surname, father's name and decade: 0.85-0.90 is not enough.
        (party("Person", born=("1964",)), party("Person", born=("1966",)), 0.95, False),
        (party("Person", born=("1964",)), party("Person", born=("1964",)), 0.89, False),
        (party("Person", born=("1964",)), party("Person"), 0.94, False),
        (party("Person", born=("1964",)), party("Person"), 0.96, True),
        (party("Organization", countries=("ru",)), party("Company", countries=("ru",)), 0.96, True),
        (
            party("Organization", countries=("ru",)),
            party("Company", countries=("ru",)),
            0.93,
            False,
        ),
        (
            party("Organization", countries=("al",)),
            party("Organization", countries=("af",)),
            1.0,
            False,
        ),
        (party("Organization"), party("Person"), 1.0, False),
        (party("LegalEntity"), party("Person"), 0.97, True),
        (party("Vessel"), party("Airplane"), 1.0, False),
    ],
)
def test_name_rules(
    first: AuthorityParty, second: AuthorityParty, score: float, same_party: bool
) -> None:
    assert (judge_name(first, second, score, DEFAULT_RULES) is not None) is same_party


# -- the bundled lists -------------------------------------------------------------


@pytest.mark.slow
def test_us_and_uk_on_the_bundled_lists(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'vet.db'}")
    import_bundled(store)
    started = time.monotonic()
    result = compare_authorities(store, first="US", second="UK")
    seconds = time.monotonic() - started
    print(f"US-UK comparison of the bundled lists: {seconds:.1f} s")
    # OFSI's 4,686 designations, each once: one UK list, so nothing to group.
    assert len(result.second_only) + result.second_on_both == 4_686
    # 28,795 US records (SDN, non-SDN, CSL, DPL) are about 18,000 parties.
    us_parties = len(result.first_only) + result.first_on_both
    assert 17_000 < us_parties < 20_000
    assert 2_500 < result.second_on_both < 3_200
    assert result.count_by(IDENTIFIER) > 300
    both = {(p.first.caption, p.second.caption) for p in result.both}
    assert ("KOSTYUKOV, Igor Olegovich", "Igor Olegovich KOSTYUKOV") in both
    assert ("SAM JONG 2", "SAM JONG 2") in both
    # Saddam Hussein's sons, each with himself only.
    sons = {(p.first.caption, p.second.caption) for p in result.both if "Saddam" in p.first.caption}
    assert ("AL-TIKRITI, Uday Saddam Hussein", "UDAY SADDAM HUSSEIN AL-TIKRITI") in sons
    assert ("AL-TIKRITI, Qusay Saddam Hussein", "QUSAY SADDAM HUSSEIN AL-TIKRITI") in sons
    assert ("AL-TIKRITI, Uday Saddam Hussein", "QUSAY SADDAM HUSSEIN AL-TIKRITI") not in sons
    assert "BANCO NACIONAL DE CUBA" in {p.caption for p in result.first_only}
    assert "EVRAZ PLC" in {p.caption for p in result.second_only}
    store.close()
