"""Which given or family names a word may be, from vet's own table of rigour's answers.

rigour (OpenSanctions' name library) knows person names from Wikidata and a list of
English nicknames: ``ted`` is the nickname group ``NICK:TED`` and the Wikidata name
``NAME:Q1737211``; ``hikvision`` is no name. Asking rigour directly builds its whole
person-name tagger on first use, about 8 s of CPU in every process that compares two
names. ``data/given_names.tsv.gz`` holds rigour's answers for 511,099 words (every word
of the bundled lists, the ``nicknames`` package, and the first and last names of Faker,
gender-guesser, the US census and names-dataset), written by
``scripts/build_given_names.py``: the 76,868 that rigour knows as names, each with the
ids it shares with another of them. It loads in a few hundredths of a second.

A word the table lacks has no name ids here, although rigour might know it: it is then
neither a common personal name nor a short form of one, as a word rigour does not know.
Of the 2,638 words of persons' names in Canada's SEMA list (not used to build the table)
that rigour knows, 77 (2.9%) are such words, mostly Russian surnames and patronymics
(``tikhonov``, ``yaroslavovich``); ``bench/given_names_coverage.py`` measures it.
"""

from __future__ import annotations

import gzip
from functools import cache, lru_cache
from importlib.resources import files

_NAME = "NAME:"
"""The category the table leaves unwritten ("Q1737211" is "NAME:Q1737211")."""


@cache
def _table() -> dict[str, str]:
    """Word -> its ids as written in the table (parsed when first asked for)."""
    data = files("vet.names").joinpath("data", "given_names.tsv.gz").read_bytes()
    table: dict[str, str] = {}
    for line in gzip.decompress(data).decode("ascii").splitlines():
        if not line.startswith("#"):
            word, _, ids = line.partition("\t")
            table[word] = ids
    return table


@lru_cache(maxsize=100_000)
def name_ids(word: str) -> frozenset[str]:
    """rigour's ids of the given or family names a lower-case ASCII word may be
    (``NAME:Q1737211`` Wikidata's, ``NICK:TED`` a nickname group); none when the
    word is no name or not in the table."""
    written = _table().get(word)
    if not written:
        return frozenset()
    return frozenset(i if ":" in i else _NAME + i for i in written.split())


def is_known_name(word: str) -> bool:
    """Whether a lower-case ASCII word is a given or family name in the table."""
    return word in _table()


def rigour_name_ids(word: str) -> frozenset[str]:
    """The ids rigour's person tagger gives ``word`` alone, asked directly: what the
    table records. For building and checking the table only (the first call costs
    about 8 s of CPU)."""
    from rigour.names import NameTypeTag, SymbolCategory, analyze_names

    names = analyze_names(
        NameTypeTag.PER, [word], phonetics=False, numerics=False, consolidate=False
    )
    return frozenset(
        f"{span.symbol.category.value}:{span.symbol.id}"
        for name in names
        for span in name.spans
        if span.symbol.category in (SymbolCategory.NAME, SymbolCategory.NICK)
    )


def load_given_names() -> None:
    """Read the table now rather than at the first comparison (a few hundredths of a
    second): servers call it before they report ready, a screening before it forks
    its workers, so that they share one copy."""
    _table()
