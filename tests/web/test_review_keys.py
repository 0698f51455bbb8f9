"""Deciding hits with the keyboard shortcuts of the review page, in Chromium: m, f, u, n."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect
from screened import screen


def test_m_f_u_pick_the_answer_and_n_skips_to_the_next_hit(web: Any, page: Any) -> None:
    screening_id = screen(web.url, "keyboard review", "KEYS")
    page.goto(f"{web.url}/web/screenings/{screening_id}/review")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Row 2: Tanchon Commercial Bank or TANCHON COMMERCIAL BANK?")
    expect(page.locator("#shortcuts")).to_contain_text("m match, f false positive, u unsure")
    page.get_by_label("Your name").fill("Ana")

    # Typed into a field, the letters stay there.
    page.get_by_label("Reason").type("fun")
    expect(page.get_by_label("Reason")).to_have_value("fun")
    expect(heading).to_contain_text("Row 2")

    page.locator("h1").click()  # out of the fields
    page.keyboard.press("n")
    expect(heading).to_have_text("Row 3: Bosco Taganda or BOSCO TAGANDA?")
    page.get_by_label("Your name").fill("Ana")
    page.locator("h1").click()
    page.keyboard.press("u")
    expect(page.get_by_label("Unsure")).to_be_checked()
    page.keyboard.press("f")
    expect(page.get_by_label("False positive")).to_be_checked()
    expect(page.get_by_role("button", name="Record decision")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text(
        "Recorded: false positive for row 3. Next hit to review:"
    )
    # Row 2 was skipped, not decided: it is still the first to review.
    expect(heading).to_contain_text("Row 2: Tanchon Commercial Bank")
    page.locator("h1").click()
    page.keyboard.press("m")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text(
        "Recorded: match for row 2. Next hit to review:"
    )
    expect(heading).to_contain_text("Row 4: Aqsa Mahmood")
