"""An authority and a list label come from the source that parsed the list, never from the
list's name: a list of the user's own named ``us_partners`` is the user's, in every report
format, on the pages and in the API, and ``vet compare --authorities US`` leaves it out; the UN
list imported under a name of the user's own (``security_council``) is still the UN's."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook

from vet.api import BackgroundServer, create_app
from vet.errors import ImportRefused
from vet.scoring import Matcher
from vet.screen.compare import resolve_authority
from vet.screen.run import run_screening
from vet.store import Store, import_path

LISTED = "id,name,schema,countries\np1,Beta Trading Limited,Company,GB\n"
PARTIES = "name,country\nBeta Trading Limited,GB\nBanco Nacional de Cuba,CU\nPaek Chang-Ho,KP\n"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, fixtures: Path) -> Store:
    root = tmp_path_factory.mktemp("jurisdictions")
    store = Store(f"sqlite:///{root / 'vet.db'}")
    import_path(store, fixtures / "ofac" / "sdn_2023-12-28", list_name="us_ofac_sdn")
    mine = root / "partners.csv"
    mine.write_text(LISTED, encoding="utf-8")
    import_path(store, mine, kind="simple_csv", list_name="us_partners")
    un = fixtures / "un" / "consolidated_2026-02-27_excerpt.xml"
    import_path(store, un, list_name="security_council")
    return store


@pytest.fixture(scope="module")
def served(
    store: Store, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[httpx.Client, int]]:
    """A real server over the store, and the id of a screening of PARTIES saved in it."""
    parties = tmp_path_factory.mktemp("parties") / "parties.csv"
    parties.write_text(PARTIES, encoding="utf-8")
    matcher = Matcher.from_store(store)
    info = run_screening(store, matcher, parties, workers=1)
    with (
        BackgroundServer(create_app(store, matcher)) as url,
        httpx.Client(base_url=url, timeout=60) as http,
    ):
        yield http, info.id


def test_the_json_report_puts_the_users_list_under_user(
    served: tuple[httpx.Client, int],
) -> None:
    http, sid = served
    report: dict[str, Any] = http.get(f"/screenings/{sid}/report.json").json()
    authorities = {
        p["input"]["name"]: sorted({a for h in p["hits"] for a in h["authorities"]})
        for p in report["parties"]
    }
    assert authorities == {
        "Beta Trading Limited": ["user"],
        "Banco Nacional de Cuba": ["US"],
        "Paek Chang-Ho": ["UN"],
    }
    columns = {c["list"]: (c["jurisdiction"], c["label"]) for c in report["authorities"]["columns"]}
    # The label, like the jurisdiction, is what the parser that read the list declares; a
    # list under a name of the user's own keeps its authority and is labelled by that name.
    assert columns == {
        "us_ofac_sdn": ("US", "OFAC SDN"),
        "security_council": ("UN", "security_council"),
        "us_partners": ("user", "us_partners"),
    }
    versions = {v["list"]: v["jurisdiction"] for v in report["screening"]["list_versions"]}
    assert versions == {"us_ofac_sdn": "US", "security_council": "UN", "us_partners": "user"}
    rows = {p["name"]: p["jurisdictions"] for p in report["authorities"]["parties"]}
    assert rows["Beta Trading Limited"]["US"] == "not listed"
    assert rows["Beta Trading Limited"]["user"] == "listed"


def test_the_xlsx_report_heads_its_column_user(served: tuple[httpx.Client, int]) -> None:
    http, sid = served
    book = load_workbook(io.BytesIO(http.get(f"/screenings/{sid}/report.xlsx").content))
    headers = {
        str(cell.value) for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
    }
    assert "user: us_partners" in headers
    assert "UN: security_council" in headers
    assert not any(h.startswith("US: us_partners") for h in headers)


@pytest.mark.parametrize("page", ["/screenings/{sid}/report.html", "/web/screenings/{sid}"])
def test_the_html_pages_show_the_users_list_under_user_lists(
    served: tuple[httpx.Client, int], page: str
) -> None:
    http, sid = served
    html = http.get(page.format(sid=sid)).text
    assert "us_partners" in html
    # Every mention of the list sits in the "User lists" part, none in "United States".
    us = html.find("United States")
    user = html.find("User lists")
    assert us >= 0 and user >= 0
    lists_in_us_part = html[us:user] if us < user else html[us:]
    assert "us_partners" not in lists_in_us_part


def test_the_html_pages_keep_the_un_list_under_the_users_name_with_the_un(
    served: tuple[httpx.Client, int],
) -> None:
    http, sid = served
    report = http.get(f"/screenings/{sid}/report.html").text
    # The party's authority grid and the table of lists screened.
    assert (
        '<th scope="row">United Nations</th><td>security_council</td>'
        '<td><span class="listed">listed</span></td><td>DPRK</td>'
    ) in report
    assert "<td>security_council</td><td>United Nations</td>" in report
    page = http.get(f"/web/screenings/{sid}").text
    # The hit's row in the flagged parties' table names the authority.
    assert re.search(
        r'PAEK CHANG-HO</a></td>\s*<td class="num">1.00</td>\s*<td>security_council</td>\s*'
        r'<td class="authorities"><abbr title="United Nations">UN</abbr></td>',
        page,
    )
    hit = http.get(f"/web/screenings/{sid}/hit?row=4&entity=unsc-690747").text
    assert '<th scope="row">Listed by</th><td></td><td>United Nations</td>' in hit


def test_the_api_lists_it_as_the_users(served: tuple[httpx.Client, int]) -> None:
    http, _ = served
    datasets = http.get("/catalog").json()["datasets"]
    lists = {d["name"]: d["jurisdiction"] for d in datasets if d["name"] != "default"}
    assert lists == {"us_ofac_sdn": "US", "security_council": "UN", "us_partners": "user"}


def test_comparing_the_us_leaves_the_users_list_out(store: Store) -> None:
    statuses = store.list_statuses()
    assert resolve_authority(statuses, "US").lists == ("us_ofac_sdn",)
    assert resolve_authority(statuses, "user").lists == ("us_partners",)
    assert resolve_authority(statuses, "UN").lists == ("security_council",)


def test_a_list_of_your_own_under_an_official_lists_name_is_refused(
    store: Store, tmp_path: Path
) -> None:
    mine = tmp_path / "partners.csv"
    mine.write_text(LISTED, encoding="utf-8")
    with pytest.raises(ImportRefused) as refused:
        import_path(store, mine, kind="simple_csv", list_name="us_csl")
    assert str(refused.value) == (
        "partners.csv: 'us_csl' is the name of the US Consolidated Screening List (CSL) (US); "
        "not imported: give this list another name (--name)"
    )
    assert "us_csl" not in {s.name for s in store.list_statuses()}
