"""Screening benchmark: ``vet screen`` speed and memory on generated party files.

1. First use, as a user meets it: ``vet screen examples/parties.csv`` in a fresh VET_HOME
   (the bundled snapshot is imported, the matching index built and cached, the file
   screened and saved), then the same command again with the cached index.
2. A party file of ``--rows`` generated parties (in a separate process, so the parent's
   memory is the screening's): faker names of people and companies from several locales,
   with type, country, birth dates and identifiers; 1% are listed names taken from the store
   with one small variation (a typo, a legal form, dropped diacritics...), so there are hits.
3. ``vet.screen.run_screening`` on that file and on its first ``--scaling`` rows, with each
   worker count, against every bundled list, as ``vet screen`` runs it: wall time, rows/s,
   CPU use, peak resident memory of the parent and of the worker processes (sampled by a
   thread), growth of the store, flagged parties and how many listed variants were flagged.

Run: ``python bench/screen_bench.py`` (about 10 minutes on 2 cores). ``--home DIR`` reuses a
VET_HOME that has the lists (the first-use step is then skipped).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import psutil

from vet import __version__
from vet.scoring import Matcher
from vet.screen import run_screening
from vet.store import Store
from vet.store.screenings import iter_rows

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
EXAMPLE = ROOT / "examples" / "parties.csv"
HEADER = ["id", "name", "type", "country", "birth date", "identifiers"]
LISTED_SHARE = 0.01
VARIATIONS = ("typo", "transposition", "diacritics", "punctuation", "legal_form", "word_order")
"""Small, everyday changes: the listed party should still be flagged."""
LOCALES = {
    "en_GB": ("GB", 3), "en_US": ("US", 3), "de_DE": ("DE", 2), "fr_FR": ("FR", 2),
    "es_ES": ("ES", 1), "it_IT": ("IT", 1), "nl_NL": ("NL", 1), "pl_PL": ("PL", 1),
    "tr_TR": ("TR", 1), "ru_RU": ("RU", 1), "zh_CN": ("CN", 1), "ja_JP": ("JP", 1),
    "ar_AA": ("AE", 1), "en_IN": ("IN", 1),
}  # fmt: skip
"""Faker locale -> (country code written in the file, weight)."""


# -- the party file ---------------------------------------------------------------------


def listed_rows(db: str, count: int, rng: random.Random) -> list[list[str]]:
    """``count`` listed persons and organisations, each name with one small variation."""
    from match_dataset import eligible, load_listed, source_of
    from match_variations import CLASSES

    classes = [c for c in CLASSES if c.name in VARIATIONS]
    listed = sorted((i for i in load_listed(Store(db)) if eligible(i)), key=lambda i: i.entity_id)
    rows = []
    for item in rng.sample(listed, count):
        source = source_of(item)
        name = item.caption
        for cls in rng.sample(classes, len(classes)):
            if varied := cls.vary(source, rng):
                name = varied
                break
        kind = "individual" if item.schema == "Person" else "company"
        country = item.countries[0].upper() if item.countries and rng.random() < 0.7 else ""
        rows.append(["", name, kind, country, "", ""])
    return rows


def faker_rows(count: int, seed: int) -> Iterator[list[str]]:
    """People and companies that are on no list (save the odd namesake)."""
    from faker import Faker

    rng = random.Random(f"faker/{seed}")
    fakers = {locale: Faker(locale) for locale in LOCALES}
    for i, fake in enumerate(fakers.values()):
        fake.seed_instance(seed * 100 + i)
    locales, weights = list(LOCALES), [w for _, w in LOCALES.values()]
    for _ in range(count):
        locale = rng.choices(locales, weights)[0]
        fake, country = fakers[locale], LOCALES[locale][0]
        if rng.random() < 0.4:
            born = fake.date_of_birth(minimum_age=20, maximum_age=85).isoformat()
            yield ["", fake.name(), "individual", country, born if rng.random() < 0.5 else "", ""]
        else:
            number = fake.bothify("??######").upper() if rng.random() < 0.3 else ""
            yield ["", fake.company(), "company", country, "", number]


def generate(db: str, rows: int, seed: int, out: Path) -> None:
    """Write the party file and, beside it, the row numbers of the listed variants."""
    rng = random.Random(f"parties/{seed}")
    listed = listed_rows(db, round(rows * LISTED_SHARE), rng)
    places = set(rng.sample(range(rows), len(listed)))
    innocent = faker_rows(rows - len(listed), seed)
    listed_at = []
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        pending = iter(listed)
        for i in range(rows):
            if i in places:
                row = next(pending)
                listed_at.append(i + 2)  # the header is line 1
            else:
                row = next(innocent)
            row[0] = f"P{i + 1:06}"
            writer.writerow(row)
    out.with_suffix(".listed.json").write_text(json.dumps(listed_at))


def head(source: Path, rows: int, out: Path) -> None:
    """The first ``rows`` parties of ``source``, and which of them are listed variants."""
    with source.open(encoding="utf-8", newline="") as src, out.open("w", newline="") as dst:
        for _ in range(rows + 1):
            dst.write(src.readline())
    listed = json.loads(source.with_suffix(".listed.json").read_text())
    out.with_suffix(".listed.json").write_text(json.dumps([r for r in listed if r <= rows + 1]))


# -- measuring --------------------------------------------------------------------------


class MemorySampler(threading.Thread):
    """Peak resident memory of this process and of its child processes, sampled."""

    def __init__(self, interval: float = 0.5) -> None:
        super().__init__(daemon=True)
        self.interval = interval
        self.done = threading.Event()
        self.parent_rss = self.children_rss = self.total_pss = 0
        self.children = 0

    def sample(self) -> None:
        me = psutil.Process()
        parent = me.memory_full_info()
        rss = pss = 0
        children = me.children(recursive=True)
        for child in children:
            try:
                info = child.memory_full_info()
            except psutil.Error:  # the child ended meanwhile
                continue
            rss += info.rss
            pss += info.pss
        self.parent_rss = max(self.parent_rss, parent.rss)
        self.children_rss = max(self.children_rss, rss)
        self.total_pss = max(self.total_pss, parent.pss + pss)
        self.children = max(self.children, len(children))

    def run(self) -> None:
        while not self.done.wait(self.interval):
            self.sample()

    def __enter__(self) -> MemorySampler:
        self.sample()
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.done.set()
        self.join()


def cpu_seconds() -> float:
    """CPU time of this process and of its ended children (pool workers included)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def store_bytes(store: Store, path: Path) -> int:
    """Size of the store file once its write-ahead log is folded in."""
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return path.stat().st_size


@dataclass(frozen=True)
class Run:
    parties: int
    workers: int
    wall: float
    cpu: float
    parent_rss: int
    children_rss: int
    total_pss: int
    store_growth: int
    flagged: int
    skipped: int
    listed: int
    listed_flagged: int
    flagged_rows: frozenset[int]
    innocent_flagged: tuple[str, ...]
    """Generated (not listed) parties flagged, with the listed name of their best hit."""

    def row(self) -> str:
        mb = 1e6
        workers_rss = f"{self.children_rss / mb:,.0f}" if self.workers > 1 else "–"
        return (
            f"| {self.parties:,} | {self.workers} | {self.wall:,.1f} | "
            f"{self.parties / self.wall:,.0f} | {self.cpu / self.wall:.2f} | "
            f"{self.parent_rss / mb:,.0f} | {workers_rss} | {self.total_pss / mb:,.0f} | "
            f"{self.store_growth / mb:,.1f} | {self.flagged:,} | "
            f"{self.listed_flagged}/{self.listed} | {self.skipped} |"
        )


def screen(store: Store, matcher: Matcher, db_file: Path, path: Path, workers: int) -> Run:
    listed = set(json.loads(path.with_suffix(".listed.json").read_text()))
    with path.open(encoding="utf-8") as handle:
        parties = sum(1 for _ in handle) - 1
    before = store_bytes(store, db_file)
    cpu = cpu_seconds()
    started = time.perf_counter()
    with MemorySampler() as memory:
        info = run_screening(
            store,
            matcher,
            path,
            name=f"bench {path.stem} workers={workers}",
            workers=workers,
        )
    wall = time.perf_counter() - started
    cpu = cpu_seconds() - cpu
    assert info.status == "complete" and info.party_count == parties, info
    flagged: dict[int, str] = {}
    for saved in iter_rows(store, info.id):
        if saved.hits:
            name = (saved.party or {}).get("name", "")
            flagged[saved.row] = f"{name} -> {saved.hits[0].hit.get('caption', '?')}"
    return Run(
        parties=parties,
        workers=workers,
        wall=wall,
        cpu=cpu,
        parent_rss=memory.parent_rss,
        children_rss=memory.children_rss,
        total_pss=memory.total_pss,
        store_growth=store_bytes(store, db_file) - before,
        flagged=info.flagged_count,
        skipped=info.skipped_count,
        listed=len(listed),
        listed_flagged=len(listed & set(flagged)),
        flagged_rows=frozenset(flagged),
        innocent_flagged=tuple(text for row, text in flagged.items() if row not in listed),
    )


def first_use(home: Path, work: Path) -> tuple[float, float, float]:
    """Wall seconds of ``vet screen examples/parties.csv``: fresh VET_HOME, then warm; peak MB."""
    vet = shutil.which("vet", path=str(Path(sys.executable).parent)) or "vet"
    env = {k: v for k, v in os.environ.items() if not k.startswith("VET_")}
    env["VET_HOME"] = str(home)
    times = []
    for attempt in ("first", "warm"):
        command = [vet, "screen", str(EXAMPLE), "-o", str(work / f"example_{attempt}.json")]
        started = time.perf_counter()
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(f"{shlex.join(command)} failed:\n{done.stderr}")
        times.append(time.perf_counter() - started)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return times[0], times[1], peak


def vet_state() -> str:
    """The git commit the vet sources are at, and whether they differ from it."""
    git = ["git", "-C", str(ROOT)]
    commit = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run([*git, "status", "--porcelain", "src"], capture_output=True, text=True)
    state = f"commit {commit.stdout.strip()}"
    return state + (" with uncommitted changes" if dirty.stdout.strip() else "")


# -- main -------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000, help="parties in the file")
    parser.add_argument("--scaling", type=int, default=10_000, help="parties in the small file")
    parser.add_argument("--workers", default="1,2", help="worker counts, comma-separated")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--home", type=Path, help="a VET_HOME with the lists (default: fresh)")
    parser.add_argument("--generate", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    if args.generate:  # the child process that writes the party file
        generate(f"sqlite:///{args.home / 'vet.db'}", args.rows, args.seed, args.generate)
        return
    command = "python bench/screen_bench.py " + shlex.join(sys.argv[1:] if argv is None else argv)
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="vet-screen-bench-") as tmp:
        work = Path(tmp)
        home = args.home or work / "home"
        fresh = not (home / "vet.db").exists()
        first = first_use(home, work) if fresh else None
        print("generating parties...", file=sys.stderr)
        started = time.perf_counter()
        big = work / f"parties_{args.rows}.csv"
        generator = [sys.executable, __file__, "--generate", str(big), "--home", str(home)]
        generator += ["--rows", str(args.rows), "--seed", str(args.seed)]
        subprocess.run(generator, check=True)
        generated = time.perf_counter() - started
        small = work / f"parties_{args.scaling}.csv"
        head(big, args.scaling, small)

        store = Store(f"sqlite:///{home / 'vet.db'}")
        started = time.perf_counter()
        matcher = Matcher.from_store(store, cache_dir=home / "index")
        loaded = time.perf_counter() - started
        runs = []
        for path in (small, big):
            for workers in (int(w) for w in args.workers.split(",")):
                print(f"screening {path.name} with {workers} worker(s)...", file=sys.stderr)
                runs.append(screen(store, matcher, home / "vet.db", path, workers))
        versions = ", ".join(
            f"{v.list_name} {v.published}" for v in sorted(store.active_versions(), key=str)
        )

    print(
        f"Produced by `{command.strip()}` on {date.today()} (vet {__version__}, "
        f"{vet_state()}, Python {sys.version.split()[0]}, {os.cpu_count()} cores, "
        f"load average {load:.2f} at start, {os.getloadavg()[0]:.2f} at the end)."
    )
    print()
    if first is not None:
        print(
            f"- First use: `vet screen examples/parties.csv` in a fresh VET_HOME took "
            f"{first[0]:.1f} s (bundled lists imported, index built and cached, 7 parties "
            f"screened and saved); the same command again took {first[1]:.1f} s; peak "
            f"resident memory {first[2]:,.0f} MB."
        )
    print(
        f"- Party file: {args.rows:,} generated parties (seed {args.seed}; {generated:.0f} s to "
        f"generate), {LISTED_SHARE:.0%} of them listed names with one small variation "
        f"({', '.join(VARIATIONS)}); the {args.scaling:,}-party file is its first rows."
    )
    print(f"- Lists: {versions}; cached index loaded in {loaded:.1f} s.")
    print(
        "- Peak memory sampled every 0.5 s: parent RSS (reads the file, saves to the store), "
        "workers' RSS summed (each counts the index it shares with the parent, copy-on-write), "
        "and total PSS (parent + workers, shared pages counted once: what the machine holds)."
    )
    same = {(r.parties, r.flagged_rows) for r in runs}
    print(
        "- Every worker count flagged the same rows: "
        + ("yes" if len(same) == len({r.parties for r in runs}) else "NO")
    )
    last = runs[-1]
    print(
        f"- Generated parties flagged in the {last.parties:,}-party file: "
        f"{len(last.innocent_flagged)}, for example "
        + "; ".join(f"`{text}`" for text in last.innocent_flagged[:6])
    )
    print()
    print(
        "| parties | workers | wall s | rows/s | CPU cores busy | parent peak RSS MB | "
        "workers peak RSS MB | total peak PSS MB | store growth MB | flagged | "
        "listed variants flagged | skipped |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for run in runs:
        print(run.row())


if __name__ == "__main__":
    main()
