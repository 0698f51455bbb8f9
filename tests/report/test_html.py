"""The HTML report: escaped data, summary, sources linked, self-contained and accessible."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from vet.report.html import render_html, write_html
from vet.report.meta import ReportMeta
from vet.screen import Screening

SCRIPT_NAME = "Evil <script>alert(1)</script> Trading LLC"


class Elements(HTMLParser):
    """The tags of a page, with their attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def elements(page: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Elements()
    parser.feed(page)
    return parser.tags


def test_untrusted_names_are_escaped(screening: Screening, meta: ReportMeta) -> None:
    page = render_html(screening, meta)
    assert SCRIPT_NAME not in page
    assert "Evil &lt;script&gt;alert(1)&lt;/script&gt; Trading LLC" in page
    assert "script" not in {tag for tag, _ in elements(page)}


def test_summary_lists_and_parties(screening: Screening, meta: ReportMeta) -> None:
    page = render_html(screening, meta)
    assert "3 of 5 parties have possible matches." in page
    # Why they are listed: Hikvision's CMIC listing, the OFSI Russia regime, the user's list
    assert "Parties listed per topic: Military end use 1, Russia/Ukraine 1, Other 1." in page
    assert "<title>Screening report: Trade fair 2026</title>" in page
    for version in ("us_ofac_sdn", "2025-12-01", "uk_ofsi", "2025-12-04"):
        assert version in page
    assert 'id="row-2"' in page and 'id="row-6"' in page and 'id="row-7"' in page
    assert 'id="row-3"' not in page  # not flagged
    assert "Hangzhou Hikvision Digital Technology Co., Ltd." in page
    assert "CMIC-EO13959" in page and "2021-06-03" in page
    assert "met the listed alias" in page  # the explanation
    assert "not screened" in page  # the EU, in the matrix
    assert re.search(r"<th scope=\"row\">4</th><td>the name is empty</td>", page)


def test_source_links(screening: Screening, meta: ReportMeta) -> None:
    page = render_html(screening, meta)
    hrefs = [a.get("href") for tag, a in elements(page) if tag == "a"]
    assert "https://www.gov.uk/ofsi?a=1&b=2" in hrefs  # attribute escaped, parsed back
    assert "https://www.bis.gov/entity-list" in hrefs
    assert not any(h and h.startswith("javascript:") for h in hrefs)
    assert "javascript:alert(1)" in page  # shown as text for the reader, not linked


def test_self_contained_and_accessible(screening: Screening, meta: ReportMeta) -> None:
    page = render_html(screening, meta)
    tags = elements(page)
    assert ("html", {"lang": "en"}) in tags
    assert not any(tag in ("script", "link", "img", "iframe") for tag, _ in tags)
    hrefs = [a.get("href") or "" for tag, a in tags if tag == "a"]
    external = {h for h in hrefs if not h.startswith("#")}
    assert external == {
        "https://ofac.treasury.gov/consolidated-sanctions-list-non-sdn-lists",
        "https://www.bis.gov/entity-list",
        "https://www.gov.uk/ofsi?a=1&b=2",
    }
    assert all(attrs.get("scope") in ("col", "row") for tag, attrs in tags if tag == "th")
    assert [tag for tag, _ in tags if tag == "h1"] == ["h1"]
    assert "@media print" in page


def test_writes_a_file(screening: Screening, meta: ReportMeta, tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    write_html(screening, path, meta=meta)
    assert path.read_text("utf-8").startswith("<!DOCTYPE html>")
