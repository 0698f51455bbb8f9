"""A real API server over a store holding excerpts of real lists, started once per session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

import vet.store.keys  # noqa: F401  (registers the api_keys table before the store opens)
from vet.api import ApiSettings, BackgroundServer, create_app
from vet.scoring import Matcher
from vet.store import Store, import_path

LISTS = {
    "us_ofac_sdn": Path("ofac") / "sdn_2023-12-28",
    "un_sc": Path("un") / "consolidated_2026-02-27_excerpt.xml",
    "uk_ofsi": Path("uk") / "ofsi_conlist_excerpt.xlsx",
}


@pytest.fixture(scope="session")
def api_store(tmp_path_factory: pytest.TempPathFactory, fixtures: Path) -> Store:
    """OFAC SDN, UN and UK OFSI excerpts imported into a fresh SQLite store."""
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('api') / 'vet.db'}")
    for name, path in LISTS.items():
        import_path(store, fixtures / path, list_name=name)
    return store


@pytest.fixture(scope="session")
def api_matcher(api_store: Store) -> Matcher:
    return Matcher.from_store(api_store)


@pytest.fixture(scope="session")
def server(api_store: Store, api_matcher: Matcher) -> Iterator[str]:
    """URL of a server bound to loopback (no keys needed)."""
    with BackgroundServer(create_app(api_store, api_matcher)) as url:
        yield url


@pytest.fixture(scope="session")
def client(server: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server, timeout=30) as http:
        yield http


@pytest.fixture(scope="session")
def keyed_server(api_store: Store, api_matcher: Matcher) -> Iterator[str]:
    """URL of a server that requires API keys (as when bound beyond loopback); keys are
    checked against the store on every request so revocation shows at once."""
    settings = ApiSettings(require_keys=True, key_cache_seconds=0)
    with BackgroundServer(create_app(api_store, api_matcher, settings)) as url:
        yield url


@pytest.fixture(scope="session")
def small_server(api_store: Store, api_matcher: Matcher) -> Iterator[str]:
    """URL of a server with small limits, to see them enforced."""
    settings = ApiSettings(
        max_body_bytes=2_000, max_upload_bytes=10_000, max_url_length=300, max_batch=3, max_limit=4
    )
    with BackgroundServer(create_app(api_store, api_matcher, settings)) as url:
        yield url
