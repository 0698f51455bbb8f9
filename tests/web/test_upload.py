"""The upload form in headless Chromium: choosing lists and naming columns, and its errors.

A file whose headers vet does not recognise, screened against one list only:
the screening reads the columns the person named and uses that list alone. A
mapping naming a column the file lacks, a list no longer served, or no list
ticked, come back on the form with the entries kept.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

TANCHON = "unsc-690752"
CUSTOM = """Counterparty Label;Home State;Our Code
Tanchon Commercial Bank;North Korea;C-1
Banco Nacional de Cuba;CU;C-2
Northwind Traders Ltd;GB;C-3
"""
"""Semicolon-separated, headers vet does not recognise; row 2 is on the UN list, row 3 on
OFAC's SDN list only."""

UN = re.compile("UN Security Council Consolidated List")
OFAC = re.compile("OFAC Specially Designated Nationals")


@pytest.fixture(scope="module")
def custom_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("custom") / "counterparties.csv"
    path.write_text(CUSTOM, encoding="utf-8")
    return path


def cells(row: Any) -> list[str]:
    texts: list[str] = row.locator("th, td").all_inner_texts()
    return [" ".join(t.split()) for t in texts]


def fill_columns(page: Any, **columns: str) -> None:
    page.get_by_text("Columns (optional").click()  # open the section
    for label, header in columns.items():
        page.get_by_label(label, exact=True).fill(header)


def test_one_list_and_named_columns(web: Any, page: Any, custom_csv: Path) -> None:
    page.goto(f"{web.url}/web/")
    lists = page.get_by_role("group", name="Lists to screen against")
    expect(lists.get_by_role("checkbox", name=UN)).to_be_checked()
    expect(lists.get_by_role("checkbox", name=OFAC)).to_be_checked()
    expect(lists).to_contain_text(
        "UN Security Council Consolidated List (United Nations Security Council; version 2, "
        "published 2026-02-27; "
    )
    expect(lists).to_contain_text("OFAC Specially Designated Nationals and Blocked Persons List")

    page.get_by_label("File of parties").set_input_files(custom_csv)
    # The browser reads the header and offers its columns (the form works without this).
    expect(page.locator("#file-columns-text")).to_have_text(
        "Columns in this file: Counterparty Label, Home State, Our Code."
    )
    options = page.locator("#file-columns option")
    assert [options.nth(i).get_attribute("value") for i in range(options.count())] == [
        "Counterparty Label",
        "Home State",
        "Our Code",
    ]
    page.get_by_label("Name of the screening").fill("UN only, own headers")
    lists.get_by_role("checkbox", name=OFAC).uncheck()
    fill_columns(
        page,
        **{
            "Name column": "Counterparty Label",
            "Country column": "Home State",
            "Your reference column": "Our Code",
        },
    )
    page.get_by_role("button", name="Screen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("UN only, own headers")
    # Banco Nacional de Cuba is on OFAC's list alone, which was not ticked.
    expect(page.locator("#summary")).to_have_text("1 of 3 parties has a possible match.")
    expect(page.locator("#lists-screened")).to_have_text(
        "UN Security Council (version 2, published 2026-02-27)"
    )
    expect(page.locator("#columns-read")).to_have_text(
        "Name: “Counterparty Label”; Country: “Home State”; Your reference: “Our Code”"
    )
    matrix = page.get_by_role("table", name=re.compile("For each flagged party"))
    assert [cells(r) for r in matrix.locator("tbody tr").all()] == [
        ["Row 2: Tanchon Commercial Bank", "not screened", "not screened", "not screened",
         "listed UN Security Council: DPRK (2009-04-24)", "not screened", "not screened",
         "not screened"],
    ]  # fmt: skip

    # The mapped columns were read into the party: its country and reference.
    page.get_by_role("link", name="TANCHON COMMERCIAL BANK").click()
    compare = page.get_by_role("table", name="The screened party beside the listed record")
    facts = {c[0]: c[1:] for c in (cells(r) for r in compare.locator("tbody tr").all())}
    assert facts["Countries"] == ["North Korea", "North Korea"]
    assert facts["ID"] == ["C-1", TANCHON]


def test_a_mapping_naming_a_missing_column_comes_back_on_the_form(
    web: Any, page: Any, custom_csv: Path
) -> None:
    page.goto(f"{web.url}/web/")
    page.get_by_label("File of parties").set_input_files(custom_csv)
    page.get_by_label("Name of the screening").fill("bad mapping")
    page.get_by_label("Threshold").fill("0.7")
    page.get_by_role("checkbox", name=OFAC).uncheck()
    fill_columns(page, **{"Name column": "Company", "Country column": "Home State"})
    page.get_by_role("button", name="Screen").click()

    expect(page.get_by_role("alert")).to_contain_text(
        "no column 'Company' (columns: Counterparty Label, Home State, Our Code)"
    )
    expect(page.get_by_role("alert")).to_contain_text("choose the file again")
    expect(page.get_by_label("Name of the screening")).to_have_value("bad mapping")
    expect(page.get_by_label("Threshold")).to_have_value("0.7")
    expect(page.get_by_label("Name column", exact=True)).to_be_visible()
    expect(page.get_by_label("Name column", exact=True)).to_have_value("Company")
    expect(page.get_by_label("Country column", exact=True)).to_have_value("Home State")
    expect(page.get_by_role("checkbox", name=UN)).to_be_checked()
    expect(page.get_by_role("checkbox", name=OFAC)).not_to_be_checked()

    # Corrected, with the file chosen again, it is screened.
    page.get_by_label("File of parties").set_input_files(custom_csv)
    page.get_by_label("Name column", exact=True).fill("Counterparty Label")
    page.get_by_role("button", name="Screen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("bad mapping")
    expect(page.locator("#summary")).to_be_visible()
    expect(page.locator("#lists-screened")).to_have_text(re.compile("^UN Security Council"))


def test_lists_not_served_or_none_ticked_come_back_on_the_form(
    web: Any, page: Any, custom_csv: Path
) -> None:
    page.goto(f"{web.url}/web/")
    # A page loaded before the server stopped serving a list.
    page.locator("#list-us_ofac_sdn").evaluate("box => { box.value = 'eu_fsf' }")
    page.get_by_label("File of parties").set_input_files(custom_csv)
    page.get_by_label("Name of the screening").fill("stale lists")
    fill_columns(page, **{"Name column": "Counterparty Label"})
    page.get_by_role("button", name="Screen").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "no list 'eu_fsf' here (lists: un_sc, us_ofac_sdn)"
    )
    expect(page.get_by_label("Name column", exact=True)).to_have_value("Counterparty Label")

    page.get_by_role("checkbox", name=UN).uncheck()
    page.get_by_role("checkbox", name=OFAC).uncheck()
    page.get_by_label("File of parties").set_input_files(custom_csv)
    page.get_by_role("button", name="Screen").click()
    expect(page.get_by_role("alert")).to_contain_text("Tick at least one list to screen against.")
    expect(page.get_by_role("checkbox", name=UN)).not_to_be_checked()
    expect(page.get_by_label("Name of the screening")).to_have_value("stale lists")
