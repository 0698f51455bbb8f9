"""vet: screen organisations and people against official sanctions, export-control
and human-rights lists, with evidence.

``vet.match`` and ``vet.compare`` are the Python entry points; they use the store
named by ``VET_DB``/``VET_HOME`` (importing the bundled snapshot on first use).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

# The subpackage ``vet.match`` is loaded here, before the function ``match`` below is
# defined: loading a subpackage sets it as an attribute of its parent, which would
# otherwise replace the function the first time anything imports ``vet.match``.
import vet.match as _match_package  # noqa: F401

if TYPE_CHECKING:
    from vet.match import Hit, Matcher, Score

_MATCHERS: dict[tuple[str, tuple[int, ...], tuple[str, ...] | None], Matcher] = {}


def default_matcher(lists: list[str] | tuple[str, ...] | None = None) -> Matcher:
    """The matcher over the active lists of the default store, reused while they are unchanged."""
    from vet.match import Matcher
    from vet.settings import load_settings
    from vet.store import Store, ensure_lists

    settings = load_settings()
    store = Store(settings.db_url)
    ensure_lists(store, auto_bundle=settings.auto_bundle)
    versions = tuple(v.id for v in store.active_versions(lists))
    key = (settings.db_url, versions, tuple(lists) if lists else None)
    matcher = _MATCHERS.get(key)
    if matcher is None:
        matcher = Matcher.from_store(store, lists=lists, cache_dir=settings.home / "index")
        _MATCHERS.clear()
        _MATCHERS[key] = matcher
    store.close()
    return matcher


def match(
    name: str,
    *,
    schema: str | None = None,
    countries: tuple[str, ...] | list[str] = (),
    birth_date: str | None = None,
    identifiers: tuple[str, ...] | list[str] = (),
    limit: int = 10,
    threshold: float | None = None,
    lists: list[str] | tuple[str, ...] | None = None,
) -> list[Hit]:
    """Listed parties matching ``name`` on the active lists, best first, each explained."""
    return default_matcher().match(
        name,
        schema=schema,
        countries=countries,
        birth_date=birth_date,
        identifiers=identifiers,
        limit=limit,
        threshold=threshold,
        lists=lists,
    )


def compare(query_name: str, listed_name: str, *, schema: str | None = None) -> Score:
    """Score one pair of names with the scorer ``match`` uses (no list context needed)."""
    from vet.match import compare as compare_names

    return compare_names(query_name, listed_name, schema=schema)


__all__ = ["__version__", "compare", "default_matcher", "match"]
