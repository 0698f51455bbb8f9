"""A real vet server over real list excerpts, and headless Chromium (Debian's) to drive its pages.

The store holds two versions of the UN Security Council list (the 2020-11-24
release, then the 2026-02-27 excerpt, active) and the OFAC SDN excerpt of
2023-12-28. The browser is the system's ``/usr/bin/chromium`` driven by
Playwright; browser tests are skipped, saying why, where it is not installed.
"""

from __future__ import annotations

import lzma
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from screened import PARTIES

import vet.store.keys  # noqa: F401  (registers the api_keys table before the store opens)
from vet.api import ApiSettings, BackgroundServer, create_app
from vet.scoring import Matcher
from vet.store import ImportPolicy, Store, import_path

CHROMIUM = Path(os.environ.get("VET_TEST_CHROMIUM", "/usr/bin/chromium"))


@dataclass(frozen=True)
class Served:
    url: str
    app: FastAPI
    store: Store


@pytest.fixture(scope="session")
def web_store(tmp_path_factory: pytest.TempPathFactory, fixtures: Path) -> Store:
    root = tmp_path_factory.mktemp("web")
    store = Store(f"sqlite:///{root / 'vet.db'}")
    un_2020 = root / "consolidated_2020-11-24.xml"
    un_2020.write_bytes(
        lzma.decompress((fixtures / "un" / "consolidated_2020-11-24.xml.xz").read_bytes())
    )
    import_path(store, un_2020, list_name="un_sc")
    import_path(
        store,
        fixtures / "un" / "consolidated_2026-02-27_excerpt.xml",
        list_name="un_sc",
        policy=ImportPolicy(max_drop=None),  # an excerpt over the full list, on purpose
    )
    import_path(store, fixtures / "ofac" / "sdn_2023-12-28", list_name="us_ofac_sdn")
    return store


@pytest.fixture(scope="session")
def web_matcher(web_store: Store) -> Matcher:
    return Matcher.from_store(web_store)


@pytest.fixture(scope="session")
def web(web_store: Store, web_matcher: Matcher) -> Iterator[Served]:
    """A server on loopback: no keys, pages at /web/."""
    app = create_app(web_store, web_matcher)
    with BackgroundServer(app) as url:
        yield Served(url, app, web_store)


@pytest.fixture(scope="session")
def keyed_web(web_store: Store, web_matcher: Matcher) -> Iterator[Served]:
    """A server requiring API keys, as when it listens beyond loopback."""
    app = create_app(web_store, web_matcher, ApiSettings(require_keys=True, key_cache_seconds=0))
    with BackgroundServer(app) as url:
        yield Served(url, app, web_store)


@pytest.fixture(scope="session")
def parties_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("parties") / "fair_exhibitors.csv"
    path.write_text(PARTIES, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        # The web page is only tested for real in a browser: a missing one fails the run
        # rather than passing it silently.
        pytest.fail(f"{CHROMIUM} is not installed: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser tab (own cookies) the size of a laptop screen."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()
