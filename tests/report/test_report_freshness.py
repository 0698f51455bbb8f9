"""Every report says how old each list was when screened, and warns about stale and undated ones.

A real store holds the UN Security Council excerpt of 2026-02-27 (older than the
30-day limit whenever these tests run) and the user's forced-labour list, a simple
CSV with no publication date. The screening is run and its reports written with the
`vet` command, then read back with json, csv and openpyxl.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from openpyxl import load_workbook

from vet.cli import main

UN_PUBLISHED = date(2026, 2, 27)


def run(env: dict[str, str], *args: str) -> Result:
    result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory, fixtures: Path) -> tuple[dict[str, str], Path]:
    """A store with a dated and an undated list, and a screening saved as 'stale check'."""
    root = tmp_path_factory.mktemp("freshness")
    env = {"VET_HOME": str(root / "home"), "VET_AUTO_BUNDLE": "0", "VET_MAX_AGE_DAYS": "30"}
    run(env, "lists", "import", str(fixtures / "un" / "consolidated_2026-02-27_excerpt.xml"))
    run(env, "lists", "import", str(fixtures / "user" / "forced_labour.csv"), "--name", "uflpa")
    parties = root / "parties.csv"
    parties.write_text("name\nNorthwind Traders Ltd\nHoshine Silicon Industry\n", "utf-8")
    run(env, "screen", str(parties), "--name", "stale check")
    return env, root


def report(saved: tuple[dict[str, str], Path], suffix: str) -> Path:
    env, root = saved
    path = root / f"report.{suffix}"
    run(env, "report", "stale check", "-o", str(path))
    return path


def un_age(created: str) -> int:
    return (datetime.fromisoformat(created).date() - UN_PUBLISHED).days


def test_json_screening_block_has_dates_ages_and_warnings(
    saved: tuple[dict[str, str], Path],
) -> None:
    head: dict[str, Any] = json.loads(report(saved, "json").read_text("utf-8"))["screening"]
    versions = {v["list"]: v for v in head["list_versions"]}
    age = un_age(head["created"])
    assert age > 30
    assert versions["un_sc"] == {
        "list": "un_sc",
        "jurisdiction": "UN",
        "version": 1,
        "published": "2026-02-27",
        "age_days": age,
        "stale": True,
        "warning": "STALE: older than 30 days",
    }
    # Undated: age unknown, stale, never "0 days" and never fresh.
    assert versions["uflpa"]["published"] is None
    assert versions["uflpa"]["age_days"] is None
    assert versions["uflpa"]["stale"] is True
    assert versions["uflpa"]["warning"] == (
        "WARNING: no publication date in the file; it may be out of date"
    )
    assert head["max_age_days"] == 30
    assert head["freshness_warning"].startswith(
        "2 of 2 lists were older than 30 days or undated when screened (uflpa un_sc)"
    )


def test_xlsx_summary_sheet_has_dates_ages_and_warnings(
    saved: tuple[dict[str, str], Path],
) -> None:
    book = load_workbook(report(saved, "xlsx"), read_only=True)
    rows = [r for r in book["Summary"].iter_rows(values_only=True) if r and r[0]]
    values = {r[0]: r[1:] for r in rows}
    age = un_age(str(values["Created"][0]))
    assert values["List freshness"][0].startswith("2 of 2 lists were older than 30 days")
    assert ("List", "Version", "Published", "Age when screened", "Warning") in rows
    assert values["un_sc"] == (1, "2026-02-27", f"{age} days", "STALE: older than 30 days")
    assert values["uflpa"] == (
        2,
        "date unknown",
        "date unknown",
        "WARNING: no publication date in the file; it may be out of date",
    )


def test_csv_opens_with_one_line_per_list(saved: tuple[dict[str, str], Path]) -> None:
    text = report(saved, "csv").read_text("utf-8-sig")
    comments = [line for line in text.splitlines() if line.startswith("#")]
    un = next(line for line in comments if line.startswith("# list un_sc version 1: "))
    assert un.startswith("# list un_sc version 1: published 2026-02-27 / ")
    assert un.endswith(" days old when screened / STALE: older than 30 days")
    assert (
        "# list uflpa version 2: date unknown / WARNING: no publication date in the file / "
        "it may be out of date"
    ) in comments
    assert comments[-1].startswith("# 2 of 2 lists were older than 30 days or undated")
    assert text.startswith("# list ")
    # Each comment line is one cell for a CSV reader; the table follows unchanged.
    rows = list(csv.reader(io.StringIO(text)))
    assert [len(r) for r in rows[: len(comments)]] == [1] * len(comments)
    assert rows[len(comments)][0] == "Row"


def test_html_report_warns_at_the_top_and_lists_each_age(
    saved: tuple[dict[str, str], Path],
) -> None:
    page = report(saved, "html").read_text("utf-8")
    head = json.loads(report(saved, "json").read_text("utf-8"))["screening"]
    warning = page.index('id="stale-lists"')
    assert warning < page.index('<section aria-labelledby="lists">')
    assert "2 of 2 lists were older than 30 days or undated when screened" in page
    age = un_age(head["created"])
    assert (
        f"<td>2026-02-27</td><td>{age} days</td>"
        '<td><span class="stale">STALE: older than 30 days</span></td>'
    ) in page
    assert (
        "<td>date unknown</td><td>date unknown</td>"
        '<td><span class="stale">WARNING: no publication date in the file; '
        "it may be out of date</span></td>"
    ) in page
    assert "<td>0 days</td>" not in page


def test_decisions_import_reads_a_csv_report_with_its_list_lines(
    saved: tuple[dict[str, str], Path],
) -> None:
    env = saved[0]
    path = report(saved, "csv")
    lines = path.read_text("utf-8-sig").splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("Row,"))
    rows = list(csv.reader(lines[header:]))
    decision = rows[0].index("Decision")
    entity = rows[0].index("Entity ID")
    hit = next(i for i, r in enumerate(rows[1:], start=1) if r[entity])
    rows[hit][decision] = "false positive"
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    path.write_text("\n".join(lines[:header]) + "\n" + out.getvalue(), "utf-8-sig")
    result = run(env, "decisions", "import", "stale check", str(path), "--reviewer", "Ana")
    assert "Recorded 1 decision(s) from report.csv" in result.output
    assert "row 3 / user-uflpa-2: false_positive by Ana" in result.output
