"""A `vet screen` killed part-way is shown interrupted, and `--resume` finishes it.

Real processes: `vet screen` runs as a subprocess on a generated file of 20,000 parties
against a small simple-CSV list, and is killed once its first batches are saved.
"""

from __future__ import annotations

import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from vet.store import Store
from vet.store.screenings import get_screening, iter_rows
from watch_home import start_screening, trading_parties, watch_home

WATCH = [
    "w-1,Ivan Petrov,,Person,ru,1951-01-01,,Watch,,",
    "w-2,Orion Shipping Ltd,,Company,pa,,,Watch,,",
]
ROWS = 20_000
WORDS = [
    "Alpha",
    "Borealis",
    "Cobalt",
    "Delta",
    "Ember",
    "Falcon",
    "Granite",
    "Harbor",
    "Iris",
    "Juniper",
]


@pytest.fixture()
def home(tmp_path: Path) -> dict[str, str]:
    """A VET_HOME holding the small list, and the environment to run vet in it."""
    return watch_home(tmp_path, WATCH)


@pytest.fixture()
def parties(tmp_path: Path) -> Path:
    return trading_parties(tmp_path / "parties.csv", ROWS, WORDS)


def vet(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", "from vet.cli import main; main()", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.slow
def test_a_killed_screening_is_interrupted_and_resumes(home: dict[str, str], parties: Path) -> None:
    process = start_screening(home, str(parties), "--workers", "1", within=120)
    process.send_signal(signal.SIGKILL)
    process.wait(30)

    listed = vet(home, "screenings")
    assert listed.returncode == 0, listed.stderr
    line = next(line for line in listed.stdout.splitlines() if line.endswith("big"))
    assert line.split()[3] == "interrupted"
    assert "(its process is gone); `vet screen parties.csv --resume` goes on from here" in (
        listed.stdout
    )
    store = Store(f"sqlite:///{home['VET_HOME']}/vet.db")
    stopped = get_screening(store, "big")
    assert (stopped.status, stopped.resumable) == ("interrupted", True)
    assert 0 < stopped.party_count < ROWS

    resumed = vet(home, "screen", str(parties), "--resume", "--workers", "1")
    assert resumed.returncode == 0, resumed.stderr
    done = get_screening(store, "big")
    assert (done.id, done.status, done.party_count) == (stopped.id, "complete", ROWS)
    rows = [r.row for r in iter_rows(store, done.id)]
    assert rows == list(range(2, ROWS + 2))  # every row once
    assert done.hit_count == 1  # Ivan Petrov, row 2
    store.close()


def test_a_screening_still_running_is_not_resumed_twice(
    home: dict[str, str], parties: Path
) -> None:
    process = start_screening(home, str(parties), "--workers", "1", within=120)
    process.send_signal(signal.SIGSTOP)  # alive, but going no further while we look
    try:
        again = vet(home, "screen", str(parties), "--resume", "--workers", "1")
        assert again.returncode == 1
        assert f"screening 'big' is still running (process {process.pid} on host" in again.stderr
        listed = vet(home, "screenings").stdout
        assert next(x for x in listed.splitlines() if x.endswith("big")).split()[3] == "running"
    finally:
        process.kill()
        process.wait(30)


@pytest.mark.slow
def test_sigterm_stops_the_workers_quietly_and_leaves_the_screening_resumable(
    home: dict[str, str], parties: Path
) -> None:
    process = start_screening(home, str(parties), "--workers", "2", within=120)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)

    assert process.returncode == 128 + signal.SIGTERM
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr
    (line,) = stderr.strip().splitlines()
    assert re.fullmatch(
        r"Stopped: stopped by SIGTERM: screening 'big' interrupted after [\d,]+ rows; "
        r"`vet screen parties.csv --resume` goes on from here",
        line,
    )
    store = Store(f"sqlite:///{home['VET_HOME']}/vet.db")
    stopped = get_screening(store, "big")
    assert (stopped.status, stopped.error) == ("interrupted", "stopped by SIGTERM")
    assert 0 < stopped.party_count < ROWS
    assert any(e["action"] == "screening interrupted" for e in store.audit_events())

    resumed = vet(home, "screen", str(parties), "--resume", "--workers", "2")
    assert resumed.returncode == 0, resumed.stderr
    done = get_screening(store, "big")
    assert (done.id, done.status, done.party_count) == (stopped.id, "complete", ROWS)
    assert [r.row for r in iter_rows(store, done.id)] == list(range(2, ROWS + 2))
    store.close()
