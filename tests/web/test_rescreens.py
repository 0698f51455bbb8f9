"""Re-screening from a screening's page, in headless Chromium.

A screening saved against the 2020 UN list (before the store got the 2026
version and OFAC's SDN list) is re-screened with the page's button: the page
that follows shows the new hit, the changed listed records and the delisted
party, and links to the new screening.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from vet.index import build_index
from vet.scoring import DEFAULT_CONFIG, Matcher
from vet.screen.staged import fill_started, start_screening
from vet.store import Store
from vet.store.keys import create_key
from vet.store.screenings import list_screenings

PARTIES = """name,country,id
Tanchon Commercial Bank,North Korea,P-1
Bosco Taganda,,P-2
Aqsa Mahmood,GB,P-3
Northwind Traders Ltd,GB,P-4
Banco Nacional de Cuba,CU,P-5
Paek Chang-ho,,P-6
Lionel Dumont,,P-7
"""
"""In the 2026 UN excerpt, Taganda's, Mahmood's and Paek's records changed and Dumont is
gone; Banco Nacional de Cuba is on OFAC's SDN list, which the first screening lacked."""


def cells(row: Any) -> list[str]:
    texts: list[str] = row.locator("th, td").all_inner_texts()
    return [" ".join(t.split()) for t in texts]


def screen_on_first_un_version(store: Store, path: Path, name: str) -> int:
    """A screening saved as the server would have saved it while it served UN version 1."""
    (first,) = [v for v in store.versions("un_sc") if v.published and v.published.year == 2020]
    index = build_index(
        [(first.list_name, store.raw_entities(first.id))],
        key=f"test-un-{first.id}",
        kind_weights=DEFAULT_CONFIG.kind_weights,
        rarity_floor=DEFAULT_CONFIG.rarity_floor,
    )
    matcher = Matcher(index, DEFAULT_CONFIG)
    started = start_screening(store, path, versions=[first], threshold=matcher.threshold, name=name)
    return fill_started(store, matcher, started).id


@pytest.fixture(scope="module")
def old_screening(web: Any, tmp_path_factory: pytest.TempPathFactory) -> int:
    path = tmp_path_factory.mktemp("before") / "suppliers.csv"
    path.write_text(PARTIES, encoding="utf-8")
    return screen_on_first_un_version(web.store, path, "before the update")


def test_rescreen_shows_what_changed(web: Any, page: Any, old_screening: int) -> None:
    page.goto(f"{web.url}/web/screenings/{old_screening}")
    rescreen = page.get_by_role("region", name="Re-screen")
    expect(rescreen).to_contain_text(
        "Newer since this screening: un_sc version 2, published 2026-02-27 (this screening: 1); "
        "us_ofac_sdn version 3 (not screened before)."
    )
    rescreen.get_by_role("button", name="Re-screen against current lists").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "What changed since before the update"
    )
    expect(page.locator("#rescreen-summary")).to_have_text(
        "Re-screened 7 parties of 'before the update' as 'before the update (rescreen)' "
        "(lists changed: un_sc 1 -> 2, added us_ofac_sdn (version 3)): 1 new hits (1 list added), "
        "3 changed, 1 delisted (1 record removed), 0 no longer matching."
    )
    new = page.get_by_role("table", name="New hits: 1")
    assert [cells(r)[:5] + cells(r)[6:] for r in new.locator("tbody tr").all()] == [
        [
            "6",
            "Banco Nacional de Cuba",
            "BANCO NACIONAL DE CUBA",
            "OFAC SDN",
            "",
            "The list was not screened before: us_ofac_sdn version 3 is new here.",
        ],
    ]
    changed = page.get_by_role("table", name="Changed listed records: 3")
    rows = [cells(r) for r in changed.locator("tbody tr").all()]
    assert [r[:4] for r in rows] == [
        ["3", "Bosco Taganda", "BOSCO TAGANDA", "UN Security Council"],
        ["4", "Aqsa Mahmood", "AQSA MAHMOOD", "UN Security Council"],
        ["7", "Paek Chang-ho", "PAEK CHANG-HO", "UN Security Council"],
    ]
    assert rows[2][-1] == "The listed record changed. un_sc.gender: male"
    assert "un_sc.country: nl → be" in rows[0][-1]
    delisted = page.get_by_role("table", name="Delisted: 1")
    assert [cells(r)[:4] + cells(r)[5:] for r in delisted.locator("tbody tr").all()] == [
        [
            "8",
            "Lionel Dumont",
            "LIONEL DUMONT",
            "UN Security Council",
            "not listed",
            "Removed from the list: on un_sc version 1, not on un_sc version 2.",
        ],
    ]
    expect(page.get_by_role("region", name="No longer matching (0)")).to_contain_text("None.")
    layout = page.evaluate(
        """() => ({
          uncaptioned: [...document.querySelectorAll('table')]
            .filter(t => !t.caption || !t.caption.textContent.trim()).length,
          h1: document.querySelectorAll('h1').length,
        })"""
    )
    assert layout == {"uncaptioned": 0, "h1": 1}

    # The delisted hit opens in the old screening, where it was a hit.
    delisted.get_by_role("link", name="LIONEL DUMONT").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile("^Row 8: Lionel Dumont or LIONEL DUMONT")
    )
    page.go_back()
    page.get_by_role("link", name="before the update (rescreen)").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("before the update (rescreen)")
    expect(page.locator(".note")).to_contain_text("A re-screening of before the update")
    expect(page.locator("#lists-screened")).to_have_text(
        "UN Security Council (version 2, published 2026-02-27); OFAC SDN (version 3)"
    )


def test_rescreen_is_refused_from_another_site_and_without_a_key(
    web: Any, keyed_web: Any, old_screening: int
) -> None:
    count = len(list_screenings(web.store))
    url = f"/web/screenings/{old_screening}/rescreen"
    with httpx.Client(base_url=web.url, timeout=30) as http:
        response = http.post(url, headers={"Origin": "http://attacker.example"})
    assert response.status_code == 403
    assert "was not sent from vet&#39;s own pages" in response.text
    with httpx.Client(base_url=keyed_web.url, timeout=30) as http:
        response = http.post(url, headers={"Origin": keyed_web.url})
        assert response.status_code == 303
        assert response.headers["location"].startswith("/web/login?")
        _, secret = create_key(keyed_web.store, "rescreen reviewer")
        http.cookies.set("vet_key", secret)
        response = http.post(url, headers={"Origin": keyed_web.url})
        assert response.status_code == 303
        assert re.fullmatch(r"/web/screenings/\d+/changes", response.headers["location"])
    assert len(list_screenings(web.store)) == count + 1
