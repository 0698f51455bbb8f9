"""Sound-alike keys for name tokens.

Two keys, for two kinds of respelling:

- ``phonetic_key``: Metaphone (rigour's, in Rust), for respellings of how a
  word sounds in English spelling: ``Smith``/``Smyth``, ``Catherine``/
  ``Katherine``, ``Mohammed``/``Muhammad``/``Mohamad`` (all ``MHMT``). The
  index uses it to find candidates whose tokens sound like the query's, and the
  scorer to credit such tokens.
- ``consonant_skeleton``: the consonants of a token with the letters that
  romanisations of Arabic, Persian and Hebrew disagree on dropped or merged.
  Those scripts write few vowels, so ICU's transliteration of ``محمد`` is
  ``mhmd``, and list romanisations vary their vowels, doubled letters and
  digraphs freely (``Hussein``, ``Husayn``, ``Hussain``). Metaphone does not
  bridge these (``mhmd`` is ``MMT``, ``hsyn`` is ``SN``); the skeleton does:
  ``mhmd``/``Muhammad`` -> ``mhmd``, ``hsyn``/``Hussein`` -> ``hsn``,
  ``Gaddafi``/``Qadhafi`` -> ``kdf``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rigour.text.phonetics import metaphone

_DIGRAPHS = re.compile(r"([kstdgzcp])h")
_DROPPED = re.compile(r"[aeiouyw'\-\s]")
_MERGED = str.maketrans({"q": "k", "g": "k", "c": "k", "p": "f", "v": "f"})
_REPEATS = re.compile(r"(.)\1+")


def phonetic_key(token: str) -> str:
    """Metaphone of a lower-case ASCII token (``"mohammed"`` -> ``"MHMT"``);
    ``""`` for a token with no letters to sound, such as a number."""
    if not token or token.isdigit():
        return ""
    return metaphone(token)


@lru_cache(maxsize=65536)
def consonant_skeleton(token: str) -> str:
    """Consonants of a lower-case ASCII token, as Arabic-origin romanisations share them.

    Vowels, ``y``, ``w`` (written as long vowels or not at all) and the
    ``h`` of digraphs (``kh``, ``sh``, ``th``, ``dh``, ``gh``) are dropped;
    ``q``/``g``/``c`` become ``k`` and ``p``/``v`` become ``f`` (``Qaddafi``,
    ``Gaddafi``, ``Kadhafi``); doubled letters are single. Coarse by design:
    use it to compare names of Arabic, Persian or Hebrew origin, or a token
    transliterated from those scripts, never as the only evidence.
    """
    skeleton = _DIGRAPHS.sub(r"\1", token.lower())
    skeleton = _DROPPED.sub("", skeleton).translate(_MERGED)
    return _REPEATS.sub(r"\1", skeleton)


# Sounds that scripts writing a foreign name by ear do not tell apart, one letter each:
# Japanese and Korean have no l/r contrast and no z (ジ, ㅈ), Korean no f/v (ㅍ, ㅂ),
# kana writes h before u as f (フ), Thai and Khmer one letter for v and w.
_SOUND_DIGRAPHS = re.compile(r"dzh|tch|sch|zh|dz|sh|ch|ts|kh|gh|ph|th|dh|ck|x|q|c(?=[eiy])")
_SOUND_DIGRAPH_LETTERS = {"ph": "p", "kh": "k", "gh": "k", "ck": "k", "th": "t", "dh": "t",
                          "x": "ks", "q": "k"}  # fmt: skip
_SOUND_LETTERS = str.maketrans("gcdbvwzjleyo", "kktpppssriiu")
_SOUND_DROPPED = re.compile(r"(?<=[aiu])h|h(?=[ptk])")


@lru_cache(maxsize=131072)
def sound_fold(token: str) -> str:
    """A token with the sounds that kana, Hangul, Thai, Khmer and Ethiopic spellings
    of a foreign name confuse written alike: ``gonjarej`` (곤자레즈) and
    ``gonzalez`` both ``kunsaris``, ``bafram`` (バフラム) and ``bahram`` both
    ``pahram``. Coarse by design: compare a token read back from one of those
    scripts with a Latin one, never two Latin tokens.
    """
    folded = _SOUND_DIGRAPHS.sub(lambda m: _SOUND_DIGRAPH_LETTERS.get(m.group(0), "s"), token)
    folded = folded.replace("f", "h").translate(_SOUND_LETTERS)
    return _REPEATS.sub(r"\1", _SOUND_DROPPED.sub("", folded))


def sound_folds(token: str) -> tuple[str, ...]:
    """``sound_fold`` of ``token``, and for a word with an f, of it with p for f too:
    Hangul has no f and writes it ㅍ, read back as p (페도로브 "pedorob", "Fedorov")."""
    folded = sound_fold(token)
    if "f" not in token:
        return (folded,)
    return (folded, sound_fold(token.replace("f", "p")))


_OCR_FOLDS = (
    ("rn", "m"),
    ("cl", "d"),
    ("vv", "w"),
    ("0", "o"),
    ("1", "l"),
    ("5", "s"),
    ("8", "b"),
    ("2", "z"),
    ("ii", "u"),
)


# Single characters OCR reads for one another, both ways ("lS BANK" for "IS BANK").
_OCR_SWAPS: dict[str, str] = {
    "0": "o",
    "o": "0",
    "1": "li",
    "l": "1i",
    "i": "l1",
    "5": "s",
    "s": "5",
    "8": "b",
    "b": "8",
    "2": "z",
    "z": "2",
}


def ocr_substitutions(token: str) -> set[str]:
    """``token`` with one character replaced by one OCR confuses it with ("ls" -> "is")."""
    found = set()
    for position, char in enumerate(token):
        for other in _OCR_SWAPS.get(char, ""):
            found.add(token[:position] + other + token[position + 1 :])
    return found


def ocr_substitute(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ in exactly one character OCR confuses ("5u", "su")."""
    if len(a) != len(b):
        return False
    differences = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    return len(differences) == 1 and differences[0][1] in _OCR_SWAPS.get(differences[0][0], "")


@lru_cache(maxsize=200_000)
def ocr_fold(token: str) -> str:
    """Fold letters that OCR and hasty typing confuse (rn/m, cl/d, 0/o, 1/l) to one spelling."""
    for a, b in _OCR_FOLDS:
        token = token.replace(a, b)
    return token


# Chinese names reach the lists in pinyin (Zhou Jianshu, Dandong) and in Wade-Giles
# (Chou Chien-shu, Tantung), usually without Wade-Giles' apostrophes. Both spell the
# same few hundred syllables, so a name is keyed by its syllables, each with the
# consonants the two systems write differently merged (zh/ch/j/q/z/c/ts/tz, d/t, g/k,
# b/p, x/hs/sh/s) and the finals they write differently merged (ong/ung, ian/ien,
# ie/ieh, i/ih, ui/uei, and o/e after h and k).
_INITIALS = (
    "zh",
    "ch",
    "sh",
    "hs",
    "ts",
    "tz",
    "b",
    "p",
    "m",
    "f",
    "d",
    "t",
    "n",
    "l",
    "g",
    "k",
    "h",
    "j",
    "q",
    "x",
    "r",
    "z",
    "c",
    "s",
    "y",
    "w",
)
_FINALS = (
    "iang",
    "iong",
    "uang",
    "ueng",
    "iung",
    "ang",
    "eng",
    "ing",
    "ong",
    "ung",
    "iao",
    "ian",
    "ien",
    "ieh",
    "uai",
    "uan",
    "uei",
    "ueh",
    "ai",
    "ei",
    "ao",
    "ou",
    "an",
    "en",
    "in",
    "un",
    "ia",
    "ie",
    "iu",
    "ua",
    "uo",
    "ui",
    "ue",
    "ih",
    "er",
    "a",
    "o",
    "e",
    "i",
    "u",
    "v",
)
_INITIAL_KEYS = {
    "zh": "c",
    "ch": "c",
    "j": "c",
    "q": "c",
    "z": "c",
    "c": "c",
    "ts": "c",
    "tz": "c",
    "x": "s",
    "hs": "s",
    "sh": "s",
    "s": "s",
    "d": "t",
    "t": "t",
    "g": "k",
    "k": "k",
    "b": "p",
    "p": "p",
}
_FINAL_KEYS = {
    "ong": "ung",
    "ien": "ian",
    "ieh": "ie",
    "ih": "i",
    "uei": "ui",
    "ueh": "ue",
    "iung": "iong",
}
_SYLLABLES: dict[str, str] = {}
for _initial in ("", *_INITIALS):
    for _final in _FINALS:
        _key_final = _FINAL_KEYS.get(_final, _final)
        if _final == "o" and _initial in ("h", "k"):
            _key_final = "e"
        _SYLLABLES.setdefault(_initial + _final, _INITIAL_KEYS.get(_initial, _initial) + _key_final)
_LONGEST_SYLLABLE = max(len(s) for s in _SYLLABLES)


@lru_cache(maxsize=131072)
def sinitic_key(token: str) -> str | None:
    """A key equal for pinyin and Wade-Giles spellings of the same Chinese syllables
    ("Tantung"/"Dandong", "Chienshu"/"Jianshu", "Tsao"/"Cao"); ``None`` for a token
    that is not a run of Chinese syllables. Fewest syllables win when several fit.
    """
    if not token.isalpha() or not token.isascii() or len(token) > 24:
        return None
    best: list[list[str] | None] = [None] * (len(token) + 1)
    best[0] = []
    for end in range(1, len(token) + 1):
        for start in range(max(0, end - _LONGEST_SYLLABLE), end):
            previous = best[start]
            key = _SYLLABLES.get(token[start:end])
            if previous is None or key is None:
                continue
            candidate = [*previous, key]
            current = best[end]
            if current is None or len(candidate) < len(current):
                best[end] = candidate
    found = best[len(token)]
    return "-".join(found) if found else None
