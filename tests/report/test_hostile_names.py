"""One table of hostile party names through every report format.

Spreadsheets (CSV, XLSX) must get text, never a formula, also when a control character
the workbook cannot hold comes first; JSON keeps the name exactly; HTML shows it as text.
"""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from openpyxl import load_workbook

from vet.report import ReportMeta, write_report
from vet.report.rows import RESULT_COLUMNS
from vet.scoring import Matcher
from vet.screen import Party, PartyResult, Screening, SkippedRow, screen_file

# (name as read from a party file, the text a spreadsheet cell must hold)
HOSTILE = [
    ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
    ("+SUM(1,1)", "'+SUM(1,1)"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1+1", "'\t=1+1"),
    ("\r=1+1", "'\r=1+1"),
    ('\x01=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
    ("\x1f+1", "'+1"),
    ("\x0b@SUM(A1)", "'@SUM(A1)"),
    ("\x08-1", "'-1"),
    ("\x02\x03=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
    ("<script>alert(1)</script>", "<script>alert(1)</script>"),
    ('\x01<img src=x onerror="alert(1)">', '<img src=x onerror="alert(1)">'),
    ("Acme = Beta Ltd", "Acme = Beta Ltd"),
]
FIRST_ROW = 2


@pytest.fixture
def hostile(matcher: Matcher, tmp_path: Path) -> Screening:
    """Each hostile name as a party with a real hit, so every section of a report shows it."""
    path = tmp_path / "one.csv"
    path.write_text("name,country\nHikvision,CN\n", encoding="utf-8")
    (found,) = screen_file(path, matcher).results
    results = [
        PartyResult(
            Party(row=FIRST_ROW + i, name=name, input={"name": name}), found.hits, found.best
        )
        for i, (name, _) in enumerate(HOSTILE)
    ]
    return Screening(
        file="hostile.csv",
        threshold=0.8,
        columns={"name": "name"},
        results=results,
        skipped=[SkippedRow(99, '\x01=HYPERLINK("http://x","problem")')],
    )


def cells_by_row(rows: list[list[object]]) -> dict[object, object]:
    name = RESULT_COLUMNS.index("Party name")
    return {str(r[0]): r[name] for r in rows[1:] if r[0] is not None}


def test_csv_cells_are_text(hostile: Screening, meta: ReportMeta) -> None:
    stream = io.StringIO()
    write_report(hostile, stream, "csv", meta)
    text = stream.getvalue().lstrip("\ufeff")
    rows: list[list[object]] = [
        r for r in csv.reader(io.StringIO(text)) if not r[0].startswith("#")
    ]  # under the lines naming the lists screened
    names = cells_by_row(rows)
    for i, (_, expected) in enumerate(HOSTILE):
        assert names[str(FIRST_ROW + i)] == expected
    skipped = next(r for r in rows if r[0] == "99")
    assert all(not str(c).startswith(("=", "+", "-", "@", "\x01")) for c in skipped)


def test_xlsx_cells_are_text_not_formulas(hostile: Screening, meta: ReportMeta) -> None:
    stream = io.BytesIO()
    write_report(hostile, stream, "xlsx", meta)
    book = load_workbook(stream)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    results = [list(r) for r in book["Results"].iter_rows(values_only=True)]
    names = cells_by_row(results)
    for i, (_, expected) in enumerate(HOSTILE):
        # XML readers may turn a stored CR into LF (line-end normalisation, lxml does):
        # either way the cell is text behind the apostrophe.
        assert names[str(FIRST_ROW + i)] in {expected, expected.replace("\r", "\n")}
    skipped = list(book["Skipped rows"].iter_rows(values_only=True))
    assert skipped[-1] == (99, '\'=HYPERLINK("http://x","problem")')


def test_json_keeps_each_name_exactly(hostile: Screening, meta: ReportMeta) -> None:
    stream = io.StringIO()
    write_report(hostile, stream, "json", meta)
    parties = {p["row"]: p for p in json.loads(stream.getvalue())["parties"]}
    for i, (name, _) in enumerate(HOSTILE):
        assert parties[FIRST_ROW + i]["input"]["name"] == name


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)


def test_html_shows_each_name_as_text(hostile: Screening, meta: ReportMeta) -> None:
    stream = io.StringIO()
    write_report(hostile, stream, "html", meta)
    page = stream.getvalue()
    parser = Tags()
    parser.feed(page)
    assert "script" not in parser.tags and "img" not in parser.tags
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page
    assert "=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)" in page
