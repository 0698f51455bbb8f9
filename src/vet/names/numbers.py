"""Numbers written as words or with an ordinal suffix, written as digits.

Registers write "First", "1st" or "1", "Forty-Four" or "44", "Three" or "3" in
organisations' names ("44th Brigade", "Third Pacific Holdings"). ``words_as_digits``
writes each as its digits so that the forms meet: cardinals and ordinals alike
("first", "1st", "one" -> "1"), for 0 to 99.

English only, from the language's own rules rather than a list of forms: rigour's
table of ordinals holds words of other languages that are also names or particles
("Premier", "Una", "Dos", "Seis"), which would turn "Premier Oil" into "1 Oil".
"""

from __future__ import annotations

import re
from functools import cache

_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_UNIT_ORDINALS = [
    "zeroth",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_SUFFIXED = re.compile(r"(\d{1,3})(?:st|nd|rd|th)")


@cache
def _values() -> tuple[dict[str, int], dict[str, int]]:
    """Unit words (0-19, cardinal and ordinal) and tens words (20-90) -> value."""
    units = {w: n for n, w in enumerate(_UNITS)} | {w: n for n, w in enumerate(_UNIT_ORDINALS)}
    tens = {w: 20 + 10 * n for n, w in enumerate(_TENS)}
    tens |= {w[:-1] + "ieth": v for w, v in tens.items()}  # twentieth, fortieth
    tens["fourty"] = 40  # a common misspelling
    return units, tens


def number_value(word: str) -> str | None:
    """The digits of one number word or suffixed number ("third" -> "3", "44th" -> "44")."""
    units, tens = _values()
    value = units.get(word, tens.get(word))
    if value is not None:
        return str(value)
    if m := _SUFFIXED.fullmatch(word):
        return str(int(m.group(1)))
    return None


def number_spans(words: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, digits) of each number written in ``words``: "forty", "four" ->
    ``(i, i + 2, "44")``; "first" -> "1"; "44th" -> "44". Plain digits are left out."""
    units, tens = _values()
    spans: list[tuple[int, int, str]] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word in tens and i + 1 < len(words) and 0 < units.get(words[i + 1], 0) < 10:
            spans.append((i, i + 2, str(tens[word] + units[words[i + 1]])))
            i += 2
            continue
        value = number_value(word)
        if value is not None:
            spans.append((i, i + 1, value))
        i += 1
    return spans


def words_as_digits(words: list[str]) -> list[str]:
    """``words`` with numbers written as digits ("Forty-Four" -> "44"); others kept."""
    out = list(words)
    for start, end, digits in reversed(number_spans(words)):
        out[start:end] = [digits]
    return out
