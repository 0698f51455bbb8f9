"""A party matching many listed records keeps every hit, at every entry point.

The list is a simple CSV, as a user keeps one, imported through the real import path:
seven people listed as "Ivan Petrov" (different birth dates and countries, so seven
listed parties) and one as "Petrov Ivan". A party "Ivan Petrov" with no birth date or
country meets all eight at or above the threshold.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

import vet
from vet.api import BackgroundServer, create_app
from vet.cli import main
from vet.report import ReportMeta, write_report
from vet.scoring import Matcher
from vet.screen import load_screening, run_screening
from vet.store import Store, import_path
from vet.store.screenings import get_screening, iter_rows

HEADER = "id,name,aliases,schema,countries,birth_date,identifiers,program,source_url,notes"
PETROVS = [
    "wl-1,Ivan Petrov,,Person,ru,1951-01-01,,Watch,,",
    "wl-2,Ivan Petrov,,Person,ru,1955-02-02,,Watch,,",
    "wl-3,Ivan Petrov,,Person,ua,1960-03-03,,Watch,,",
    "wl-4,Ivan Petrov,,Person,by,1965-04-04,,Watch,,",
    "wl-5,Ivan Petrov,,Person,kz,1970-05-05,,Watch,,",
    "wl-6,Ivan Petrov,,Person,ru,1975-06-06,,Watch,,",
    "wl-7,Ivan Petrov,,Person,ru,1980-07-07,,Watch,,",
    "wl-8,Petrov Ivan,,Person,,,,Watch,,",
]
PETROV_IDS = {f"user-wl-{n}" for n in range(1, 9)}
PARTIES = "name,country\nIvan Petrov,\nNorthwind Traders Ltd,GB\n"


def write_list(path: Path, rows: list[str]) -> Path:
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture()
def watch_store(tmp_path: Path) -> Iterator[Store]:
    store = Store(f"sqlite:///{tmp_path / 'vet.db'}")
    import_path(
        store, write_list(tmp_path / "watch.csv", PETROVS), kind="simple_csv", list_name="watch"
    )
    yield store
    store.close()


@pytest.fixture()
def parties(tmp_path: Path) -> Path:
    path = tmp_path / "parties.csv"
    path.write_text(PARTIES, encoding="utf-8")
    return path


def test_a_saved_screening_keeps_every_hit_and_its_reports_list_them(
    watch_store: Store, parties: Path, tmp_path: Path
) -> None:
    info = run_screening(watch_store, Matcher.from_store(watch_store), parties, workers=1)
    assert (info.flagged_count, info.hit_count) == (1, 8)
    (petrov, northwind) = list(iter_rows(watch_store, info.id))
    assert {h.entity_id for h in petrov.hits} == PETROV_IDS
    assert [h.rank for h in petrov.hits] == list(range(8))  # one row per listed record
    scores = [h.score for h in petrov.hits]
    assert scores == sorted(scores, reverse=True)
    assert northwind.hits == ()

    _, screening = load_screening(watch_store, info.id)
    meta = ReportMeta.for_saved(info)
    write_report(screening, tmp_path / "r.json", "json", meta)
    report = json.loads((tmp_path / "r.json").read_text("utf-8"))
    assert {h["entity_id"] for h in report["parties"][0]["hits"]} == PETROV_IDS
    write_report(screening, tmp_path / "r.html", "html", meta)
    page = (tmp_path / "r.html").read_text("utf-8")
    # Many hits: a table of them, best first, each linked to its record further down.
    assert "8 hits of row 2, one per listed record, best first" in page
    assert all(f'href="#row-2-hit-{n}"' in page for n in range(1, 9))
    assert all(f'id="row-2-hit-{n}"' in page for n in range(1, 9))


def test_vet_screen_and_search_show_every_hit(
    tmp_path: Path, parties: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = {"VET_HOME": str(tmp_path / "home"), "VET_AUTO_BUNDLE": "0"}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    runner = CliRunner()
    watch = write_list(tmp_path / "watch.csv", PETROVS)
    imported = runner.invoke(
        main, ["lists", "import", str(watch), "--source", "simple_csv", "--name", "watch"]
    )
    assert imported.exit_code == 0, imported.output

    screened = runner.invoke(main, ["screen", str(parties), "--workers", "1", "--name", "s"])
    assert screened.exit_code == 0, screened.output
    assert "Ivan Petrov  ->  Ivan Petrov [watch] 1.00  (+7 more hits)" in screened.stdout
    assert get_screening(Store(f"sqlite:///{tmp_path / 'home' / 'vet.db'}"), "s").hit_count == 8

    searched = runner.invoke(main, ["search", "Ivan Petrov", "--json"])
    assert {h["entity_id"] for h in json.loads(searched.stdout)["hits"]} == PETROV_IDS
    capped = runner.invoke(main, ["search", "Ivan Petrov", "--limit", "3"])
    assert capped.stdout.count("MATCH") == 3
    assert "... and 5 more hits at or above the threshold (raise --limit)." in capped.stdout

    assert {h.entity_id for h in vet.match("Ivan Petrov")} == PETROV_IDS
    assert len(vet.match("Ivan Petrov", limit=2)) == 2


def test_an_uploaded_screening_keeps_every_hit(watch_store: Store) -> None:
    app = create_app(watch_store, Matcher.from_store(watch_store))
    with BackgroundServer(app) as url, httpx.Client(base_url=url, timeout=30) as http:
        started = http.post("/screenings", files={"file": ("parties.csv", PARTIES)})
        assert started.status_code == 202, started.text
        sid = started.json()["id"]
        deadline = time.monotonic() + 20
        while http.get(f"/screenings/{sid}").json()["status"] != "complete":
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert http.get(f"/screenings/{sid}").json()["hits"] == 8
        flagged = http.get(f"/screenings/{sid}/hits").json()["parties"]
        assert {h["entity_id"] for h in flagged[0]["hits"]} == PETROV_IDS
