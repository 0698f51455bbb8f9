"""The known-good list in Chromium: a false positive cleared for future screenings."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx
from playwright.sync_api import expect
from screened import screen

TANCHON = "unsc-690752"


def test_a_false_positive_is_cleared_until_a_date_and_listed(web: Any, page: Any) -> None:
    screening_id = screen(web.url, "known good fair", "GOOD")
    hit = f"{web.url}/web/screenings/{screening_id}/hit?row=2&entity={TANCHON}"
    page.goto(hit)
    assert page.get_by_role("region", name="Known good").count() == 0  # not decided yet
    with httpx.Client(base_url=web.url, timeout=30) as http:
        made = http.post(
            f"/screenings/{screening_id}/decisions",
            json={"row": 2, "entity_id": TANCHON, "decision": "false_positive", "reviewer": "Ana"},
        )
        assert made.status_code == 201
    page.goto(hit)
    known = page.get_by_role("region", name="Known good")
    until = date.today() + timedelta(days=90)
    known.get_by_label("Why it is a different party").fill("registry: other bank")
    known.get_by_label("Cleared until").fill(until.isoformat())
    known.get_by_label("Your name").fill("Ana")
    known.get_by_role("button", name="Add to the known-good list").click()
    expect(page.get_by_role("status")).to_have_text(f"On the known-good list until {until}.")
    expect(page.get_by_role("region", name="Known good")).to_contain_text(
        f"On the known-good list until {until}"
    )
    page.get_by_role("link", name="known-good list").click()
    row = page.get_by_role("table", name="1 clearance, newest first").locator("tbody tr")
    expect(row).to_contain_text("Tanchon Commercial Bank")
    expect(row).to_contain_text("registry: other bank")
    expect(row).to_contain_text("active")
