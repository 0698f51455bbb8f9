"""A name the matcher cannot screen is a skipped row with its reason, never a "clear" party.

Empty after the matcher's own cleaning: invisible characters only, punctuation only, a
legal form alone. Each must be counted as skipped in every report and in the CLI summary,
and the store's count (what the web page shows) must say the same.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner, Result
from openpyxl import load_workbook

from vet.cli import main
from vet.scoring import Matcher
from vet.screen import PartyResult, SkippedRow, screen_party
from vet.screen.parties import Party
from vet.store import Store
from vet.store.screenings import get_screening

PARTIES = (
    "name,country,id\n"
    "Lionel Dumont,France,P-1\n"
    "\u200b\u200b\u2060,GB,P-2\n"  # invisible characters only
    '"...!!!",GB,P-3\n'  # punctuation only
    "Ltd,GB,P-4\n"  # a legal form alone
    "Co.  Ltd.,CN,P-5\n"
    "Northwind Traders Ltd,GB,P-6\n"
)
SKIPPED_ROWS = [3, 4, 5, 6]


def run(env: dict[str, str], *args: str) -> Result:
    result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def test_unscreenable_names_are_skipped_rows_in_every_report(
    tmp_path: Path, un_files: tuple[Path, Path]
) -> None:
    env = {"VET_HOME": str(tmp_path / "home"), "VET_AUTO_BUNDLE": "0"}
    run(env, "lists", "import", str(un_files[0]))
    parties = tmp_path / "parties.csv"
    parties.write_text(PARTIES, encoding="utf-8")

    screened = run(env, "screen", str(parties), "--name", "odd names", "--workers", "1")
    assert "1 of 2 parties has a possible match. 4 rows were skipped." in screened.output
    assert "    3 SKIPPED: the name is empty (nothing left after removing invisible" in (
        screened.output
    )
    assert "    4 SKIPPED: the name is empty (no letters or digits" in screened.output
    assert "    5 SKIPPED: the name is empty (only a legal form: 'Ltd')" in screened.output
    assert "    6 SKIPPED: the name is empty (only a legal form" in screened.output
    assert " clear " not in screened.output.replace("     clear", "")  # only Northwind clear

    data = json.loads(run(env, "report", "odd names", "--format", "json").output)
    assert [p["row"] for p in data["parties"]] == [2, 7]
    assert [s["row"] for s in data["skipped"]] == SKIPPED_ROWS
    assert data["screening"]["skipped"] == 4

    text = run(env, "report", "odd names", "--format", "csv").output.lstrip("\ufeff")
    rows = [r for r in csv.reader(io.StringIO(text)) if not r[0].startswith("# ")]
    match = rows[0].index("Match")
    assert sorted(int(r[0]) for r in rows[1:] if r[match] == "skipped") == SKIPPED_ROWS

    xlsx = tmp_path / "report.xlsx"
    run(env, "report", "odd names", "-o", str(xlsx))
    book = load_workbook(xlsx, read_only=True)
    summary = {r[0]: r[1] for r in book["Summary"].iter_rows(values_only=True) if len(r) > 1}
    assert summary["Rows skipped"] == 4
    skipped_sheet = list(book["Skipped rows"].iter_rows(values_only=True))[1:]
    assert [r[0] for r in skipped_sheet] == SKIPPED_ROWS

    html = tmp_path / "report.html"
    run(env, "report", "odd names", "-o", str(html))
    page = html.read_text("utf-8")
    assert "<dt>Rows skipped</dt><dd>4</dd>" in page
    assert "only a legal form" in page

    # The web page shows the store's count.
    store = Store(f"sqlite:///{tmp_path / 'home' / 'vet.db'}")
    try:
        info = get_screening(store, "odd names")
        assert (info.party_count, info.skipped_count) == (2, 4)
    finally:
        store.close()


def test_a_party_with_an_unscreenable_alias_is_still_screened(matcher: Matcher) -> None:
    party = Party(row=2, name="Lionel Dumont", aliases=("Ltd", "\u200b"))
    result = screen_party(matcher, party, threshold=matcher.threshold)
    assert isinstance(result, PartyResult)
    assert [h.entity_id for h in result.hits] == ["unsc-112038"]
    skipped = screen_party(matcher, Party(row=3, name="GmbH"), threshold=matcher.threshold)
    assert skipped == SkippedRow(3, "the name is empty (only a legal form: 'GmbH')")
