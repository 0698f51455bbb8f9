"""Why a party is listed: topics per listing, from the mapping kept as data.

The mapping (``data/topics.toml``) holds the vocabulary, programme codes, regime-name
patterns and Federal Register notices, each with its source; this module only applies
it, in the order the file's header describes.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Protocol

from rigour.territories import lookup_territory

from vet.errors import ConfigError

OTHER = "other"
COUNTRY = "country_programme"
_SUFFIX = re.compile(r"[-\s](EO\s?\d+|[A-Z]+)$")
_DIGITS = re.compile(r"\d+$")
# The regime inside a committee or programme label: "1718 (DPRK)", "Autonomous (Iran)".
_BRACKETED = re.compile(r"\(([^()]*(?:\([^()]*\)[^()]*)*)\)")


class HasPrograms(Protocol):
    """A listing as the index holds it: its list, programmes and legal basis."""

    @property
    def list_name(self) -> str: ...
    @property
    def programs(self) -> tuple[str, ...]: ...
    @property
    def provisions(self) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class Mapping:
    vocabulary: dict[str, str]
    programs: dict[str, tuple[str, ...]]
    patterns: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...]
    country_words: frozenset[str]
    legal_basis: dict[str, tuple[str, ...]]


@cache
def mapping() -> Mapping:
    """The mapping file, read once and checked against its own vocabulary."""
    text = files("vet.resolve").joinpath("data", "topics.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    vocabulary: dict[str, str] = data["vocabulary"]
    loaded = Mapping(
        vocabulary=vocabulary,
        programs={k.casefold(): tuple(v) for k, v in data["programs"].items()},
        patterns=tuple(
            (re.compile(p["regex"], re.IGNORECASE), tuple(p["topics"])) for p in data["pattern"]
        ),
        country_words=frozenset(w.casefold() for w in data["country_words"]["words"]),
        legal_basis={k: tuple(v) for k, v in data["legal_basis"].items()},
    )
    used = [
        *(t for v in loaded.programs.values() for t in v),
        *(t for _, v in loaded.patterns for t in v),
        *(t for v in loaded.legal_basis.values() for t in v),
    ]
    unknown = sorted(set(used) - set(vocabulary))
    if unknown:
        raise ConfigError(f"topics.toml uses topics outside its vocabulary: {unknown}")
    return loaded


TOPICS: tuple[str, ...] = tuple(mapping().vocabulary)
"""The vocabulary's identifiers, in the order reports show them."""


def topic_title(topic: str) -> str:
    """``human_rights`` -> ``Human rights``."""
    return mapping().vocabulary.get(topic, topic)


def names_country(program: str) -> bool:
    """Whether a programme is named after a country (``IRAN-EO13846``, ``LIBYA2``, ``Syria``)."""
    words = mapping().country_words
    stem = _DIGITS.sub("", _SUFFIX.sub("", program.strip())).strip()
    if program.casefold() in words or stem.casefold() in words:
        return True
    return bool(stem) and lookup_territory(stem) is not None


@cache
def program_topics(program: str) -> tuple[str, ...]:
    """The topics one programme stands for; empty when it says how, not why."""
    table = mapping()
    known = table.programs.get(program.strip().casefold())
    if known is not None:
        return known
    found = [t for regex, topics in table.patterns if regex.search(program) for t in topics]
    if found:
        return tuple(dict.fromkeys(found))
    if names_country(program):
        return (COUNTRY,)
    inner = [t for part in _BRACKETED.findall(program) for t in program_topics(part)]
    return tuple(dict.fromkeys(inner))


def topics_of(programs: Iterable[str], provisions: Iterable[str] = ()) -> tuple[str, ...]:
    """Topics of a listing from its programmes and legal basis, in vocabulary order."""
    found = {t for program in programs for t in program_topics(program)}
    basis = mapping().legal_basis
    for text in provisions:
        found.update(t for notice, topics in basis.items() if notice in text for t in topics)
    ordered = tuple(t for t in TOPICS if t in found)
    return ordered or (OTHER,)


def listing_topics(listing: HasPrograms) -> tuple[str, ...]:
    """Topics of one listing as the index holds it."""
    return topics_of(listing.programs, listing.provisions)
