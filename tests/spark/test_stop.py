"""SIGTERM to `vet screen --engine spark` stops it quietly and leaves the screening resumable.

Real processes: `vet screen --engine spark` (local mode) runs as a subprocess on a generated
file against a small simple-CSV list, and gets SIGTERM while Spark scores the parties, or
once the first rows are saved. The local engine's test is tests/screen/test_interrupted.py.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("pyspark")

from vet.store import Store
from vet.store.screenings import get_screening, iter_rows, list_screenings
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


NOISE = ("Traceback", "BrokenPipe", "Broken pipe", "Exception", "ERROR", "KeyboardInterrupt")


def send(process: subprocess.Popen[str], signum: signal.Signals) -> None:
    """SIGTERM to the process, as an orchestrator sends it; Ctrl-C (SIGINT) to its whole
    process group, as a terminal sends it."""
    if signum == signal.SIGINT:
        os.killpg(process.pid, signum)
    else:
        process.send_signal(signum)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("signum", "rows_saved"),
    [(signal.SIGTERM, False), (signal.SIGTERM, True), (signal.SIGINT, False)],
    ids=["sigterm-while-scoring", "sigterm-while-saving", "ctrl-c-while-scoring"],
)
def test_a_stop_ends_spark_quietly_and_leaves_the_screening_resumable(
    home: dict[str, str], parties: Path, signum: signal.Signals, rows_saved: bool
) -> None:
    process = start_screening(home, str(parties), "--engine", "spark", rows_saved=rows_saved)
    if not rows_saved:
        time.sleep(2)  # into the scoring job
    send(process, signum)
    _, stderr = process.communicate(timeout=120)

    assert process.returncode == 128 + signum, stderr[-3000:]
    for noise in NOISE:
        assert noise not in stderr, stderr[-3000:]
    assert (
        stderr.strip()
        .splitlines()[-1]
        .startswith(f"Stopped: stopped by {signum.name}: screening 'big' interrupted after ")
    )
    assert stderr.strip().endswith("`vet screen parties.csv --resume` goes on from here")
    store = Store(f"sqlite:///{home['VET_HOME']}/vet.db")
    stopped = get_screening(store, "big")
    assert (stopped.status, stopped.error, stopped.resumable) == (
        "interrupted",
        f"stopped by {signum.name}",
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


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_a_stop_ends_an_unsaved_spark_run_quietly(
    home: dict[str, str], parties: Path, tmp_path: Path, signum: signal.Signals
) -> None:
    hits = tmp_path / "hits.parquet"
    process = subprocess.Popen(
        vet_command("screen", str(parties), "--engine", "spark", "--no-save", "-o", str(hits)),
        env=home,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    # Into the scoring job: parties are scored as the hits are written, and the write
    # begins with Spark's temporary folder in the output.
    deadline = time.monotonic() + 300
    while not (hits / "_temporary").exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the Spark job did not start in 300 s"
        time.sleep(0.05)
    time.sleep(1)
    send(process, signum)
    _, stderr = process.communicate(timeout=120)

    assert process.returncode == 128 + signum, stderr[-3000:]
    for noise in NOISE:
        assert noise not in stderr, stderr[-3000:]
    assert stderr.strip().splitlines()[-1] == (
        f"Stopped: stopped by {signum.name}: nothing saved (--no-save), and {hits} is not complete"
    )
    store = Store(f"sqlite:///{home['VET_HOME']}/vet.db")
    assert [s.name for s in list_screenings(store)] == []
    store.close()
