"""`vet lists update` fetches publishers' files over HTTP; offline it changes nothing."""

from __future__ import annotations

import functools
import http.server
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from vet.errors import NetworkError
from vet.store import Store, import_path, update_lists


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    return Store(f"sqlite:///{tmp_path / 'vet.db'}")


@pytest.fixture()
def publisher(bundled: dict[str, Path]) -> Iterator[str]:
    """A real HTTP server on loopback serving the real OFAC non-SDN files."""
    handler = functools.partial(
        http.server.SimpleHTTPRequestHandler, directory=str(bundled["us_ofac_cons"])
    )
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def cons_urls(base: str) -> tuple[str, ...]:
    return tuple(
        f"{base}/{name}"
        for name in ("cons_prim.csv", "cons_add.csv", "cons_alt.csv", "cons_comments.csv")
    )


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_update_downloads_parses_and_imports(store: Store, publisher: str) -> None:
    seen: list[str] = []
    outcomes = update_lists(
        store,
        names=["us_ofac_cons"],
        url_overrides={"us_ofac_cons": cons_urls(publisher)},
        progress=lambda name, done, total: seen.append(name),
    )
    assert [o.error for o in outcomes] == [None]
    version = outcomes[0].result.version  # type: ignore[union-attr]
    assert version is not None
    assert version.target_count == 442
    assert [f["name"] for f in version.files][:1] == ["cons_prim.csv"]
    assert all(f["url"].startswith(publisher) for f in version.files)
    assert "cons_prim.csv" in seen
    # A second update finds the same checksums and keeps the version.
    again = update_lists(
        store, names=["us_ofac_cons"], url_overrides={"us_ofac_cons": cons_urls(publisher)}
    )
    assert again[0].result is not None and again[0].result.unchanged
    assert len(store.versions("us_ofac_cons")) == 1


def test_update_offline_changes_nothing(store: Store, bundled: dict[str, Path]) -> None:
    import_path(store, bundled["us_ofac_cons"])
    before = {s.name: s.active for s in store.list_statuses()}
    dead = f"http://127.0.0.1:{closed_port()}"
    overrides = {"us_ofac_cons": cons_urls(dead)}
    with pytest.raises(
        NetworkError, match=r"offline or publisher unreachable.*no list was changed"
    ):
        update_lists(store, names=["us_ofac_cons"], url_overrides=overrides, timeout=2)
    assert {s.name: s.active for s in store.list_statuses()} == before


def test_update_with_a_bad_file_keeps_the_current_version(
    store: Store, tmp_path: Path, publisher: str
) -> None:
    first = update_lists(
        store, names=["us_ofac_cons"], url_overrides={"us_ofac_cons": cons_urls(publisher)}
    )
    active = first[0].result.version  # type: ignore[union-attr]
    urls = list(cons_urls(publisher))
    urls[0] = f"{publisher}/missing.csv"
    outcomes = update_lists(
        store, names=["us_ofac_cons"], url_overrides={"us_ofac_cons": tuple(urls)}
    )
    assert outcomes[0].error is not None and "HTTP 404" in outcomes[0].error
    assert store.list_status("us_ofac_cons").active == active
