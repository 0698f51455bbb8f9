"""Turn a name into classified tokens: the form the index and the scorer compare.

``tokenise("Shenzhen Huawei UK Ltd", schema="Company")`` gives
``shenzhen`` (place), ``huawei`` (name), ``uk`` (place), ``llc`` (legal). Each
token is lower-case ASCII and has one class (``TOKEN_KINDS``), so that the
scorer can weigh a name by what its words are: a missing legal form or place
costs little, a missing name word costs much.

Which classes apply depends on the kind of party, read from the
FollowTheMoney schema: legal forms, generic business words and places only in
names of organisations (Jordan, Georgia and General are also people's names);
titles only in names of people. An organisation's name with no distinctive
word ("China Electronics Technology Group Corporation") keeps its generic
words, else its places, as name tokens: then they are what identifies it.
A name of unknown kind (no schema, or ``LegalEntity``) is read as an
organisation when it shows a legal form, a generic business word or a company
word of ``data/script_words.tsv`` (بنك, 集团), else as a person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from vet.names.legal_forms import expand_legal_clips, is_legal_form, replace_legal_forms
from vet.names.numbers import number_spans
from vet.names.script_words import has_script_words, translate_words
from vet.names.text import MAX_RAW_LENGTH, clean, split_words
from vet.names.translit import latin_pieces, latinise, scripts_of
from vet.names.variants import abbreviates_generic, expand_legal_abbreviations
from vet.names.wordlists import (
    PHRASE_MAX_WORDS,
    generic_words,
    particles,
    places,
    syllable_words,
    titles,
)

TokenKind = Literal["name", "number", "initial", "particle", "title", "legal", "generic", "place"]
TOKEN_KINDS: tuple[TokenKind, ...] = (
    "name",
    "number",
    "initial",
    "particle",
    "title",
    "legal",
    "generic",
    "place",
)
"""Every token class, most identifying first."""

STRONG_KINDS: frozenset[TokenKind] = frozenset({"name", "number"})
"""Classes that identify a party; the others only qualify a name."""

JOIN_KINDS: frozenset[TokenKind] = frozenset({"name", "number", "particle", "initial"})
"""Classes kept in ``NameForm.joined``, the name written without spaces."""

Party = Literal["person", "org", "unknown"]

_UNKNOWN_SCHEMATA = frozenset({"", "LegalEntity", "Thing"})

# Arabic article assimilated to a "sun letter" ("as-Saderat", "an-Nusra",
# "ad-Din"): written "al-" too, and "as" would otherwise read as a legal form.
_SUN_ARTICLE = re.compile(r"(?<![a-z0-9])(?:a[dnrstz]|ash|ath|adh)-(?=[a-z])")
# An apostrophe inside a word joins it ("Jama'at" is "jamaat", as ``split_words`` reads
# it): legal forms are looked for before that, and "'at" or "'as" would read as AT, AS.
_IN_WORD_APOSTROPHE = re.compile(r"(?<=\w)['`´‘’ʼ](?=\w)")
# Three or more dotted letters are an abbreviation ("B.S.C.", "S.A.R.L."), to be
# joined before legal forms are looked for, or rigour finds "S.C." inside it.
_DOTTED_ABBREVIATION = re.compile(r"(?<![a-z0-9])(?:[a-z]\.){2,}[a-z]\.?(?![a-z0-9])")
# One shared set per combination of scripts: there are few, and a frozenset
# costs 200 bytes.
_SCRIPT_SETS: dict[frozenset[str], frozenset[str]] = {}
# A Chinese place is often followed by its administrative level: "Shenzhen Shi".
_PLACE_LEVELS = frozenset({"shi", "sheng", "qu", "xian", "zizhiqu"})


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a name: lower-case ASCII, with its class."""

    text: str
    kind: TokenKind


@dataclass(frozen=True, slots=True)
class NameForm:
    """A name in every form the index and scorer need."""

    original: str
    """The name as given (cut to ``MAX_RAW_LENGTH`` characters)."""
    cleaned: str
    """``clean(original)``: invisible characters, mojibake and look-alikes repaired;
    script and case kept."""
    latin: str
    """Lower-case ASCII words as written, punctuation folded (``o'brien``,
    ``al qaida``, Han as syllables: ``hai kang wei shi``); legal forms not replaced."""
    tokens: tuple[Token, ...]
    """Classified tokens in natural order: given names first for a name written
    ``SURNAME, Given``; legal forms as generic codes; Han runs as words."""
    scripts: frozenset[str]
    """Unicode scripts of the name's letters (``{"Latin"}``, ``{"Han"}``)."""
    key: str
    """Strong tokens (else all), sorted and space-joined: equal for names that
    differ only in word order, legal form, place or punctuation."""
    orders: tuple[tuple[Token, ...], ...]
    """Every reading order: ``tokens`` first, then the order as written when
    that differs (``SMITH, John`` -> ``john smith`` and ``smith john``)."""

    @property
    def joined(self) -> str:
        """Name, number, particle and initial tokens without spaces
        (``alqaida``, ``haikangweishi``): compare it to meet names split or
        joined differently, such as pinyin syllables or ``Al Qaida``."""
        return "".join(t.text for t in self.tokens if t.kind in JOIN_KINDS)

    @property
    def strong(self) -> tuple[Token, ...]:
        """The tokens that identify the party (``STRONG_KINDS``)."""
        return tuple(t for t in self.tokens if t.kind in STRONG_KINDS)


def tokenise(name: str, *, schema: str | None = None) -> NameForm:
    """Clean, transliterate and classify ``name``; never raises.

    ``schema`` is the FollowTheMoney schema of the party (``Person``,
    ``Organization``, ``Company``, ``Vessel``...); ``None`` when unknown.
    Memoised (the last 32,768 names): the matcher meets the same query names
    again and again. A caller that needs a form twice should keep it rather
    than rely on the memo.
    """
    return _tokenise(name[:MAX_RAW_LENGTH], _party_of(schema))


def name_orders(form: NameForm) -> tuple[tuple[Token, ...], ...]:
    """Every reading order of a name; see ``NameForm.orders``."""
    return form.orders


def _party_of(schema: str | None) -> Party:
    if schema is None or schema in _UNKNOWN_SCHEMATA:
        return "unknown"
    return "person" if schema == "Person" else "org"


@lru_cache(maxsize=32768)  # about 800 bytes each: 25 MB when full
def _tokenise(name: str, party: Party) -> NameForm:
    cleaned = clean(name)
    if cleaned == name:
        cleaned = name  # one string, not two, for the common already-clean name
    folded = cleaned.casefold()
    as_org = _words(folded, "org") if party != "person" else []
    if party == "unknown":
        # Read as an organisation's name when it shows a legal form or a
        # generic business word, else as a person's.
        signal = has_script_words(folded) or any(_org_signal(w, h) for w, h in as_org)
        party = "org" if signal else "person"
    latin = " ".join(split_words(latinise(folded), join_dotted=party == "org"))
    parts = [folded]
    if party == "person" and folded.count(",") == 1:
        surname, given = (p.strip() for p in folded.split(","))
        if surname and given and len(surname.split()) <= 3:
            parts = [given, surname]
    if party == "org":
        spans = [_classify(as_org, party)]
    else:
        spans = [_classify(_words(part, party), party) for part in parts]
    tokens = tuple(t for span in spans for t in span)
    orders = (tokens,) if len(spans) == 1 else (tokens, spans[1] + spans[0])
    strong = [t.text for t in tokens if t.kind in STRONG_KINDS] or [t.text for t in tokens]
    scripts = frozenset(scripts_of(cleaned))
    scripts = _SCRIPT_SETS.setdefault(scripts, scripts)
    return NameForm(name, cleaned, latin, tokens, scripts, " ".join(sorted(strong)), orders)


def _org_signal(word: str, known: TokenKind | None) -> bool:
    """Whether a word marks a name as an organisation's: a legal form or a generic word."""
    return known == "legal" or is_legal_form(word) or word in generic_words()


def _words(text: str, party: Party) -> list[tuple[str, TokenKind | None]]:
    """(word, class if already known) pairs of case-folded ``text``.

    Legal forms are replaced by their codes first, on the text as written
    (rigour knows "co., ltd." and "ооо"), then again on its transliteration
    (for forms it knows in Latin letters only). In an organisation's name,
    generic words in Chinese, Arabic or Persian are written in English first
    (``script_words``). Han and Hangul syllables
    are then grouped into words (``_syllable_words``).
    """
    text = _SUN_ARTICLE.sub("al-", text)
    codes: frozenset[str] = frozenset()
    if party != "person":
        text = _IN_WORD_APOSTROPHE.sub("", text)
        if "." in text:
            text = _DOTTED_ABBREVIATION.sub(lambda m: m.group(0).replace(".", ""), text)
        text, codes = replace_legal_forms(expand_legal_clips(expand_legal_abbreviations(text)))
        text = translate_words(text)
    words: list[tuple[str, TokenKind | None]] = []
    pieces = latin_pieces(text)
    # A person's name in Han or Hangul written as one run is family name then
    # given name (习近平, 김정은); written in several runs (버락 오바마), each run is a word.
    alone = sum(1 for p in pieces if p.text.strip()) == 1
    for piece in pieces:
        if piece.syllables:
            words.extend(_syllable_words(piece.text.split(), party, alone=alone))
            continue
        latin = piece.text
        if party != "person" and not text.isascii():
            latin, more = replace_legal_forms(latin.lower())
            codes |= more
        for word in split_words(latin, join_dotted=party == "org"):
            words.append((word, "legal" if word in codes else None))
    if party != "person":
        # In organisations' names number words are numbers ("44th", "Forty-Four");
        # in persons' names they are names (TEN, Sergey).
        words = _numbers_as_digits(words)
    return words


def _numbers_as_digits(
    words: list[tuple[str, TokenKind | None]],
) -> list[tuple[str, TokenKind | None]]:
    """Numbers written in words or with a suffix, as digits (see ``numbers``)."""
    spans = number_spans([w if k is None else "" for w, k in words])
    for start, end, digits in reversed(spans):
        words[start:end] = [(digits, None)]
    return words


def _syllable_words(
    syllables: list[str], party: Party, *, alone: bool = True
) -> list[tuple[str, TokenKind | None]]:
    """Han or Hangul syllables grouped into words, as lists romanise them.

    A person's name written alone is family name, then given name written as
    one word (``xi jin ping`` -> ``xi``, ``jinping``); a run among others is one
    word (``o ba ma`` in ``버락 오바마`` -> ``obama``). In an organisation's name, known
    words (places, generic and legal words: ``hang zhou`` -> ``hangzhou``,
    ``ke ji`` -> ``keji``) are found greedily, longest first, and each run of
    syllables between them becomes one word (``hai kang wei shi`` ->
    ``haikangweishi``): lists write it "Haikang Weishi", whose joined form is
    the same. Pairing syllables into words is not attempted: which pairs form a
    word cannot be told from the syllables.
    """
    if party == "person":
        if alone and 2 <= len(syllables) <= 4:
            return [(syllables[0], None), ("".join(syllables[1:]), None)]
        return [("".join(syllables), None)] if syllables else []
    known = syllable_words()
    place = places().words
    words: list[tuple[str, TokenKind | None]] = []
    run: list[str] = []
    i = 0
    while i < len(syllables):
        for n in range(min(5, len(syllables) - i), 1, -1):
            word = "".join(syllables[i : i + n])
            if word in known:
                break
        else:
            n = 0
        if n == 0:
            level = syllables[i] in _PLACE_LEVELS and bool(words) and words[-1][0] in place
            if level and not run:
                words.append((syllables[i], "place"))
            else:
                run.append(syllables[i])
            i += 1
            continue
        if run:
            words.append(("".join(run), None))
            run = []
        words.append((word, None))
        i += n
    if run:
        words.append(("".join(run), None))
    return words


def _classify(words: list[tuple[str, TokenKind | None]], party: Party) -> tuple[Token, ...]:
    """A class for each word; see ``TOKEN_KINDS`` and the module docstring."""
    kinds: list[TokenKind | None] = [h for _, h in words]
    texts = [w for w, _ in words]
    if party == "org":
        for i, text in enumerate(texts):
            if kinds[i] is None and is_legal_form(text):
                kinds[i] = "legal"
        _mark_place_phrases(texts, kinds)
    leading = True  # only titles so far
    for i, text in enumerate(texts):
        if kinds[i] is None:
            kinds[i] = _word_kind(text, party, leading=leading)
        leading = leading and kinds[i] == "title"
    if party == "org" and not any(k in STRONG_KINDS for k in kinds):
        # Nothing distinctive ("China Electronics Technology Group Corporation",
        # "General Electric"): the generic words, else the places, are the name.
        for weak in ("generic", "place"):
            if weak in kinds:
                kinds = ["name" if k == weak else k for k in kinds]
                break
    return tuple(
        _token(_singular(t) if k == "generic" else t, k or "name")
        for t, k in zip(texts, kinds, strict=True)
    )


def generic_singular(word: str) -> str:
    """The token a generic word of a longer name becomes (``industries`` -> ``industry``)."""
    return _singular(word)


@lru_cache(maxsize=4096)
def _singular(word: str) -> str:
    """A generic word in the singular when that is a generic word too
    (``technologies`` -> ``technology``, ``electronics`` stays): lists and
    registers write either, and 技术 is both."""
    generic = generic_words()
    for plural, single in (("ies", "y"), ("s", "")):
        if word.endswith(plural) and (stem := word[: -len(plural)] + single) in generic:
            return stem
    return word


@lru_cache(maxsize=65536)
def _token(text: str, kind: TokenKind) -> Token:
    """One shared ``Token`` per (text, kind): names repeat their words, and
    memoised forms of a whole list would otherwise hold millions of copies."""
    return Token(text, kind)


def _mark_place_phrases(texts: list[str], kinds: list[TokenKind | None]) -> None:
    """Mark runs of words that spell a place of two words or more ("hong kong")."""
    phrases = places().phrases
    starts = places().phrase_starts
    i = 0
    while i < len(texts) - 1:
        if texts[i] not in starts:
            i += 1
            continue
        for n in range(min(PHRASE_MAX_WORDS, len(texts) - i), 1, -1):
            if all(k is None for k in kinds[i : i + n]) and tuple(texts[i : i + n]) in phrases:
                kinds[i : i + n] = ["place"] * n
                i += n
                break
        else:
            i += 1


@lru_cache(maxsize=65536)
def _word_kind(text: str, party: Party, *, leading: bool) -> TokenKind:
    if text.isdigit():
        return "number"
    if len(text) == 1:
        return "initial"
    if text in particles():
        return "particle"
    if party == "person":
        return "title" if text in titles() and leading else "name"
    if text in generic_words():
        return "generic"
    if text in places().words:
        return "place"
    if abbreviates_generic(text):
        return "generic"
    return "name"
