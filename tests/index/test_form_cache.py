"""The per-list-version cache of tokenised names: an index built with it is the same index.

The store holds real lists: the UN list of 2020-11-24, OFAC's SDN excerpt, a CSL
excerpt (which copies OFAC's records, so joins cross lists) and the UK OFSI excerpt;
then a two-party user list is imported, as ``vet lists import`` does.
"""

from __future__ import annotations

import lzma
import pickle
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import vet.index.build as build
from vet.index import Index
from vet.index.form_cache import FORM_CACHE_FORMAT, forms_path, load_forms
from vet.scoring import Matcher
from vet.store import Store, import_path

QUERIES = [
    "Hikvision",
    "Xinjiang Production and Construction Corps",
    "Banco Nacional de Cuba",
    "Al Qaida",
    "TAMAS COMPANY",
    "Ri Won Ho",
    "Hoshine Silicon",
    "Bingtuan",
    "Ahmed Mohamed",
]


@pytest.fixture()
def store(tmp_path: Path, fixtures: Path) -> Store:
    store = Store(f"sqlite:///{tmp_path / 'vet.db'}")
    un_2020 = tmp_path / "consolidated_2020-11-24.xml"
    un_2020.write_bytes(
        lzma.decompress((fixtures / "un" / "consolidated_2020-11-24.xml.xz").read_bytes())
    )
    import_path(store, un_2020, list_name="un_sc")
    import_path(store, fixtures / "ofac" / "sdn_2023-12-28", list_name="us_ofac_sdn")
    import_path(store, fixtures / "csl" / "consolidated_excerpt_2025-06.csv", list_name="us_csl")
    import_path(store, fixtures / "uk" / "ofsi_conlist_excerpt.csv", list_name="uk_ofsi")
    return store


def contents(index: Index) -> dict[str, Any]:
    """Every field of ``index``, numpy arrays as lists, so two indexes compare with ==."""
    out = {}
    for name in Index.__dataclass_fields__:
        value = getattr(index, name)
        out[name] = value.tolist() if isinstance(value, np.ndarray) else value
    return out


def answers(matcher: Matcher) -> list[list[tuple[str, float]]]:
    return [
        [(h.entity_id, h.score) for h in matcher.match(q, limit=20, include_below=True)]
        for q in QUERIES
    ]


def import_user_list(store: Store, fixtures: Path) -> int:
    result = import_path(store, fixtures / "user" / "forced_labour.csv", list_name="uflpa")
    assert result.version is not None
    return result.version.id


class CountTokenise:
    """Counts the listed names the index build tokenises."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.names: list[str] = []
        real = build.tokenise

        def counting(text: str, schema: str | None) -> Any:
            self.names.append(text)
            return real(text, schema)

        monkeypatch.setattr(build, "tokenise", counting)


def test_index_from_warm_cache_equals_index_from_nothing(
    store: Store, fixtures: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "index"
    Matcher.from_store(store, cache_dir=cache)  # tokenises every list and caches each
    assert all(forms_path(cache, v.id).is_file() for v in store.active_versions())
    user_version = import_user_list(store, fixtures)
    counted = CountTokenise(monkeypatch)
    warm = Matcher.from_store(store, cache_dir=cache)
    # Only the new list's names (and the names they hold) were tokenised.
    assert counted.names
    assert set(counted.names) <= {
        "Xinjiang Production and Construction Corps",
        "XPCC",
        "Bingtuan",
        "新疆生产建设兵团",
        "Hoshine Silicon Industry Co. Ltd.",
        "合盛硅业股份有限公司",
    }
    assert forms_path(cache, user_version).is_file()
    monkeypatch.undo()
    cold = Matcher.from_store(store)  # no cache at all
    assert contents(warm.index) == contents(cold.index)
    assert answers(warm) == answers(cold)
    assert any(answers(cold))


def test_rebuild_with_every_list_cached_tokenises_nothing(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "index"
    first = Matcher.from_store(store, cache_dir=cache)
    for pickled in cache.glob("*.pickle"):
        pickled.unlink()  # the index itself is gone; the names stay cached
    counted = CountTokenise(monkeypatch)
    again = Matcher.from_store(store, cache_dir=cache)
    assert counted.names == []
    assert contents(again.index) == contents(first.index)


def test_corrupt_or_foreign_cache_files_are_ignored_and_rewritten(
    store: Store, tmp_path: Path
) -> None:
    cache = tmp_path / "index"
    first = Matcher.from_store(store, cache_dir=cache)
    un, sdn = (v.id for v in store.active_versions(["un_sc", "us_ofac_sdn"]))
    forms_path(cache, un).write_bytes(b"not a pickle at all")
    header = {
        "cache_format": FORM_CACHE_FORMAT,
        "index_format": build.INDEX_FORMAT - 1,  # made by an older vet
        "name_rules": "elsewhere",
        "version": sdn,
    }
    forms_path(cache, sdn).write_bytes(pickle.dumps((header, {("Hikvision", None): None})))
    for pickled in cache.glob("*.pickle"):
        pickled.unlink()
    again = Matcher.from_store(store, cache_dir=cache)
    assert contents(again.index) == contents(first.index)
    assert load_forms(cache, un) and load_forms(cache, sdn)  # both written anew


def test_cached_names_of_a_replaced_version_are_removed(
    store: Store, fixtures: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "index"
    import_user_list(store, fixtures)
    Matcher.from_store(store, cache_dir=cache)
    (old,) = store.active_versions(["uflpa"])
    edited = tmp_path / "forced_labour.csv"
    text = (fixtures / "user" / "forced_labour.csv").read_text("utf-8")
    edited.write_text(text.replace("Hoshine Silicon", "Hoshine Silicone"), "utf-8")
    new = import_path(store, edited, list_name="uflpa").version
    assert new is not None
    matcher = Matcher.from_store(store, cache_dir=cache)
    assert not forms_path(cache, old.id).exists()
    assert forms_path(cache, new.id).is_file()
    assert matcher.match("Hoshine Silicone Industry")[0].score >= matcher.threshold
