"""Importing ownership links (all or nothing, errors naming line and problem) and reading
the links the list data carries, on the real OFAC SDN and UK OFSI excerpts."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from vet.errors import InputError
from vet.store import Store, import_path
from vet.store.ownership import (
    import_ownership,
    listed_links,
    ownership_links,
    parse_percentage,
)

HEADER = "owner,owned,percentage,source\n"


@pytest.fixture(scope="module")
def lists_db(fixtures: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ownership_store") / "vet.db"
    store = Store(f"sqlite:///{path}")
    import_path(store, fixtures / "ofac" / "sdn_2023-12-28" / "sdn.csv")
    import_path(store, fixtures / "uk" / "ofsi_conlist_excerpt.csv")
    store.close()
    return path


@pytest.fixture()
def store(lists_db: Path, tmp_path: Path) -> Iterator[Store]:
    path = tmp_path / "vet.db"
    shutil.copy(lists_db, path)
    store = Store(f"sqlite:///{path}")
    yield store
    store.close()


def write(tmp_path: Path, text: str, name: str = "owners.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_the_example_file_is_imported_with_lines_shares_and_sources(
    store: Store, fixtures: Path
) -> None:
    result = import_ownership(store, fixtures / "ownership" / "supplier_owners.csv")
    assert result.count == 21
    links = ownership_links(store)
    assert len(links) == 21
    first = links[0]
    assert (first.owner_name, first.owned_name, first.percentage) == (
        "BERATEX GROUP LIMITED",
        "Seabreeze Yacht Charter Ltd",
        50.0,
    )
    assert first.source == "Seychelles company registry extract 2024-02-12"
    assert first.where == "supplier_owners.csv line 2"
    control = next(k for k in links if k.owned_name == "Ryonbong Mineral Traders Ltd")
    assert control.percentage is None
    assert control.line == 11
    assert {k.batch for k in links} == {result.batch}
    event = [e for e in store.audit_events() if e["action"] == "ownership_import"]
    assert event[0]["detail"]["links"] == 21
    assert event[0]["detail"]["file"] == "supplier_owners.csv"


@pytest.mark.parametrize(
    ("cell", "share"),
    [
        ("51", 51.0),
        ("51%", 51.0),
        (" 51.5 % ", 51.5),
        ("51,5", 51.5),
        ("0.5%", 0.5),
        ("100", 100.0),
        ("1", 1.0),
        ("", None),
        ("Control", None),
    ],
)
def test_percentages_are_read_in_percent(cell: str, share: float | None) -> None:
    assert parse_percentage(cell) == share


@pytest.mark.parametrize(
    ("cell", "problem"),
    [
        ("0.51", "ambiguous: write 51 (or 51%) for 51 percent, or 0.51% for less than one"),
        ("150", "out of range"),
        ("0", "out of range"),
        ("-5", "is not a number"),
        ("half", "is not a number"),
    ],
)
def test_unusable_percentages_say_why(cell: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem.replace("(", r"\(").replace(")", r"\)")):
        parse_percentage(cell)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "BERATEX GROUP LIMITED,Seabreeze Yacht Charter Ltd,50,register\n"
            "BERATEX GROUP LIMITED,Aurora Leisure Holdings Ltd,0.6,register\n",
            "owners.csv line 3: percentage '0.6' is ambiguous",
        ),
        (",Seabreeze Yacht Charter Ltd,50,register\n", "owners.csv line 2: the owner is empty"),
        ("BERATEX GROUP LIMITED,,50,register\n", "owners.csv line 2: the owned party is empty"),
        (
            "BERATEX GROUP LIMITED,Seabreeze Yacht Charter Ltd,50,register,extra\n",
            "owners.csv line 2: 5 fields, the header has 4",
        ),
        (
            "Acme Ltd,ACME LTD,50,register\n",
            "owners.csv line 2: 'Acme Ltd' is given as owning itself",
        ),
        (
            "BERATEX GROUP LIMITED,Seabreeze Yacht Charter Ltd,60,register\n"
            "\n"
            "Northfield Industrial Holdings AG,Seabreeze Yacht Charter Ltd,60,register\n",
            "owners.csv lines 2, 4: the shares in 'seabreeze yacht charter ltd' add up to 120%",
        ),
    ],
)
def test_a_bad_row_names_its_line_and_problem(
    store: Store, tmp_path: Path, body: str, message: str
) -> None:
    with pytest.raises(InputError, match=message):
        import_ownership(store, write(tmp_path, HEADER + body))


def test_a_missing_column_is_named(store: Store, tmp_path: Path) -> None:
    path = write(tmp_path, "owner,company,share\nA,B,50\n")
    with pytest.raises(InputError, match=r"owners\.csv line 1: no owned column"):
        import_ownership(store, path)


def test_a_failed_import_stores_nothing_and_keeps_the_links_before(
    store: Store, tmp_path: Path, fixtures: Path
) -> None:
    import_ownership(store, fixtures / "ownership" / "supplier_owners.csv")
    before = ownership_links(store)
    bad = write(
        tmp_path,
        HEADER
        + "BERATEX GROUP LIMITED,Seabreeze Yacht Charter Ltd,50,register\n" * 3
        + "BERATEX GROUP LIMITED,Aurora Leisure Holdings Ltd,fifty,register\n",
    )
    with pytest.raises(InputError, match="line 5: percentage 'fifty' is not a number"):
        import_ownership(store, bad, replace=True)
    assert ownership_links(store) == before
    imports = [e for e in store.audit_events() if e["action"] == "ownership_import"]
    assert len(imports) == 1


def test_replace_drops_the_links_imported_before(
    store: Store, tmp_path: Path, fixtures: Path
) -> None:
    import_ownership(store, fixtures / "ownership" / "supplier_owners.csv")
    path = write(tmp_path, HEADER + "BERATEX GROUP LIMITED,Seabreeze Yacht Charter Ltd,51,\n")
    result = import_ownership(store, path, replace=True)
    assert result.replaced == 21
    links = ownership_links(store)
    assert [(k.owned_name, k.percentage, k.source) for k in links] == [
        ("Seabreeze Yacht Charter Ltd", 51.0, "owners.csv")
    ]


def test_semicolons_windows_1252_and_utf16_tabs_are_read(store: Store, tmp_path: Path) -> None:
    excel = write(
        tmp_path,
        "Owner;Owned;Percentage;Source\r\n"
        "Société Générale Holding;Crédit Agricole Leasing SA;50,5 %;Registre du commerce\r\n",
        name="excel.csv",
        encoding="cp1252",
    )
    import_ownership(store, excel)
    tabs = write(
        tmp_path,
        "owner\towned\tpercentage\tsource\r\nМосква Холдинг\tОАО Ромашка\t75\tЕГРЮЛ\r\n",
        name="tabs.csv",
        encoding="utf-16",
    )
    import_ownership(store, tabs)
    links = ownership_links(store)
    assert [(k.owner_name, k.owned_name, k.percentage) for k in links] == [
        ("Société Générale Holding", "Crédit Agricole Leasing SA", 50.5),
        ("Москва Холдинг", "ОАО Ромашка", 75.0),
    ]


def test_an_owner_given_by_listed_entity_id(store: Store, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "owner,owner_id,owned,owned_id,percentage,source\n"
        ",ofac-27194,Seabreeze Yacht Charter Ltd,S-17,50,register\n",
    )
    import_ownership(store, path)
    (link,) = ownership_links(store)
    assert (link.owner_name, link.owner_entity_id, link.owned_id) == (
        "BERATEX GROUP LIMITED",
        "ofac-27194",
        "S-17",
    )
    unknown = write(
        tmp_path,
        "owner,owner_id,owned,percentage\nX,ofac-99999999,Seabreeze Yacht Charter Ltd,50\n",
        name="unknown.csv",
    )
    with pytest.raises(InputError, match=r"unknown\.csv line 2: owner_id 'ofac-99999999' is not"):
        import_ownership(store, unknown)


def test_list_data_links_are_read_from_the_versions_given(store: Store) -> None:
    links = listed_links(store, [v.id for v in store.active_versions()])
    pairs = {(k.owner_name, k.owned_name, k.role, k.percentage) for k in links}
    # The SDN file names Beratex as the yacht's owner; OFSI names Ryonbong as Hyoksin's parent.
    assert ("BERATEX GROUP LIMITED", "ST. VITAMIN", "owner", None) in pairs
    assert (
        "KOREA RYONBONG GENERAL CORPORATION",
        "KOREA HYOKSIN TRADING CORPORATION",
        "parent company",
        None,
    ) in pairs
    hyoksin = next(k for k in links if k.owned_entity_id == "ukofsi-10911")
    assert hyoksin.owner_entity_id == "ukofsi-10893"
    assert hyoksin.source.startswith("UK OFSI Consolidated List")
    sdn = [v.id for v in store.active_versions(["us_ofac_sdn"])]
    assert {k.owned_name for k in listed_links(store, sdn)} == {"ST. VITAMIN"}
