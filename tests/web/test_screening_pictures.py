"""A screening's page in headless Chromium: how old each list screened was, and the pictures
(each drawn with a size and carrying its words).

The screening is of the parties of ``conftest`` against its store: the UN Security Council
excerpt of 2026-02-27 and the OFAC SDN excerpt of 2023-12-28 (its CSV files carry no
date): both count as stale.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from playwright.sync_api import expect
from screened import screen


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
