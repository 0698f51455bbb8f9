"""A server that loads its lists after it started listening: /readyz says what is
loading or what failed, and requests needing the lists get a 503 until then."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest

from vet.api import ApiSettings, BackgroundServer, create_app
from vet.store import Store, import_path

MATCH = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Kang Song Nam"]}}}}


def wait_ready(url: str, seconds: float = 60) -> httpx.Response:
    deadline = time.monotonic() + seconds
    while True:
        ready = httpx.get(f"{url}/readyz")
        if ready.status_code == 200 or ready.json()["status"] != "loading":
            return ready
        assert time.monotonic() < deadline, ready.json()
        time.sleep(0.05)


@pytest.fixture()
def sdn_store(tmp_path: Path, fixtures: Path) -> Store:
    store = Store(f"sqlite:///{tmp_path / 'vet.db'}")
    import_path(store, fixtures / "ofac" / "sdn_2023-12-28", list_name="us_ofac_sdn")
    return store


def test_lists_loaded_after_start_are_served(sdn_store: Store, tmp_path: Path) -> None:
    app = create_app(sdn_store, None, ApiSettings(list_check_seconds=0), cache_dir=tmp_path)
    with BackgroundServer(app) as url:
        assert httpx.get(f"{url}/healthz").status_code == 200
        ready = wait_ready(url)
        assert ready.status_code == 200
        assert ready.json()["lists"] == {"us_ofac_sdn": sdn_store.active_versions()[0].id}
        answer = httpx.post(f"{url}/match/default", json=MATCH)
        assert answer.json()["responses"]["q"]["results"][0]["id"] == "ofac-20130"


def test_a_failed_load_is_shown_and_requests_get_503(sdn_store: Store) -> None:
    settings = ApiSettings(list_check_seconds=0)
    app = create_app(sdn_store, None, settings, lists=("us_ofac_sdm",))  # a typo
    with BackgroundServer(app) as url:
        ready = wait_ready(url)
        assert ready.status_code == 503
        assert ready.json()["status"] == "failed"
        assert "us_ofac_sdm" in ready.json()["detail"]
        assert httpx.get(f"{url}/healthz").status_code == 200
        for answer in (
            httpx.post(f"{url}/match/default", json=MATCH),
            httpx.get(f"{url}/search/default", params={"q": "Kang"}),
            httpx.get(f"{url}/reconcile/default", params={"queries": '{"q0": {"query": "Kang"}}'}),
        ):
            assert answer.status_code == 503, answer.text
            assert answer.headers["retry-after"].isdigit()
            assert answer.json()["error"] == "NotReady"
            assert "us_ofac_sdm" in answer.json()["detail"]
        page = httpx.get(f"{url}/web/")
        assert page.status_code == 503
        assert "vet could not load its lists: no active version" in page.text


def test_an_empty_store_without_the_bundle_is_not_ready(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'vet.db'}")
    settings = ApiSettings(list_check_seconds=0, auto_bundle=False)
    with BackgroundServer(create_app(store, None, settings)) as url:
        ready = wait_ready(url)
        assert ready.status_code == 503
        assert "vet lists import" in ready.json()["detail"]
