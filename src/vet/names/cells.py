"""Several names in one cell: "Kalashnikov Concern JSC (Izhmash)", "X Ltd t/a Y", "X / Y".

Party files and registers often hold a party's names in one field: a trade name in
parentheses, a former name after "formerly", a second name after "aka", "d/b/a" or
"t/a", or two names either side of a slash. ``split_cell`` finds the names in such a
cell so each can be screened on its own.

What is not a second name stays put: a parenthesis that only qualifies the name (a
place, "(Hong Kong)"; a legal form, "(Pvt) Ltd"; a number), a slash inside a word or a
legal form ("S/A", "c/o") and "and" ("Bosnia and Herzegovina").
"""

from __future__ import annotations

import re
from functools import cache

from vet.names.rigour_data import split_phrases
from vet.names.tokens import tokenise
from vet.names.wordlists import generic_words, places

_MORE_PHRASES = ("aka", "fka", "dba", "t/a", "trading as", "also known as", "alias")
"""Markers registers use that rigour's list (phrases such as "a.k.a", "f/k/a",
"formerly") leaves out."""

_PARENTHESIS = re.compile(r"\(([^()]*)\)")
# A slash with a space on either side separates names; "S/A", "t/a" and "c/o" do not.
_SLASH = re.compile(r"\s+/\s*|\s*/\s+")
_QUALIFIER_KINDS = frozenset({"place", "legal", "number", "particle", "title", "generic"})
_EDGES = " \t,;:-"


@cache
def _marker() -> re.Pattern[str]:
    """The phrases that introduce another name, longest first, as whole words."""
    phrases = sorted({*split_phrases(), *_MORE_PHRASES}, key=len, reverse=True)
    alternatives = "|".join(re.escape(p.rstrip(".")) + r"\.?" for p in phrases)
    return re.compile(rf"(?<![\w/.])(?:{alternatives})(?![\w/])", re.IGNORECASE)


def split_cell(text: str, *, schema: str | None = None) -> list[str]:
    """The names held in ``text`` besides the whole, as written; ``[]`` when it holds one.

    ``split_cell("Kalashnikov Concern JSC (Izhmash)")`` gives
    ``["Kalashnikov Concern JSC", "Izhmash"]``;
    ``split_cell("Bank of China (Hong Kong) Limited")`` gives ``[]``.
    """
    pieces = [text]
    for split in (_split_markers, _split_slashes, _split_parentheses):
        pieces = [part for piece in pieces for part in split(piece, schema)]
    names: list[str] = []
    for piece in pieces:
        piece = _trim(piece)
        if piece and piece != text.strip() and piece not in names and _has_word(piece):
            names.append(piece)
    return names


def _split_markers(text: str, schema: str | None) -> list[str]:
    parts = _marker().split(text)
    if len(parts) == 1:
        return parts
    # "X (formerly Y)": the marker opened a parenthesis whose closing bracket follows Y.
    return [_balance(part) for part in parts]


def _split_slashes(text: str, schema: str | None) -> list[str]:
    return _SLASH.split(text)


def _split_parentheses(text: str, schema: str | None) -> list[str]:
    inner = [m for m in _PARENTHESIS.finditer(text) if not _qualifies(m.group(1), schema)]
    if not inner:
        return [text]
    outer = text
    for m in reversed(inner):
        outer = outer[: m.start()] + " " + outer[m.end() :]
    return [re.sub(r"\s+", " ", outer), *(m.group(1) for m in inner)]


def _qualifies(inner: str, schema: str | None) -> bool:
    """Whether a parenthesis only qualifies the name around it: a place, a legal form,
    a number, a title or a business word ("(Hong Kong)", "(Pvt)", "(13)", "(Jr)"), or
    too short to be a name ("(주)", the Korean mark of a company)."""
    if sum(ch.isalnum() for ch in inner) < 3:
        return True
    for party in ("Company", "Person"):
        tokens = tokenise(inner, schema=party).tokens
        words = tuple(t.text for t in tokens)
        if not words or words in places().phrases:
            return True
        if all(
            t.kind in _QUALIFIER_KINDS or t.text in places().words or t.text in generic_words()
            for t in tokens
        ):
            return True
    return False


def _balance(part: str) -> str:
    """A part with an unmatched bracket at either end dropped ("X (" -> "X")."""
    part = part.strip()
    if part.startswith("(") and part.endswith(")") and part.count("(") == 1:
        return part[1:-1]
    if part.count("(") > part.count(")"):
        part = part[: part.rfind("(")] + part[part.rfind("(") + 1 :]
    if part.count(")") > part.count("("):
        part = part[: part.find(")")] + part[part.find(")") + 1 :]
    return part


def _trim(piece: str) -> str:
    return _balance(re.sub(r"\s+", " ", piece).strip(_EDGES)).strip(_EDGES)


def _has_word(piece: str) -> bool:
    return any(ch.isalnum() for ch in piece)
