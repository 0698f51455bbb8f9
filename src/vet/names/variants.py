"""Personal-name knowledge from rigour: short forms of given names, and whether a word is a name.

rigour (OpenSanctions' name library) ships person-name data drawn from Wikidata
name items and a curated table of nicknames: ``Ted`` and ``Theodore`` share the
symbol ``NICK:TED2``, ``Bill`` and ``William`` share ``NICK:BILL``. vet uses it
for two things: a given name meets its short form (``nickname_of``), and a
word that is a personal name (``Martin``, ``Ali``) is too common to make a
match on its own (``is_personal_name``). Maintained upstream, so it follows
rigour's updates rather than a hand list here.
"""

from __future__ import annotations

from functools import lru_cache

from rigour._core import NameTypeTag, analyze_names


@lru_cache(maxsize=65536)
def _symbols(token: str) -> tuple[frozenset[str], frozenset[str]]:
    """(nickname symbols, name symbols) of one lower-case word."""
    nicks: set[str] = set()
    names: set[str] = set()
    if not token.isalpha() or len(token) < 2:
        return frozenset(), frozenset()
    for name in analyze_names(NameTypeTag.PER, [token]):
        for symbol in name.symbols:
            text = str(symbol)
            if text.startswith("[NICK:"):
                nicks.add(text)
            elif text.startswith("[NAME:"):
                names.add(text)
    return frozenset(nicks), frozenset(names)


def nickname_of(a: str, b: str) -> bool:
    """Whether one word is a short form of the other, or both of one name (Bill/William)."""
    if a == b:
        return False
    nicks_a = _symbols(a)[0]
    return bool(nicks_a) and not nicks_a.isdisjoint(_symbols(b)[0])


def is_personal_name(token: str) -> bool:
    """Whether a lower-case word is a known given name, surname or nickname (``martin``)."""
    nicks, names = _symbols(token)
    return bool(nicks or names)
