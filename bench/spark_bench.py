"""Screening throughput and memory: the local engine (1 and 2 workers) and Spark local[2].

Parties are generated (Faker names and companies in several locales, plus a share of real
listed names with a typo) and written as CSV. Each measurement runs in a fresh process so its
memory is its own; the parent samples the resident memory of that process and all its children
(the Spark JVM and its Python workers included) and reports the peak, as the sum of RSS and as
the sum of PSS (shared pages counted once: forked workers share the index).

Two questions:

- cost against the number of parties (10k, 100k; 1M with ``--million``): it should be linear,
  so the time per party should not move;
- cost against the size of the lists (one small list, then more, then all bundled lists) at a
  fixed number of parties: candidate retrieval should keep it close to flat.

Engines:

- ``local-1``: ``vet.screen``'s batch scorer with one worker (what ``vet screen`` runs on one
  core, without saving to the store);
- ``local-2``: the same with two worker processes (the lead's pool, ``screen_batches``);
- ``spark``: ``vet.spark.screen_file_spark`` on ``local[2]``, hits written as Parquet.

"screen s" is the screening itself (reading the file, scoring, writing hits for Spark);
"start s" is what comes before it (loading the cached index; for Spark, starting the JVM too).

Run: ``python bench/spark_bench.py`` (about 12 minutes on 2 cores; the store and index of
``bench/out`` are reused); ``--million`` adds 1M parties on Spark (about 15 minutes more);
``--sizes 2000 --list-parties 2000`` for a quick check. Figures go to stdout as Markdown and
to ``bench/out/spark_bench.json``.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import psutil

BENCH = Path(__file__).resolve().parent
OUT = BENCH / "out"
DEFAULT_DB = f"sqlite:///{OUT / 'vet.db'}"
INDEX_DIR = OUT / "index"
PARTIES_DIR = OUT / "spark"
ENGINES = ("local-1", "local-2", "spark")
LIST_SETS = ("un_sc", "uk_ofsi", "us_ofac_sdn", "all")
"""Growing list sets for the list-size series ('all' is every bundled list)."""
LISTED_SHARE = 0.02
"""Share of generated parties that are real listed names with a typo."""
LOCALES = ("en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "pl_PL", "tr_TR", "nl_NL")
POOL = 20_000
SAMPLE_SECONDS = 0.5


# -- parties ------------------------------------------------------------------------------


def misspell(name: str, rng: random.Random) -> str:
    """Swap two neighbouring letters inside the longest word."""
    words = name.split()
    if not words:
        return name
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[longest]
    if len(word) < 5:
        return name
    i = rng.randrange(1, len(word) - 2)
    words[longest] = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return " ".join(words)


def name_pools(seed: int) -> tuple[list[str], list[str], list[str]]:
    """First names, last names and company names from Faker, several locales."""
    from faker import Faker

    fake = Faker(list(LOCALES))
    fake.seed_instance(seed)
    first = [fake.first_name() for _ in range(POOL)]
    last = [fake.last_name() for _ in range(POOL)]
    companies = [fake.company() for _ in range(POOL)]
    return first, last, companies


def generate_parties(count: int, seed: int, listed: Sequence[tuple[str, str]], path: Path) -> Path:
    """``count`` parties as CSV: ``id,name,country,type``; deterministic for a seed."""
    rng = random.Random(seed)
    first, last, companies = name_pools(seed)
    countries = ["GB", "DE", "FR", "ES", "IT", "PL", "TR", "NL", "US", ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name", "country", "type"])
        for i in range(count):
            if rng.random() < LISTED_SHARE:
                name, schema = rng.choice(listed)
                row = [f"P{i:07}", misspell(name, rng), "", schema]
            elif rng.random() < 0.5:
                name = f"{rng.choice(first)} {rng.choice(last)}"
                row = [f"P{i:07}", name, rng.choice(countries), "person"]
            else:
                row = [f"P{i:07}", rng.choice(companies), rng.choice(countries), "company"]
            writer.writerow(row)
    return path


def listed_names(matcher: Any) -> list[tuple[str, str]]:
    """(caption, 'person' or 'company') of every listed party of the matcher's index."""
    return [
        (party.caption, "person" if party.schema == "Person" else "company")
        for party in matcher.index.parties
    ]


# -- one measurement, in a child process ------------------------------------------------------


def open_matcher(db: str, lists: str) -> Any:
    from vet.scoring import Matcher
    from vet.store import Store, ensure_lists

    store = Store(db)
    ensure_lists(store)
    chosen = None if lists == "all" else lists.split(",")
    return Matcher.from_store(store, lists=chosen, cache_dir=INDEX_DIR)


def local_batches(matcher: Any, path: Path, workers: int) -> Iterator[list[Any]]:
    """Scored batches from the local engine; the hook for its multi-process pool."""
    from vet.screen import read_parties

    _, rows = read_parties(path)
    try:
        from vet.screen.run import BATCH, _batches, screen_batches
    except ImportError:  # an engine without the pool: one process, party by party
        if workers > 1:
            raise SystemExit("this vet has no multi-process local engine") from None
        from vet.screen import SkippedRow, screen_party

        for item in rows:
            if not isinstance(item, SkippedRow):
                yield [screen_party(matcher, item, threshold=matcher.threshold)]
        return
    yield from screen_batches(
        matcher,
        _batches(rows, BATCH),
        threshold=matcher.threshold,
        lists=None,
        workers=workers,
    )


def run_local(matcher: Any, path: Path, workers: int) -> dict[str, Any]:
    from vet.screen import PartyResult

    parties = flagged = hits = 0
    t0 = time.perf_counter()
    for batch in local_batches(matcher, path, workers):
        for item in batch:
            if isinstance(item, PartyResult):
                parties += 1
                flagged += bool(item.hits)
                hits += len(item.hits)
    seconds = time.perf_counter() - t0
    return {"parties": parties, "flagged": flagged, "hits": hits, "screen_s": seconds}


def run_spark(matcher: Any, path: Path, workdir: Path) -> dict[str, Any]:
    from vet.spark import screen_file_spark, spark_session

    t0 = time.perf_counter()
    spark = spark_session("local[2]", driver_memory="2g")
    spark.sparkContext.setLogLevel("ERROR")
    started = time.perf_counter() - t0
    t0 = time.perf_counter()
    summary = screen_file_spark(path, output=workdir / "hits.parquet", matcher=matcher, spark=spark)
    seconds = time.perf_counter() - t0
    spark.stop()
    return {
        "parties": summary.parties,
        "flagged": summary.flagged,
        "hits": summary.hits,
        "screen_s": seconds,
        "spark_start_s": started,
        "index_bytes": summary.index_bytes,
    }


def child(args: argparse.Namespace) -> None:
    t0 = time.perf_counter()
    matcher = open_matcher(args.db, args.lists)
    load = time.perf_counter() - t0
    workdir = Path(tempfile.mkdtemp(prefix="vet-spark-bench-"))
    try:
        if args.child == "spark":
            result = run_spark(matcher, Path(args.parties), workdir)
        else:
            result = run_local(matcher, Path(args.parties), int(args.child.split("-")[1]))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    result["start_s"] = load + result.pop("spark_start_s", 0.0)
    print(json.dumps(result))


# -- the parent: runs children, samples their memory ---------------------------------------------


@dataclass
class Measurement:
    engine: str
    parties: int
    lists: str
    screen_s: float
    start_s: float
    rows_per_s: float
    peak_rss_mb: float
    peak_pss_mb: float
    flagged: int
    hits: int
    index_bytes: int | None = None


def tree_memory(process: psutil.Process) -> tuple[float, float]:
    """(RSS, PSS) in MB of ``process`` and all its descendants."""
    rss = pss = 0.0
    for proc in [process, *process.children(recursive=True)]:
        try:
            info = proc.memory_full_info()
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        rss += info.rss
        pss += getattr(info, "pss", info.rss)
    return rss / 2**20, pss / 2**20


def measure(engine: str, parties: Path, lists: str, db: str) -> Measurement:
    command = [sys.executable, __file__, "--child", engine, "--parties", str(parties)]
    command += ["--lists", lists, "--db", db]
    env = dict(os.environ, SPARK_LOCAL_IP="127.0.0.1", PYSPARK_PYTHON=sys.executable)
    proc = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    peak = [0.0, 0.0]
    done = threading.Event()

    def sample() -> None:
        watched = psutil.Process(proc.pid)
        while not done.is_set():
            try:
                rss, pss = tree_memory(watched)
            except psutil.NoSuchProcess:
                return
            peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
            done.wait(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"{engine} on {parties.name} failed:\n{err[-3000:]}")
    result = json.loads(out.strip().splitlines()[-1])
    return Measurement(
        engine=engine,
        parties=result["parties"],
        lists=lists,
        screen_s=round(result["screen_s"], 2),
        start_s=round(result["start_s"], 2),
        rows_per_s=round(result["parties"] / result["screen_s"], 1),
        peak_rss_mb=round(peak[0]),
        peak_pss_mb=round(peak[1]),
        flagged=result["flagged"],
        hits=result["hits"],
        index_bytes=result.get("index_bytes"),
    )


# -- report -------------------------------------------------------------------------------


def index_facts(db: str, list_set: str) -> dict[str, Any]:
    matcher = open_matcher(db, list_set)
    pickle_path = INDEX_DIR / f"{matcher.index.key}.pickle"
    return {
        "parties": len(matcher.index),
        "names": matcher.index.name_count,
        "pickle_mb": round(pickle_path.stat().st_size / 1e6, 1) if pickle_path.exists() else None,
    }


def scale_table(rows: Sequence[Measurement]) -> list[str]:
    lines = [
        "| engine | parties | screen s | start s | parties/s | µs per party | peak RSS MB "
        "| peak PSS MB | flagged |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for m in rows:
        lines.append(
            f"| {m.engine} | {m.parties:,} | {m.screen_s:,.1f} | {m.start_s:.1f} "
            f"| {m.rows_per_s:,.0f} | {1e6 / m.rows_per_s:,.0f} | {m.peak_rss_mb:,.0f} "
            f"| {m.peak_pss_mb:,.0f} | {m.flagged:,} |"
        )
    return lines


def lists_table(rows: Sequence[Measurement], facts: dict[str, dict[str, Any]]) -> list[str]:
    lines = [
        "| engine | lists | listed parties | listed names | index MB (pickled) | parties "
        "| parties/s | µs per party | peak PSS MB |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for m in rows:
        f = facts[m.lists]
        lines.append(
            f"| {m.engine} | {m.lists} | {f['parties']:,} | {f['names']:,} | {f['pickle_mb']} "
            f"| {m.parties:,} | {m.rows_per_s:,.0f} | {1e6 / m.rows_per_s:,.0f} "
            f"| {m.peak_pss_mb:,.0f} |"
        )
    return lines


def cost_lines(rows: Sequence[Measurement]) -> list[str]:
    """Wall time and core-hours per million parties, from the largest run of each engine."""
    cores = {"local-1": 1, "local-2": 2, "spark": 2}
    lines = []
    for engine in ENGINES:
        runs = [m for m in rows if m.engine == engine and m.lists == "all"]
        if not runs:
            continue
        best = max(runs, key=lambda m: m.parties)
        seconds = 1e6 / best.rows_per_s
        lines.append(
            f"- {engine}: {seconds / 60:,.1f} min per million parties "
            f"({seconds * cores[engine] / 3600:.2f} core-hours; measured on {best.parties:,})"
        )
    return lines


def parent(args: argparse.Namespace) -> None:
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.million:
        sizes.append(1_000_000)
    engines = [e for e in args.engines.split(",") if e]
    listed = listed_names(open_matcher(args.db, "all"))
    files = {}
    for size in sorted({*sizes, args.list_parties}):
        path = PARTIES_DIR / f"parties_{size}.csv"
        if not path.exists():
            generate_parties(size, args.seed, listed, path)
        files[size] = path
    facts = {s: index_facts(args.db, s) for s in LIST_SETS}
    load = os.getloadavg()[0]

    def run(engine: str, size: int, list_set: str) -> Measurement:
        m = measure(engine, files[size], list_set, args.db)
        print(
            f"{engine:8} {size:>9,} {list_set:12} {m.rows_per_s:8,.0f}/s {m.peak_pss_mb:6,.0f} MB",
            file=sys.stderr,
            flush=True,
        )
        return m

    scale: list[Measurement] = []
    for size in sizes:
        for engine in engines:
            if size < 1_000_000 or engine in args.million_engines.split(","):
                scale.append(run(engine, size, "all"))
    by_lists: list[Measurement] = []
    for engine in [e for e in args.list_engines.split(",") if e]:
        for list_set in LIST_SETS:
            done = [
                m
                for m in scale
                if (m.engine, m.parties, list_set) == (engine, args.list_parties, "all")
            ]
            by_lists.append(done[0] if done else run(engine, args.list_parties, list_set))
    lines = [
        f"Produced by `python bench/spark_bench.py{' --million' if args.million else ''}` on "
        f"{datetime.date.today()} (Python {platform.python_version()}, "
        f"pyspark {version_of('pyspark')}, Java 17, {os.cpu_count()} cores shared with other "
        f"work, load average {load:.2f} at start). Parties: Faker names and companies "
        f"({', '.join(LOCALES)}), {LISTED_SHARE:.0%} real listed names with a typo; seed "
        f"{args.seed}.",
        "",
        "### Cost against the number of parties (all bundled lists)",
        "",
        *scale_table(scale),
        "",
        f"### Cost against the size of the lists ({args.list_parties:,} parties)",
        "",
        *lists_table(by_lists, facts),
        "",
        "### Per million parties",
        "",
        *cost_lines(scale),
    ]
    print("\n".join(lines))
    data = {
        "scale": [asdict(m) for m in scale],
        "lists": [asdict(m) for m in by_lists],
        "index": facts,
        "markdown": "\n".join(lines),
    }
    (OUT / "spark_bench.json").write_text(json.dumps(data, indent=2), encoding="utf-8")


def version_of(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default=DEFAULT_DB, help="store URL (default: %(default)s)")
    parser.add_argument("--sizes", default="10000,100000", help="party counts, comma-separated")
    parser.add_argument("--million", action="store_true", help="add 1,000,000 parties")
    parser.add_argument("--million-engines", default="spark", help="engines run on 1M parties")
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--list-parties", type=int, default=10_000, help="parties per list set")
    parser.add_argument("--list-engines", default="local-1,spark")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--child", choices=ENGINES, help=argparse.SUPPRESS)
    parser.add_argument("--parties", help=argparse.SUPPRESS)
    parser.add_argument("--lists", default="all", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
    else:
        parent(args)


if __name__ == "__main__":
    main()
