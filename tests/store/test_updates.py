"""`vet lists update` fetches publishers' files over HTTP; offline it changes nothing."""

from __future__ import annotations

import dataclasses
import functools
import http.server
import lzma
import re
import shutil
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest

from vet.errors import NetworkError
from vet.store import UPDATE_POLICY, Store, import_path, update_lists
from vet.store.schema import audit_log, version_entities
from vet.store.updates import update_sources


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    return Store(f"sqlite:///{tmp_path / 'vet.db'}")


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """A real HTTP server on loopback serving the files in ``directory``."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(directory))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture()
def publisher(bundled: dict[str, Path]) -> Iterator[str]:
    """The real OFAC non-SDN files, served over HTTP."""
    with serve(bundled["us_ofac_cons"]) as base:
        yield base


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


def cut_cons_files(source: Path, target: Path, parties: int) -> Path:
    """A copy of the OFAC non-SDN files whose main file keeps only its first ``parties`` rows,
    as a download cut off part-way leaves it."""
    shutil.copytree(source, target)
    prim = target / "cons_prim.csv"
    lines = prim.read_bytes().splitlines(keepends=True)
    prim.write_bytes(b"".join(lines[:parties]))
    return target


def store_snapshot(store: Store) -> tuple[object, ...]:
    """Everything a refused update must leave as it was: versions, entities, audit log."""
    with store.engine.connect() as conn:
        entities = conn.execute(
            version_entities.select().order_by(
                version_entities.c.version_id, version_entities.c.entity_id
            )
        ).all()
        audit = conn.execute(audit_log.select()).all()
    statuses = [(s.name, s.active, s.version_count) for s in store.list_statuses()]
    return (statuses, entities, audit)


@pytest.mark.parametrize(
    ("parties", "problem"),
    [
        (100, r"only 100 listed parties, a complete .* has at least 300 \(truncated download\?\)"),
        (330, r"330 listed parties where active version 1 has 442 \(25% gone, more than 20%"),
    ],
)
def test_update_refuses_a_cut_file_and_changes_nothing(
    store: Store, bundled: dict[str, Path], tmp_path: Path, parties: int, problem: str
) -> None:
    import_path(store, bundled["us_ofac_cons"])
    before = store_snapshot(store)
    cut = cut_cons_files(bundled["us_ofac_cons"], tmp_path / "cut", parties)
    with serve(cut) as base:
        outcomes = update_lists(
            store, names=["us_ofac_cons"], url_overrides={"us_ofac_cons": cons_urls(base)}
        )
    error = outcomes[0].error
    assert error is not None
    assert re.match(r"cons_prim\.csv, cons_add\.csv, .*: " + problem, error), error
    assert "version 1 stays active" in error
    assert store_snapshot(store) == before


def test_update_refuses_an_older_publication_and_changes_nothing(
    store: Store, bundled: dict[str, Path], fixtures: Path, tmp_path: Path
) -> None:
    """The bundled UN list of 2026-08-01 is active; the publisher serves the 2020 release."""
    import_path(store, bundled["un_sc"], list_name="un_sc")
    before = store_snapshot(store)
    served = tmp_path / "publisher"
    served.mkdir()
    old = lzma.decompress((fixtures / "un" / "consolidated_2020-11-24.xml.xz").read_bytes())
    (served / "consolidated.xml").write_bytes(old)
    with serve(served) as base:
        urls = {"un_sc": (f"{base}/consolidated.xml",)}
        refused = update_lists(store, names=["un_sc"], url_overrides=urls)
        error = refused[0].error
        assert error is not None
        assert "published 2020-11-24, before active version 1 (published 2026-08-01)" in error
        assert "--allow-older" in error
        assert store_snapshot(store) == before
        allowed = update_lists(
            store,
            names=["un_sc"],
            url_overrides=urls,
            policy=dataclasses.replace(UPDATE_POLICY, allow_older=True),
        )
    version = allowed[0].result.version  # type: ignore[union-attr]
    assert version is not None and version.published == date(2020, 11, 24)
    assert store.list_status("un_sc").active == version


def test_allies_lists_have_publisher_urls() -> None:
    sources = update_sources()
    assert [d.url for d in sources["au_dfat"].info.downloads] == [
        "https://www.dfat.gov.au/sites/default/files/regulation8_consolidated.xlsx"
    ]
    assert [d.url for d in sources["ca_sema"].info.downloads] == [
        "https://www.international.gc.ca/world-monde/assets/office_docs/"
        "international_relations-relations_internationales/sanctions/sema-lmes.xml"
    ]


@pytest.mark.slow
def test_update_fetches_dfat_list(store: Store, bundled: dict[str, Path]) -> None:
    with serve(bundled["au_dfat"].parent) as base:
        outcomes = update_lists(
            store,
            names=["au_dfat"],
            url_overrides={"au_dfat": (f"{base}/regulation8_consolidated.xlsx",)},
        )
    assert [o.error for o in outcomes] == [None]
    version = outcomes[0].result.version  # type: ignore[union-attr]
    assert version is not None and version.target_count == 3846
