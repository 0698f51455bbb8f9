"""What users call, timed as they meet it: ``vet.match`` in a loop and the CLI's start-up.

1. ``vet.match(name)`` over ``--names`` generated names (people and companies from several
   Faker locales, fixed seed), in a fresh process, beside ``Matcher.match`` over the same
   names in another fresh process. Both first answer ``--warmup`` names from another sample,
   untimed, so caches are as warm as in a long loop but have never seen the timed names.
   CPU time per call and the ratio of the two are printed: the entry point must cost what
   the matcher costs (target: within 1.5 times).
2. ``vet --version`` and ``vet --help`` in fresh processes: wall and CPU time, best of
   ``--repeat`` runs.

Run: ``python bench/entry_bench.py --home DIR`` with a VET_HOME that has the lists (the
first use imports the bundle and builds the index; that is timed by screen_bench.py).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from faker import Faker

LOCALES = ["en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "ru_RU", "tr_TR", "pt_BR"]


def generated_names(count: int, seed: int) -> list[str]:
    """People and company names from several locales, reproducible for a seed."""
    faker = Faker(LOCALES)
    faker.seed_instance(seed)
    names = []
    for i in range(count):
        names.append(faker.company() if i % 2 else faker.name())
    return names


_CHILD = """
import json, sys, time
import vet
names = json.loads(sys.stdin.read())
warm, timed = names["warm"], names["timed"]
if sys.argv[1] == "matcher":
    matcher = vet.default_matcher()
    call = matcher.match
else:
    call = vet.match
for name in warm:
    call(name)
start = time.process_time()
for name in timed:
    call(name)
cpu = time.process_time() - start
print(json.dumps({"cpu_s": cpu, "calls": len(timed)}))
"""


def time_loop(kind: str, warm: list[str], timed: list[str], env: dict[str, str]) -> float:
    """CPU milliseconds per call of ``kind`` ("matcher" or "vet.match") in a fresh process."""
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, kind],
        input=json.dumps({"warm": warm, "timed": timed}),
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    return 1000 * float(result["cpu_s"]) / int(result["calls"])


def time_command(args: list[str], env: dict[str, str], repeat: int) -> tuple[float, float]:
    """Best wall and CPU seconds of a command in a fresh process."""
    best_wall, best_cpu = float("inf"), float("inf")
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(args, env=env, check=True, capture_output=True)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        best_wall, best_cpu = min(best_wall, wall), min(best_cpu, cpu)
    return best_wall, best_cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True, help="VET_HOME with the lists")
    parser.add_argument("--names", type=int, default=10_000, help="names timed per loop")
    parser.add_argument("--warmup", type=int, default=2_000, help="untimed names first")
    parser.add_argument("--repeat", type=int, default=5, help="runs per CLI command")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    env = {**os.environ, "VET_HOME": str(args.home)}
    warm = generated_names(args.warmup, args.seed + 1000)
    timed = generated_names(args.names, args.seed)
    matcher_ms = time_loop("matcher", warm, timed, env)
    entry_ms = time_loop("vet.match", warm, timed, env)
    print(f"{args.names:,} names, fresh processes, after {args.warmup:,} warm-up names:")
    print(f"  Matcher.match  {matcher_ms:.3f} ms CPU per call")
    print(f"  vet.match      {entry_ms:.3f} ms CPU per call  ({entry_ms / matcher_ms:.2f}x)")

    vet = str(Path(sys.executable).with_name("vet"))
    for command in (["--version"], ["--help"]):
        wall, cpu = time_command([vet, *command], env, args.repeat)
        print(f"  vet {command[0]:<10} best of {args.repeat}: {wall:.2f} s wall, {cpu:.2f} s CPU")


if __name__ == "__main__":
    main()
