"""What vet reads from rigour beyond its public API, in this one module.

rigour (OpenSanctions' name library) keeps two pieces of data behind its public
functions that vet needs as data:

- the phrases that introduce another name in one string ("a.k.a", "f/k/a",
  "formerly"): public only as ``rigour.names.contains_split_phrase``, a yes/no,
  while :mod:`vet.names.cells` must know where the phrase is to split there;
- the other strong names of each country ("UAE", "Ivory Coast", "Schweiz", "中国":
  536 of them): the public ``rigour.territories.Territory`` has the display name
  only, while :mod:`vet.names.wordlists` must know every name that is a place.

Both are read from ``rigour._core``, as rigour's own ``split_phrases`` and territory
lookup read them. ``tests/names/test_rigour_data.py`` fails loudly when a rigour
update moves or drops them (the pin ``rigour<3`` in pyproject.toml guards the rest).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

from rigour._core import name_split_phrases_list, territories_jsonl


def split_phrases() -> tuple[str, ...]:
    """Phrases that introduce another name of the same party (``a.k.a``, ``formerly``)."""
    return tuple(name_split_phrases_list())


@dataclass(frozen=True)
class CountryNames:
    code: str
    """FollowTheMoney country code (``ae``)."""
    names: tuple[str, ...]
    """The display name first, then the other strong names (``UAE``, ``Emirates``)."""


def country_names() -> Iterator[CountryNames]:
    """Every FollowTheMoney country with the names that name it unambiguously."""
    for line in territories_jsonl().splitlines():
        if not line.strip():
            continue
        territory = json.loads(line)
        if territory.get("is_ftm"):
            names = (territory["name"], *territory.get("names_strong", []))
            yield CountryNames(territory["code"], names)
