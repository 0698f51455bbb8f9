"""The web pages in headless Chromium: upload, progress, summary, review, reports, lists.

What a person does, on a real server over real list excerpts (see conftest):
upload a parties file, watch it wait and finish, read the summary and the
authorities matrix, decide a hit with the keyboard, see it counted, and
download the spreadsheet and the page reports.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from playwright.sync_api import expect

TANCHON = "unsc-690752"


def cells(row: Any) -> list[str]:
    texts: list[str] = row.locator("th, td").all_inner_texts()
    return [" ".join(t.split()) for t in texts]


def test_upload_review_decide_and_download(
    web: Any, page: Any, parties_csv: Path, tmp_path: Path
) -> None:
    release = threading.Event()
    web.app.state.screenings.run(lambda: release.wait(10))  # busy: the upload waits its turn
    try:
        page.goto(f"{web.url}/")
        page.get_by_label("File of parties").set_input_files(parties_csv)
        page.get_by_label("Name of the screening").fill("Fair exhibitors")
        page.get_by_role("button", name="Screen").click()

        expect(page.get_by_role("heading", level=1)).to_have_text("Fair exhibitors")
        expect(page.get_by_role("status")).to_contain_text("Queued: 0 of about 5 rows screened")
    finally:
        release.set()
    # The page follows the screening and shows the results once it completes.
    summary = page.locator("#summary")
    expect(summary).to_have_text("4 of 5 parties have possible matches.", timeout=60_000)

    matrix = page.get_by_role("table", name=re.compile("For each flagged party"))
    rows = [cells(r) for r in matrix.locator("tbody tr").all()]
    assert cells(matrix.locator("thead tr")) == [
        "Party",
        "United States",
        "United Kingdom",
        "European Union",
        "United Nations",
        "Australia",
        "Canada",
        "User lists",
    ]
    assert rows == [
        ["Row 2: Tanchon Commercial Bank", "not listed", "not screened", "not screened",
         "listed UN Security Council: DPRK (2009-04-24)", "not screened", "not screened",
         "not screened"],
        ["Row 3: Bosco Taganda", "not listed", "not screened", "not screened",
         "listed UN Security Council: DRC (2005-11-01)", "not screened", "not screened",
         "not screened"],
        ["Row 4: Aqsa Mahmood", "not listed", "not screened", "not screened",
         "listed UN Security Council: Al-Qaida (2015-09-28)", "not screened", "not screened",
         "not screened"],
        ["Row 6: Banco Nacional de Cuba", "listed OFAC SDN: CUBA", "not screened",
         "not screened", "not listed", "not screened", "not screened", "not screened"],
    ]  # fmt: skip

    # Open a hit: the screened party beside the listed record, and why.
    page.get_by_role("link", name="TANCHON COMMERCIAL BANK").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Row 2: Tanchon Commercial Bank or TANCHON COMMERCIAL BANK?"
    )
    compare = page.get_by_role("table", name="The screened party beside the listed record")
    facts = {c[0]: c[1:] for c in (cells(r) for r in compare.locator("tbody tr").all())}
    assert facts["Countries"] == ["North Korea", "North Korea"]
    assert facts["ID"] == ["P-1", TANCHON]
    assert facts["Programs"] == ["", "DPRK"]
    assert facts["Other names"] == ["", "CHANGGWANG CREDIT BANK; KOREA CHANGGWANG CREDIT BANK"]
    expect(page.locator(".explanation")).to_contain_text(
        "'Tanchon Commercial Bank' met the listed name 'TANCHON COMMERCIAL BANK'"
    )
    expect(page.get_by_role("region", name="Earlier decisions")).to_contain_text("None")

    # Decide with the keyboard alone: Space picks the answer, Tab moves on, Enter sends.
    page.get_by_label("False positive").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Reason")).to_be_focused()
    page.keyboard.type("another bank, see registry")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Your name")).to_be_focused()
    page.keyboard.type("Ana")
    page.keyboard.press("Enter")

    # On to the next hit still to decide.
    expect(page.get_by_role("status")).to_have_text(
        "Recorded: false positive for row 2. Next hit to review:"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Row 3: Bosco Taganda or BOSCO TAGANDA?"
    )
    expect(page.get_by_label("Your name")).to_have_value("Ana")  # remembered

    page.get_by_role("link", name="Fair exhibitors").click()
    expect(summary).to_have_text(
        "4 of 5 parties have possible matches: 1 false positive, 3 to review."
    )
    flagged = page.get_by_role("table", name=re.compile("Each hit of each flagged party"))
    tanchon = cells(flagged.locator("tbody tr").first)
    assert tanchon[:3] == ["2", "Tanchon Commercial Bank", "cleared"]
    assert re.fullmatch(
        r"false positive by Ana on \d{4}-\d\d-\d\d \(another bank, see registry\)", tanchon[-1]
    )

    with page.expect_download() as spreadsheet:
        page.get_by_role("link", name="Spreadsheet (XLSX)").click()
    assert spreadsheet.value.suggested_filename == "Fair exhibitors.xlsx"
    spreadsheet.value.save_as(tmp_path / "report.xlsx")
    workbook = load_workbook(tmp_path / "report.xlsx")
    summary_sheet = {r[0]: r[1] for r in workbook["Summary"].iter_rows(values_only=True) if r[0]}
    assert summary_sheet["Result"] == (
        "4 of 5 parties have possible matches: 1 false positive, 3 to review."
    )
    assert summary_sheet["Cleared as false positives"] == 1
    header, *lines = workbook["Results"].iter_rows(values_only=True)
    results = [dict(zip(header, line, strict=True)) for line in lines]
    assert [(r["Row"], r["Entity ID"]) for r in results] == [
        (2, TANCHON),
        (3, "unsc-6908021"),
        (4, "unsc-6908473"),
        (5, None),
        (6, "ofac-306"),
    ]
    assert re.fullmatch(
        r"false_positive by Ana on \d{4}-\d\d-\d\d \(another bank, see registry\)",
        results[0]["Decision"],
    )
    assert results[1]["Decision"] is None

    # The page report opens in the browser, as a page to read and print.
    page.get_by_role("link", name="Page to read and print (HTML)").click()
    expect(page).to_have_title("Screening report: Fair exhibitors")
    expect(page.get_by_role("heading", level=1)).to_have_text("Screening report: Fair exhibitors")
    expect(page.locator(".summary")).to_contain_text(
        "4 of 5 parties have possible matches: 1 false positive, 3 to review."
    )
    expect(page.locator("figure.picture svg").first).to_be_visible()
    report = page.content()
    assert "false_positive by Ana on" in report and "another bank, see registry" in report
    assert "BANCO NACIONAL DE CUBA" in report


def test_a_bad_file_is_refused_on_the_form(web: Any, page: Any, tmp_path: Path) -> None:
    bad = tmp_path / "contacts.csv"
    bad.write_text("foo,bar\n1,2\n", encoding="utf-8")
    page.goto(f"{web.url}/web/")
    page.get_by_label("File of parties").set_input_files(bad)
    page.get_by_label("Name of the screening").fill("contacts")
    page.get_by_role("button", name="Screen").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("no name column found among: foo, bar")
    expect(page.get_by_label("Name of the screening")).to_have_value("contacts")


def test_lists_and_what_changed_between_two_versions(web: Any, page: Any) -> None:
    page.goto(f"{web.url}/web/lists")
    versions = page.get_by_role("table", name="Versions of un_sc, newest first")
    assert [cells(r)[:2] + cells(r)[4:5] for r in versions.locator("tbody tr").all()] == [
        ["2", "2026-02-27", "12"],
        ["1", "2020-11-24", "1,018"],
    ]
    assert cells(versions.locator("tbody tr").first)[-1] == "active served"
    page.get_by_label("Compare version").first.select_option("1")
    page.get_by_label("with version").first.select_option("2")
    page.get_by_role("button", name="Show changes").first.click()
    expect(page.locator("#diff-summary")).to_have_text(
        "From version 1 (published 2020-11-24) to version 2 (published 2026-02-27): "
        "0 parties added, 1,006 removed, 10 changed."
    )
    changed = page.get_by_role("table", name="Changed parties")
    paek = changed.get_by_role("row", name=re.compile("PAEK CHANG-HO"))
    assert cells(paek) == ["PAEK CHANG-HO", "Person", "unsc-690747", "gender: removed male"]
    removed = page.get_by_role("table", name=re.compile("Removed parties"))
    expect(removed.locator("caption")).to_contain_text("the first 500 of 1,006")
    assert removed.locator("tbody tr").count() == 500


def test_pages_are_labelled_captioned_and_stay_on_this_server(
    web: Any, page: Any, parties_csv: Path
) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{web.url}/web/")
    page.get_by_label("File of parties").set_input_files(parties_csv)
    page.get_by_role("button", name="Screen").click()
    expect(page.locator("#summary")).to_be_visible()
    screening = page.url
    urls = [
        f"{web.url}/web/",
        screening,
        f"{screening}/review",
        f"{web.url}/web/lists",
        f"{web.url}/web/lists/un_sc/diff",
    ]
    for url in urls:
        page.goto(url)
        problems = page.evaluate(
            """() => ({
              unlabelled: [...document.querySelectorAll(
                  'input:not([type=hidden]), select, textarea')]
                .filter(e => e.labels.length === 0).map(e => e.name),
              uncaptioned: [...document.querySelectorAll('table')]
                .filter(t => !t.caption || !t.caption.textContent.trim()).length,
              h1: document.querySelectorAll('h1').length,
              lang: document.documentElement.lang,
            })"""
        )
        assert problems == {"unlabelled": [], "uncaptioned": 0, "h1": 1, "lang": "en"}, url
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Skip to content", url
    assert requested and all(u.startswith(f"{web.url}/") for u in requested)
