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


_OCR_FOLDS = (
    ("rn", "m"),
    ("cl", "d"),
    ("vv", "w"),
    ("0", "o"),
    ("1", "l"),
    ("5", "s"),
    ("8", "b"),
    ("ii", "u"),
)


@lru_cache(maxsize=200_000)
def ocr_fold(token: str) -> str:
    """Fold letters that OCR and hasty typing confuse (rn/m, cl/d, 0/o, 1/l) to one spelling."""
    for a, b in _OCR_FOLDS:
        token = token.replace(a, b)
    return token
