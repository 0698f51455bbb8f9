"""Why each party is listed, on the page, in headless Chromium: each hit's topics and
authorities in the flagged parties and on the hit's page, and the flagged parties filtered
by topic as `vet screen --topics` filters them."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect
from screened import screen


def flagged_rows(page: Any) -> list[dict[str, str]]:
    """The flagged parties' hits: row, party, authorities and why listed."""
    table = page.get_by_role("table", name=re.compile("Each hit of each flagged party"))
    headers = [" ".join(t.split()) for t in table.locator("thead th").all_inner_texts()]
    found = []
    for line in table.locator("tbody tr").all():
        texts = [" ".join(t.split()) for t in line.locator("th, td").all_inner_texts()]
        found.append(dict(zip(headers, texts, strict=True)))
    return found


def test_topics_and_authorities_shown_and_filtered(web: Any, page: Any) -> None:
    screening_id = screen(web.url, "topics fair", "TOPICS", seconds=90)
    page.goto(f"{web.url}/web/screenings/{screening_id}")
    shown = {
        (r["Row"], r["Party"]): (r["Authorities"], r["Why listed"]) for r in flagged_rows(page)
    }
    assert shown == {
        ("2", "Tanchon Commercial Bank"): ("UN", "Weapons proliferation; Country programme"),
        ("3", "Bosco Taganda"): ("UN", "Country programme"),
        ("4", "Aqsa Mahmood"): ("UN", "Terrorism"),
        ("6", "Banco Nacional de Cuba"): ("US", "Country programme"),
    }
    expect(page.locator("abbr", has_text="UN").first).to_have_attribute("title", "United Nations")

    topics = page.get_by_role("form", name="Filter by topic")
    expect(topics.get_by_label("Terrorism (1)")).not_to_be_checked()
    topics.get_by_label("Terrorism (1)").check()
    topics.get_by_label("Weapons proliferation (1)").check()
    topics.get_by_role("button", name="Show").click()
    expect(page.locator("#topic-note")).to_contain_text(
        "Showing 2 of 4 flagged parties: those with a hit listed for "
        "weapons proliferation or terrorism"
    )
    assert [r["Row"] for r in flagged_rows(page)] == ["2", "4"]
    matrix = page.get_by_role("table", name=re.compile("For each flagged party"))
    expect(matrix.locator("tbody tr")).to_have_count(2)
    topics = page.get_by_role("form", name="Filter by topic")
    expect(topics.get_by_label("Terrorism (1)")).to_be_checked()

    page.get_by_role("link", name="Show every flagged party").click()
    assert [r["Row"] for r in flagged_rows(page)] == ["2", "3", "4", "6"]

    # The hit's page says who lists the party and why, listing by listing.
    page.get_by_role("link", name="AQSA MAHMOOD").click()
    facts = page.get_by_role("table", name="The screened party beside the listed record")
    expect(facts.get_by_role("row", name=re.compile("^Listed by"))).to_contain_text(
        "United Nations"
    )
    expect(facts.get_by_role("row", name=re.compile("^Why listed"))).to_contain_text("Terrorism")


def test_an_unknown_topic_is_refused_naming_the_vocabulary(web: Any, page: Any) -> None:
    screening_id = screen(web.url, "topics typo fair", "TYPO", seconds=90)
    response = page.goto(f"{web.url}/web/screenings/{screening_id}?topic=human_right")
    assert response is not None and response.status == 400
    expect(page.get_by_role("alert")).to_contain_text("unknown topic(s) human_right")
