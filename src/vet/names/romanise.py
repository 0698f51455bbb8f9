"""Kana, Hangul, Thai and Khmer in Latin letters, read back the way lists spell names.

A register in Japan, Korea, Thailand or Cambodia writes a foreign name by
sound in its own script (``バラク・オバマ``, ``버락 오바마``, ``บารัค โอบามา``,
``បារ៉ាក់ អូបាម៉ា``); the lists hold ``Barack Obama``. A standard
transliteration reads such a name back with the script's own conventions
(ICU gives ``baraku obama``, Thai ``ba rakh xo ba ma``, and nothing at all for
Khmer). The romanisations here aim instead at the Latin spelling the name came
from, so the scorer's ordinary spelling tolerance can do the rest:

- kana: ICU's Hepburn-style romaji, words split at ``・``, then the vowels
  Japanese adds after a final consonant dropped (``baraku`` -> ``barak``,
  ``kimu`` -> ``kim``, ``mohamedo`` -> ``mohamed``);
- Hangul: letter tables in ``data/letters_hangul.tsv`` (McCune-Reischauer
  vowels, as lists write Korean names; the vowel ㅡ that Korean adds to a
  consonant cluster dropped, ``브라디미르`` -> ``bradimir``), and the lists'
  spelling of the family name for a Korean name (``data/korean_surnames.tsv``:
  ``김정은`` -> ``kim jong un``);
- Thai and Khmer: letter tables in ``data/letters_thai.tsv`` and
  ``data/letters_khmer.tsv`` (RTGS and UNGEGN without aspiration marks).

Each function takes a run of one script and returns ASCII; Hangul returns
one entry per syllable, for the tokeniser to group into words.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from importlib.resources import files

import icu

_KANA_WORD_BREAKS = re.compile(r"[\s・･゠=＝]+")
# A vowel kana adds after a consonant that ends a foreign word or syllable:
# u after most consonants, o after t and d ("Mohamedo"); not before n, which
# is a syllable of its own ("Kun", "Un").
_KANA_EPENTHESIS = (
    re.compile(r"(?<=[kszmrbpgfv])u(?=[^aeiouyn']|$)"),
    re.compile(r"(?<=[td])o(?=[^aeiouyn']|$)"),
    re.compile(r"(?<=ch|sh|ts)u$"),
)
_KANA_SMALL = re.compile(r"[aiueo]~")
_NON_LETTER = re.compile(r"[^a-z]+")
_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3
_HANGUL_NO_VOWEL = 18  # ㅡ, the vowel Korean writes after a consonant of a cluster
_HANGUL_NO_INITIAL = 11  # ㅇ
_HANGUL_R = 5  # ㄹ as an initial
_HANGUL_FINAL_L = 8  # ㄹ as a final
_HANGUL_SIBILANTS = {9: "sh", 12: "j", 14: "ch"}  # ㅅ, ㅈ, ㅊ before a y-vowel


def read_rows(filename: str) -> list[list[str]]:
    """Tab-separated rows of ``data/<filename>``, comments and blank lines skipped;
    a field written ``-`` is empty."""
    text = files("vet.names").joinpath("data").joinpath(filename).read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append(["" if field.strip() == "-" else field.strip() for field in line.split("\t")])
    return rows


# -- kana -----------------------------------------------------------------------


@lru_cache(maxsize=8192)
def romanise_kana(run: str) -> str:
    """Katakana or hiragana as the Latin words they were written from, space-separated."""
    words = []
    for word in _KANA_WORD_BREAKS.split(run):
        # ICU writes a small kana as "~i" after a full one: ヴィ "vu~i" is "vi".
        latin = _KANA_SMALL.sub("", _kana_transliterator().transliterate(word).lower())
        # Long vowels are still marked (pū), so only short ones are dropped.
        for pattern in _KANA_EPENTHESIS:
            latin = pattern.sub("", latin)
        latin = _ascii_letters(_ascii_transliterator().transliterate(latin))
        if latin:
            words.append(latin)
    return " ".join(words)


@cache
def _kana_transliterator() -> icu.Transliterator:
    return icu.Transliterator.createInstance("Katakana-Latin; Hiragana-Latin")


@cache
def _ascii_transliterator() -> icu.Transliterator:
    return icu.Transliterator.createInstance("Latin-ASCII")


def _ascii_letters(text: str) -> str:
    return _NON_LETTER.sub("", text.lower())


# -- Hangul ---------------------------------------------------------------------


@cache
def _hangul_tables() -> tuple[list[str], list[str], list[str], dict[str, str]]:
    parts: dict[str, list[str]] = {"initial": [], "vowel": [], "final": []}
    for kind, _jamo, latin in read_rows("letters_hangul.tsv"):
        parts[kind].append(latin)
    surnames = {hangul: latin for hangul, latin in read_rows("korean_surnames.tsv")}
    return parts["initial"], parts["vowel"], parts["final"], surnames


def romanise_hangul(run: str, *, korean_name: bool = False) -> list[str]:
    """One Latin syllable per Hangul syllable of ``run`` (other characters dropped).

    With ``korean_name`` (the run is a whole Korean name, family name first),
    the first syllable is spelt as lists spell that family name (``김`` -> ``kim``).
    """
    initials, vowels, finals, surnames = _hangul_tables()
    jamo = [_jamo(c) for c in run if _HANGUL_FIRST <= ord(c) <= _HANGUL_LAST]
    syllables = []
    for position, (initial, vowel, final) in enumerate(jamo):
        if position == 0 and korean_name and run[0] in surnames:
            syllables.append(surnames[run[0]])
            continue
        following = jamo[position + 1][0] if position + 1 < len(jamo) else -1
        latin_initial = initials[initial]
        if position > 0 and initial == _HANGUL_R and jamo[position - 1][2] == _HANGUL_FINAL_L:
            latin_initial = ""  # ㄹㄹ is one l: 블라 "bla"
        bare = final == 0 or (final == _HANGUL_FINAL_L and following == _HANGUL_R)
        # 슬 ending a foreign word is a final cluster: 나슬 "Nasl" for "Nasr"
        bare = bare or (final == _HANGUL_FINAL_L and following < 0 and not korean_name)
        if vowel == _HANGUL_NO_VOWEL and initial != _HANGUL_NO_INITIAL and bare:
            # 브 in 브라디미르, 블 in 블라디미르: a bare consonant of a cluster
            syllables.append(latin_initial + finals[final])
            continue
        latin_vowel = vowels[vowel]
        if initial in _HANGUL_SIBILANTS and latin_vowel.startswith("y"):
            # 샤 is how Korean writes "sha", 쟈 "ja", 챠 "cha": 샤픽 "Shafiq"
            latin_initial, latin_vowel = _HANGUL_SIBILANTS[initial], latin_vowel[1:]
        syllables.append(latin_initial + latin_vowel + finals[final])
    return [s for s in syllables if s]


def _jamo(char: str) -> tuple[int, int, int]:
    """(initial, vowel, final) positions of a Hangul syllable in Unicode's order."""
    offset = ord(char) - _HANGUL_FIRST
    return offset // 588, offset % 588 // 28, offset % 28


# -- Thai -----------------------------------------------------------------------


@cache
def _letters(filename: str) -> dict[str, tuple[str, str]]:
    """Letter -> (kind, Latin) from a ``data/letters_*.tsv`` table."""
    return {letter: (kind, latin) for kind, letter, latin in read_rows(filename)}


@lru_cache(maxsize=8192)
def romanise_thai(run: str) -> str:
    """Thai words in Latin letters, space-separated (see ``data/letters_thai.tsv``)."""
    return " ".join(w for w in (_thai_word(word) for word in run.split()) if w)


def _thai_word(word: str) -> str:
    letters = _letters("letters_thai.tsv")
    out = ""
    leading = ""  # a vowel written before the consonant it follows in speech
    for i, char in enumerate(word):
        kind, latin = letters.get(char, ("", ""))
        following = letters.get(word[i + 1], ("", ""))[0] if i + 1 < len(word) else ""
        if kind == "leading":
            leading = latin
        elif kind == "consonant":
            starts = not out or out[-1] in "aeiou"
            if char == "อ" and starts and (following == "vowel" or leading):
                latin = ""  # อ only carries the vowel written with it
            out += latin + leading
            leading = ""
        elif kind == "vowel":
            out += latin
    return _ascii_letters(out + leading)


# -- Khmer ----------------------------------------------------------------------


@lru_cache(maxsize=8192)
def romanise_khmer(run: str) -> str:
    """Khmer words in Latin letters, space-separated (see ``data/letters_khmer.tsv``)."""
    return " ".join(w for w in (_khmer_word(word) for word in run.split()) if w)


def _khmer_word(word: str) -> str:
    letters = _letters("letters_khmer.tsv")
    out = ""
    i = 0
    while i < len(word):
        kind, latin = letters.get(word[i : i + 3], ("", ""))  # ហ្វ, f
        if kind:
            out += latin
            i += 3
            continue
        kind, latin = letters.get(word[i], ("", ""))
        following = letters.get(word[i + 1], ("", ""))[0] if i + 1 < len(word) else ""
        if word[i] == "អ" and following == "vowel":
            latin = ""  # អ only carries the vowel written with it
        if kind in ("consonant", "vowel"):
            out += latin
        i += 1
    return _ascii_letters(out)
