"""Imports create list versions atomically; failures leave the previous version whole."""

from __future__ import annotations

import lzma
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from vet.errors import FormatNotRecognised, ImportFailed, ImportRefused, ParseError
from vet.store import ImportPolicy, Store, import_path
from vet.store import imports as imports_module


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    return Store(f"sqlite:///{tmp_path / 'vet.db'}")


def write_list(path: Path, rows: list[str]) -> Path:
    header = "id,name,aliases,schema,countries,birth_date,identifiers,program,source_url,notes"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_import_records_a_version_with_hashes_and_counts(store: Store, fixtures: Path) -> None:
    result = import_path(store, fixtures / "user" / "forced_labour.csv", list_name="uflpa")
    version = result.version
    assert version is not None and not result.unchanged
    assert version.list_name == "uflpa"
    assert version.kind == "simple_csv"
    assert version.target_count == 2
    assert version.entity_count == 4  # 2 parties + 2 sanctions
    assert len(version.files[0]["sha256"]) == 64
    status = store.list_status("uflpa")
    assert status.active == version
    names = {e.caption for e in store.entities(version.id, targets_only=True)}
    assert names == {
        "Xinjiang Production and Construction Corps",
        "Hoshine Silicon Industry Co. Ltd.",
    }


def test_reimporting_identical_files_creates_no_new_version(store: Store, fixtures: Path) -> None:
    path = fixtures / "user" / "forced_labour.csv"
    first = import_path(store, path, list_name="uflpa")
    again = import_path(store, path, list_name="uflpa")
    assert again.unchanged
    assert again.version == first.version
    assert len(store.versions("uflpa")) == 1
    forced = import_path(store, path, list_name="uflpa", force=True)
    assert not forced.unchanged
    assert len(store.versions("uflpa")) == 2


def test_failed_parse_leaves_previous_version_active(store: Store, tmp_path: Path) -> None:
    good = write_list(tmp_path / "list.csv", ["a1,Alpha Trading LLC,,Company,ru,,,P1,,"])
    first = import_path(store, good, list_name="mine")
    bad = write_list(
        tmp_path / "list.csv", ["a1,Alpha Trading LLC,,Company,ru,,,P1,,", "a2,,,,,,,,,"]
    )
    with pytest.raises(ParseError, match=r"list\.csv line 3: id and name are required"):
        import_path(store, bad, list_name="mine")
    assert store.list_status("mine").active == first.version
    assert len(store.versions("mine")) == 1


def test_failure_while_writing_rolls_back_everything(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = import_path(
        store, write_list(tmp_path / "v1.csv", ["a1,Alpha LLC,,,,,,,,"]), list_name="mine"
    )
    real_insert = imports_module._insert_entities

    def insert_then_crash(conn: Any, version_id: int, entities: Any) -> int:
        real_insert(conn, version_id, list(entities)[:1])
        raise OSError("disk full")

    monkeypatch.setattr(imports_module, "_insert_entities", insert_then_crash)
    rows = [f"b{i},Beta {i} LLC,,,,,,,," for i in range(5)]
    with pytest.raises(ImportFailed, match="rolled back; the previous version stays active"):
        import_path(store, write_list(tmp_path / "v2.csv", rows), list_name="mine")
    assert store.list_status("mine").active == first.version
    assert [v.id for v in store.versions("mine")] == [first.version.id]  # type: ignore[union-attr]
    assert {
        e.caption
        for e in store.entities(first.version.id)  # type: ignore[union-attr]
        if e.schema.name != "Sanction"
    } == {"Alpha LLC"}


def test_unknown_format_is_refused_with_the_file_name(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("just some notes\n", encoding="utf-8")
    with pytest.raises(FormatNotRecognised, match=r"notes\.txt: format not recognised"):
        import_path(store, path)
    assert store.list_statuses() == []


def test_ftm_json_lines_import(store: Store, fixtures: Path) -> None:
    result = import_path(
        store, fixtures / "opensanctions" / "zala_entities.ftm.json", list_name="zala"
    )
    assert result.version is not None
    assert result.version.entity_count == 91
    zala = store.entity("NK-2Tbri3s6GgNtAwsSXh4qpL")
    assert zala.schema.name == "Person"
    assert "183116181362" in zala.get("innCode")


def test_audit_log_records_imports(store: Store, fixtures: Path) -> None:
    import_path(store, fixtures / "user" / "forced_labour.csv", list_name="uflpa")
    events = store.audit_events()
    assert [e["action"] for e in events] == ["list_import"]
    assert events[0]["detail"]["list"] == "uflpa"
    assert events[0]["detail"]["targets"] == 2


def test_import_of_an_excerpt_over_a_full_list_is_refused_and_changes_nothing(
    store: Store, tmp_path: Path
) -> None:
    full = [f"p{i},Party {i} Trading LLC,,Company,ru,,,P1,," for i in range(10)]
    first = import_path(store, write_list(tmp_path / "full.csv", full), list_name="mine")
    assert first.version is not None
    entities_before = list(store.raw_entities(first.version.id))
    excerpt = write_list(tmp_path / "excerpt.csv", full[:4])
    with pytest.raises(
        ImportRefused,
        match=r"^excerpt\.csv: 4 listed parties where active version 1 has 10 \(60% gone, "
        r"more than 50% allowed\); not imported, version 1 stays active \(--allow-shrink\)$",
    ):
        import_path(store, excerpt, list_name="mine")
    assert store.list_status("mine").active == first.version
    assert [v.id for v in store.versions("mine")] == [first.version.id]
    assert list(store.raw_entities(first.version.id)) == entities_before
    assert [e["action"] for e in store.audit_events()] == ["list_import"]
    # Half gone is still accepted: a list can lose many parties in one real update.
    half = import_path(store, write_list(tmp_path / "half.csv", full[:5]), list_name="mine")
    assert half.version is not None and half.version.target_count == 5


def test_allow_shrink_imports_the_excerpt(store: Store, tmp_path: Path) -> None:
    full = [f"p{i},Party {i} Trading LLC,,Company,ru,,,P1,," for i in range(10)]
    import_path(store, write_list(tmp_path / "full.csv", full), list_name="mine")
    result = import_path(
        store,
        write_list(tmp_path / "excerpt.csv", full[:1]),
        list_name="mine",
        policy=ImportPolicy(max_drop=None),
    )
    assert result.version is not None
    assert store.list_status("mine").active == result.version


def test_a_publication_date_in_the_future_is_refused(
    store: Store, tmp_path: Path, fixtures: Path
) -> None:
    text = (fixtures / "un" / "consolidated_2026-02-27_excerpt.xml").read_text("utf-8")
    future = tmp_path / "un_3033.xml"
    future.write_text(text.replace('dateGenerated="2026-02-27', 'dateGenerated="3033-09-30'))
    with pytest.raises(
        ImportRefused, match=r"^un_3033\.xml: publication date 3033-09-30 is in the future"
    ):
        import_path(store, future)
    assert store.list_statuses() == []


def un_2020(fixtures: Path, tmp_path: Path) -> Path:
    """The real UN Security Council list of 2020-11-24 (full file)."""
    path = tmp_path / "consolidated_2020-11-24.xml"
    packed = (fixtures / "un" / "consolidated_2020-11-24.xml.xz").read_bytes()
    path.write_bytes(lzma.decompress(packed))
    return path


def test_an_older_publication_over_a_newer_one_is_refused_and_changes_nothing(
    store: Store, tmp_path: Path, fixtures: Path
) -> None:
    newer = import_path(store, fixtures / "un" / "consolidated_2026-02-27_excerpt.xml")
    assert newer.version is not None and newer.version.published == date(2026, 2, 27)
    entities_before = list(store.raw_entities(newer.version.id))
    with pytest.raises(
        ImportRefused,
        match=r"^consolidated_2020-11-24\.xml: published 2020-11-24, before active version 1 "
        r"\(published 2026-02-27\); not imported, version 1 stays active "
        r"\(--allow-older to import the older file anyway\)$",
    ):
        import_path(store, un_2020(fixtures, tmp_path))
    assert store.list_status("un_sc").active == newer.version
    assert [v.id for v in store.versions("un_sc")] == [newer.version.id]
    assert list(store.raw_entities(newer.version.id)) == entities_before
    assert [e["action"] for e in store.audit_events()] == ["list_import"]


def test_allow_older_imports_the_older_publication(
    store: Store, tmp_path: Path, fixtures: Path
) -> None:
    import_path(store, fixtures / "un" / "consolidated_2026-02-27_excerpt.xml")
    result = import_path(store, un_2020(fixtures, tmp_path), policy=ImportPolicy(allow_older=True))
    assert result.version is not None and result.version.published == date(2020, 11, 24)
    assert store.list_status("un_sc").active == result.version
