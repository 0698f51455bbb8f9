"""First use as a user meets it, in fresh processes with a fresh VET_HOME.

1. ``vet screen examples/parties.csv``: the bundled lists imported, the name index built
   and cached, the file screened and saved.
2. The same command again (the index loaded from its cache).
3. ``vet lists import`` of a two-party list, then ``vet search``: the first command after a
   list changes rebuilds the index, tokenising only the new list's names (the others' are
   cached per list version, see ``vet.index.form_cache``).

Each step's CPU time (user + system of the child, as ``/usr/bin/time`` reports it), wall
time and peak resident memory are printed, with the load average before and after.

Run: ``python bench/first_use.py`` (about two minutes of CPU).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "parties.csv"
SMALL_LIST = ROOT / "tests" / "fixtures" / "user" / "forced_labour.csv"
NAMED = ["--name", "uflpa"]


def timed(args: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """CPU seconds (user + system), wall seconds and peak MB of ``vet ARGS`` in a fresh process."""
    command = [sys.executable, "-c", "from vet.cli import main; main()", *args]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"vet {' '.join(args)} failed:\n{done.stderr}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall, after.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, help="an empty directory (default: a temporary one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="vet-first-use-") as tmp:
        home = args.home or Path(tmp)
        env = {k: v for k, v in os.environ.items() if not k.startswith("VET_")}
        env["VET_HOME"] = str(home)
        print(f"load average at start: {os.getloadavg()[0]:.2f}")
        steps = [
            ("first use: vet screen examples/parties.csv", ["screen", str(EXAMPLE)]),
            ("again, index cached", ["screen", str(EXAMPLE)]),
            ("vet lists import (2 parties)", ["lists", "import", str(SMALL_LIST), *NAMED]),
            ("next command: vet search (index rebuilt)", ["search", "Hikvision"]),
        ]
        for label, command in steps:
            cpu, wall, peak = timed(command, env)
            print(f"{label:<45} {cpu:6.1f} s CPU  {wall:6.1f} s wall  peak {peak:,.0f} MB")
        print(f"load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
