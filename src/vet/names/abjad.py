"""Foreign names written in Arabic letters by sound, compared with their Latin spelling.

Arabic and Persian registers write a foreign firm's name by ear ("Morvarid" مورواريد,
"Flavic" فلاويك). Arabic script is an abjad: short vowels go unwritten, و stands for
o, u, v or w, ي for i, y or e, ا for a (or carries a first vowel), ب for b or p, ج for
j or g. ICU romanises such a word letter by letter (``mwrwaryd``), so the scorer's
spelling tolerance sees two different words. Here the romanised Arabic word is read
back against the Latin one instead: each Arabic letter must stand for the Latin letters
in its place (``ARABIC_LETTERS``), and only short vowels may be missing.

- ``abjad_key``: a coarse consonant key equal for both spellings (vowels, w, v, y and h
  dropped; b/p, s/sh/ch, and k/g/j/q and their digraphs merged): the index finds Latin words
  for an Arabic-script query with it.
- ``abjad_fit``: whether a Latin word can be read from the romanised Arabic one, and how
  much of it was written (the rest are short vowels left out).
"""

from __future__ import annotations

import re
from functools import lru_cache

ARABIC_LETTERS: dict[str, tuple[str, ...]] = {
    "a": ("a", "e"),
    "w": ("w", "v", "o", "u", "ou", "ow", "au", "aw"),
    "y": ("y", "i", "e", "ei", "ey", "ai", "ay", "ie"),
    "b": ("b", "p"),
    "p": ("p",),
    "t": ("t", "th"),
    "th": ("th", "s", "t"),
    "j": ("j", "g", "dj", "zh"),
    "h": ("h",),
    "kh": ("kh", "h", "ch", "k"),
    "d": ("d",),
    "dh": ("dh", "d", "z", "th"),
    "r": ("r",),
    "z": ("z", "s", "dh"),
    "s": ("s", "c"),
    "sh": ("sh", "ch", "sch", "s"),
    "tsh": ("ch", "tch", "tsh"),
    "gh": ("gh", "g", "q", "k"),
    "f": ("f", "v"),
    "q": ("q", "k", "g", "gh", "c"),
    "k": ("k", "c", "g", "q", "ch"),
    "g": ("g", "gh", "gu"),
    "l": ("l",),
    "m": ("m",),
    "n": ("n",),
    "ch": ("ch", "c", "tch"),
    "zh": ("zh", "j", "z", "g"),
}
"""Romanised Arabic-script letter (as ICU writes it) -> the Latin spellings it stands for
in a foreign name written by sound (ة, romanised ``a``, and a final ه also end a word in
``ah``, ``at``, ``e``, ``eh``: see ``_FINAL``)."""
_FINAL = {"a": ("a", "ah", "at", "e", "eh"), "h": ("h", "e", "eh", "a", "ah")}
_FIRST_VOWELS = ("a", "e", "i", "o", "u")
"""What a word's first ا may carry (ايران "Iran", اوين "Evin"), or nothing before و/ي."""
_UNITS = sorted(ARABIC_LETTERS, key=len, reverse=True)
_SHORT_VOWELS = frozenset("aeiou")
_LATIN_SPELLINGS = (("ph", "f"), ("ck", "k"), ("x", "ks"))
_DOUBLED = re.compile(r"(.)\1+")
_NOT_LETTER = re.compile(r"[^a-z]")

_KEY_SOFT_C = re.compile(r"c(?=[eiy])")
_KEY_DIGRAPHS = re.compile(r"tsh|tch|sch|sh|ch|kh|gh|zh|dh|th|ph|ck|x|c")
# sh and ch go with s: ICU's "sh" may be ش or س then ه ("swlysh", سوليسه, "Solise").
_KEY_DIGRAPH_CLASSES = {"tsh": "s", "tch": "s", "sch": "s", "sh": "s", "ch": "s", "kh": "k",
                        "gh": "k", "zh": "k", "dh": "d", "th": "t", "ph": "f", "ck": "k",
                        "x": "ks", "c": "k"}  # fmt: skip
_KEY_LETTERS = str.maketrans({"p": "b", "g": "k", "j": "k", "q": "k"})
_KEY_DROPPED = re.compile(r"[aeiouwvyh]")


@lru_cache(maxsize=131072)
def abjad_key(token: str) -> str:
    """The consonants both an Arabic-script spelling and a Latin one of a name keep, in
    classes: ``mwrwaryd`` (مورواريد) and ``morvarid`` both ``mrrd``, ``byshrw``
    (بيشرو) and ``pishro`` both ``bsr``. Coarse by design: to find candidates, never to
    match."""
    key = _KEY_SOFT_C.sub("s", token.lower())
    key = _KEY_DIGRAPHS.sub(lambda m: _KEY_DIGRAPH_CLASSES[m.group(0)], key)
    # Doubled letters are one before vowels go, so that "Davud" (d-v-d) keeps both d's.
    key = _DOUBLED.sub(r"\1", key.translate(_KEY_LETTERS))
    return _KEY_DROPPED.sub("", key)


def is_abjad_spelling(token: str) -> bool:
    """Whether ``token`` can be an Arabic-script word as ICU romanises it: letters only,
    no vowel but ``a`` (ICU writes و and ي as ``w`` and ``y``)."""
    return token.isalpha() and token.isascii() and not any(v in token for v in "eiou")


@lru_cache(maxsize=131072)
def abjad_fit(arabic: str, latin: str) -> tuple[int, int] | None:
    """(Latin letters the Arabic letters wrote, short vowels left out) for the best way
    to read the Latin word ``latin`` from ``arabic`` (an Arabic-script word as ICU
    romanises it), or ``None`` when it cannot be read from it: ``("mwrwaryd",
    "morvarid")`` -> (8, 0), ``("sbhr", "sepehr")`` -> (4, 2), ``("mwrwaryd",
    "marwan")`` -> None."""
    text = _NOT_LETTER.sub("", latin.lower())
    for old, new in _LATIN_SPELLINGS:
        text = text.replace(old, new)
    text = _DOUBLED.sub(r"\1", text)
    if not arabic or not text:
        return None
    # best[i][j]: most Latin letters written when the first i romanised Arabic letters
    # read the first j Latin letters. Over characters, not letters: ICU's "sh" may be ش
    # or س and ه ("swlysh", "Solise"), its "dh" ذ or د and ه ("zayndh", "Zayendeh").
    best: list[list[int]] = [[-1] * (len(text) + 1) for _ in range(len(arabic) + 1)]
    best[0][0] = 0
    for i in range(len(arabic) + 1):
        for j in range(len(text) + 1):
            written = best[i][j]
            if written < 0:
                continue
            if j < len(text) and text[j] in _SHORT_VOWELS and written > best[i][j + 1]:
                best[i][j + 1] = written  # a short vowel Arabic does not write
            if i == len(arabic):
                continue
            if i > 0 and arabic[i] == arabic[i - 1] and arabic[i] not in "awy":
                best[i + 1][j] = max(best[i + 1][j], written)  # a doubled letter, one sound
            for unit in _UNITS:
                if not arabic.startswith(unit, i):
                    continue
                for spelling in _spellings(unit, i, i + len(unit) == len(arabic)):
                    end = j + len(spelling)
                    if (
                        text.startswith(spelling, j)
                        and written + len(spelling) > best[i + len(unit)][end]
                    ):
                        best[i + len(unit)][end] = written + len(spelling)
    written = best[len(arabic)][len(text)]
    return None if written < 0 else (written, len(text) - written)


def _spellings(unit: str, position: int, last: bool) -> tuple[str, ...]:
    if last and unit in _FINAL:
        return _FINAL[unit]
    if position == 0 and unit == "a":
        return ("", *_FIRST_VOWELS)
    return ARABIC_LETTERS[unit]
