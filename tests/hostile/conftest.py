"""The hostile-input corpus: files an attacker or a careless user would feed vet.

Large files are never stored: the ``make_*.py`` scripts beside the tests generate them
(a zip bomb packs 40 MB into 100 KB in a fraction of a second). Each test asserts the
one-line error a user sees (file, line or member, problem) and that nothing already
stored changed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from hostile_cli import run

from vet.api import BackgroundServer, create_app
from vet.scoring import Matcher
from vet.store import Store, import_path


@pytest.fixture()
def env(tmp_path: Path, fixtures: Path) -> dict[str, str]:
    """A home with one small list imported (the user-kept forced-labour list)."""
    env = {"VET_HOME": str(tmp_path / "home"), "VET_AUTO_BUNDLE": "0"}
    result = run(env, "lists", "import", str(fixtures / "user" / "forced_labour.csv"))
    assert result.exit_code == 0, result.output
    return env


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory: pytest.TempPathFactory, fixtures: Path) -> Store:
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('hostile') / 'vet.db'}")
    import_path(store, fixtures / "uk" / "ofsi_conlist_excerpt.xlsx", list_name="uk_ofsi")
    return store


@pytest.fixture(scope="module")
def hostile_client(hostile_store: Store) -> Iterator[httpx.Client]:
    """A real server on loopback (no keys) over a store holding the OFSI excerpt."""
    app = create_app(hostile_store, Matcher.from_store(hostile_store))
    with BackgroundServer(app) as url, httpx.Client(base_url=url, timeout=60) as http:
        yield http
