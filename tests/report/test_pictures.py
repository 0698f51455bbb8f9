"""The SVG pictures: well-formed, escaped, and saying in words what they draw."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from xml.etree.ElementTree import Element

import pytest
from defusedxml.ElementTree import fromstring

from vet.report import ReportMeta
from vet.report.figures import ownership_figure
from vet.report.html import render_html
from vet.report.meta import count_changes
from vet.report.pictures import (
    Link,
    authority_grid,
    change_bars,
    freshness_bars,
    ownership_graph,
    score_histogram,
)
from vet.screen import OwnershipNote, Screening
from vet.screen.model import Holding
from vet.screen.ownership import OFAC_RULE
from vet.screen.rescreen import DELISTED, LIST_ADDED, NEW, NEW_RECORD, RECORD_REMOVED, HitChange
from vet.store import freshness

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "Evil <script>alert(1)</script> & Co"


def parsed(markup: str) -> Element:
    root: Element = fromstring(markup)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    labelled = (root.get("aria-labelledby") or "").split()
    ids = {e.get("id") for e in root.iter() if e.get("id")}
    assert labelled and set(labelled) <= ids
    return root


def words(root: Element, tag: str) -> str:
    found = root.find(f"{SVG}{tag}")
    assert found is not None
    return found.text or ""


def drawn_text(root: Element) -> list[str]:
    return [e.text or "" for e in root.iter(f"{SVG}text")]


def test_grid_says_who_lists_each_party_in_words_and_marks() -> None:
    root = parsed(
        authority_grid(
            [(HOSTILE, ("listed", "not listed", "not screened")), ("Acme", ("not listed",) * 3)],
            ("US", "UK", "EU"),
        )
    )
    assert words(root, "desc") == f"{HOSTILE}: listed by US; Acme: listed by none of them"
    texts = drawn_text(root)
    assert texts[:3] == ["US", "UK", "EU"]
    # Colour is never the only mark: a print in black and white still reads.
    assert texts.count("listed") == 1 and texts.count("n/s") == 1 and texts.count("–") == 4


def test_histogram_counts_hits_per_band_and_the_borderline_ones() -> None:
    root = parsed(score_histogram([0.81, 0.83, 0.9, 0.99, 1.0], 0.8))
    desc = words(root, "desc")
    assert desc.startswith("5 hits at or above the threshold 0.80; 2 of them within 0.05")
    assert "0.80–0.85: 2" in desc and "0.95–1.00: 2" in desc
    assert "threshold 0.80" in drawn_text(root)


def test_histogram_with_no_hit_still_draws() -> None:
    root = parsed(score_histogram([], 0.8))
    assert words(root, "desc").startswith("0 hits")


def test_ownership_graph_follows_the_chain_to_the_listed_owner() -> None:
    root = parsed(
        ownership_graph(
            "Screened Ltd",
            [Link("Holding BV", "Screened Ltd", 60.0), Link(HOSTILE, "Holding BV", None)],
            {HOSTILE: "OFAC SDN: RUSSIA-EO14024"},
            ["OFAC 50%: aggregate 60%"],
        )
    )
    desc = words(root, "desc")
    assert "Holding BV holds 60% of Screened Ltd" in desc
    assert f"{HOSTILE} controls Holding BV" in desc
    assert f"{HOSTILE} is listed (OFAC SDN: RUSSIA-EO14024)" in desc
    texts = drawn_text(root)
    assert {"60%", "controls", "screened party", "OFAC 50%: aggregate 60%"} <= set(texts)
    assert "LISTED: OFAC SDN: RUSSIA-EO14…" in texts  # the listing in words, for print


def test_freshness_follows_the_one_staleness_rule() -> None:
    on = date(2026, 12, 4)
    root = parsed(
        freshness_bars(
            [
                ("OFAC SDN", freshness(date(2026, 11, 30), 30, on)),
                ("UN Security Council", freshness(date(2026, 2, 27), 30, on)),
                ("My list", freshness(None, 30, on)),
            ],
            when=" when screened",
        )
    )
    assert words(root, "desc") == (
        "OFAC SDN: published 2026-11-30; 4 days old when screened; "
        "UN Security Council: published 2026-02-27; 280 days old when screened; "
        "STALE: older than 30 days; "
        "My list: date unknown; WARNING: no publication date in the file; it may be out of date"
    )
    texts = drawn_text(root)
    assert "stale after 30 days" in texts
    # Stale and undated say so in words, not by colour alone.
    assert any("STALE" in t for t in texts) and any("WARNING" in t for t in texts)


def test_change_bars_count_each_kind_and_reason() -> None:
    root = parsed(
        change_bars(
            [
                ("New hits", [("list added", 1), ("new record", 2)]),
                ("Changed listed records", [("record changed", 3)]),
                ("Delisted", []),
            ]
        )
    )
    assert words(root, "desc") == (
        "New hits: 3 (1 list added, 2 new record); "
        "Changed listed records: 3 (3 record changed); Delisted: 0"
    )
    texts = drawn_text(root)
    assert texts[:4] == ["New hits", "3", "list added", "1"]


def test_changes_are_counted_by_kind_in_the_pages_order() -> None:
    def change(kind: str, reason: str) -> HitChange:
        return HitChange(kind, 2, "Acme", "e1", "ACME", ("un_sc",), 0.9, None, reason=reason)

    counted = count_changes(
        "first",
        [
            change(DELISTED, RECORD_REMOVED),
            change(NEW, NEW_RECORD),
            change(NEW, LIST_ADDED),
            change(NEW, NEW_RECORD),
        ],
    )
    assert counted.counts == (
        ("New hits", (("list added", 1), ("new record", 2))),
        ("Changed listed records", ()),
        ("Delisted", (("record removed", 1),)),
        ("No longer matching", ()),
    )
    assert counted.total == 4


@pytest.mark.parametrize("tag", ["<svg", "role='img'"])
def test_html_report_opens_with_the_pictures(
    screening: Screening, meta: ReportMeta, tag: str
) -> None:
    page = render_html(screening, meta)
    glance = page.index('id="at-a-glance"')
    assert page.index(tag, glance) < page.index('id="lists"')
    assert "Which authorities list each flagged party" in page
    assert "Scores of the hits against the threshold" in page
    assert "How old each list is" in page


def test_html_report_of_a_rescreening_shows_what_changed(
    screening: Screening, meta: ReportMeta
) -> None:
    changes = count_changes("first look", [])
    page = render_html(screening, replace(meta, changes=changes))
    glance = page.index('id="at-a-glance"')
    assert (
        glance
        < page.index("A re-screening of first look: 0 hits changed.")
        < page.index("What changed since the earlier screening")
        < page.index('id="lists"')
    )
    assert "What changed since" not in render_html(screening, meta)


def test_a_party_flagged_through_its_owners_gets_a_graph_in_the_report(
    screening: Screening, meta: ReportMeta
) -> None:
    holdings = (
        Holding(HOSTILE, "Holding BV", None, True, "OFAC SDN: RUSSIA-EO14024"),
        Holding("Holding BV", "Acme Ltd", 60.0),
    )
    note = OwnershipNote(OFAC_RULE, 60.0, "owned 60% in aggregate", "Acme Ltd", holdings)
    first, *rest = screening.results
    owned = replace(first, ownership=(note,))
    root = parsed(ownership_figure(owned) or "")
    assert words(root, "desc") == (
        f"{HOSTILE} controls Holding BV. Holding BV holds 60% of Acme Ltd. "
        f"{HOSTILE} is listed (OFAC SDN: RUSSIA-EO14024). OFAC 50% rule: 60% counted"
    )
    assert ownership_figure(replace(first, ownership=(replace(note, holdings=()),))) is None
    page = render_html(replace(screening, results=[owned, *rest]), meta)
    article = page[page.index(f'id="row-{first.party.row}"') :]
    assert article.index("owned 60% in aggregate") < article.index("Ownership and control of")
    assert article.index("Ownership and control of") < article.index("</details>")
    assert "<script>" not in page
