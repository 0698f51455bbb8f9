"""How many person-name words of a list the given-name table misses (a recall risk).

vet reads rigour's person-name ids from its own table (``src/vet/names/given_names.py``)
instead of building rigour's tagger in every process. A word rigour knows as a name but
the table lacks loses its short forms and counts as a rare word. This script parses a
list file the table was not built from (Canada's SEMA list by default), takes the
distinct words vet's tokeniser makes of its persons' names, and counts the words rigour
tags that the table lacks. Run: ``python bench/given_names_coverage.py [FILE]``
(asks rigour, so about 10 s of CPU).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from vet.names.given_names import name_ids, rigour_name_ids
from vet.names.tokens import tokenise
from vet.sources import detect_source

SEMA = Path("/work/shared/data/ca/sema-lmes_2025-05.xml")
NAME_PROPERTIES = ("name", "alias", "weakAlias", "previousName", "firstName", "lastName")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path, nargs="?", default=SEMA)
    args = parser.parse_args()
    parsed = detect_source(args.file).parse(args.file)
    words: set[str] = set()
    for entity in parsed.entities:
        if not entity.schema.is_a("Person"):
            continue
        for prop in NAME_PROPERTIES:
            for name in entity.get(prop, quiet=True):
                words.update(t.text for t in tokenise(name, schema="Person").tokens)
    words = {w for w in words if len(w) >= 2 and w.isalpha()}
    known = {w for w in words if rigour_name_ids(w)}
    missing = sorted(w for w in known if not name_ids(w))
    differ = sorted(w for w in known if name_ids(w) and name_ids(w) != rigour_name_ids(w))
    print(f"{args.file.name}: {len(words):,} distinct words in persons' names")
    print(f"rigour knows {len(known):,} as names; the table lacks {len(missing):,} of them")
    print(f"({len(missing) / max(len(known), 1):.1%}); ids differ for {len(differ):,}")
    print("missing:", " ".join(missing))


if __name__ == "__main__":
    main()
