"""Romanisation tables of the matching benchmark: other spellings of Arabic, Russian and
Chinese names, and Russian names written back in Cyrillic.

Written from common practice (BGN/PCGN, French and German conventions for Russian; the usual
spellings of Arabic given names; Wade-Giles and syllable spacing for pinyin), not from vet's
tables.
"""

from __future__ import annotations

import random
from functools import cache
from itertools import pairwise

import icu
from pypinyin.pinyin_dict import pinyin_dict

from match_text import (
    GENERIC_WORDS,
    match_case,
    replace_word,
    splice,
    strip_marks,
    substitute_one,
    words,
)

ARABIC_FAMILIES: list[tuple[str, ...]] = [
    ("mohammed", "muhammad", "mohamad", "mohamed", "mohammad", "muhammed", "mohamud"),
    ("ahmed", "ahmad"),
    ("hussein", "husayn", "hussain", "husain", "hossein", "husein"),
    ("hassan", "hasan"),
    ("abdullah", "abdallah", "abdulla"),
    ("abdul", "abdel", "abdal"),
    ("omar", "umar"),
    ("osama", "usama", "oussama"),
    ("yusuf", "yousef", "youssef", "yousif", "yusif"),
    ("khalid", "khaled"),
    ("mahmoud", "mahmud"),
    ("said", "saeed", "sayed", "saiid"),
    ("ibrahim", "ebrahim", "ibraheem"),
    ("ismail", "ismael", "esmail"),
    ("mustafa", "mostafa", "moustafa"),
    ("jamal", "gamal"),
    ("jafar", "jaafar", "jaffar"),
    ("qasim", "kassem", "qassem", "kasim"),
    ("faisal", "faysal", "feisal"),
    ("saleh", "salih"),
    ("nasser", "nasir", "naser"),
    ("hamid", "hamed"),
    ("rahman", "rehman"),
    ("abu", "abou"),
    ("zaid", "zayd", "zeid"),
    ("suleiman", "sulaiman", "sulayman", "soleiman"),
    ("yahya", "yahia", "yehia"),
    ("musa", "moussa", "mousa"),
    ("issa", "isa", "eissa"),
    ("khalil", "khaleel"),
    ("haji", "hajji"),
    ("abdulaziz", "abdelaziz", "abdul-aziz"),
    ("ali", "aly"),
    ("mahdi", "mehdi"),
    ("karim", "kareem"),
    ("rashid", "rasheed", "rachid"),
]
ARABIC_RULES: list[tuple[str, str]] = [
    (r"ou", "u"),
    (r"(?<=[bcdfghjklmnpqrstvwxz])u(?=[bcdfghjklmnpqrstvwxz])", "ou"),
    (r"ee", "i"),
    (r"aa", "a"),
    (r"q", "k"),
    (r"dh", "z"),
    (r"ei", "ay"),
    (r"ay", "ei"),
    (r"iyy", "iy"),
    (r"eh$", "ah"),
    (r"ah$", "a"),
    (r"(?<=[bcdfghjklmnpqrstvwxz])u(?=[bcdfghjklmnprstvwxz])", "o"),
    (r"(?<=[bcdfghjklmnpqrstvwxz])o(?=[bcdfghjklmnprstvwxz])", "u"),
    (r"(?<=[bcdfghjklmnpqrstvwxz])i(?=[bcdfghjklmnpqrstvwxz])", "e"),
    (r"(?<=[bcdfghjklmnpqrstvwxz])e(?=[bcdfghjklmnpqrstvwxz])", "i"),
]
RUSSIAN_FAMILIES: list[tuple[str, ...]] = [
    ("yuriy", "yury", "yuri", "iurii", "jurij"),
    ("sergey", "sergei", "serguei"),
    ("aleksey", "alexei", "alexey", "aleksei"),
    ("aleksandr", "alexander", "aleksander", "alexandre"),
    ("nikolay", "nikolai"),
    ("andrey", "andrei"),
    ("dmitriy", "dmitry", "dmitri", "dmitrii"),
    ("vitaliy", "vitaly", "vitali"),
    ("anatoliy", "anatoly", "anatoli"),
    ("gennadiy", "gennady", "gennadi"),
    ("valeriy", "valery", "valeri"),
    ("yevgeniy", "evgeny", "evgenii", "yevgeny", "evgeniy"),
    ("mikhail", "michail", "mikhael"),
    ("pyotr", "petr", "piotr"),
    ("fyodor", "fedor", "fiodor"),
    ("ilya", "ilia", "ilja"),
    ("natalya", "natalia", "natalja"),
    ("tatyana", "tatiana", "tatjana"),
    ("yelena", "elena"),
    ("yekaterina", "ekaterina"),
    ("vyacheslav", "viacheslav"),
    ("konstantin", "constantin"),
    ("maksim", "maxim"),
    ("igor", "ihor"),
    ("oleg", "oleh"),
]
RUSSIAN_RULES: list[tuple[str, str]] = [
    (r"iy$", "y"),
    (r"iy$", "ii"),
    (r"iy$", "i"),
    (r"yy$", "y"),
    (r"ov$", "off"),
    (r"ev$", "eff"),
    (r"ov$", "ow"),
    (r"^zh", "j"),
    (r"kh", "h"),
    (r"kh", "ch"),
    (r"^ye", "e"),
    (r"yu", "iu"),
    (r"ya", "ia"),
    (r"iu", "yu"),
    (r"ia", "ya"),
    (r"ks", "x"),
    (r"ts", "tz"),
    (r"shch", "sch"),
    (r"shch", "shtch"),
    (r"skiy$", "sky"),
    (r"skiy$", "ski"),
    (r"sky$", "skiy"),
    (r"yevich$", "evich"),
    (r"yevna$", "evna"),
    (r"(?<=[aeiou])y(?=[aeiou])", "i"),
]

_WG_INITIALS = {
    "zh": "ch", "ch": "ch", "sh": "sh", "q": "ch", "x": "hs", "j": "ch", "z": "ts", "c": "ts",
    "r": "j", "b": "p", "d": "t", "g": "k",
}  # fmt: skip
_WG_FINALS = [("iong", "iung"), ("ong", "ung"), ("ian", "ien"), ("ie", "ieh")]


@cache
def pinyin_syllables() -> frozenset[str]:
    """Toneless pinyin syllables, from pypinyin's character table (about 420)."""
    out: set[str] = set()
    for readings in pinyin_dict.values():
        for reading in readings.split(","):
            plain = strip_marks(reading)
            if plain.isascii() and plain.isalpha():
                out.add(plain)
    return frozenset(out)


def segment_pinyin(word: str) -> list[str] | None:
    """``word`` cut into pinyin syllables ("zhongxing" -> zhong, xing), or None if it is not pinyin.

    Prefers the fewest syllables, so "xian" stays one syllable.
    """
    syllables = pinyin_syllables()
    lower = word.lower()
    best: list[list[str] | None] = [None] * (len(lower) + 1)
    best[0] = []
    for end in range(1, len(lower) + 1):
        for start in range(max(0, end - 6), end):
            head = best[start]
            if head is not None and lower[start:end] in syllables:
                cand = [*head, lower[start:end]]
                current = best[end]
                if current is None or len(cand) < len(current):
                    best[end] = cand
    return best[len(lower)]


def wade_giles(syllable: str) -> str:
    """A pinyin syllable in (apostrophe-less) Wade-Giles, as in Taiwan and Hong Kong names."""
    for initial in ("zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j",
                    "q", "x", "r", "z", "c", "s", "y", "w"):  # fmt: skip
        if syllable.startswith(initial):
            head, final = initial, syllable[len(initial) :]
            break
    else:
        head, final = "", syllable
    if head in ("zh", "ch", "sh", "r") and final == "i":
        final = "ih"
    elif head in ("g", "k", "h") and final == "e":
        final = "o"
    for old, new in _WG_FINALS:
        if final.endswith(old):
            final = final[: len(final) - len(old)] + new
            break
    return _WG_INITIALS.get(head, head) + final


def chinese_spellings(name: str) -> list[str]:
    """Other romanisations of a pinyin name: syllables split or joined, or Wade-Giles."""
    out: list[str] = []
    matches = [m for m in words(name, 2) if m.group().lower() not in GENERIC_WORDS]
    for m in matches:
        parts = segment_pinyin(m.group())
        if parts is None:
            continue
        if len(parts) >= 2:
            out.append(
                splice(
                    name,
                    m.start(),
                    m.end(),
                    match_case(m.group(), parts[0])
                    + " "
                    + " ".join(match_case(m.group(), p) for p in parts[1:]),
                )
            )
        wg = "".join(wade_giles(p) for p in parts)
        out.append(splice(name, m.start(), m.end(), match_case(m.group(), wg)))
    for left, right in pairwise(matches):
        between = name[left.end() : right.start()]
        one = segment_pinyin(left.group())
        two = segment_pinyin(right.group())
        if between == " " and one is not None and two is not None and len(one) == len(two) == 1:
            joined = left.group() + right.group().lower()
            out.append(splice(name, left.start(), right.end(), joined))
    return [s for s in out if s != name]


def arabic_spelling(name: str, rng: random.Random) -> str | None:
    """Another spelling of an Arabic-origin name: a known variant of a name, or a vowel rule."""
    family = replace_word(name, ARABIC_FAMILIES, rng)
    if family is not None and rng.random() < 0.7:
        return family
    return substitute_one(name, ARABIC_RULES, rng) or family


def russian_spelling(name: str, rng: random.Random) -> str | None:
    """Another romanisation of a Russian name: Yuriy/Yury/Iurii, -ov/-off, Zh/J, Kh/H."""
    family = replace_word(name, RUSSIAN_FAMILIES, rng)
    if family is not None and rng.random() < 0.5:
        return family
    return substitute_one(name, RUSSIAN_RULES, rng) or family


def chinese_spelling(name: str, rng: random.Random) -> str | None:
    options = chinese_spellings(name)
    return rng.choice(options) if options else None


@cache
def _latin_to_russian() -> icu.Transliterator:
    return icu.Transliterator.createInstance("Latin-Russian/BGN")


def to_cyrillic(name: str) -> str:
    """A Latin-script Russian name in Cyrillic, by ICU's BGN/PCGN table run backwards."""
    titled = " ".join(w[:1].upper() + w[1:].lower() for w in name.split())
    return str(_latin_to_russian().transliterate(titled))
