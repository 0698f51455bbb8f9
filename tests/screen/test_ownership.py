"""Parties owned or controlled by listed parties: OFAC's 50% rule and the EU and UK rules,
on the real OFAC SDN, UK OFSI and UN excerpts with the example ownership file
``tests/fixtures/ownership/supplier_owners.csv`` (its owners are real listed parties,
the companies they own are invented)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

import pytest
from click.testing import CliRunner

from vet.cli import main
from vet.index import Listing
from vet.scoring import Matcher
from vet.screen import OwnershipNote, Party
from vet.screen.ownership import (
    EU_RULE,
    OFAC_RULE,
    UK_RULE,
    ListedOwner,
    OwnershipFindings,
    assess,
    assess_ownership,
    matcher_resolver,
)
from vet.store import Store, import_path
from vet.store.ownership import OwnershipLink, import_ownership

LIST_FILES = (
    "ofac/sdn_2023-12-28/sdn.csv",
    "uk/ofsi_conlist_excerpt.csv",
    "un/consolidated_2026-02-27_excerpt.xml",
)


@pytest.fixture(scope="module")
def lists_db(fixtures: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ownership_lists") / "vet.db"
    store = Store(f"sqlite:///{path}")
    for name in LIST_FILES:
        import_path(store, fixtures / name)
    store.close()
    return path


@pytest.fixture()
def lists_store(lists_db: Path, tmp_path: Path) -> Iterator[Store]:
    path = tmp_path / "vet.db"
    shutil.copy(lists_db, path)
    store = Store(f"sqlite:///{path}")
    yield store
    store.close()


@pytest.fixture(scope="module")
def list_matcher(lists_db: Path) -> Matcher:
    store = Store(f"sqlite:///{lists_db}")
    matcher = Matcher.from_store(store)
    store.close()
    return matcher


@pytest.fixture(scope="module")
def findings(
    lists_db: Path, list_matcher: Matcher, fixtures: Path, tmp_path_factory: pytest.TempPathFactory
) -> OwnershipFindings:
    path = tmp_path_factory.mktemp("ownership_example") / "vet.db"
    shutil.copy(lists_db, path)
    store = Store(f"sqlite:///{path}")
    import_ownership(store, fixtures / "ownership" / "supplier_owners.csv")
    result = assess_ownership(store, list_matcher)
    store.close()
    return result


def rules_met(findings: OwnershipFindings, name: str) -> dict[str, float | None]:
    (finding,) = findings.find(name)
    return {r.rule: r.share for r in finding.rules}


# (owned party, rules met with the share each counts); read off supplier_owners.csv
CASES = [
    # direct 50%: OFAC blocks at 50% or more; Beratex is on the SDN list only
    ("Seabreeze Yacht Charter Ltd", {OFAC_RULE: 50.0}),
    # 49% listed and 51% not listed: nothing
    ("Orion Precision Components LLC", {}),
    # two SDN-listed owners of 25% each: 50% in aggregate
    ("Baltic Marine Instruments OOO", {OFAC_RULE: 50.0}),
    # chain: NITC 60% of Gulf Horizon (blocked), which holds 50% of Horizon Ship Management
    ("Gulf Horizon Shipping FZE", {OFAC_RULE: 60.0}),
    ("Horizon Ship Management Ltd", {OFAC_RULE: 50.0}),
    # Banco Nacional de Cuba holds 40% of Caribe Trade Finance, which is not blocked,
    # so its 100% of Caribe Leasing does not count
    ("Caribe Trade Finance S.A.", {}),
    ("Caribe Leasing S.A.", {}),
    # control without a share: the UK rule (Ryonbong is on the UK list)
    ("Ryonbong Mineral Traders Ltd", {UK_RULE: None}),
    # UK: 50% is not more than 50%; 51% is
    ("Samjong Marine Services Co", {}),
    ("Samjong Crewing Agency Co", {UK_RULE: 51.0}),
    # two UN-listed owners, 30% + 25%: the EU adds them up, the UK does not
    ("Taedong Trade Settlement Co", {EU_RULE: 55.0}),
    # Ryonbong 30% directly and 30% through Hyoksin, its subsidiary by the UK list data
    ("Hyoksin Logistics Co", {UK_RULE: 60.0}),
    # a cycle: Beratex 50% of Aurora Leisure, 60% of Aurora Marine, which holds 30% back
    ("Aurora Leisure Holdings Ltd", {OFAC_RULE: 80.0}),
    ("Aurora Marine Services Ltd", {OFAC_RULE: 60.0}),
    # a cycle with no listed owner
    ("Cedar Holdings Ltd", {}),
    ("Birch Holdings Ltd", {}),
]


@pytest.mark.parametrize(("owned", "expected"), CASES)
def test_rules_on_the_example_file(
    findings: OwnershipFindings, owned: str, expected: dict[str, float | None]
) -> None:
    assert rules_met(findings, owned) == expected


def test_a_chain_is_the_evidence(findings: OwnershipFindings) -> None:
    (finding,) = findings.find("Horizon Ship Management Ltd")
    (rule,) = finding.rules
    (chain,) = rule.chains
    assert chain.listed.entity_id == "ofac-15117"
    assert [(s.owner, s.owned, s.percentage) for s in chain.steps] == [
        ("NATIONAL IRANIAN TANKER COMPANY", "Gulf Horizon Shipping FZE", 60.0),
        ("Gulf Horizon Shipping FZE", "Horizon Ship Management Ltd", 50.0),
    ]
    assert chain.steps[0].sources == ("supplier questionnaire 2024-03, supplier_owners.csv line 7",)
    assert rule.explanation.startswith("owned 50% in aggregate, directly or indirectly")
    assert (
        "NATIONAL IRANIAN TANKER COMPANY (listed: OFAC Specially Designated Nationals and "
        "Blocked Persons List (SDN): IFCA, IFSR, IRAN, SDGT) holds 60% of Gulf Horizon Shipping "
        "FZE [supplier questionnaire 2024-03, supplier_owners.csv line 7], which holds 50% of "
        "Horizon Ship Management Ltd"
    ) in rule.explanation


def test_a_list_data_parent_link_is_part_of_the_uk_chain(findings: OwnershipFindings) -> None:
    (finding,) = findings.find("Hyoksin Logistics Co")
    (rule,) = finding.rules
    steps = [[(s.owner, s.percentage, s.control) for s in c.steps] for c in rule.chains]
    assert steps == [
        [("KOREA RYONBONG GENERAL CORPORATION", 30.0, False)],
        [
            ("KOREA RYONBONG GENERAL CORPORATION", None, True),
            ("KOREA HYOKSIN TRADING CORPORATION", 30.0, False),
        ],
    ]
    assert "UK OFSI Consolidated List of Financial Sanctions Targets: parent company" in (
        rule.explanation
    )


def test_a_listed_party_is_not_flagged_by_its_listed_owner(findings: OwnershipFindings) -> None:
    # The UK list names Korea Samjong Shipping as the ship's owner; both are listed.
    (ship,) = findings.find("SAM JONG 2")
    assert not ship.flagged
    assert ship.listed is not None
    assert "listed itself" in ship.explanation


def test_the_list_data_alone_flags_nothing_here(lists_store: Store, list_matcher: Matcher) -> None:
    # Every party the excerpts link to an owner is listed itself.
    assert assess_ownership(lists_store, list_matcher).flagged == ()


def test_a_screened_party_gets_a_note_per_rule_by_name_or_own_id(
    lists_store: Store, list_matcher: Matcher, tmp_path: Path
) -> None:
    path = tmp_path / "owners.csv"
    path.write_text(
        "owner,owned,owned_id,percentage,source\n"
        "Beratex Group Ltd,Seabreeze Charter,S-17,50,register\n"
        "TANCHON COMMERCIAL BANK,Taedong Settlement Co,,51,register\n",
        encoding="utf-8",
    )
    import_ownership(lists_store, path)
    found = assess_ownership(lists_store, list_matcher)
    by_id = found(Party(row=2, name="Seabreeze (Seychelles) Limited", own_id="S-17"))
    assert [(n.rule, n.share) for n in by_id] == [(OFAC_RULE, 50.0)]
    assert "BERATEX GROUP LIMITED (listed: OFAC" in by_id[0].detail
    assert found(Party(row=3, name="Seabreeze Charter", own_id="S-99")) == ()
    by_name = found(Party(row=4, name="TAEDONG SETTLEMENT CO."))
    assert [(n.rule, n.share) for n in by_name] == [(EU_RULE, 51.0), (UK_RULE, 51.0)]
    assert found(Party(row=5, name="Northwind Traders Ltd")) == ()


def test_a_long_ring_of_holdings_ends(lists_store: Store, list_matcher: Matcher) -> None:
    links = [OwnershipLink("BERATEX GROUP LIMITED", "Ring 0 Ltd", 50.0, "chart")]
    links += [
        OwnershipLink(f"Ring {i} Ltd", f"Ring {(i + 1) % 300} Ltd", 50.0, "chart")
        for i in range(300)
    ]
    ring = assess(links, matcher_resolver(list_matcher, lists_store.list_statuses()))
    assert len(ring.flagged) == 300
    (last,) = ring.find("Ring 299 Ltd")
    assert len(last.rules[0].chains[0].steps) == 300


# OFAC FAQ 401, examples 1-3, with a listed person X
def blocked_person() -> ListedOwner:
    listing = Listing("us_ofac_sdn", "US Treasury OFAC", ("SDGT",), None, None)
    return ListedOwner("x", "Blocked Person X", (listing,), frozenset({OFAC_RULE}), "SDN")


def resolve(name: str, entity_id: str | None) -> ListedOwner | None:
    return blocked_person() if name == "Blocked Person X" else None


@pytest.mark.parametrize(
    ("holdings", "blocked"),
    [
        ([("Blocked Person X", "A", 50), ("A", "B", 50)], {"A", "B"}),
        (
            [
                ("Blocked Person X", "A", 50),
                ("Blocked Person X", "B", 50),
                ("A", "C", 25),
                ("B", "C", 25),
            ],
            {"A", "B", "C"},
        ),
        (
            [("Blocked Person X", "A", 50), ("Blocked Person X", "B", 10), ("A", "B", 40)],
            {"A", "B"},
        ),
        ([("Blocked Person X", "A", 40), ("A", "B", 100)], set()),
        ([("Blocked Person X", "A", 49.99), ("Blocked Person X", "B", 50)], {"B"}),
    ],
)
def test_ofac_faq_examples(holdings: list[tuple[str, str, float]], blocked: set[str]) -> None:
    links = [OwnershipLink(owner, owned, share, "FAQ 401") for owner, owned, share in holdings]
    found = assess(links, resolve)
    assert {f.name for f in found.flagged} == blocked


def test_the_cli_imports_checks_and_lists(fixtures: Path, tmp_path: Path) -> None:
    env = {"VET_HOME": str(tmp_path / "home"), "VET_AUTO_BUNDLE": "0"}

    def run(*args: str) -> str:
        result = CliRunner().invoke(main, list(args), env=env)
        assert result.exit_code == 0, result.output
        return result.output

    for name in LIST_FILES:
        run("lists", "import", str(fixtures / name))
    imported = run("ownership", "import", str(fixtures / "ownership" / "supplier_owners.csv"))
    assert "supplier_owners.csv: imported 21 ownership links" in imported
    checked = run("ownership", "check", "Horizon Ship Management Limited")
    assert "Horizon Ship Management Ltd: FLAGGED" in checked
    assert "OFAC 50% rule: owned 50% in aggregate" in checked
    assert "50%  Gulf Horizon Shipping FZE (not listed)" in checked
    assert "Caribe Leasing S.A.: not flagged" in run("ownership", "check", "Caribe Leasing SA")
    flagged = run("ownership", "list", "--flagged")
    assert flagged.count(": FLAGGED") == 10
    assert "BERATEX GROUP LIMITED -> 50% -> Seabreeze Yacht Charter Ltd" in run("ownership", "list")
    bad = tmp_path / "bad.csv"
    bad.write_text("owner,owned,percentage\nA,B,0.5\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["ownership", "import", str(bad)], env=env)
    assert result.exit_code == 1
    assert result.output.startswith("Error: bad.csv line 2: percentage '0.5' is ambiguous")


def test_a_screening_flags_a_party_owned_by_listed_ones_with_the_chain(
    fixtures: Path, tmp_path: Path
) -> None:
    env = {"VET_HOME": str(tmp_path / "home"), "VET_AUTO_BUNDLE": "0"}

    def run(*args: str) -> str:
        result = CliRunner().invoke(main, list(args), env=env)
        assert result.exit_code == 0, result.output
        return result.output

    for name in LIST_FILES:
        run("lists", "import", str(fixtures / name))
    run("ownership", "import", str(fixtures / "ownership" / "supplier_owners.csv"))
    parties = tmp_path / "suppliers.csv"
    parties.write_text(
        "name,id\nHorizon Ship Management Limited,S-1\nCaribe Leasing SA,S-2\n", encoding="utf-8"
    )
    screened = run("screen", str(parties), "--name", "suppliers")
    assert "1 of 2 parties has a possible match" in screened
    out = tmp_path / "suppliers.json"
    run("report", "suppliers", "-o", str(out))
    report = json.loads(out.read_text("utf-8"))
    horizon, caribe = report["parties"]
    assert horizon["hits"] == [] and horizon["status"] == "open"
    rules = {note["rule"] for note in horizon["ownership"]}
    assert any("OFAC" in rule for rule in rules)
    assert any("Gulf Horizon Shipping FZE" in note["detail"] for note in horizon["ownership"])
    assert caribe["ownership"] == [] and caribe["status"] == "clear"


def test_a_note_keeps_the_holdings_to_draw_and_survives_saving(
    findings: OwnershipFindings,
) -> None:
    (finding,) = findings.find("Horizon Ship Management Ltd")
    (note,) = finding.notes()
    nitc = (
        "OFAC Specially Designated Nationals and Blocked Persons List (SDN): IFCA, IFSR, IRAN, SDGT"
    )
    assert note.party == "Horizon Ship Management Ltd"
    assert [(h.owner, h.owned, h.share, h.listed_as) for h in note.holdings] == [
        ("NATIONAL IRANIAN TANKER COMPANY", "Gulf Horizon Shipping FZE", 60.0, nitc),
        ("Gulf Horizon Shipping FZE", "Horizon Ship Management Ltd", 50.0, None),
    ]
    assert OwnershipNote.from_dict(asdict(note)) == note
    # A note saved before vet kept the holdings reads back without them.
    assert OwnershipNote.from_dict({"rule": OFAC_RULE, "share": 50.0, "detail": "x"}).holdings == ()
