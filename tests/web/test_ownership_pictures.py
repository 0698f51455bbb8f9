"""Parties flagged through their owners, drawn as graphs on the screening page and in the
HTML report, in headless Chromium.

The server's store holds the OFAC SDN, UK OFSI and UN excerpts and the example ownership
file ``tests/fixtures/ownership/supplier_owners.csv`` (its owners are real listed parties,
the companies they own are invented; see tests/screen/test_ownership.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from screened import screen

from vet.api import BackgroundServer, create_app
from vet.scoring import Matcher
from vet.store import Store, import_path
from vet.store.ownership import import_ownership

LIST_FILES = (
    "ofac/sdn_2023-12-28/sdn.csv",
    "uk/ofsi_conlist_excerpt.csv",
    "un/consolidated_2026-02-27_excerpt.xml",
)
PARTIES = """name,country
Horizon Ship Management Ltd,AE
Taedong Trade Settlement Co,KP
Northwind Traders Ltd,GB
"""
"""Row 2 is owned 50% by Gulf Horizon Shipping FZE, itself 60% owned by the SDN-listed
National Iranian Tanker Company (OFAC 50% rule); row 3 is owned 30% and 25% by two
UN-listed parties (the EU rule adds them up); row 4 is owned by no one known."""


@pytest.fixture(scope="module")
def owned(tmp_path_factory: pytest.TempPathFactory, fixtures: Path) -> Iterator[str]:
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('owners') / 'vet.db'}")
    for name in LIST_FILES:
        import_path(store, fixtures / name)
    import_ownership(store, fixtures / "ownership" / "supplier_owners.csv")
    with BackgroundServer(create_app(store, Matcher.from_store(store))) as url:
        yield url
    store.close()


def graph_words(figure: Any) -> str:
    """A graph's title and description, once it is seen drawn with a size."""
    svg = figure.locator("svg")
    expect(svg).to_be_visible()
    box = svg.bounding_box()
    assert box is not None and box["width"] > 200 and box["height"] > 40
    assert svg.get_attribute("role") == "img"
    title = svg.locator(":scope > title").text_content()
    return f"{title}: {svg.locator(':scope > desc').text_content()}"


HORIZON = (
    "Ownership and control of Horizon Ship Management Ltd: "
    "NATIONAL IRANIAN TANKER COMPANY holds 60% of Gulf Horizon Shipping FZE. "
    "Gulf Horizon Shipping FZE holds 50% of Horizon Ship Management Ltd. "
    "NATIONAL IRANIAN TANKER COMPANY is listed (OFAC Specially Designated Nationals and "
    "Blocked Persons List (SDN): IFCA, IFSR, IRAN, SDGT). OFAC 50% rule: 50% counted"
)


@pytest.mark.slow
def test_owners_are_drawn_on_the_page_and_in_the_report(owned: str, page: Any) -> None:
    screening_id = screen(owned, "owners", "", PARTIES)
    page.goto(f"{owned}/web/screenings/{screening_id}")
    section = page.get_by_role("region", name="Owned or controlled by listed parties")
    figures = section.locator("figure")
    expect(figures).to_have_count(2)
    assert graph_words(page.locator("#owners-row-2")) == HORIZON
    taedong = graph_words(page.locator("#owners-row-3"))
    assert "EU ownership or control: 55% counted" in taedong
    # The graph's boxes and arrows carry words: a print in black and white loses nothing.
    texts = page.locator("#owners-row-2 svg text").all_text_contents()
    assert {"60%", "50%", "screened party", "LISTED: OFAC Specially Design…"} <= set(texts)
    expect(page.locator("#owners-row-2 figcaption")).to_contain_text(
        "Row 2: Horizon Ship Management Ltd. OFAC 50% rule: owned 50% in aggregate"
    )

    page.get_by_role("link", name="Page to read and print (HTML)").click()
    party = page.locator("details.party#row-2")
    party.locator("summary").click()
    assert graph_words(party.locator("figure.picture")) == HORIZON
    page.emulate_media(media="print")
    expect(page.locator("details.party#row-3 figure.picture svg")).to_be_visible()
