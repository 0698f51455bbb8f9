"""Two words that are one: a business word and its abbreviation, a given name and its
short form.

- ``abbreviates("mnfctrng", "manufacturing")``: registers and payment systems clip
  business words ("Intl", "Tech", "Corp") or drop their vowels ("Mnfctrng", "Dvlpmnt").
  Told by rule, not from a list of abbreviations: the short word begins with the long
  word's first letter, and is its beginning or its letters in order (a contraction).
  The long word must be an English business word (``data/business_words.txt``), so
  that a name's own words ("Wang") are never read as abbreviations.
- ``same_given_name("ted", "theodore")``: short forms and spellings of one given name,
  from rigour's person-name data (Wikidata's given names and a list of English
  nicknames), maintained with OpenSanctions' matcher and read from vet's table of
  rigour's answers (:mod:`vet.names.given_names`), and the short forms of the
  ``nicknames`` package (a hand-curated table of English names and their nicknames:
  "Manny" for Manuel, "Marty" for Martin), which rigour's short list lacks.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from nicknames import NickNamer

from vet.names.given_names import name_ids
from vet.names.legal_forms import is_legal_form
from vet.names.phonetic import sinitic_key
from vet.names.wordlists import generic_words, read_words

_VOWELS = frozenset("aeiou")
_NICK = "NICK:"


@cache
def business_words() -> frozenset[str]:
    """English business words whose abbreviations are recognised (``business_words.txt``)."""
    return frozenset(read_words("business_words.txt"))


@cache
def _by_letter() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for word in business_words():
        out.setdefault(word[0], []).append(word)
    return {letter: tuple(sorted(words)) for letter, words in out.items()}


def abbreviates(short: str, long: str) -> bool:
    """Whether ``short`` is an abbreviation of the business word ``long``: its beginning
    ("tech", "intl" is not) or its letters in order, ending as it ends or without vowels
    ("intl", "mnfctrng", "mgmt", "hldg")."""
    if not (2 <= len(short) < len(long)) or short[0] != long[0] or long not in business_words():
        return False
    if not short.isalpha():
        return False
    if long.startswith(short):
        # A clip drops three letters or more: "machine" is a word, not "machinery" clipped.
        return len(short) >= 3 and len(long) - len(short) >= 3
    if not _in_order(short, long):
        return False
    if not _VOWELS.intersection(short[1:]):
        return True  # "mgmt", "gp", "hldg": its consonants in order
    # "natl", "devt", "prodn": begins and ends as the word does ("iran" is no "information").
    return len(short) >= 4 and short[:2] == long[:2] and short[-1] == long[-1]


@lru_cache(maxsize=65536)
def is_abbreviation(word: str) -> bool:
    """Whether ``word`` abbreviates some business word (and is not a word of its own)."""
    if word in business_words() or not word.isalpha():
        return False
    return any(abbreviates(word, long) for long in _by_letter().get(word[0], ()))


@lru_cache(maxsize=65536)
def abbreviates_generic(word: str) -> bool:
    """Whether ``word`` abbreviates a generic business word ("intl", "mfg", "svcs"): it is
    then as weak as the word it stands for."""
    if len(word) < 3 or word in generic_words() or not word.isalpha():
        return False
    generic = generic_words()
    return any(abbreviates(word, long) for long in _by_letter().get(word[0], ()) if long in generic)


_LEGAL_WORDS = ("company", "corporation", "incorporated", "limited")
"""Legal-form words registers abbreviate beyond rigour's forms ("Cmpny", "Crprtn")."""
_WORD = re.compile(r"[a-z]{3,}")


def expand_legal_abbreviations(text: str) -> str:
    """Lower-case ``text`` with contractions of legal-form words written out, so that
    legal forms are found in them ("joint stock cmpny" -> "joint stock company"). A word
    standing alone is a name, not a legal form of one ("CRP", an acronym)."""
    if len(text.split()) < 2:
        return text

    def expand(m: re.Match[str]) -> str:
        word = m.group()
        if is_legal_form(word):
            return word
        # Contractions only: a clipped "Lim" or "Comp" is as likely a name (Lim, Comp).
        found = (w for w in _LEGAL_WORDS if abbreviates(word, w) and not w.startswith(word))
        return next(found, word)

    return _WORD.sub(expand, text)


def _in_order(short: str, long: str) -> bool:
    """The letters of ``short`` occur in ``long`` in the same order."""
    at = 0
    for letter in short:
        at = long.find(letter, at) + 1
        if at == 0:
            return False
    return True


@cache
def _nicknames() -> dict[str, frozenset[str]]:
    """Full given name -> its short forms, from the ``nicknames`` package."""
    return {k: frozenset(v) for k, v in NickNamer().nickname_lookup.items()}


@cache
def _nickname_words() -> frozenset[str]:
    """Every word of the ``nicknames`` table, full name or short form: most words are
    neither, and then no pair holding them is a nickname's."""
    table = _nicknames()
    return frozenset(table).union(*table.values())


def is_nickname(short: str, full: str) -> bool:
    """Whether ``short`` is a short form of ``full`` in the ``nicknames`` table ("manny",
    "manuel"): shorter, of three letters or more, beginning as the full name does or
    holding three letters in a row of it (Joe/Joseph, Tony/Antonio, Beth/Elizabeth).

    The table also pairs names of other people and languages ("Ivan" has the nickname
    "John", "Wilma" has "William", "Polly" is Paul's, "Peter" Patrick's): those are no
    shorter or share no such piece. Short forms that share none (Bill, Bob, Dick) are
    rigour's.
    """
    if not (3 <= len(short) < len(full)) or short not in _nicknames().get(full, frozenset()):
        return False
    return short[:2] == full[:2] or any(short[i : i + 3] in full for i in range(len(short) - 2))


def is_clipped_nickname(a: str, b: str) -> bool:
    """Whether one word is a short form of the other in the ``nicknames`` table that
    :func:`is_nickname` leaves out: two letters that begin the full name (Al/Alexander,
    Ed/Edgar, Ry/Ryan), or a short form sharing only two letters in a row with it
    (Nan/Anna, Kara/Carol, Libby/Elizabeth, Pip/Phillip, Claes/Nicholas).

    Still shorter than the full name, so that the table's pairs of other people's names
    (Ivan/John, Polly/Paul) stay apart.
    """
    short, full = (a, b) if len(a) < len(b) else (b, a)
    if len(short) < 2 or short not in _nicknames().get(full, frozenset()):
        return False
    if len(short) == 2:
        return full.startswith(short)
    return any(short[i : i + 2] in full for i in range(len(short) - 1))


def same_given_name(a: str, b: str) -> bool:
    """Whether two words are forms of one given name (Ted, Theodore; Sasha, Aleksandr).

    A nickname rigour lists (Ted, Bill, Alex) always counts, as does a short form of
    the ``nicknames`` table (:func:`is_nickname`); a Wikidata given name only between
    words of four letters or more that are not one Chinese syllable: Wikidata gathers
    every reading of a Chinese character under one name ("Qian" and "Chin", "Rui"
    and "Wei"), too loose to tell people apart.
    """
    words = _nickname_words()
    if (
        a in words
        and b in words
        and (is_nickname(a, b) or is_nickname(b, a) or is_clipped_nickname(a, b))
    ):
        return True
    shared = name_ids(a)
    if shared:
        shared &= name_ids(b)
    if not shared:
        return False
    if any(i.startswith(_NICK) for i in shared):
        return True
    return min(len(a), len(b)) >= 4 and not (_one_syllable(a) or _one_syllable(b))


def _one_syllable(word: str) -> bool:
    key = sinitic_key(word)
    return key is not None and "-" not in key


def word_variant(a: str, b: str) -> str:
    """How two different words are one ("abbreviation", "same given name"), or ``""``."""
    if a[0] == b[0] and (abbreviates(a, b) or abbreviates(b, a)):
        return "abbreviation"
    if same_given_name(a, b):
        return "same given name"
    return ""
