"""The word classes of names, loaded from data files: generic business words,
place qualifiers, name particles and titles.

Each class lives in ``data/*.txt`` with a header that explains what belongs in
it and why; this module reads them once, on first use, so importing vet stays
fast. Country names are not in a file: they come from rigour's territory data
(English name and other strong names, transliterated), so they follow rigour's
updates.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from vet.names.rigour_data import country_names
from vet.names.text import split_words
from vet.names.translit import latinise

PHRASE_MAX_WORDS = 6
"""Longest place phrase looked for in a name ("saint vincent and the grenadines")."""


def read_words(filename: str) -> list[str]:
    """Non-blank, non-comment lines of ``data/<filename>``, stripped and lower-cased."""
    text = files("vet.names").joinpath("data").joinpath(filename).read_text(encoding="utf-8")
    lines = (line.strip().lower() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


@cache
def generic_words() -> frozenset[str]:
    """Words for a line of business or an organisational shape (``technologies``)."""
    return frozenset(read_words("generic_words.txt"))


@cache
def particles() -> frozenset[str]:
    """Name particles and linking words (``al``, ``bin``, ``van``, ``of``, ``and``)."""
    return frozenset(read_words("particles.txt"))


@cache
def titles() -> frozenset[str]:
    """Honorifics and ranks before a person's name (``dr``, ``sheikh``, ``colonel``)."""
    return frozenset(read_words("titles.txt"))


@dataclass(frozen=True)
class Places:
    """Place names, as tuples of words (``("hong", "kong")``)."""

    phrases: frozenset[tuple[str, ...]]
    """Every place name of two words or more."""
    words: frozenset[str]
    """Every one-word place name."""
    phrase_starts: frozenset[str]
    """First words of ``phrases``, to skip words that start none."""


@cache
def places() -> Places:
    """Countries (from rigour) and the places of ``data/places.txt``, less its removals."""
    names: set[tuple[str, ...]] = set()
    removed: set[tuple[str, ...]] = set()
    for line in read_words("places.txt"):
        target = removed if line.startswith("-") else names
        target.add(tuple(split_words(line.lstrip("-"), join_dotted=True)))
    for country in country_names():
        for name in country.names:
            latin = latinise(name.casefold(), join_syllables=True)
            words = tuple(split_words(latin, join_dotted=True))
            if 0 < len(words) <= PHRASE_MAX_WORDS:
                names.add(words)
    names -= removed
    return Places(
        phrases=frozenset(n for n in names if len(n) > 1),
        words=frozenset(n[0] for n in names if len(n) == 1),
        phrase_starts=frozenset(n[0] for n in names if len(n) > 1),
    )


@cache
def syllable_words() -> frozenset[str]:
    """Known words a run of Han syllables may spell (``ke ji`` -> ``keji``).

    Places (multi-word ones written as one word, as pinyin writes them),
    generic words and the pinyin legal-form words: the words that are not a
    party's own name, and so must be told apart from the syllables that are.
    """
    place = places()
    joined = {"".join(p) for p in place.phrases}
    legal = set(read_words("legal_words.txt"))
    return frozenset(generic_words() | place.words | joined | legal)
