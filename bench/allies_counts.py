"""Counts of the complete Australian and Canadian list files, by the parser and by hand.

The complete files are not in the repository (tests read excerpts), so their counts are
checked here: each file is read once with a plain reader (openpyxl or ElementTree: rows,
listing numbers, record tags) and once with vet's parser, and both are printed beside
the counts the parser modules declare (``au_dfat.EXPECTED``, ``ca_sema.EXPECTED``). Then
each pair of releases is imported into a scratch store and diffed as ``vet lists diff``
does. Needs the shared data directory:

    PYTHONPATH=src python bench/allies_counts.py /work/shared/data
"""

from __future__ import annotations

import re
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date
from pathlib import Path

import openpyxl

from vet.sources import au_dfat, ca_sema
from vet.sources.base import ParsedList
from vet.store import Store, diff_versions, import_path

AU = {date(2024, 11, 11): "au/dfat_consolidated_2024-11-11.xlsx",
      date(2026, 7, 23): "au/dfat_consolidated_2026-07-23.xlsx"}  # fmt: skip
CA = {"2020-04": "ca/sema-lmes_2020-04.xml", "2025-05": "ca/sema-lmes_2025-05.xml"}


def kinds(parsed: ParsedList) -> Counter[str]:
    return Counter(e.schema.name for e in parsed.entities if e.get("topics", quiet=True))


def count_au_by_hand(path: Path) -> tuple[int, int]:
    """(name rows, listings): non-empty rows, distinct numbers before the Reference's letters."""
    book = openpyxl.load_workbook(path, read_only=True)
    rows = [r for r in book.worksheets[0].iter_rows(values_only=True) if any(r)][1:]
    numbers = {re.match(r"\d+", str(r[0])).group(0) for r in rows}  # type: ignore[union-attr]
    return len(rows), len(numbers)


def count_ca_by_hand(path: Path) -> tuple[int, int, int]:
    """(records, entities or ships, distinct names)."""
    records = list(ET.parse(path).getroot())
    names = set()
    ships = 0
    for record in records:
        fields = {child.tag: (child.text or "").strip() for child in record}
        person = " ".join(f for f in (fields.get("GivenName"), fields.get("LastName")) if f)
        ships += not person
        names.add(person.casefold() or (fields.get("EntityOrShip") or fields["Entity"]).casefold())
    return len(records), ships, len(names)


def main(root: Path) -> None:
    for when, name in AU.items():
        started = time.monotonic()
        parsed = au_dfat.parse(root / name)
        seconds = time.monotonic() - started
        programs = Counter(
            e.first("program") for e in parsed.entities if e.schema.name == "Sanction"
        )
        hr = programs["Autonomous (Thematic - Human Rights)"]
        print(f"{name}: by hand {count_au_by_hand(root / name)} (rows, listings); parser "
              f"{parsed.target_count} listings {dict(kinds(parsed))}, {hr} human rights, "
              f"{len(parsed.warnings)} warnings, {seconds:.1f} s; "
              f"declared {au_dfat.EXPECTED[when]}")  # fmt: skip
    for key, name in CA.items():
        started = time.monotonic()
        parsed = ca_sema.parse(root / name)
        seconds = time.monotonic() - started
        sanctions = sum(1 for e in parsed.entities if e.schema.name == "Sanction")
        print(f"{name}: by hand {count_ca_by_hand(root / name)} (records, entities or ships, "
              f"names); parser {parsed.target_count} parties {dict(kinds(parsed))}, "
              f"{sanctions} listings, {len(parsed.warnings)} warnings, {seconds:.1f} s; "
              f"declared {ca_sema.EXPECTED[key]}")  # fmt: skip
    for list_name, files in (("au_dfat", AU.values()), ("ca_sema", CA.values())):
        with tempfile.TemporaryDirectory() as tmp:
            store = Store(f"sqlite:///{tmp}/vet.db")
            for name in files:
                import_path(store, root / name)
            diff = diff_versions(store, list_name)
            print(f"{list_name} diff: {len(diff.added)} added, {len(diff.removed)} removed, "
                  f"{len(diff.changed)} changed")  # fmt: skip
            store.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data"))
