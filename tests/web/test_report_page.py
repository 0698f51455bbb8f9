"""The HTML report in Chromium: compact on screen (parties folded), whole on paper.

The report of the parties of ``conftest`` (rows 2, 3, 4, 6 flagged) as the server writes
it, opened as a page.
"""

from __future__ import annotations

from typing import Any

import httpx
from playwright.sync_api import expect
from screened import screen


def report_html(url: str) -> str:
    screening_id = screen(url, "report page", "REPORT")
    with httpx.Client(base_url=url, timeout=30) as http:
        return http.get(f"/screenings/{screening_id}/report.html").text


def test_report_shows_pictures_first_parties_folded_and_prints_everything(
    web: Any, page: Any
) -> None:
    page.set_content(report_html(web.url))
    headings = page.locator("main h2").all_inner_texts()
    assert headings[:2] == ["At a glance", "Possible matches"]
    for picture in page.locator("figure.picture svg").all():
        box = picture.bounding_box()
        assert box is not None and box["width"] > 50 and box["height"] > 50
        assert picture.get_attribute("role") == "img"
        assert picture.locator(":scope > desc").text_content()

    parties = page.locator("details.party")
    assert parties.count() == 4
    first = parties.first
    expect(first.locator("summary")).to_contain_text(
        "Row 2: Tanchon Commercial Bank open · 1 hit, best TANCHON COMMERCIAL BANK (1.00)"
        " · not reviewed yet"
    )
    why = first.locator(".explanation")
    expect(why).to_be_hidden()
    folded = page.evaluate("document.documentElement.scrollHeight")
    first.locator("summary").click()
    expect(why).to_be_visible()
    first.locator("summary").click()

    # On paper every party is unfolded.
    page.emulate_media(media="print")
    expect(why).to_be_visible()
    expect(parties.last.locator(".explanation").first).to_be_visible()
    printed = page.evaluate("document.documentElement.scrollHeight")
    page.emulate_media(media="screen")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    unfolded = page.evaluate("document.documentElement.scrollHeight")
    assert folded < unfolded / 2
    print(f"report height (px): folded {folded}, all open {unfolded}, print media {printed}")
