"""How tall the HTML report of a 32-party screening is in Chromium, before and after folding.

Screens a 32-party file (the ten parties of ``examples/parties.csv`` three times over, with
their own ids, and two more listed names) on the bundled lists in a fresh ``VET_HOME``,
then renders the saved screening's HTML report with the report writer of ``--before``
(a git revision, default ``main``) and with this tree's, opens each in headless Chromium
at 1366 px wide and prints the page height on screen and for print.

Run: ``PYTHONPATH=src python bench/report_height.py`` (about a minute; the first use
imports the bundled lists). ``--home DIR`` reuses a VET_HOME that has them.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import io
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXTRA = [
    ("EX-031", "Tanchon Commercial Bank", "KP", "company"),
    ("EX-032", "Bosco Ntaganda", "", "person"),
]


def party_file(path: Path) -> None:
    rows = list(csv.DictReader((ROOT / "examples" / "parties.csv").open(encoding="utf-8")))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "name", "country", "type"])
    for copy in range(3):
        for row in rows:
            writer.writerow([f"{row['id']}-{copy}", row["name"], row["country"], row["type"]])
    writer.writerows(EXTRA)
    path.write_text(out.getvalue(), encoding="utf-8")


def old_writer(revision: str) -> object:
    """The ``vet.report.html`` module as it was at ``revision``."""
    source = subprocess.run(
        ["git", "show", f"{revision}:src/vet/report/html.py"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    path = Path(tempfile.mkdtemp()) / "html_before.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("html_before", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def heights(page: object, html: str) -> tuple[int, int]:
    page.set_content(html)  # type: ignore[attr-defined]
    screen = int(page.evaluate("document.documentElement.scrollHeight"))  # type: ignore[attr-defined]
    page.emulate_media(media="print")  # type: ignore[attr-defined]
    printed = int(page.evaluate("document.documentElement.scrollHeight"))  # type: ignore[attr-defined]
    page.emulate_media(media="screen")  # type: ignore[attr-defined]
    return screen, printed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, help="VET_HOME with the bundled lists imported.")
    parser.add_argument("--before", default="main", help="Git revision of the old report.")
    args = parser.parse_args()
    home = args.home or Path(tempfile.mkdtemp()) / "home"
    parties = home.parent / "parties32.csv"
    party_file(parties)
    env = {**os.environ, "VET_HOME": str(home), "PYTHONPATH": str(ROOT / "src")}
    subprocess.run(
        [sys.executable, "-c", "from vet.cli import main; main()", "screen", str(parties),
         "--name", "height 32", "--workers", "1"],
        env=env, check=True, capture_output=True,
    )  # fmt: skip

    from playwright.sync_api import sync_playwright

    from vet.report.html import render_html
    from vet.report.meta import ReportMeta
    from vet.screen import load_screening
    from vet.store import Store

    store = Store(f"sqlite:///{home / 'vet.db'}")
    info, screening = load_screening(store, "height 32")
    meta = ReportMeta.for_saved(info)
    before = old_writer(args.before).render_html(screening, meta)  # type: ignore[attr-defined]
    after = render_html(screening, meta)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True)
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        old_screen, old_print = heights(page, before)
        new_screen, new_print = heights(page, after)
        browser.close()
    print(f"{info.party_count} parties, {info.flagged_count} flagged, {info.hit_count} hits")
    print(f"before ({args.before}): {old_screen:,} px on screen, {old_print:,} px printed")
    print(f"after (this tree): {new_screen:,} px on screen, {new_print:,} px printed")


if __name__ == "__main__":
    main()
