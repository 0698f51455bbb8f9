"""Generic words of Chinese, Arabic and Persian company names, written in English.

A register writes "华为技术有限公司" and "بنك ملي إيران"; the lists hold "Huawei
Technologies Co., Ltd." and "Bank Melli Iran". Romanised as they stand, the
generic words become "jishu" and "bnk", which meet nothing; replaced by the
English word the lists use (``data/script_words.tsv``), they meet "technologies"
and "bank", and are classed as those words are. Only organisations' names are
translated: a person's name keeps its words.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from vet.names.romanise import read_rows

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_ARABIC_WORD = re.compile(r"[\u0600-\u06ff]+")
_ARABIC_SPELLINGS = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ة": "ه", "ى": "ي", "ی": "ي", "ک": "ك", "ـ": None}
)
_ARABIC_PREFIXES = ("لل", "ال", "بال", "وال")


@cache
def _tables() -> tuple[dict[str, str], dict[str, str], int]:
    """(Han word -> English, bare Arabic word -> English, longest Han word)."""
    han: dict[str, str] = {}
    arabic: dict[str, str] = {}
    for word, english in read_rows("script_words.tsv"):
        if _HAN.fullmatch(word):
            han[word] = english
        else:
            arabic[_bare(word)] = english
    return han, arabic, max(len(w) for w in han)


def _bare(word: str) -> str:
    """An Arabic-script word without its article or prefix, in one spelling."""
    word = word.translate(_ARABIC_SPELLINGS)
    if word.startswith("و") and len(word) > 4:
        word = word[1:]
    for prefix in _ARABIC_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            return word[len(prefix) :]
    return word


@lru_cache(maxsize=16384)
def translate_words(text: str) -> str:
    """``text`` with the generic words of ``data/script_words.tsv`` in English,
    each set off by spaces (``华为技术`` -> ``华为 technology``)."""
    if text.isascii():
        return text
    han, arabic, _ = _tables()
    if arabic and _ARABIC_WORD.search(text):
        text = _ARABIC_WORD.sub(lambda m: f" {arabic.get(_bare(m.group(0)), m.group(0))} ", text)
    if han and _HAN.search(text):
        text = _HAN.sub(lambda m: _translate_han(m.group(0)), text)
    return " ".join(text.split())


def has_script_words(text: str) -> bool:
    """Whether ``text`` holds a word of ``data/script_words.tsv`` (a sign of an organisation)."""
    return not text.isascii() and translate_words(text) != " ".join(text.split())


def _translate_han(run: str) -> str:
    """Known words in a run of Han characters replaced, longest first from the left."""
    han, _, longest = _tables()
    out: list[str] = []
    i = 0
    while i < len(run):
        for n in range(min(longest, len(run) - i), 1, -1):
            english = han.get(run[i : i + n])
            if english is not None:
                out.append(f" {english} ")
                i += n
                break
        else:
            out.append(run[i])
            i += 1
    return "".join(out)
