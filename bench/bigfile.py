"""Flat memory on a huge party file: peak RSS over time and rows/s on a 1 GB CSV.

Writes (once) a CSV of about ``--gb`` GB into ``--dir`` (21 million rows of
``id,name,country`` for 1 GB; one row in 20 repeats an earlier party, so repeats are
marked all along), then:

1. **save**: the first ``--save-rows`` rows of it through the real reader
   (``read_parties``) and the real saving path (``save_batches``: repeats marked,
   rows saved batch by batch) into a fresh store, without scoring, in this process.
   This is the part whose memory grew with the file (the set of party keys seen).
2. **screen**: ``vet screen FILE --workers 1`` in its own process on a store holding two
   small list excerpts (so rows go through the matcher fast), for ``--seconds``, then
   SIGTERM (the screening stops cleanly, resumable).

Both print RSS against rows done, sampled as they go; memory is flat when the RSS stops
rising after the first batches. ``--vet-src DIR`` runs the same on another checkout (e.g.
``/work/main/src``, to compare with the code before the change).

Run: ``nice python bench/bigfile.py`` (a few minutes on 2 busy cores).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
WORDS = [
    "north",
    "star",
    "river",
    "stone",
    "green",
    "blue",
    "iron",
    "gold",
    "silver",
    "delta",
    "alpha",
    "apex",
    "nova",
    "terra",
    "atlas",
    "orion",
    "polar",
    "coral",
    "cedar",
    "maple",
    "harbor",
    "summit",
    "vertex",
    "prime",
    "crest",
    "pine",
    "oak",
]
FORMS = ("Ltd", "GmbH", "LLC", "SA", "BV", "Inc", "Trading", "Holdings", "")
COUNTRIES = ("GB", "DE", "FR", "US", "NL", "IT", "ES", "PL", "TR", "IN", "")


def write_file(path: Path, gigabytes: float) -> int:
    """A party file of about ``gigabytes`` GB; its row count."""
    rng = random.Random(16)
    target = int(gigabytes * (1 << 30))
    rows = 0
    recent: list[str] = []
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("id,name,country\n")
        while handle.tell() < target:
            lines = []
            for _ in range(10_000):
                rows += 1
                if recent and rng.random() < 0.05:
                    line = rng.choice(recent)  # a repeat of an earlier party
                else:
                    words = " ".join(rng.choices(WORDS, k=3)).title()
                    line = (
                        f"P{rows},{words} {rng.choice(FORMS)} {rows % 9973},{rng.choice(COUNTRIES)}"
                    )
                    recent = [*recent[-999:], line]
                lines.append(line)
            handle.write("\n".join(lines) + "\n")
    return rows


def rss_mb(process: psutil.Process) -> float:
    total = process.memory_info().rss
    for child in process.children(recursive=True):
        with contextlib.suppress(psutil.NoSuchProcess):
            total += child.memory_info().rss
    return total / (1 << 20)


SAVE = r"""
import sys, time, resource
from pathlib import Path
from vet.screen.model import PartyResult
from vet.screen.parties import Party, read_parties
from vet.screen.run import open_screening, save_batches
from vet.store import Store
path, db, limit = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
store = Store(f"sqlite:///{db}")
columns, rows = read_parties(path)
info, _ = open_screening(store, path, file_sha256=None, columns=columns, threshold=0.7,
                         lists=None, versions=[])
start = time.monotonic()
done = 0
def batches():
    global done
    batch = []
    for item in rows:
        batch.append(PartyResult(item, (), None) if isinstance(item, Party) else item)
        if len(batch) == 1000:
            yield batch
            done += len(batch)
            batch = []
            if done % 250_000 == 0:
                rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                print(f"{done:>10,} rows  {done / (time.monotonic() - start):>8,.0f} rows/s  "
                      f"peak RSS {rss:,.0f} MB", flush=True)
            if done >= limit:
                return
    yield batch
save_batches(store, info, batches(), versions={})
"""


def run_save(path: Path, rows: int, env: dict[str, str]) -> None:
    print(f"\n== save: the first {rows:,} rows read, marked for repeats and saved (no scoring)")
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(
            [sys.executable, "-c", SAVE, str(path), f"{folder}/vet.db", str(rows)],
            env=env,
            check=True,
        )


def run_screen(path: Path, seconds: float, env: dict[str, str]) -> None:
    print(f"\n== screen: vet screen {path.name} --workers 1, for {seconds:.0f} s, then SIGTERM")
    with tempfile.TemporaryDirectory() as home:
        env = {**env, "VET_HOME": home, "VET_AUTO_BUNDLE": "0"}
        vet = [sys.executable, "-c", "from vet.cli import main; main()"]
        for excerpt in ("uk/ofsi_conlist_excerpt.xlsx", "ofac/sdn_2023-12-28"):
            subprocess.run([*vet, "lists", "import", str(FIXTURES / excerpt)], env=env, check=True)
        child = subprocess.Popen([*vet, "screen", str(path), "--workers", "1"], env=env)
        process = psutil.Process(child.pid)
        start = time.monotonic()
        db = Path(home) / "vet.db"
        while child.poll() is None and time.monotonic() - start < seconds:
            time.sleep(10)
            try:
                with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
                    done = conn.execute(
                        "SELECT party_count + skipped_count FROM screenings ORDER BY id DESC"
                    ).fetchone()
            except sqlite3.Error:
                done = None
            rows = done[0] if done else 0
            elapsed = time.monotonic() - start
            print(
                f"{elapsed:>6.0f} s  {rows:>9,} rows saved  RSS (with workers) "
                f"{rss_mb(process):,.0f} MB",
                flush=True,
            )
        child.send_signal(signal.SIGTERM)
        child.wait(60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gb", type=float, default=1.0)
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()))
    parser.add_argument("--save-rows", type=int, default=3_000_000)
    parser.add_argument("--seconds", type=float, default=180)
    parser.add_argument("--vet-src", type=Path, default=ROOT / "src")
    parser.add_argument("--skip", choices=("save", "screen"), action="append", default=[])
    args = parser.parse_args()
    path = args.dir / f"vet-parties-{args.gb:g}gb.csv"
    if not path.exists():
        started = time.monotonic()
        rows = write_file(path.with_suffix(".tmp"), args.gb)
        path.with_suffix(".tmp").rename(path)
        print(f"wrote {path}: {rows:,} rows in {time.monotonic() - started:.0f} s")
    print(f"{path}: {path.stat().st_size / 1e9:.2f} GB; vet from {args.vet_src}")
    env = {**os.environ, "PYTHONPATH": str(args.vet_src)}
    if "save" not in args.skip:
        run_save(path, args.save_rows, env)
    if "screen" not in args.skip:
        run_screen(path, args.seconds, env)


if __name__ == "__main__":
    main()
