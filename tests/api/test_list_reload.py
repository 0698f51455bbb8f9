"""A running server serves list versions imported after it started, without a restart.

Each server starts on a store holding the real UN Security Council list of
2020-11-24; the test then imports the 2026-08-01 release (the bundled file) into
the same store through a connection of its own, as ``vet lists update`` in
another process would. Between the two releases the UN re-listed TAMAS COMPANY
and delisted LIONEL DUMONT.
"""

from __future__ import annotations

import logging
import lzma
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from vet.api import ApiSettings, BackgroundServer, create_app
from vet.api.reload import build_lock
from vet.bundle import bundled_lists, extract
from vet.scoring import Matcher
from vet.store import Store, import_path

TAMAS, DUMONT = "unsc-110330", "unsc-112038"
PARTIES = "name,country,id\nTamas Company,Iran,S-1\nLionel Dumont,France,S-2\n"
CHECK_SECONDS = 0.05


@dataclass(frozen=True)
class UnReleases:
    old: Path
    new: Path
    store: Path
    """A store file holding the old release (copied per test)."""
    cache: Path
    """The index cache of that store (copied per test)."""


@dataclass(frozen=True)
class Running:
    url: str
    app: FastAPI
    store_url: str
    cache: Path
    old_version: int

    def import_new(self, new: Path) -> int:
        """Import ``new`` as another process would: its own connection to the store."""
        other = Store(self.store_url)
        try:
            version = import_path(other, new, list_name="un_sc").version
            assert version is not None
            return version.id
        finally:
            other.close()


@pytest.fixture(scope="module")
def releases(tmp_path_factory: pytest.TempPathFactory, fixtures: Path) -> UnReleases:
    root = tmp_path_factory.mktemp("reload")
    old = root / "consolidated_2020-11-24.xml"
    old.write_bytes(
        lzma.decompress((fixtures / "un" / "consolidated_2020-11-24.xml.xz").read_bytes())
    )
    un = next(b for b in bundled_lists() if b.list_name == "un_sc")
    new = extract(un, root / "un_sc")
    store = Store(f"sqlite:///{root / 'vet.db'}")
    import_path(store, old, list_name="un_sc")
    Matcher.from_store(store, cache_dir=root / "index")
    store.close()
    return UnReleases(old, new, root / "vet.db", root / "index")


@contextmanager
def serving(releases: UnReleases, tmp_path: Path, cache: Path | None = None) -> Iterator[Running]:
    """A server on a copy of the old release's store, checking the store every 50 ms."""
    shutil.copy(releases.store, tmp_path / "vet.db")
    shutil.copytree(releases.cache, tmp_path / "index")
    url = f"sqlite:///{tmp_path / 'vet.db'}"
    store = Store(url)
    cache = cache or tmp_path / "index"
    matcher = Matcher.from_store(store, cache_dir=tmp_path / "index")
    settings = ApiSettings(list_check_seconds=CHECK_SECONDS)
    app = create_app(store, matcher, settings, cache_dir=cache)
    old_version = store.active_versions()[0].id
    with BackgroundServer(app) as server:
        yield Running(server, app, url, cache, old_version)
    store.close()


@pytest.fixture()
def running(releases: UnReleases, tmp_path: Path) -> Iterator[Running]:
    with serving(releases, tmp_path) as server:
        yield server


def wait_for(check: Callable[[], bool], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "gave up waiting"
        time.sleep(0.02)


def served_version(http: httpx.Client) -> str:
    datasets = {d["name"]: d for d in http.get("/catalog").json()["datasets"]}
    return str(datasets["un_sc"]["version"])


def matches(http: httpx.Client, name: str) -> list[str]:
    """Ids of the listed parties /match finds for ``name`` (score over the threshold)."""
    query = {"schema": "LegalEntity", "properties": {"name": [name]}}
    body = http.post("/match/default", json={"queries": {"q": query}}).json()
    return [r["id"] for r in body["responses"]["q"]["results"] if r["match"]]


def screening(http: httpx.Client, screening_id: int) -> dict[str, Any]:
    deadline = time.monotonic() + 30
    while True:
        body: dict[str, Any] = http.get(f"/screenings/{screening_id}").json()
        if body["status"] not in ("queued", "running") or time.monotonic() > deadline:
            return body
        time.sleep(0.02)


def flagged(http: httpx.Client, screening_id: int) -> list[tuple[int, str]]:
    body = http.get(f"/screenings/{screening_id}/hits").json()
    return [(p["row"], h["entity_id"]) for p in body["parties"] for h in p["hits"]]


def test_a_list_version_imported_while_serving_is_served_without_a_restart(
    running: Running, releases: UnReleases
) -> None:
    with httpx.Client(base_url=running.url, timeout=10) as http:
        assert served_version(http) == str(running.old_version)
        assert matches(http, "Lionel Dumont") == [DUMONT]
        assert matches(http, "Tamas Company") == []
        assert http.get(f"/entities/{DUMONT}").status_code == 200

        new_version = running.import_new(releases.new)
        wait_for(lambda: served_version(http) == str(new_version))

        catalog = http.get("/catalog").json()
        assert (catalog["outdated"], catalog["current"]) == ([], ["un_sc"])
        un = next(d for d in catalog["datasets"] if d["name"] == "un_sc")
        assert un["published"] == "2026-08-01" and un["index_current"] is True
        assert http.get("/readyz").json() == {
            "status": "ok",
            "lists": {"un_sc": new_version},
            "loading": {},
        }
        assert matches(http, "Tamas Company") == [TAMAS]
        assert matches(http, "Lionel Dumont") == []
        # Entities are read from the versions served: the delisted one is gone, the
        # re-listed one is there (no record cached for the old version is served).
        assert http.get(f"/entities/{DUMONT}").status_code == 404
        tamas = http.get(f"/entities/{TAMAS}").json()
        assert [s["version"] for s in tamas["sources"]] == [new_version]


def test_requests_while_newer_versions_load_are_answered_from_the_old_ones(
    running: Running, releases: UnReleases
) -> None:
    with httpx.Client(base_url=running.url, timeout=10) as http:
        # Holding the build lock, as another worker process building the index would,
        # keeps the server loading until it is released.
        with build_lock(running.cache):
            new_version = running.import_new(releases.new)
            wait_for(lambda: http.get("/readyz").json()["loading"] == {"un_sc": new_version})

            started = time.monotonic()
            assert matches(http, "Lionel Dumont") == [DUMONT]
            assert matches(http, "Tamas Company") == []
            assert time.monotonic() - started < 2
            assert served_version(http) == str(running.old_version)
            assert http.get("/catalog").json()["outdated"] == ["un_sc"]
            ready = http.get("/readyz")
            assert ready.status_code == 200
            assert ready.json()["lists"] == {"un_sc": running.old_version}

        wait_for(lambda: served_version(http) == str(new_version))
        assert http.get("/readyz").json()["loading"] == {}
        assert matches(http, "Tamas Company") == [TAMAS]


def test_a_failed_load_is_logged_and_tried_again_while_the_old_lists_serve(
    releases: UnReleases, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    broken = tmp_path / "broken_cache"
    broken.write_text("a file where the index cache directory should be")
    caplog.set_level(logging.INFO, logger="vet.api.reload")

    def failed_twice() -> bool:
        return sum("loading newer list versions failed" in m for m in caplog.messages) >= 2

    with (
        serving(releases, tmp_path, cache=broken) as running,
        httpx.Client(base_url=running.url, timeout=10) as http,
    ):
        new_version = running.import_new(releases.new)
        wait_for(failed_twice)
        assert served_version(http) == str(running.old_version)
        assert matches(http, "Lionel Dumont") == [DUMONT]

        broken.unlink()  # the cache directory can be made again
        wait_for(lambda: served_version(http) == str(new_version))
        assert matches(http, "Tamas Company") == [TAMAS]
    swaps = [m for m in caplog.messages if m.startswith("serving new list versions")]
    assert len(swaps) == 1
    assert swaps[0].startswith(
        f"serving new list versions: un_sc {new_version} (was {running.old_version}); loaded in "
    )


def test_screenings_finish_on_the_versions_they_started_with(
    running: Running, releases: UnReleases
) -> None:
    release = threading.Event()
    running.app.state.screenings.run(lambda: release.wait(30))  # keep the first one queued
    with httpx.Client(base_url=running.url, timeout=10) as http:
        before = http.post("/screenings", files={"file": ("before.csv", PARTIES)}).json()["id"]
        new_version = running.import_new(releases.new)
        wait_for(lambda: served_version(http) == str(new_version))
        after = http.post("/screenings", files={"file": ("after.csv", PARTIES)}).json()["id"]
        release.set()

        old = screening(http, before)
        assert old["status"] == "complete"
        assert [v["version"] for v in old["list_versions"]] == [running.old_version]
        assert flagged(http, before) == [(3, DUMONT)]

        new = screening(http, after)
        assert new["status"] == "complete"
        assert [v["version"] for v in new["list_versions"]] == [new_version]
        assert flagged(http, after) == [(2, TAMAS)]
