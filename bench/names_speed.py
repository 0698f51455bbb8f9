"""Speed of the names layer on the Consolidated Screening List (CSL).

Run: python bench/names_speed.py [path/to/consolidated.csv]
Reads every primary and alternative name (``name`` and ``;``-separated
``alt_names`` columns), then times ``clean``, ``latinise`` and ``tokenise`` over
all of them, and ``tokenise`` again on the last 20,000 (memoised). Prints
names per second.
"""

from __future__ import annotations

import csv
import sys
import time
from collections.abc import Callable
from pathlib import Path

from vet.names import clean, latinise, tokenise
from vet.names.tokens import _tokenise

DEFAULT = Path("/work/shared/data/csl/consolidated_2022-05.csv")
SCHEMATA = {"Individual": "Person", "Entity": "Organization", "Vessel": "Vessel"}
SCHEMATA["Aircraft"] = "Airplane"


def read_names(path: Path) -> list[tuple[str, str | None]]:
    """(name, schema) for every name and alias in a CSL file."""
    names: list[tuple[str, str | None]] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            schema = SCHEMATA.get(row["type"])
            for name in [row["name"], *row["alt_names"].split(";")]:
                if name.strip():
                    names.append((name, schema))
    return names


def timed(
    label: str, names: list[tuple[str, str | None]], fn: Callable[[str, str | None], object]
) -> None:
    started = time.perf_counter()
    for name, schema in names:
        fn(name, schema)
    seconds = time.perf_counter() - started
    print(f"{label:<28} {len(names) / seconds:>10,.0f} names/s  ({seconds:.2f} s)")


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    names = read_names(path)
    print(f"{len(names):,} names ({len({n for n, _ in names}):,} distinct) from {path.name}")
    started = time.perf_counter()
    tokenise("Huawei Technologies Co., Ltd.", schema="Company")  # loads word lists
    print(f"{'first call (loads data)':<28} {time.perf_counter() - started:>10.2f} s")
    timed("clean", names, lambda n, s: clean(n))
    timed("clean + latinise", names, lambda n, s: latinise(clean(n)))
    _tokenise.cache_clear()
    timed("tokenise (cold)", names, lambda n, s: tokenise(n, schema=s))
    recent = names[-20_000:]  # within the memo's 32,768 names
    timed("tokenise (memoised)", recent, lambda n, s: tokenise(n, schema=s))


if __name__ == "__main__":
    main()
