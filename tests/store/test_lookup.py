"""Entities by id and by reference within chosen versions, and parties changed since a date."""

from __future__ import annotations

import lzma
from datetime import date
from pathlib import Path

import pytest

from vet.store import ImportPolicy, Store, diff_versions, import_path
from vet.store.lookup import changed_entity_ids, entity_records, referencing_records


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, fixtures: Path) -> Store:
    """The UN list of 2020-11-24 (full) then the 2026-02-27 excerpt, and an OFAC SDN excerpt."""
    tmp = tmp_path_factory.mktemp("lookup")
    old = tmp / "consolidated_2020-11-24.xml"
    old.write_bytes(
        lzma.decompress((fixtures / "un" / "consolidated_2020-11-24.xml.xz").read_bytes())
    )
    store = Store(f"sqlite:///{tmp / 'vet.db'}")
    import_path(store, old)
    import_path(
        store,
        fixtures / "un" / "consolidated_2026-02-27_excerpt.xml",
        policy=ImportPolicy(max_drop=None),
    )
    import_path(store, fixtures / "ofac" / "sdn_2023-12-28", list_name="us_ofac_sdn")
    return store


def test_records_come_from_the_versions_asked_for(store: Store) -> None:
    old, new = store.versions("un_sc")
    both = entity_records(store, ["unsc-690747", "unsc-nobody"], [old.id, new.id])
    assert [r.version_id for r in both["unsc-690747"]] == [old.id, new.id]
    assert "unsc-nobody" not in both
    only_new = entity_records(store, ["unsc-690747"], [new.id])
    assert [r.version_id for r in only_new["unsc-690747"]] == [new.id]
    assert only_new["unsc-690747"][0].data["properties"]["name"] == ["PAEK CHANG-HO"]


def test_referencing_records_are_sanctions_links_and_ownerships(store: Store) -> None:
    sdn = store.active_versions(["us_ofac_sdn"])[0].id
    found = {
        r.data["id"]: r.data["schema"] for r in referencing_records(store, "ofac-27200", [sdn])
    }
    assert found == {
        "ofac-27200-sanction-us-ofac-sdn": "Sanction",
        "ofac-27194-owns-ofac-27200": "Ownership",
        "ofac-27200-link-ofac-27194": "UnknownLink",
    }
    # An id that is a prefix of another id, or mentioned in text, is not a reference.
    assert referencing_records(store, "ofac-2720", [sdn]) == []


def test_changed_since_compares_with_the_version_current_then(store: Store) -> None:
    un = store.active_versions(["un_sc"])
    old, new = store.versions("un_sc")
    parties = {e.id for e in store.entities(new.id, targets_only=True)}
    assert len(parties) == 12

    since_2021 = changed_entity_ids(store, un, date(2021, 1, 1))
    diff = diff_versions(store, "un_sc", old.id, new.id)
    assert since_2021 == {c.entity_id for c in (*diff.added, *diff.changed)}
    assert since_2021 and since_2021 < parties  # five years changed most, not all

    assert changed_entity_ids(store, un, date(2019, 1, 1)) == parties  # no version that old
    assert changed_entity_ids(store, un, date(2026, 3, 1)) == set()  # nothing newer
