"""CPU cost of screening with the store, as ``vet screen`` runs it.

``store-share``: in one process with warm caches, the parties of FILE through the matcher
alone (``screen_party``), then through ``run_screening`` on one worker (matching + saving):
the difference is what the store costs per party.
``workers``: ``run_screening`` with ``--workers N`` on a matcher loaded from the cache, CPU of
the parent and its workers together (what a run costs the machine, start-up loads included).

Run: ``python bench/screen_cpu.py store-share --home DIR --file parties.csv`` (a VET_HOME with
the lists and a party file, e.g. one made by ``screen_bench.py``'s ``generate``).
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from vet.scoring import Matcher
from vet.screen import run_screening
from vet.screen.parties import Party, read_parties
from vet.screen.run import screen_party
from vet.store import Store


def cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def store_share(store: Store, matcher: Matcher, path: Path) -> None:
    _, rows = read_parties(path, None)
    parties = [r for r in rows if isinstance(r, Party)]
    for party in parties:  # every cache warm, as in a long run
        screen_party(matcher, party, threshold=matcher.threshold)
    start = time.process_time()
    for party in parties:
        screen_party(matcher, party, threshold=matcher.threshold)
    matching = time.process_time() - start
    start = time.process_time()
    info = run_screening(store, matcher, path, workers=1, name=f"store share {time.time()}")
    whole = time.process_time() - start
    share = 1000 * (whole - matching) / len(parties)
    print(f"{len(parties):,} parties: matching {matching:.2f} s, run_screening {whole:.2f} s CPU")
    found = f"{info.flagged_count} flagged, {info.hit_count} hits"
    print(f"  the store: {share:.3f} ms per party; {found}")


def workers_cpu(store: Store, matcher: Matcher, path: Path, workers: int) -> None:
    before = cpu_seconds()
    info = run_screening(store, matcher, path, workers=workers, name=f"workers {time.time()}")
    cpu = cpu_seconds() - before
    print(
        f"--workers {workers}: {info.party_count:,} parties, {cpu:.1f} s CPU (parent + workers), "
        f"{info.party_count / cpu:.0f} parties per CPU-second; "
        f"{info.flagged_count} flagged, {info.hit_count} hits"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["store-share", "workers"])
    parser.add_argument("--home", type=Path, required=True, help="VET_HOME with the lists")
    parser.add_argument("--file", type=Path, required=True, help="party file (CSV)")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    store = Store(f"sqlite:///{args.home / 'vet.db'}")
    matcher = Matcher.from_store(store, cache_dir=args.home / "index")
    if args.mode == "store-share":
        store_share(store, matcher, args.file)
    else:
        workers_cpu(store, matcher, args.file, args.workers)


if __name__ == "__main__":
    main()
