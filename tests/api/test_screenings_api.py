"""``/screenings`` on real servers: upload, progress, hits, decisions, reports, re-screening.

The parties file finds, on the real excerpts the API store holds, TANCHON
COMMERCIAL BANK (UN, row 2), BOSCO TAGANDA (UN, row 3), AQSA MAHMOOD (UN,
row 4) and BANCO NACIONAL DE CUBA (OFAC SDN, row 6); Northwind Traders (row 5)
is on no list.
"""

from __future__ import annotations

import csv
import io
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from openpyxl import load_workbook

from vet.api import BackgroundServer, create_app
from vet.scoring import Matcher
from vet.store import Store, import_path
from vet.store.keys import create_key
from vet.store.screenings import get_screening

TANCHON, TAGANDA, MAHMOOD, BNC = "unsc-690752", "unsc-6908021", "unsc-6908473", "ofac-306"
PARTIES = """name,country,id
Tanchon Commercial Bank,North Korea,P-1
Bosco Taganda,,P-2
Aqsa Mahmood,GB,P-3
Northwind Traders Ltd,GB,P-4
Banco Nacional de Cuba,CU,P-5
"""


def upload(
    http: httpx.Client, content: str | bytes, filename: str = "parties.csv", **form: Any
) -> httpx.Response:
    return http.post("/screenings", files={"file": (filename, content)}, data=form)


def wait_complete(http: httpx.Client, screening_id: int, seconds: float = 20) -> dict[str, Any]:
    deadline = time.monotonic() + seconds
    while True:
        body: dict[str, Any] = http.get(f"/screenings/{screening_id}").json()
        if body["status"] not in ("queued", "running") or time.monotonic() > deadline:
            return body
        time.sleep(0.05)


@pytest.fixture(scope="module")
def screened(client: httpx.Client) -> dict[str, Any]:
    """The parties file screened once as "api fair"; its final status."""
    started = upload(client, PARTIES, name="api fair")
    assert started.status_code == 202, started.text
    assert started.json()["status"] in ("queued", "running", "complete")
    return wait_complete(client, started.json()["id"])


def test_an_upload_is_screened_in_the_background_and_saved(
    client: httpx.Client, screened: dict[str, Any]
) -> None:
    assert screened["status"] == "complete"
    assert screened["name"] == "api fair"
    assert screened["file"] == "parties.csv"
    assert (screened["rows_done"], screened["rows_total"]) == (5, 5)
    assert (screened["parties"], screened["flagged"], screened["hits"]) == (5, 4, 4)
    assert {v["list_name"] for v in screened["list_versions"]} == {
        "us_ofac_sdn",
        "un_sc",
        "uk_ofsi",
    }
    assert screened["reports"]["xlsx"] == f"/screenings/{screened['id']}/report.xlsx"
    listed = client.get("/screenings").json()
    assert listed["screenings"][0]["id"] >= screened["id"]  # newest first
    assert screened["id"] in [s["id"] for s in listed["screenings"]]


def test_hits_come_with_explanations_and_decisions(
    client: httpx.Client, screened: dict[str, Any]
) -> None:
    sid = screened["id"]
    body = client.get(f"/screenings/{sid}/hits").json()
    assert body["summary"] == "4 of 5 parties have possible matches."
    assert [(p["row"], p["hits"][0]["entity_id"]) for p in body["parties"]] == [
        (2, TANCHON),
        (3, TAGANDA),
        (4, MAHMOOD),
        (6, BNC),
    ]
    tanchon = body["parties"][0]["hits"][0]
    assert tanchon["listings"][0]["programs"] == ["DPRK"]
    assert "met the listed name 'TANCHON COMMERCIAL BANK'" in tanchon["explanation"]
    assert tanchon["decision"] is None

    anonymous = client.post(
        f"/screenings/{sid}/decisions",
        json={"row": 2, "entity_id": TANCHON, "decision": "false_positive"},
    )
    assert anonymous.status_code == 400
    assert "needs a reviewer" in anonymous.json()["detail"]
    wrong = client.post(
        f"/screenings/{sid}/decisions",
        json={"row": 2, "entity_id": BNC, "decision": "match", "reviewer": "Ana"},
    )
    assert wrong.status_code == 400
    assert f"row 2 has no hit '{BNC}' (its hits: {TANCHON})" in wrong.json()["detail"]
    made = client.post(
        f"/screenings/{sid}/decisions",
        json={
            "row": 2,
            "entity_id": TANCHON,
            "decision": "false_positive",
            "reason": "another bank",
            "reviewer": "Ana",
        },
    )
    assert made.status_code == 201, made.text
    assert made.json()["reviewer"] == "Ana"

    cleared = client.get(f"/screenings/{sid}/hits", params={"status": "cleared"}).json()
    assert cleared["summary"] == (
        "4 of 5 parties have possible matches: 1 false positive, 3 to review."
    )
    assert cleared["counts"]["cleared"] == 1 and cleared["counts"]["open"] == 3
    assert [p["row"] for p in cleared["parties"]] == [2]
    decision = cleared["parties"][0]["hits"][0]["decision"]
    assert (decision["decision"], decision["reviewer"], decision["reason"]) == (
        "false_positive",
        "Ana",
        "another bank",
    )


def test_reports_in_every_format_carry_the_decisions(
    client: httpx.Client, screened: dict[str, Any], tmp_path: Path
) -> None:
    sid = screened["id"]
    client.post(
        f"/screenings/{sid}/decisions",
        json={"row": 6, "entity_id": BNC, "decision": "match", "reviewer": "Ana"},
    )
    as_csv = client.get(f"/screenings/{sid}/report.csv")
    assert as_csv.status_code == 200
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert "filename*=utf-8''api%20fair.csv" in as_csv.headers["content-disposition"]
    lines = as_csv.content.decode("utf-8-sig").splitlines(keepends=True)
    assert lines[0].startswith("# list ")  # the lists screened, their dates and ages
    rows = list(csv.DictReader(io.StringIO("".join(li for li in lines if li[0] != "#"))))
    banco = next(r for r in rows if r["Entity ID"] == BNC)
    assert banco["Decision"].startswith("match by Ana on ")

    as_json = client.get(f"/screenings/{sid}/report.json").json()
    assert (as_json["screening"]["name"], as_json["screening"]["confirmed"]) == ("api fair", 1)
    assert as_json["authorities"]["parties"][-1]["jurisdictions"]["US"] == "listed"

    xlsx = tmp_path / "report.xlsx"
    xlsx.write_bytes(client.get(f"/screenings/{sid}/report.xlsx").content)
    header, *lines = load_workbook(xlsx)["Results"].iter_rows(values_only=True)
    sheet = [dict(zip(header, line, strict=True)) for line in lines]
    assert next(r for r in sheet if r["Entity ID"] == BNC)["Decision"].startswith("match by Ana")

    page = client.get(f"/screenings/{sid}/report.html")
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    # A page to read in the browser, not a download; the others are downloads.
    assert page.headers["content-disposition"].startswith("inline;")
    assert "script-src" not in page.headers["content-security-policy"]
    assert as_csv.headers["content-disposition"].startswith("attachment;")
    assert (
        client.get(f"/screenings/{sid}/report.xlsx")
        .headers["content-disposition"]
        .startswith("attachment;")
    )
    assert "BANCO NACIONAL DE CUBA" in page.text
    assert "1 confirmed" in page.text


@pytest.mark.parametrize(
    ("filename", "content", "form", "problem"),
    [
        ("people.csv", "foo,bar\n1,2\n", {}, "no name column found among: foo, bar"),
        ("people.csv", "", {}, "people.csv: the file is empty"),
        ("people.pdf", "%PDF-1.4", {}, "people.pdf: send a CSV, XLSX or JSON file"),
        (
            "people.xlsx",
            "not a workbook",
            {},
            "people.xlsx: not a zip archive, as an XLSX workbook is",
        ),
        ("people.json", "[{]", {}, "people.json"),
        ("people.csv", PARTIES, {"lists": "eu_fsf"}, "no list 'eu_fsf' here"),
        ("people.csv", PARTIES, {"map": "name"}, "map 'name': expected FIELD=COLUMN"),
        ("people.csv", PARTIES, {"map": "name=Company"}, "no column 'Company'"),
        ("people.csv", PARTIES, {"name": "api fair"}, "a screening called 'api fair' exists"),
    ],
)
def test_bad_uploads_are_refused_naming_the_problem(
    client: httpx.Client,
    screened: dict[str, Any],
    filename: str,
    content: str,
    form: dict[str, str],
    problem: str,
) -> None:
    before = client.get("/screenings").json()["total"]
    response = upload(client, content, filename, **form)
    assert response.status_code == 400, response.text
    assert response.json()["error"] == "InputError"
    assert problem in response.json()["detail"]
    assert client.get("/screenings").json()["total"] == before  # nothing saved


def test_a_threshold_outside_0_to_1_is_refused(client: httpx.Client) -> None:
    response = upload(client, PARTIES, threshold="1.5")
    assert response.status_code == 422
    assert "threshold" in response.json()["detail"]


def test_uploads_over_the_limit_get_413(small_server: str) -> None:
    big = PARTIES + "Northwind Traders Ltd,GB,P-9\n" * 500
    response = httpx.post(f"{small_server}/screenings", files={"file": ("big.csv", big)})
    assert response.status_code == 413


def test_unknown_screenings_and_formats(client: httpx.Client, screened: dict[str, Any]) -> None:
    missing = client.get("/screenings/99999")
    assert missing.status_code == 404
    assert "no screening" in missing.json()["detail"]
    assert client.get(f"/screenings/{screened['id']}/report.pdf").status_code == 422


def test_requests_addressed_by_another_name_are_refused_without_keys(
    client: httpx.Client,
) -> None:
    # A page elsewhere reaching this loopback server through its own DNS name.
    response = client.get("/screenings", headers={"Host": "attacker.example:8000"})
    assert response.status_code == 403
    assert "127.0.0.1 or localhost" in response.json()["detail"]


def test_rescreen_reports_only_what_changed(client: httpx.Client, screened: dict[str, Any]) -> None:
    decided = {"row": 4, "entity_id": MAHMOOD, "decision": "false_positive", "reviewer": "Ana"}
    assert client.post(f"/screenings/{screened['id']}/decisions", json=decided).is_success
    response = client.post(f"/screenings/{screened['id']}/rescreen")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["old"]["id"] == screened["id"]
    assert body["new"]["name"].startswith("api fair (rescreen)")
    assert body["changes"] == []
    assert "Re-screened 5 parties of 'api fair'" in body["summary"]
    new = client.get(f"/screenings/{body['new']['id']}").json()
    assert (new["status"], new["parent"], new["flagged"]) == ("complete", screened["id"], 4)
    # The decisions follow the parties into the new screening.
    hits = client.get(f"/screenings/{body['new']['id']}/hits", params={"status": "cleared"})
    assert 4 in [p["row"] for p in hits.json()["parties"]]


def test_with_keys_the_reviewer_is_the_keys_name(keyed_server: str, api_store: Store) -> None:
    _, secret = create_key(api_store, "screening reviewer")
    with httpx.Client(
        base_url=keyed_server, headers={"Authorization": f"ApiKey {secret}"}, timeout=30
    ) as http:
        assert httpx.get(f"{keyed_server}/screenings").status_code == 401
        sid = upload(http, PARTIES, name="keyed fair").json()["id"]
        assert wait_complete(http, sid)["status"] == "complete"
        other = http.post(
            f"/screenings/{sid}/decisions",
            json={"row": 3, "entity_id": TAGANDA, "decision": "match", "reviewer": "Bob"},
        )
        assert other.status_code == 400
        assert "in the key's name ('screening reviewer')" in other.json()["detail"]
        made = http.post(
            f"/screenings/{sid}/decisions",
            json={"row": 3, "entity_id": TAGANDA, "decision": "match"},
        )
        assert made.status_code == 201
        assert made.json()["reviewer"] == "screening reviewer"


# -- a server of its own, to hold its background thread and change its store ----------


@pytest.fixture()
def own_server(tmp_path: Path, fixtures: Path) -> Iterator[tuple[str, FastAPI, Store]]:
    store = Store(f"sqlite:///{tmp_path / 'vet.db'}")
    import_path(store, fixtures / "un" / "consolidated_2026-02-27_excerpt.xml", list_name="un_sc")
    app = create_app(store, Matcher.from_store(store))
    with BackgroundServer(app) as url:
        yield url, app, store


def test_a_screening_waiting_its_turn_has_no_report_yet(
    own_server: tuple[str, FastAPI, Store],
) -> None:
    url, app, _ = own_server
    release = threading.Event()
    app.state.screenings.run(lambda: release.wait(10))  # the background thread is busy
    with httpx.Client(base_url=url, timeout=30) as http:
        sid = upload(http, PARTIES).json()["id"]
        waiting = http.get(f"/screenings/{sid}").json()
        assert (waiting["status"], waiting["rows_done"], waiting["rows_total"]) == ("queued", 0, 5)
        assert waiting["reports"] is None
        early = http.get(f"/screenings/{sid}/report.xlsx")
        assert early.status_code == 409
        assert "is queued (0 of about 5 rows done)" in early.json()["detail"]
        assert http.get(f"/screenings/{sid}/hits").status_code == 409
        release.set()
        assert wait_complete(http, sid)["flagged"] == 3
        assert http.get(f"/screenings/{sid}/report.xlsx").status_code == 200


def test_a_file_that_breaks_off_fails_with_its_line_and_stays_failed(
    own_server: tuple[str, FastAPI, Store],
) -> None:
    url, _, store = own_server
    # 105 parties, then a quote left open that runs past the field limit.
    more = "".join(f"Party {n},,Q-{n}\n" for n in range(100))
    broken = PARTIES + more + '"Kim ' + "x" * 10_000_001
    with httpx.Client(base_url=url, timeout=30) as http:
        sid = upload(http, broken, name="cut").json()["id"]
        failed = wait_complete(http, sid)
        assert failed["status"] == "failed"
        assert "parties.csv line 107: over 10,000,000 characters" in failed["error"]
        assert failed["parties"] == 105  # every row before the break (lines 2-106) stays
        assert failed["reports"] is None
    # In the store too: another worker process, or the server restarted, says the same.
    assert (store_status := get_screening(store, sid)).status == "failed"
    assert store_status.error == failed["error"]


def test_rescreen_refuses_when_the_store_has_lists_the_server_does_not_serve(
    own_server: tuple[str, FastAPI, Store], fixtures: Path
) -> None:
    url, _, store = own_server
    with httpx.Client(base_url=url, timeout=30) as http:
        sid = upload(http, PARTIES).json()["id"]
        wait_complete(http, sid)
        import_path(store, fixtures / "ofac" / "sdn_2023-12-28", list_name="us_ofac_sdn")
        response = http.post(f"/screenings/{sid}/rescreen")
    assert response.status_code == 409
    assert "looks for new versions every 60 s" in response.json()["detail"]
    assert "us_ofac_sdn" in response.json()["detail"]
