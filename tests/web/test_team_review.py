"""A team reviews in Chromium: upload to every decision approved by a second reviewer.

A server requiring API keys, with four-eyes review on, over the store of ``conftest``
(UN and OFAC excerpts). Ana's key and Ben's key name two reviewers. The parties carry
own ids of this test's, so decisions made by other tests do not apply to them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from screened import fair

from vet.api import ApiSettings, BackgroundServer, create_app
from vet.scoring import Matcher
from vet.store import Store
from vet.store.audit import verify_audit
from vet.store.keys import create_key

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class TeamServer:
    url: str
    store: Store


@pytest.fixture(scope="module")
def team_web(web_store: Store, web_matcher: Matcher) -> Iterator[TeamServer]:
    settings = ApiSettings(require_keys=True, key_cache_seconds=0, four_eyes=True)
    app = create_app(web_store, web_matcher, settings)
    with BackgroundServer(app) as url:
        yield TeamServer(url, web_store)


def sign_in(page: Any, url: str, secret: str) -> None:
    page.goto(f"{url}/web/")
    page.get_by_label("API key").fill(secret)
    page.get_by_role("button", name="Sign in").click()


def check_pictures(page: Any) -> None:
    """Each picture is drawn (has a size) and says in words what it shows."""
    glance = page.get_by_role("region", name="At a glance")
    pictures = glance.locator("svg")
    assert pictures.count() == 2
    for name in ("Which authorities list each flagged party", "Scores of the hits"):
        expect(glance.get_by_role("img", name=re.compile(name))).to_be_visible()
    for i in range(2):
        picture = pictures.nth(i)
        box = picture.bounding_box()
        assert box is not None and box["width"] > 50 and box["height"] > 50
        assert picture.locator(":scope > title").text_content().strip()
        assert picture.locator(":scope > desc").text_content().strip()
    grid = pictures.nth(0).locator(":scope > desc").text_content()
    assert "Tanchon Commercial Bank" in grid


def test_upload_decide_in_bulk_and_approve_by_a_second_reviewer(
    team_web: TeamServer, page: Any, tmp_path: Path
) -> None:
    _, ana = create_key(team_web.store, "ana-laptop", reviewer="Ana")
    _, ben = create_key(team_web.store, "ben-laptop", reviewer="Ben")
    parties = tmp_path / "team_fair.csv"
    parties.write_text(fair("TEAM"), encoding="utf-8")  # 300 exhibitors, 4 listed

    sign_in(page, team_web.url, ana)
    expect(page.get_by_role("navigation", name="Main")).to_contain_text("Signed in as Ana")
    page.get_by_label("File of parties").set_input_files(parties)
    page.get_by_label("Name of the screening").fill("Team fair")
    page.get_by_role("button", name="Screen").click()
    summary = page.locator("#summary")
    expect(summary).to_have_text("4 of 300 parties have possible matches.")
    check_pictures(page)

    # One decision, one reason, for the three UN hits.
    bulk = page.get_by_role("region", name="Decide several hits at once")
    bulk.get_by_label("On list").select_option("un_sc")
    bulk.get_by_label("False positive").check()
    bulk.get_by_label("Reason").fill("other parties: registry checked")
    bulk.get_by_role("button", name="Record for the selected hits").click()
    expect(page.get_by_role("status")).to_have_text("Recorded one decision on each selected hit.")
    expect(summary).to_have_text(
        "4 of 300 parties have possible matches. 3 decisions await a second reviewer's approval."
    )

    # The last hit on its own page.
    page.get_by_role("link", name="Review the next undecided hit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Row 6: Banco Nacional de Cuba or BANCO NACIONAL DE CUBA?"
    )
    page.get_by_label("Match").check()
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Team fair")
    approvals = page.get_by_role("region", name="Awaiting approval")
    table = approvals.get_by_role("table", name="4 decisions awaiting a second reviewer")
    expect(table.locator("tbody tr")).to_have_count(4)

    # Ana cannot approve her own decisions.
    approvals.get_by_role("button", name="Approve all not made by me").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "No decision awaiting approval was made by someone other than Ana"
    )

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, team_web.url, ben)
    page.get_by_role("link", name="Team fair").first.click()
    expect(page.get_by_role("navigation", name="Main")).to_contain_text("Signed in as Ben")
    check_pictures(page)
    approvals = page.get_by_role("region", name="Awaiting approval")
    approvals.get_by_label("Approve row 6: BANCO NACIONAL DE CUBA").check()
    approvals.get_by_role("button", name="Approve the ticked decisions").click()
    expect(page.get_by_role("status")).to_have_text("Approved: the decisions are final.")
    expect(summary).to_have_text(
        "4 of 300 parties have possible matches: 1 confirmed, 3 to review. "
        "3 decisions await a second reviewer's approval."
    )
    page.get_by_role("region", name="Awaiting approval").get_by_role(
        "button", name="Approve all not made by me"
    ).click()
    expect(summary).to_have_text(
        "4 of 300 parties have possible matches: 1 confirmed, 3 false positives, 0 to review."
    )
    expect(page.get_by_role("region", name="Awaiting approval")).to_contain_text(
        "No decision awaits approval."
    )
    flagged = page.get_by_role("table", name=re.compile("Each hit of each flagged party"))
    first = flagged.locator("tbody tr").first
    expect(first).to_contain_text("cleared")
    expect(first).to_contain_text("(other parties: registry checked), approved by Ben")
    assert verify_audit(team_web.store.engine).intact
