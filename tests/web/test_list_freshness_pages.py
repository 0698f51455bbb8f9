"""The home and lists pages say how old each served list is, and warn about stale and
undated ones, in headless Chromium on a real server.

Its store holds the UN Security Council excerpt of 2026-02-27 and the user's
forced-labour list, a simple CSV with no publication date.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from vet.api import ApiSettings, BackgroundServer, create_app
from vet.scoring import Matcher
from vet.store import Store, import_path

UNDATED = "date unknown; WARNING: no publication date in the file; it may be out of date"


@pytest.fixture(scope="module")
def dated_and_undated(tmp_path_factory: pytest.TempPathFactory, fixtures: Path) -> Iterator[str]:
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('fresh') / 'vet.db'}")
    import_path(store, fixtures / "un" / "consolidated_2026-02-27_excerpt.xml")
    import_path(store, fixtures / "user" / "forced_labour.csv", list_name="uflpa")
    settings = ApiSettings(max_age_days=30, list_check_seconds=60)
    with BackgroundServer(create_app(store, Matcher.from_store(store), settings)) as url:
        yield url
    store.close()


def un_dated() -> str:
    age = (date.today() - date(2026, 2, 27)).days
    assert age > 30  # the excerpt is stale whenever this runs
    return f"published 2026-02-27; {age} days old; STALE: older than 30 days"


def test_home_page_shows_each_lists_age_and_warns(dated_and_undated: str, page: Any) -> None:
    page.goto(f"{dated_and_undated}/web/")
    lists = page.get_by_role("group", name="Lists to screen against")
    expect(lists).to_contain_text(f"version 1, {un_dated()})")
    expect(lists).to_contain_text(f"version 2, {UNDATED})")
    expect(lists).not_to_contain_text(re.compile(r"\b0 days"))
    expect(page.locator("#stale-lists")).to_have_text(
        "2 of 2 lists are older than 30 days or undated: a party found on none of them may "
        "be listed in a newer version. Update them with vet lists update."
    )


def test_lists_page_shows_ages_and_says_new_versions_are_served_live(
    dated_and_undated: str, page: Any
) -> None:
    page.goto(f"{dated_and_undated}/web/lists")
    intro = page.locator("#lists-intro")
    expect(intro).not_to_contain_text("restart the server")
    expect(intro).to_contain_text(
        "This server looks for new active versions every 60 seconds and serves them once "
        "loaded, without a restart."
    )
    expect(page.locator("#freshness-un_sc")).to_have_text(un_dated())
    expect(page.locator("#freshness-uflpa")).to_have_text(UNDATED)
    versions = page.get_by_role("table", name="Versions of uflpa, newest first")
    row = versions.locator("tbody tr").first
    expect(row.locator("td").nth(0)).to_have_text("date unknown")
    expect(row.locator("td").nth(1)).to_have_text(
        "date unknown WARNING: no publication date in the file; it may be out of date"
    )
