"""vet: screen organisations and people against official sanctions, export-control
and human-rights lists, with evidence.

``vet.match`` and ``vet.compare`` are the Python entry points; they use the store
named by ``VET_DB``/``VET_HOME`` (importing the bundled snapshot on first use).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from vet.scoring import Hit, Matcher, Score
    from vet.settings import Settings
    from vet.store import Store

_MATCHERS: dict[tuple[str, tuple[int, ...], tuple[str, ...] | None], Matcher] = {}
_STORES: dict[str, Store] = {}
_VERSIONS: dict[tuple[str, tuple[str, ...] | None], tuple[int | None, tuple[int, ...]]] = {}
_SETTINGS: dict[tuple[tuple[str, str], ...], Settings] = {}


def _settings() -> Settings:
    """Settings from the environment, read again only when a ``VET_*`` variable changes."""
    from vet.settings import load_settings

    key = tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("VET_")))
    settings = _SETTINGS.get(key)
    if settings is None:
        settings = load_settings()
        _SETTINGS.clear()
        _SETTINGS[key] = settings
    return settings


def _default_store(db_url: str, *, auto_bundle: bool) -> Store:
    """The store at ``db_url``, opened (and filled from the bundle if empty) once per process.

    Opening a store checks its schema, which costs far more than a match; a loop over
    ``vet.match`` must cost what the matcher costs.
    """
    from vet.store import Store, ensure_lists

    store = _STORES.get(db_url)
    if store is None:
        store = Store(db_url)
        ensure_lists(store, auto_bundle=auto_bundle)
        _STORES[db_url] = store
    return store


def _active_versions(store: Store, lists: tuple[str, ...] | None) -> tuple[int, ...]:
    """Active version ids, read again only when the store has changed since the last call."""
    counter = store.change_counter()
    key = (store.url, lists)
    cached = _VERSIONS.get(key)
    if cached is not None and counter is not None and cached[0] == counter:
        return cached[1]
    versions = store.active_version_ids(lists)
    _VERSIONS[key] = (counter, versions)
    return versions


def default_matcher(lists: list[str] | tuple[str, ...] | None = None) -> Matcher:
    """The matcher over the active lists of the default store, reused while they are unchanged.

    A list imported, updated or rolled back since the last call (by this process or another)
    is picked up by the next call; checking costs microseconds, not a store opening.
    """
    from vet.scoring import Matcher

    settings = _settings()
    store = _default_store(settings.db_url, auto_bundle=settings.auto_bundle)
    wanted = tuple(lists) if lists else None
    versions = _active_versions(store, wanted)
    key = (settings.db_url, versions, wanted)
    matcher = _MATCHERS.get(key)
    if matcher is None:
        matcher = Matcher.from_store(store, lists=lists, cache_dir=settings.home / "index")
        _MATCHERS.clear()
        _MATCHERS[key] = matcher
    return matcher


def match(
    name: str,
    *,
    schema: str | None = None,
    countries: tuple[str, ...] | list[str] = (),
    birth_date: str | None = None,
    identifiers: tuple[str, ...] | list[str] = (),
    limit: int | None = None,
    threshold: float | None = None,
    lists: list[str] | tuple[str, ...] | None = None,
) -> list[Hit]:
    """Listed parties matching ``name`` on the active lists, best first, each explained:
    every hit at or above the threshold, or the best ``limit`` of them when given."""
    from vet.scoring.query import Query

    query = Query.of(
        name, schema=schema, countries=countries, birth_date=birth_date, identifiers=identifiers
    )
    return default_matcher().match(
        query,
        limit=limit,
        threshold=threshold,
        lists=lists,
    )


def compare(query_name: str, listed_name: str, *, schema: str | None = None) -> Score:
    """Score one pair of names with the scorer ``match`` uses (no list context needed)."""
    from vet.scoring import compare as compare_names

    return compare_names(query_name, listed_name, schema=schema)


__all__ = ["__version__", "compare", "default_matcher", "match"]
