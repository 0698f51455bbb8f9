"""A VET_HOME holding a small watch list, for tests that run `vet` in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from vet.cli import main
from vet.store import Store
from vet.store.screenings import get_screening

SRC = Path(__file__).parents[1] / "src"
WATCH_HEADER = "id,name,aliases,schema,countries,birth_date,identifiers,program,source_url,notes"


def watch_home(
    root: Path, rows: list[str], *, environ: dict[str, str] | None = None
) -> dict[str, str]:
    """``root/home`` holding a simple-CSV list ``watch`` of ``rows``, and the environment
    to run this worktree's vet in it (``environ``, else this process's, plus VET_HOME)."""
    env = {
        **(os.environ if environ is None else environ),
        "VET_HOME": str(root / "home"),
        "VET_AUTO_BUNDLE": "0",
    }
    if environ is None:
        env["PYTHONPATH"] = str(SRC)
    watch = root / "watch.csv"
    watch.write_text("\n".join([WATCH_HEADER, *rows]) + "\n", encoding="utf-8")
    imported = CliRunner().invoke(
        main, ["lists", "import", str(watch), "--source", "simple_csv", "--name", "watch"], env=env
    )
    assert imported.exit_code == 0, imported.output
    return env


def trading_parties(path: Path, rows: int, words: list[str]) -> Path:
    """A party file of ``rows`` parties: Ivan Petrov (listed, row 2), then innocent
    trading companies named from ``words``."""
    n_words = len(words)
    lines = [
        f"{words[n % n_words]} {words[n // n_words % n_words]} Trading {n},GB"
        for n in range(rows - 1)
    ]
    path.write_text("name,country\nIvan Petrov,RU\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def start_screening(
    env: dict[str, str], *args: str, rows_saved: bool = True, within: float = 300
) -> subprocess.Popen[str]:
    """`vet screen --name big ARGS` started, and waited for until its screening is open
    and, with ``rows_saved``, has saved some rows (not all)."""
    command = [sys.executable, "-c", "from vet.cli import main; main()", "screen", *args]
    process = subprocess.Popen(
        [*command, "--name", "big"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, which Ctrl-C can be sent to
    )
    store = Store(f"sqlite:///{env['VET_HOME']}/vet.db")
    deadline = time.monotonic() + within
    try:
        while True:
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, f"the screening did not get going in {within} s"
            try:
                saved = get_screening(store, "big").party_count
            except Exception:  # not opened yet
                saved = -1
            if saved > 0 or (saved == 0 and not rows_saved):
                return process
            time.sleep(0.02)
    finally:
        store.close()
