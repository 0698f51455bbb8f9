"""Clean a raw name into trustworthy Unicode text, keeping its script and case.

Names reach vet from spreadsheets, PDFs, web forms and official files, and
carry the residue of each: zero-width characters that split a word invisibly,
soft hyphens from word processors, bidi marks around Arabic or Hebrew, text
decoded with the wrong encoding (``GÃ¼nther``), and look-alike letters from
another alphabet (a Cyrillic ``а`` in ``Gаzprom``), whether slipped in by
accident or to dodge a screening. ``clean`` removes all of that and nothing
else: it does not change case or script, so its output can still be shown to
a person and transliterated later.

It never raises and never takes long: input is cut to a bounded length before
any work, and control or binary characters are dropped.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

import ftfy
import icu

MAX_NAME_LENGTH = 500
"""Longest cleaned name, in characters. The longest names on the official lists
are under 300 characters; anything longer is a pasted paragraph, not a name."""

MAX_RAW_LENGTH = MAX_NAME_LENGTH * 4
"""Raw input is cut here before any work, so a 10 MB paste costs no more than a
long name (NFKC and mojibake repair can shrink text, hence the margin)."""

_SPACES = re.compile(r"\s+")
_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_CYRILLIC_GREEK = re.compile(r"[\u0370-\u052f\u1f00-\u1fff]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")


def clean(raw: str) -> str:
    """The name with invisible characters, bad encodings and look-alikes repaired.

    In order: cut to a bounded length; repair mojibake (non-ASCII input only,
    as ASCII text cannot be mojibake); NFKC (full-width and compatibility
    forms such as ``ﬁ`` or ``Ｈｕａｗｅｉ`` become plain letters); drop format
    characters (zero-width space/joiner/non-joiner, soft hyphen, bidi marks,
    BOM, word joiner) and control, private-use and unassigned characters; turn
    every kind of space or line break into one space; replace Cyrillic and
    Greek look-alike letters inside Latin text (see ``fold_confusables``); cut
    to ``MAX_NAME_LENGTH``. Returns ``""`` for empty or all-invisible input.
    """
    if not raw:
        return ""
    text = raw[:MAX_RAW_LENGTH]
    if text.isascii():
        text = _ASCII_CONTROL.sub("", text)
    else:
        text = ftfy.fix_encoding(text)
        text = unicodedata.normalize("NFKC", text)
        text = "".join([_clean_char(c) for c in text])
        if _CYRILLIC_GREEK.search(text) and _LATIN_LETTER.search(text):
            text = fold_confusables(text)
    text = _SPACES.sub(" ", text).strip()
    if len(text) > MAX_NAME_LENGTH:
        text = text[:MAX_NAME_LENGTH].rstrip()
    return text


@lru_cache(maxsize=8192)
def _clean_char(char: str) -> str:
    """One character kept, turned into a space, or dropped (by Unicode category)."""
    category = unicodedata.category(char)
    if category[0] == "Z" or char.isspace():
        return " "
    if category in ("Cf", "Cc", "Co", "Cs", "Cn"):
        return ""
    return char


def fold_confusables(text: str) -> str:
    """Cyrillic and Greek look-alike letters in a Latin word, written as Latin.

    A word (a run between spaces) is folded when it holds at least one Latin
    letter and every Cyrillic or Greek letter in it has a Latin look-alike
    (``Gаzprom`` with a Cyrillic ``а``). In a name that holds Latin letters
    elsewhere, a word written wholly in look-alikes is folded too (``ВР Oil``
    with Cyrillic ``В`` and ``Р``), since that is how such words are smuggled
    in. A name with no Latin letter at all is left alone: ``Газпром`` is a
    genuine Cyrillic name, for ``latinise`` to transliterate.
    """
    if not _LATIN_LETTER.search(text):
        return text
    table = _confusable_table()
    words = text.split(" ")
    for i, word in enumerate(words):
        if not _CYRILLIC_GREEK.search(word):
            continue
        foreign = [c for c in word if _CYRILLIC_GREEK.match(c) and c.isalpha()]
        if foreign and all(c in table for c in foreign):
            words[i] = "".join(table.get(c, c) for c in word)
    return " ".join(words)


@cache
def _confusable_table() -> dict[str, str]:
    """Cyrillic/Greek letter -> the ASCII letter it is confusable with.

    Derived from Unicode's confusables data (UTS #39) through ICU's spoof
    checker, not typed in by hand: two characters are confusable when their
    skeletons are equal. Built once, on first need (about a millisecond).
    """
    checker = icu.SpoofChecker()
    latin: dict[str, str] = {}
    for char in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz":
        latin.setdefault(checker.getSkeleton(0, char), char)
    table: dict[str, str] = {}
    for code in list(range(0x370, 0x530)) + list(range(0x1F00, 0x2000)):
        char = chr(code)
        if not char.isalpha():
            continue
        target = latin.get(checker.getSkeleton(0, char))
        if target is not None:
            # Keep the case of the original: the skeleton of "I" is "l".
            table[char] = target.upper() if char.isupper() else target.lower()
    return table


_APOSTROPHES = re.compile(r"['`´‘’ʼ]")
_DOTTED = re.compile(r"(?<![a-z0-9])(?:[a-z]\.)+[a-z]?(?![a-z0-9])")
_NON_WORD = re.compile(r"[^a-z0-9]+")


def split_words(text: str, *, join_dotted: bool = False) -> list[str]:
    """Lower-case ASCII words of ASCII ``text``, punctuation folded away.

    Apostrophes join (``O'Brien`` -> ``obrien``: lists write it both ways);
    ``&`` is ``and``; hyphens, slashes, dots and other punctuation separate
    (``al-Qaida`` -> ``al qaida``). Dotted single letters are initials
    (``J.P.`` -> ``j p``) or, with ``join_dotted``, one abbreviation
    (``U.S.A.`` -> ``usa``, as organisation names mean them).
    """
    text = text.lower()
    if "&" in text:
        text = text.replace("&", " and ")
    text = _APOSTROPHES.sub("", text)
    if "." in text:
        sep = "" if join_dotted else " "
        text = _DOTTED.sub(lambda m: m.group(0).replace(".", sep), text)
    return [w for w in _NON_WORD.split(text) if w]
