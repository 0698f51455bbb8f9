"""Write a name of any script in plain ASCII Latin letters.

Sanctions lists publish most names romanised, often with an original-script
alias beside them; a party file may hold either. To compare them, both sides
are brought to ASCII here, choosing per script the romanisation closest to
the one the lists use:

- Latin, Cyrillic, Greek, Armenian, Georgian: rigour's ``maybe_ascii``, which
  follows BGN/PCGN-style spellings (``Щербаков`` -> ``Shcherbakov``, as OFAC
  writes it) where ICU's ``Any-Latin`` gives ISO 9 (``Serbakov``).
- Han (Chinese): pypinyin, toneless, one syllable per character, ``ü`` as
  ``u`` (``海康威视`` -> ``hai kang wei shi``). pypinyin reads the whole run
  so that characters with several readings get the one their word needs
  (``重庆`` -> ``chong qing``). Japanese kanji get Mandarin readings too:
  there is no reliable way to tell them apart from the characters alone.
- Hangul, kana, Thai, Khmer: ``vet.names.romanise``, which reads a name back
  as the Latin spelling it was written from (``김정은`` -> ``kim jong un``,
  ``バラク・オバマ`` -> ``barak obama``, ``บารัค โอบามา`` -> ``barak obama``).
- Arabic and Persian: ICU ``Any-Latin``, which writes consonants and long
  vowels only (``محمد`` -> ``mhmd``), after splitting off the article
  (``القاعدة`` -> ``al qaada``) and writing ta marbuta and alif maqsura as
  ``a``. Compare such tokens by consonant skeleton
  (``vet.names.phonetic.consonant_skeleton``).
- Ethiopic (Amharic, Tigrinya): ICU ``Ethiopic-Latin``, with ``j``, ``ch``,
  ``sh``, ``zh`` for its ``ǧ``, ``č``, ``š``, ``ž`` and no schwa.
- Everything else (Hebrew, Devanagari...): ICU
  ``Any-Latin; Latin-ASCII``.

Han and Hangul text has no spaces between words, so a run of it comes back as
space-separated syllables; ``latinise(text, join_syllables=True)`` joins each
run into one word (``haikangweishi``), the form to compare with a list's
``Haikang Weishi``. ``latin_pieces`` keeps the two apart for the tokeniser.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

import icu
from rigour.text.scripts import codepoint_script, text_scripts
from rigour.text.translit import maybe_ascii

from vet.names.romanise import romanise_hangul, romanise_kana, romanise_khmer, romanise_thai

_ICU_ANY = "Any-Latin; Latin-ASCII"
_ICU_HAN = "Han-Latin; Latin-ASCII"

# The Arabic article, written joined to its word: split it off when at least
# three letters follow, so that "الله" (Allah) stays one word.
_ARABIC_ARTICLE = re.compile(r"(?<![\u0600-\u06ff])ال(?=[\u0600-\u06ff]{3})")
# ض as ذ: ICU writes ḍ, which Latin-ASCII makes a bare d; lists write dh, d or (from
# Persian) z, which ``vet.names.abjad`` reads from dh ("Ridha", "Reza").
_ARABIC_FIXES = str.maketrans({"ة": "ا", "ى": "ا", "ـ": None, "ض": "ذ"})
# ICU's Ethiopic romanisation writes these with a caron (ጀ ǧ, ች č, ሻ š, ዠ ž), which
# Latin-ASCII would leave as a bare g, c, s, z: lists write j, ch, sh, zh.
_ETHIOPIC_FIXES = str.maketrans({"ǧ": "j", "č": "ch", "š": "sh", "ž": "zh", "ǝ": None})
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_SYLLABIC = frozenset({"han", "hangul"})


@dataclass(frozen=True, slots=True)
class Piece:
    """A stretch of a name in ASCII, and whether it came from a syllabic script."""

    text: str
    """ASCII text; for a syllabic piece, syllables separated by single spaces."""
    syllables: bool
    """True when ``text`` is the syllables of one Han or Hangul run."""


def scripts_of(text: str) -> set[str]:
    """Unicode scripts of the letters in ``text`` (``{"Latin", "Han"}``); digits,
    spaces and punctuation belong to none."""
    return set(text_scripts(text))


def latinise(text: str, *, join_syllables: bool = False) -> str:
    """``text`` in ASCII Latin letters; case is kept where the script has one.

    Han and Hangul runs come back as syllables separated by spaces
    (``hai kang wei shi``), or, with ``join_syllables``, as one word per run
    (``haikangweishi``). Digits and punctuation pass through; runs of spaces
    become one space.
    """
    if text.isascii():
        return " ".join(text.split())
    parts = []
    for piece in latin_pieces(text):
        if piece.syllables:
            joined = piece.text.replace(" ", "") if join_syllables else piece.text
            parts.append(f" {joined} ")
        else:
            parts.append(piece.text)
    return " ".join("".join(parts).split())


@lru_cache(maxsize=32768)
def latin_pieces(text: str) -> tuple[Piece, ...]:
    """``text`` cut into runs of one script each, every run written in ASCII.

    The tokeniser needs to know which tokens are syllables of a Han or Hangul
    run (they may be joined into words) and which were written as words.
    """
    if text.isascii():
        return (Piece(text, False),)
    pieces: list[Piece] = []
    runs = _runs(text)
    for route, run in runs:
        if route == "han":
            pieces.append(Piece(_han(run), True))
        elif route == "hangul":
            # A name that is one run of two to four syllables is a Korean name.
            korean = len(runs) == 1 and 2 <= len(run.strip()) <= 4
            pieces.append(Piece(" ".join(romanise_hangul(run, korean_name=korean)), True))
        elif route == "kana":
            pieces.append(Piece(f" {romanise_kana(run)} ", False))
        elif route == "thai":
            pieces.append(Piece(f" {romanise_thai(run)} ", False))
        elif route == "khmer":
            pieces.append(Piece(f" {romanise_khmer(run)} ", False))
        elif route == "arabic":
            pieces.append(Piece(_arabic(run), False))
        elif route == "ethiopic":
            latin = _transliterator("Ethiopic-Latin").transliterate(run)
            pieces.append(Piece(_ascii(latin.translate(_ETHIOPIC_FIXES)), False))
        elif route == "icu":
            pieces.append(Piece(_ascii(_transliterator(_ICU_ANY).transliterate(run)), False))
        else:
            pieces.append(Piece(_ascii(maybe_ascii(run)), False))
    return tuple(pieces)


def _runs(text: str) -> list[tuple[str, str]]:
    """(route, run) pairs: maximal runs of characters transliterated the same way.

    Characters of no script (spaces, digits, punctuation) and combining marks
    stay with the run they are in, so ICU sees a whole word with its marks;
    but they end a Han or Hangul run, whose words they separate.
    """
    runs: list[tuple[str, str]] = []
    route = ""
    start = 0
    for i, char in enumerate(text):
        char_route = _route(char)
        if char_route == "" and route in _SYLLABIC:
            char_route = "rigour"  # a space or comma ends a Han word
        if char_route == "" or char_route == route:
            continue
        if route == "":
            route = char_route
            continue
        runs.append((route, text[start:i]))
        route, start = char_route, i
    runs.append((route or "rigour", text[start:]))
    return runs


@lru_cache(maxsize=16384)
def _route(char: str) -> str:
    """How a character is transliterated; ``""`` for characters of no script."""
    if char.isascii():
        return "" if not char.isalpha() else "rigour"
    script = codepoint_script(ord(char))
    if script in (None, "Common", "Inherited"):
        return ""
    if script in ("Latin", "Cyrillic", "Greek", "Armenian", "Georgian"):
        return "rigour"
    if script == "Han":
        return "han"
    if script == "Hangul":
        return "hangul"
    if script in ("Katakana", "Hiragana"):
        return "kana"
    if script in ("Thai", "Khmer", "Ethiopic"):
        return script.lower()
    if script == "Arabic":
        return "arabic"
    return "icu"


@lru_cache(maxsize=16384)
def _han(run: str) -> str:
    """Toneless pinyin syllables of a Han run, space-separated; other characters kept."""
    # Imported here: pypinyin's phrase dictionary takes a tenth of a second to
    # load, which every vet command would pay for names that are rarely Chinese.
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(run, style=Style.NORMAL, v_to_u=True, errors=_han_fallback)
    return " ".join(" ".join(_ascii(s) for s in syllables).split())


def _han_fallback(chars: str) -> str:
    """Characters pypinyin has no reading for: ICU's reading, else left as they are."""
    return " ".join(_transliterator(_ICU_HAN).transliterate(c) for c in chars)


@lru_cache(maxsize=16384)
def _arabic(run: str) -> str:
    run = _ARABIC_ARTICLE.sub("ال ", run.translate(_ARABIC_FIXES))
    return _ascii(_transliterator(_ICU_ANY).transliterate(run))


def _ascii(text: str) -> str:
    """ASCII only: accents stripped, other leftovers (ʿ, ʾ, stray marks) dropped."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text)
    return _NON_ASCII.sub("", text)


@cache
def _transliterator(rules: str) -> icu.Transliterator:
    """A compiled ICU transliterator, built once per rule string (a few ms each)."""
    return icu.Transliterator.createInstance(rules)
