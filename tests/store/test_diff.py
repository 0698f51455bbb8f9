"""Diffs between two real published versions of a list."""

from __future__ import annotations

import lzma
from pathlib import Path

import pytest

from vet.errors import NotFound
from vet.store import Store, diff_versions, import_path


@pytest.fixture(scope="module")
def un_store(
    tmp_path_factory: pytest.TempPathFactory, fixtures: Path, bundled: dict[str, Path]
) -> Store:
    """The UN list of 2020-11-24 then 2026-08-01 (both real releases), in one store."""
    tmp = tmp_path_factory.mktemp("un")
    old = tmp / "consolidated_2020-11-24.xml"
    old.write_bytes(
        lzma.decompress((fixtures / "un" / "consolidated_2020-11-24.xml.xz").read_bytes())
    )
    store = Store(f"sqlite:///{tmp / 'vet.db'}")
    import_path(store, old)
    import_path(store, bundled["un_sc"])
    return store


@pytest.mark.slow
def test_un_diff_counts_parties_added_removed_changed(un_store: Store) -> None:
    versions = un_store.versions("un_sc")
    assert [v.target_count for v in versions] == [713 + 305, 736 + 275]
    diff = diff_versions(un_store, "un_sc")
    assert (diff.old.id, diff.new.id) == (versions[0].id, versions[1].id)
    old_ids = {p for p in un_store.digests(versions[0].id)}
    new_ids = {p for p in un_store.digests(versions[1].id)}
    assert {c.entity_id for c in diff.added} <= new_ids - old_ids
    assert {c.entity_id for c in diff.removed} <= old_ids - new_ids
    # Net change in parties equals added minus removed.
    assert len(diff.added) - len(diff.removed) == (736 + 275) - (713 + 305)
    assert diff.changed, "five years of UN amendments change some records"
    fields = {f.field for c in diff.changed for f in c.changes}
    assert fields & {
        "notes",
        "alias",
        "address",
        "Sanction.listingDate",
        "modifiedAt",
        "Sanction.reason",
        "name",
        "birthDate",
        "nationality",
    }


@pytest.mark.slow
def test_diff_of_unknown_version_names_the_versions(un_store: Store) -> None:
    with pytest.raises(NotFound, match="un_sc has no version 999"):
        diff_versions(un_store, "un_sc", 999, None)
