"""Candidate retrieval: the listed names worth scoring for a query, ranked cheaply.

Each query token fetches the names holding it exactly, one typo away (via the
deletion table) or sounding alike; each fetched name collects the token's
rarity. Only the best ``limit`` names go on to the scorer, so the cost of a
query does not grow with the size of the lists.
"""

from __future__ import annotations

import math

import numpy as np

from vet.index.build import (
    MIN_ABJAD_LENGTH,
    MIN_DELETE_LENGTH,
    MIN_SOUND_LENGTH,
    Index,
    deletes,
    normalise_identifier,
)
from vet.index.prepared import PreparedName
from vet.names import (
    STRONG_KINDS,
    abjad_key,
    consonant_skeleton,
    is_abjad_spelling,
    ocr_fold,
    ocr_substitutions,
    sinitic_key,
    sound_fold,
)

EXACT, FUZZY, PHONETIC = 1.0, 0.75, 0.6
WEAK_EXACT = 0.3
"""Share of its IDF that a shared word adds when ranking fetched names: it orders, it
does not fetch."""
_TRUE_VOWELS = frozenset("aeiou")  # 'y' stays in vowel-less spellings ("Bkhytn")


def similar_tokens(
    index: Index, token: str, phonetic_key: str, by_sound: bool = False, abjad: bool = False
) -> dict[int, float]:
    """Ids of indexed tokens equal to, one edit from, or sounding like ``token``, with a credit.

    ``by_sound``: ``token`` was read back from a script that writes foreign names by ear
    (kana, Hangul, Thai, Khmer, Ethiopic), so tokens with its ``sound_fold`` count too;
    ``abjad``: ``token`` was romanised from Arabic script, so tokens with its ``abjad_key``
    count too (a foreign name written by sound: "mwrwaryd", "morvarid").
    """
    found: dict[int, float] = {}
    exact = index.vocabulary.get(token)
    if exact is not None:
        found[exact] = EXACT
    if len(token) >= MIN_DELETE_LENGTH - 1:
        variants = {token, *deletes(token)}
        for other in index.tokens_one_deletion_from(list(variants)):
            found.setdefault(other, FUZZY)
        for variant in variants:
            if variant != token:
                shorter = index.vocabulary.get(variant)
                if shorter is not None:
                    found.setdefault(shorter, FUZZY)
    if len(token) < MIN_DELETE_LENGTH - 1:
        # Short words have no deletion neighbourhood: try OCR's one-letter swaps ("lS", "5u").
        for variant in ocr_substitutions(token):
            substituted = index.vocabulary.get(variant)
            if substituted is not None:
                found.setdefault(substituted, FUZZY)
    folded = ocr_fold(token)
    if folded != token:
        # Letters OCR confuses ("rn" for "m", "0" for "o"): look the repaired word up.
        repaired = index.vocabulary.get(folded)
        if repaired is not None:
            found.setdefault(repaired, FUZZY)
        for other in index.tokens_one_deletion_from([folded]):
            found.setdefault(other, FUZZY)
    chinese = sinitic_key(token)
    if chinese is not None:
        for other_token in index.sinitic.get(chinese, ()):
            found.setdefault(index.vocabulary[other_token], PHONETIC)
    if phonetic_key:
        for other_token in index.phonetic.get(phonetic_key, ()):
            found.setdefault(index.vocabulary[other_token], PHONETIC)
    if len(token) >= 3 and token.isalpha() and not _TRUE_VOWELS.intersection(token[1:]):
        # Vowels dropped ("Mhmmd", "SHHBDDN"): look the consonants up.
        for other_token in index.skeletons.get(consonant_skeleton(token), ()):
            found.setdefault(index.vocabulary[other_token], PHONETIC)
    if by_sound and len(token) >= MIN_SOUND_LENGTH and token.isalpha():
        for other_token in index.sounds.get(sound_fold(token), ()):
            found.setdefault(index.vocabulary[other_token], PHONETIC)
    if abjad and len(token) >= MIN_ABJAD_LENGTH and is_abjad_spelling(token):
        for other_token in index.abjad.get(abjad_key(token), ()):
            found.setdefault(index.vocabulary[other_token], PHONETIC)
    return found


Neighbours = tuple[tuple[int, ...], tuple[float, ...], tuple[int, ...]]
"""The indexed words near one query word: token ids, credits and posting sizes."""

NEIGHBOUR_CACHE_LIMIT = 200_000
"""Query words whose neighbours a cache keeps before it starts afresh."""


NeighbourKey = tuple[str, str, bool, bool]
"""(query word, its phonetic key, whether it was read back from a script written by ear,
whether it was romanised from Arabic script)."""


def neighbours(
    index: Index,
    token: str,
    phonetic_key: str,
    cache: dict[NeighbourKey, Neighbours] | None,
    by_sound: bool = False,
    abjad: bool = False,
) -> Neighbours:
    """``similar_tokens`` with the posting sizes, remembered in ``cache`` (one per index):
    in a batch the same given names and company words come back again and again."""
    key = (token, phonetic_key, by_sound, abjad)
    found = cache.get(key) if cache is not None else None
    if found is None:
        similar = similar_tokens(index, token, phonetic_key, by_sound, abjad)
        ids = tuple(similar)
        found = (ids, tuple(similar.values()), tuple(index.posting_size(i) for i in ids))
        if cache is not None:
            if len(cache) >= NEIGHBOUR_CACHE_LIMIT:
                cache.clear()
            cache[key] = found
    return found


Fetch = tuple[np.ndarray, np.ndarray, tuple[tuple[int, float], ...]]
"""What one query word fetches: names (sorted, each once), the credit the word adds to
each (for its best match in that name), and the words too common to fetch that only order
the names others fetched (token id, credit)."""

FETCH_CACHE_LIMIT = 4_000_000
"""Fetched names a ``Fetches`` cache holds (about 8 bytes each) before it starts afresh."""
_NO_NAMES = np.zeros(0, dtype=np.int32)
_NO_CREDITS = np.zeros(0, dtype=np.float32)


class Fetches:
    """``Fetch`` per query word, remembered for one index: in a batch most words of a
    query (given names, company words) were fetched for an earlier one."""

    __slots__ = ("size", "words")

    def __init__(self) -> None:
        self.words: dict[tuple[str, str, bool, bool, int], Fetch] = {}
        self.size = 0


def word_fetch(
    index: Index,
    token: str,
    phonetic_key: str,
    *,
    by_sound: bool,
    abjad: bool,
    exact_only: bool,
    cut: int,
    cache: dict[NeighbourKey, Neighbours] | None,
    fetches: Fetches | None,
) -> Fetch:
    """The names ``token`` fetches: through its ``neighbours``, or only itself with
    ``exact_only`` (a spaceless form); indexed words in more than ``cut`` names order
    instead of fetching."""
    key = (token, phonetic_key, by_sound, abjad, exact_only, cut)
    if fetches is not None and (found := fetches.words.get(key)) is not None:
        return found
    if exact_only:
        exact = index.vocabulary.get(token)
        near: Neighbours = (
            ((exact,), (EXACT,), (index.posting_size(exact),))
            if exact is not None
            else ((), (), ())
        )
    else:
        near = neighbours(index, token, phonetic_key, cache, by_sound, abjad)
    total = max(index.name_count, 2)
    orders: list[tuple[int, float]] = []
    postings: list[np.ndarray] = []
    values: list[float] = []
    for other, credit, size in zip(*near, strict=True):
        if size > cut:
            orders.append((other, credit))
            continue
        postings.append(index.posting(other))
        values.append(credit * math.log(total / size))
    if not postings:
        names, credits = _NO_NAMES, _NO_CREDITS
    elif len(postings) == 1:
        names = postings[0]
        credits = np.full(len(names), values[0], dtype=np.float32)
    else:
        # A query word credits a name once, for its best match in that name:
        # "Chan" must not gain from "Chun", "Han" and "Hwan" all in one name.
        hit = np.concatenate(postings)
        credit_of = np.repeat(
            np.array(values, dtype=np.float32), [len(posting) for posting in postings]
        )
        order = np.lexsort((credit_of, hit))  # by name, its best credit last
        hit, credit_of = hit[order], credit_of[order]
        last = np.concatenate((hit[1:] != hit[:-1], [True]))
        names, credits = hit[last], credit_of[last]
    found = (names, credits, tuple(orders))
    if fetches is not None:
        if fetches.size >= FETCH_CACHE_LIMIT:
            fetches.words.clear()
            fetches.size = 0
        fetches.words[key] = found
        fetches.size += len(names) + 1
    return found


def candidate_names(
    index: Index,
    queries: list[PreparedName],
    *,
    limit: int,
    common_df: int,
    cache: dict[NeighbourKey, Neighbours] | None = None,
    fetches: Fetches | None = None,
) -> list[int]:
    """Ids of the listed names most worth scoring against ``queries``, best first.

    Strong words (and their misspellings, sounds and spaceless forms) fetch names,
    each adding its rarity; shared weak words then break ties among those names
    (a query for "Huawei International Ltd" prefers "Huawei International Co.,
    Limited" over the other hundred Huawei names). ``cache`` and ``fetches`` must
    belong to ``index``.
    """
    total = max(index.name_count, 2)
    fetched: list[Fetch] = []
    weak_words: set[str] = set()
    ordering: dict[int, float] = {}
    """Token id -> credit, for words that order the fetched names without fetching."""
    initials: set[str] = set()
    for query in queries:
        keys = [
            (t, p)
            for t, p, k in zip(query.tokens, query.phonetic, query.kinds, strict=True)
            if k in STRONG_KINDS or k == "particle"
        ] or list(zip(query.tokens, query.phonetic, strict=True))
        weak_words.update(query.tokens)
        rarest = min(
            (index.posting_size(index.vocabulary[t]) for t, _ in keys if t in index.vocabulary),
            default=0,
        )
        words = len(keys)
        if len(query.tokens) > 1:
            # Spaceless forms are looked up as they are: their misspellings are the words'.
            keys.extend((joined, "") for joined in query.joined if joined)
            keys.append((query.spaceless, ""))
        # Words in very many names fetch nothing, unless nothing rarer was asked for;
        # they still order what rarer words fetched ("MAHM0OD, Aqsa").
        cut = max(common_df, rarest)
        for position, (token, phon) in enumerate(keys):
            found_word = word_fetch(
                index,
                token,
                phon,
                by_sound=query.by_sound,
                abjad=query.skeletons is not None,
                exact_only=position >= words,
                cut=cut,
                cache=cache,
                fetches=fetches,
            )
            for other, credit in found_word[2]:
                ordering[other] = max(ordering.get(other, 0.0), credit)
            if len(found_word[0]):
                fetched.append(found_word)
        initials.update(t for t, k in zip(query.tokens, query.kinds, strict=True) if k == "initial")
    if not fetched:
        return []
    if len(fetched) == 1:
        found, scores = fetched[0][0], fetched[0][1].copy()
    else:
        # Sorted, then each id once (numpy 2's hash-based np.unique is ten times slower).
        found = np.sort(np.concatenate([names for names, _, _ in fetched]))
        found = found[np.concatenate(([True], found[1:] != found[:-1]))]
        # Scores of the fetched names only (aligned with ``found``), added word by word.
        scores = np.zeros(len(found), dtype=np.float32)
        for names, credits, _ in fetched:
            scores[np.searchsorted(found, names)] += credits
    if len(found) > limit:
        for word in weak_words:
            token_id = index.vocabulary.get(word)
            if token_id is not None:
                ordering[token_id] = max(ordering.get(token_id, 0.0), 1.0)
        for token_id, credit in ordering.items():
            posting = index.posting(token_id)
            at = _positions_in(found, posting)
            touched = at[scores[at] > 0]
            scores[touched] += credit * WEAK_EXACT * math.log(total / len(posting))
        if initials:
            _order_by_initials(index, found, scores, initials)
        best = np.argpartition(-scores, limit)[:limit]
        found, scores = found[best], scores[best]
    ranked = sorted(zip(found.tolist(), scores.tolist(), strict=True), key=lambda x: (-x[1], x[0]))
    return [name_id for name_id, _ in ranked]


def _positions_in(found: np.ndarray, posting: np.ndarray) -> np.ndarray:
    """Positions in ``found`` of the names of ``posting`` it holds (both sorted, each once),
    in ascending order; searched from whichever side is shorter."""
    if len(posting) > len(found):
        at = np.searchsorted(posting, found)
        held = posting[np.minimum(at, len(posting) - 1)] == found
        return np.flatnonzero(held)
    at = np.searchsorted(found, posting)
    held = found[np.minimum(at, len(found) - 1)] == posting
    positions: np.ndarray = at[held]
    return positions


def _order_by_initials(
    index: Index, found: np.ndarray, scores: np.ndarray, initials: set[str]
) -> None:
    """Prefer fetched names with a word for each initial of the query ("CHAN, E." -> Eric);
    ``scores`` is aligned with ``found``."""
    masks = index.initial_letters[found]
    for letter in initials:
        if "a" <= letter <= "z":
            scores += WEAK_EXACT * ((masks & np.uint32(1 << (ord(letter) - 97))) != 0)


def identifier_parties(index: Index, identifiers: list[str]) -> list[int]:
    """Parties holding any of ``identifiers`` (normalised, at least 5 characters)."""
    found: list[int] = []
    for value in identifiers:
        for party in index.identifiers.get(normalise_identifier(value), ()):
            if party not in found:
                found.append(party)
    return found
