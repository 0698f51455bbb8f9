"""SIGTERM to `vet screen --engine spark` stops it quietly and leaves the screening resumable.

Real processes: `vet screen --engine spark` (local mode) runs as a subprocess on a generated
file against a small simple-CSV list, and gets SIGTERM while Spark scores the parties, or
once the first rows are saved. The local engine's test is tests/screen/test_interrupted.py.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("pyspark")

from vet.store import Store
from vet.store.screenings import get_screening, iter_rows
from watch_home import start_screening, trading_parties, watch_home

WATCH = ["w-1,Ivan Petrov,,Person,ru,1951-01-01,,Watch,,"]
ROWS = 40_000
WORDS = ["Alpha", "Borealis", "Cobalt", "Delta", "Ember", "Falcon", "Granite", "Harbor"]


def vet_command(*args: str) -> list[str]:
    return [sys.executable, "-c", "from vet.cli import main; main()", *args]


@pytest.fixture()
def home(tmp_path: Path) -> dict[str, str]:
    return watch_home(tmp_path, WATCH)


@pytest.fixture()
def parties(tmp_path: Path) -> Path:
    return trading_parties(tmp_path / "parties.csv", ROWS, WORDS)


@pytest.mark.slow
@pytest.mark.parametrize("rows_saved", [False, True], ids=["while-scoring", "while-saving"])
def test_sigterm_stops_spark_quietly_and_leaves_the_screening_resumable(
    home: dict[str, str], parties: Path, rows_saved: bool
) -> None:
    process = start_screening(home, str(parties), "--engine", "spark", rows_saved=rows_saved)
    if not rows_saved:
        time.sleep(2)  # into the scoring job
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=120)

    assert process.returncode == 128 + signal.SIGTERM, stderr[-3000:]
    for noise in ("Traceback", "BrokenPipe", "Broken pipe", "Exception", "ERROR"):
        assert noise not in stderr, stderr[-3000:]
    assert (
        stderr.strip()
        .splitlines()[-1]
        .startswith("Stopped: stopped by SIGTERM: screening 'big' interrupted after ")
    )
    assert stderr.strip().endswith("`vet screen parties.csv --resume` goes on from here")
    store = Store(f"sqlite:///{home['VET_HOME']}/vet.db")
    stopped = get_screening(store, "big")
    assert (stopped.status, stopped.error, stopped.resumable) == (
        "interrupted",
        "stopped by SIGTERM",
        True,
    )
    assert stopped.party_count < ROWS

    resumed = subprocess.run(
        vet_command("screen", str(parties), "--engine", "spark", "--resume"),
        env=home,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    done = get_screening(store, "big")
    assert (done.id, done.status, done.party_count) == (stopped.id, "complete", ROWS)
    assert [r.row for r in iter_rows(store, done.id)] == list(range(2, ROWS + 2))
    assert done.hit_count == 1  # Ivan Petrov, row 2
    store.close()
