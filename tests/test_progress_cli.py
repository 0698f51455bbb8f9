"""Progress lines on stderr while the bundled lists are imported and the index is built:
shown on a terminal (a real pseudo-terminal here), never in a pipe or with --quiet."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"


def run_vet(args: list[str], env: dict[str, str], *, terminal: bool) -> str:
    """``vet ARGS`` in a fresh process; its stderr as written (to a terminal if asked)."""
    full_env = {**os.environ, **env, "PYTHONPATH": str(SRC)}
    command = [sys.executable, "-c", "from vet.cli import main; main()", *args]
    if not terminal:
        done = subprocess.run(command, env=full_env, capture_output=True, text=True, check=True)
        return done.stderr
    leader, follower = pty.openpty()
    process = subprocess.Popen(command, env=full_env, stdout=subprocess.DEVNULL, stderr=follower)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closes when the process ends (EIO on Linux)
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert process.wait() == 0, b"".join(chunks).decode()
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.fixture()
def home_with_a_list(tmp_path: Path, fixtures: Path) -> dict[str, str]:
    env = {"VET_HOME": str(tmp_path / "home"), "VET_AUTO_BUNDLE": "0"}
    source = fixtures / "user" / "forced_labour.csv"
    run_vet(["lists", "import", str(source), "--name", "uflpa"], env, terminal=False)
    return env


def test_index_build_shows_progress_on_a_terminal(home_with_a_list: dict[str, str]) -> None:
    shown = run_vet(["search", "Xinjiang"], home_with_a_list, terminal=True)
    assert "Building the name index (once per list change): reading lists" in shown
    assert "Built the name index in" in shown
    # Built once: the next command loads it from the cache and says nothing.
    again = run_vet(["search", "Xinjiang"], home_with_a_list, terminal=True)
    assert "name index" not in again


def test_no_progress_in_a_pipe_or_with_quiet(home_with_a_list: dict[str, str]) -> None:
    piped = run_vet(["search", "Xinjiang"], home_with_a_list, terminal=False)
    assert "name index" not in piped
    home = Path(home_with_a_list["VET_HOME"])
    for cached in (home / "index").glob("*.pickle"):
        cached.unlink()
    quiet = run_vet(["--quiet", "search", "Xinjiang"], home_with_a_list, terminal=True)
    assert "name index" not in quiet


@pytest.mark.slow
def test_first_use_shows_one_line_per_imported_list(tmp_path: Path) -> None:
    env = {"VET_HOME": str(tmp_path / "home")}
    shown = run_vet(["lists"], env, terminal=True)
    lines = [line for line in shown.splitlines() if line.startswith("Importing ")]
    assert lines[0].startswith("Importing us_ofac_sdn (1/7)... ")
    assert lines[0].endswith(" s\r") or lines[0].endswith(" s")
    assert len(lines) == 7
    assert all("listed parties" in line for line in lines)
