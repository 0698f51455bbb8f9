"""screen -> decide -> report -> list update -> rescreen, end to end through the `vet` command.

The lists are the real UN Security Council releases of 2020-11-24 and 2026-08-01 (the bundled one).
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result
from openpyxl import load_workbook

from vet.cli import main


def run(env: dict[str, str], *args: str) -> Result:
    result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def test_screen_decide_report_update_rescreen(
    tmp_path: Path, un_files: tuple[Path, Path], parties_csv: Path
) -> None:
    env = {"VET_HOME": str(tmp_path / "home"), "VET_AUTO_BUNDLE": "0", "VET_REVIEWER": "Ana"}
    run(env, "lists", "import", str(un_files[0]))

    screened = run(env, "screen", str(parties_csv), "--name", "fair 2026")
    assert "4 of 6 parties have possible matches" in screened.output
    assert "Saved as screening 'fair 2026' (id 1)" in screened.output
    assert "CHECK Yazd Metallurgy Industries  ->  YAZD METALLURGY INDUSTRIES (YMI)" in (
        screened.output
    )

    decided = run(env, "decide", "fair 2026", "4", "unsc-110326", "match", "--reason", "same")
    assert "row 4 / unsc-110326: match by Ana" in decided.output

    html = tmp_path / "fair.html"
    run(env, "report", "fair 2026", "-o", str(html))
    page = html.read_text("utf-8")
    assert "4 of 6 parties have possible matches: 1 confirmed, 0 false positives" not in page
    assert "1 confirmed" in page and "3 to review" in page
    assert "match by Ana on" in page

    xlsx = tmp_path / "fair.xlsx"
    run(env, "report", "1", "-o", str(xlsx))
    book = load_workbook(xlsx, read_only=True)
    rows = list(book["Results"].iter_rows(values_only=True))
    header = rows[0]
    decision = header.index("Decision")
    decisions = [str(r[decision]) for r in rows[1:] if len(r) > decision and r[decision]]
    assert [d[:12] for d in decisions] == ["match by Ana"]

    run(env, "lists", "import", str(un_files[1]))
    changed = run(env, "rescreen", "fair 2026", "--json")
    data = json.loads(changed.output)
    kinds = {(c["kind"], c["row"], c["entity_id"]) for c in data["changes"]}
    assert ("new", 2, "unsc-110330") in kinds
    assert ("delisted", 3, "unsc-112038") in kinds
    assert ("changed", 4, "unsc-110326") in kinds
    assert "un_sc 1 -> 2" in data["summary"]

    listing = json.loads(run(env, "screenings", "--json").output)
    assert [s["name"] for s in listing] == ["fair 2026", "fair 2026 (rescreen)"]
    assert listing[1]["parent"] == 1
    assert listing[1]["list_versions"][0]["published"] == "2026-08-01"

    # The re-screening's page report draws what changed since.
    rescreened = tmp_path / "rescreen.html"
    run(env, "report", "fair 2026 (rescreen)", "-o", str(rescreened))
    page = rescreened.read_text("utf-8")
    assert "A re-screening of fair 2026:" in page
    assert "What changed since the earlier screening" in page


def test_screen_writes_reports_in_every_format(
    tmp_path: Path, un_files: tuple[Path, Path], parties_csv: Path
) -> None:
    env = {"VET_HOME": str(tmp_path / "home"), "VET_AUTO_BUNDLE": "0"}
    run(env, "lists", "import", str(un_files[0]))
    out = tmp_path / "out.json"
    run(env, "screen", str(parties_csv), "-o", str(out))
    report = json.loads(out.read_text("utf-8"))
    assert report["screening"]["name"].startswith("exhibitors ")
    assert report["screening"]["list_versions"][0]["list"] == "un_sc"
    hit = next(p for p in report["parties"] if p["row"] == 4)["hits"][0]
    assert hit["entity_id"] == "unsc-110326"
    assert hit["decision"] is None
    assert hit["lists"] == ["un_sc"]
    csv_text = run(env, "report", "1", "--format", "csv").output
    assert "Yazd Metallurgy Industries" in csv_text
