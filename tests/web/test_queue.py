"""The review queue in Chromium: filter a screening's hits, assign parties to reviewers."""

from __future__ import annotations

from typing import Any

import httpx
from playwright.sync_api import expect
from screened import screen


def rows_shown(page: Any) -> list[str]:
    table = page.locator("table.queue")
    if table.count() == 0:
        return []
    texts: list[str] = table.locator("tbody tr td:nth-child(2)").all_inner_texts()
    return texts


def test_filter_by_list_status_and_reviewer_and_assign(web: Any, page: Any) -> None:
    screening_id = screen(web.url, "queue fair", "QUEUE")
    page.goto(f"{web.url}/web/screenings/{screening_id}")
    page.get_by_role("link", name="Review queue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review queue: queue fair")
    expect(page.locator("caption")).to_have_text("4 hits in the queue")
    assert rows_shown(page) == ["2", "3", "4", "6"]

    filters = page.get_by_role("form", name="Filters")
    filters.get_by_label("List", exact=True).select_option("us_ofac_sdn")
    filters.get_by_role("button", name="Show").click()
    assert rows_shown(page) == ["6"]
    filters.get_by_label("List", exact=True).select_option("")
    page.goto(f"{web.url}/web/screenings/{screening_id}/queue?min=1.5")
    expect(page.get_by_role("alert")).to_contain_text("give a score between 0 and 1")
    page.goto(f"{web.url}/web/screenings/{screening_id}/queue")

    page.get_by_label("Assign row 2: Tanchon Commercial Bank").check()
    page.get_by_label("Assign row 3: Bosco Taganda").check()
    page.get_by_label("Assign the ticked parties to").fill("Ana")
    page.get_by_role("button", name="Assign").click()
    expect(page.get_by_role("status")).to_have_text("Assigned 2 part(ies).")
    filters.get_by_label("Assigned to").select_option("Ana")
    filters.get_by_role("button", name="Show").click()
    assert rows_shown(page) == ["2", "3"]
    filters.get_by_label("Assigned to").select_option("(unassigned)")
    filters.get_by_role("button", name="Show").click()
    assert rows_shown(page) == ["4", "6"]

    # A decided hit leaves the open queue and shows under "decided".
    with httpx.Client(base_url=web.url, timeout=30) as http:
        made = http.post(
            f"/screenings/{screening_id}/decisions",
            json={"row": 4, "entity_id": "unsc-6908473", "decision": "match", "reviewer": "Ana"},
        )
        assert made.status_code == 201
    page.reload()
    assert rows_shown(page) == ["6"]
    filters.get_by_label("Status").select_option("decided")
    filters.get_by_role("button", name="Show").click()
    assert rows_shown(page) == ["4"]
    expect(page.locator("table.queue tbody tr")).to_contain_text("decided: match by Ana")
