"""A screening's page in headless Chromium: how old each list screened was, and the pictures
(each drawn with a size and carrying its words).

The screening is of the parties of ``conftest`` against its store: the UN Security Council
excerpt of 2026-02-27 and the OFAC SDN excerpt of 2023-12-28 (its CSV files carry no
date): both count as stale.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from playwright.sync_api import expect
from screened import screen
from test_rescreens import PARTIES as RESCREENED
from test_rescreens import screen_on_first_un_version


def age_on(published: date, screened: date) -> str:
    return f"{(screened - published).days} days"


def test_lists_screened_show_their_age_and_warn_when_stale(web: Any, page: Any) -> None:
    screening_id = screen(web.url, "lists age", "AGE")
    page.goto(f"{web.url}/web/screenings/{screening_id}")
    expect(page.locator("#stale-lists")).to_have_text(
        "2 of 2 lists were older than 30 days or undated when screened (un_sc us_ofac_sdn): "
        "a party found on none of them may be listed in a newer version."
    )
    table = page.get_by_role("table", name="The list versions this screening used")
    rows = [
        [" ".join(c.split()) for c in r.locator("th, td").all_inner_texts()]
        for r in table.locator("tbody tr").all()
    ]
    today = date.today()
    assert rows == [
        ["UN Security Council", "2", "2026-02-27", age_on(date(2026, 2, 27), today),
         "STALE: older than 30 days"],
        ["OFAC SDN", "3", "date unknown", "date unknown",
         "WARNING: no publication date in the file; it may be out of date"],
    ]  # fmt: skip


def drawn(page: Any, figure: Any) -> str:
    """The words a picture carries (its title and description), once it is seen drawn with a
    size in the page."""
    svg = figure.locator("svg")
    expect(svg).to_be_visible()
    box = svg.bounding_box()
    assert box is not None and box["width"] > 50 and box["height"] > 30
    assert svg.get_attribute("role") == "img"
    title = svg.locator(":scope > title").text_content() or ""
    desc = svg.locator(":scope > desc").text_content() or ""
    assert title and desc
    # The accessible name is what a screen reader says: title and description.
    labelled = (svg.get_attribute("aria-labelledby") or "").split()
    assert len(labelled) == 2 and page.locator(f"#{labelled[1]}").text_content() == desc
    return f"{title}: {desc}"


def test_the_page_draws_its_pictures(web: Any, page: Any) -> None:
    screening_id = screen(web.url, "lists age picture", "AGEPIC")
    page.goto(f"{web.url}/web/screenings/{screening_id}")
    glance = page.get_by_role("region", name="At a glance").locator("figure")
    assert [drawn(page, glance.nth(i)).split(":")[0] for i in range(glance.count())] == [
        "Which authorities list each flagged party",
        "Scores of the hits against the threshold",
    ]
    words = drawn(page, page.locator("#freshness-picture"))
    assert words.startswith("How old each list is: UN Security Council: published 2026-02-27; ")
    assert "STALE: older than 30 days; OFAC SDN: date unknown; WARNING" in words


def test_a_rescreening_draws_what_changed_on_its_page_and_in_its_report(
    web: Any, page: Any, tmp_path: Path
) -> None:
    path = tmp_path / "suppliers.csv"
    path.write_text(RESCREENED, encoding="utf-8")
    old = screen_on_first_un_version(web.store, path, "before the update (pictures)")
    page.goto(f"{web.url}/web/screenings/{old}")
    page.get_by_role("button", name="Re-screen against current lists").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "What changed since before the update (pictures)"
    )
    said = (
        "What changed since the earlier screening: New hits: 1 (1 list added); "
        "Changed listed records: 3 (3 record changed); Delisted: 1 (1 record removed); "
        "No longer matching: 0"
    )
    assert drawn(page, page.locator("#changes-picture")) == said

    # The re-screening's report opens with the same picture, and every picture draws.
    page.get_by_role("link", name="before the update (pictures) (rescreen)").first.click()
    page.get_by_role("link", name="Page to read and print (HTML)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Screening report: before the update (pictures) (rescreen)"
    )
    expect(page.locator("#changes-summary")).to_have_text(
        "A re-screening of before the update (pictures): 5 hits changed."
    )
    figures = page.locator("figure.picture")
    said_in_report = [drawn(page, figures.nth(i)) for i in range(figures.count())]
    assert [s.split(":")[0] for s in said_in_report] == [
        "Which authorities list each flagged party",
        "Scores of the hits against the threshold",
        "What changed since the earlier screening",
        "How old each list is",
    ]
    assert said in said_in_report


def test_printed_pictures_fit_the_page(web: Any, page: Any) -> None:
    screening_id = screen(web.url, "printed pictures", "PRINT")
    page.set_viewport_size({"width": 600, "height": 800})  # narrower than the authority grid
    page.goto(f"{web.url}/screenings/{screening_id}/report.html")
    page.emulate_media(media="print")
    width = page.evaluate("document.documentElement.clientWidth")
    for svg in page.locator("figure.picture svg").all():
        box = svg.bounding_box()
        assert box is not None and 50 < box["width"] <= width and box["height"] > 30
