"""Build ``src/vet/names/data/given_names.tsv.gz``: word -> rigour's person-name ids.

vet asks rigour (OpenSanctions' name library) which given names or family names a word
may be (``ted`` -> ``NICK:TED``, ``NAME:Q1737211``). rigour answers from a tagger it
builds on first use, about 8 s of CPU in every process that compares names. This script
asks rigour once, offline, through its public API (``analyze_names`` with
``NameTypeTag.PER``, the call ``vet.names.given_names`` replaces), for every word of a
broad vocabulary, and writes the words rigour knows with the ids it gives them (less
the ids no other word of the table has, which can never be shared; see ``shared_ids``):

- every word of every name in the bundled lists, read from a store (``--store``,
  default ``bench/out/vet.db``, which ``bench/register_bench.py`` fills; or the
  ``vet.db`` of a ``VET_HOME`` after ``vet lists import``);
- the ``nicknames`` package (a dependency of vet): full names and short forms;
- Faker's first and last names in each of its locales;
- gender-guesser's dictionary of first names in some fifty countries;
- the ``names`` package: the 1990 US census first names and surnames;
- names-dataset: the first and last names among the 5,000 most frequent in one of its
  106 countries (``--top``).

Words are taken as vet's tokeniser gives them (lower-case ASCII, other scripts
transliterated), since those are the words the scorer looks up. The build-only
packages are not dependencies of vet:

    pip install faker gender-guesser names names-dataset
    python scripts/build_given_names.py [--store bench/out/vet.db]

Refresh the table when rigour is upgraded (its name data changes with it) or when a list
brings many new names; ``tests/names/test_given_names.py`` (slow) checks a sample of
the table against the installed rigour.
"""

from __future__ import annotations

import argparse
import gzip
import importlib
import importlib.util
import json
import pickle
import sqlite3
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from importlib.metadata import version
from pathlib import Path

from rigour.names import SymbolCategory

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from vet.names.given_names import rigour_name_ids  # noqa: E402
from vet.names.tokens import tokenise  # noqa: E402

TABLE = ROOT / "src" / "vet" / "names" / "data" / "given_names.tsv.gz"
NAME_PROPERTIES = (
    "name",
    "alias",
    "weakAlias",
    "previousName",
    "firstName",
    "secondName",
    "middleName",
    "lastName",
    "fatherName",
    "motherName",
)
_NAME = f"{SymbolCategory.NAME.value}:"
"""Written without, as the table's most frequent category (a fifth smaller)."""


def words_of(names: Iterable[str], schema: str = "Person") -> set[str]:
    """The words vet's tokeniser makes of ``names``, and the words as written."""
    out: set[str] = set()
    for name in names:
        form = tokenise(name, schema=schema)
        out.update(token.text for token in form.tokens)
        out.update(form.latin.split())
    return {w for w in out if len(w) >= 2 and w.isalpha() and w.isascii()}


def store_names(store: Path) -> Iterator[tuple[str, str]]:
    """(schema, name) of every entity in the active version of each list."""
    db = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    rows = db.execute(
        "SELECT d.data FROM lists l JOIN version_entities v ON v.version_id = l.active_version"
        " JOIN entity_data d ON d.digest = v.digest"
    )
    for (data,) in rows:
        entity = json.loads(data)
        properties = entity.get("properties", {})
        for prop in NAME_PROPERTIES:
            for value in properties.get(prop, ()):
                yield entity["schema"], value


def nickname_names() -> set[str]:
    from nicknames import NickNamer

    out: set[str] = set()
    for full, shorts in NickNamer().nickname_lookup.items():
        out.add(full)
        out.update(shorts)
    return out


def faker_names() -> set[str]:
    from faker.config import AVAILABLE_LOCALES
    from faker.generator import Generator

    out: set[str] = set()
    for locale in AVAILABLE_LOCALES:
        try:
            module = importlib.import_module(f"faker.providers.person.{locale}")
        except ImportError:
            continue
        provider = module.Provider(Generator())  # some lists are properties
        for attribute in (
            "first_names",
            "first_names_male",
            "first_names_female",
            "first_names_nonbinary",
            "last_names",
            "last_names_male",
            "last_names_female",
            "first_romanized_names",
            "last_romanized_names",
        ):
            out.update(str(name) for name in getattr(provider, attribute, ()))
    return out


def gender_guesser_names() -> set[str]:
    from gender_guesser.detector import Detector

    # The dictionary writes "+" for a space or hyphen inside a name ("Abd+al").
    return {name.replace("+", " ") for name in Detector().names}


def census_names() -> set[str]:
    import names

    out: set[str] = set()
    for path in names.FILES.values():
        with open(path, encoding="ascii") as lines:
            out.update(line.split()[0] for line in lines if line.strip())
    return out


def names_dataset_names(top: int) -> set[str]:
    """First and last names among the ``top`` most frequent of some country in
    names-dataset (Facebook profiles of 106 countries, 2021); all of it is 1.7 million
    names, mostly rare spellings."""
    # The data files only: importing the package would load both tables (3 GB).
    spec = importlib.util.find_spec("names_dataset")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("names-dataset is not installed (pip install names-dataset)")
    out: set[str] = set()
    folder = Path(spec.submodule_search_locations[0]) / "v3"
    for kind in ("first_names", "last_names"):
        # Read as the package's NameDataset does, without keeping both tables in memory.
        with gzip.open(folder / f"{kind}.pkl.gz") as data:
            table = pickle.load(data)
        for name, about in table.items():
            if min(about["rank"].values(), default=top + 1) <= top:
                out.add(name)
        del table
    return out


def shared_ids(table: dict[str, tuple[str, ...]]) -> set[str]:
    """The ids two words or more of ``table`` have.

    vet compares ids only to find two words that are one name (Ted, Theodore): an id no
    other word has can never be shared, whatever word it meets, since a word outside
    the table has no ids. Leaving such ids out keeps every answer and makes the file
    less than half as large (297 kB instead of 676 kB).
    """
    counts = Counter(i for ids in table.values() for i in ids)
    return {i for i, n in counts.items() if n > 1}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, default=ROOT / "bench" / "out" / "vet.db")
    parser.add_argument("--out", type=Path, default=TABLE)
    parser.add_argument(
        "--top", type=int, default=5000, help="names-dataset: a country's N most frequent names"
    )
    args = parser.parse_args()
    if not args.store.is_file():
        raise SystemExit(f"{args.store}: no store (run bench/register_bench.py first)")

    by_schema: dict[str, set[str]] = {}
    for schema, name in store_names(args.store):
        by_schema.setdefault(schema, set()).add(name)
    sources: dict[str, set[str]] = {
        "bundled lists": set().union(*(words_of(ns, s) for s, ns in by_schema.items())),
        "nicknames": words_of(nickname_names()),
        "Faker": words_of(faker_names()),
        "gender-guesser": words_of(gender_guesser_names()),
        "names (US census)": words_of(census_names()),
        f"names-dataset (top {args.top:,} of a country)": words_of(names_dataset_names(args.top)),
    }
    vocabulary = set().union(*sources.values())
    table = {
        word: ids for word in sorted(vocabulary) if (ids := tuple(sorted(rigour_name_ids(word))))
    }
    shared = shared_ids(table)

    header = [
        "# Words rigour's person-name tagger knows, with the ids it gives them that another",
        "# word here shares (most ids belong to one word alone, and then tell nothing).",
        "# One line a word: the word, a tab, its ids separated by spaces. An id with no",
        "# category is a NAME (Q1737211 is NAME:Q1737211, a Wikidata given or family name);",
        "# NICK:TED is a group of nicknames.",
        f"# Built by scripts/build_given_names.py with rigour {version('rigour')} from "
        f"{len(vocabulary):,} words:",
        *(f"#   {label}: {len(words):,}" for label, words in sources.items()),
    ]
    lines = (
        f"{w}\t{' '.join(i.removeprefix(_NAME) for i in ids if i in shared)}"
        for w, ids in table.items()
    )
    text = "\n".join([*header, *lines]) + "\n"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with (
        open(args.out, "wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0, filename="") as out,
    ):
        out.write(text.encode("ascii"))
    print("\n".join(header))
    print(f"{len(table):,} names, {args.out.stat().st_size / 1000:,.0f} kB -> {args.out}")


if __name__ == "__main__":
    main()
