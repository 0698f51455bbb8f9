"""Comparing one query name with one listed name: token alignment weighted by information.

Tokens are aligned in any order, one to one, best pairs first. Each pair gets a
similarity (exact, initial, sounds-alike, OCR look-alike, or edit distance) and
carries the weight of its tokens; tokens left over cost their weight, listed
tokens the query lacks cost less (lists spell out middle names). Weak tokens
(legal forms, generic business words, place qualifiers) weigh little, so
"<Name> UK Ltd" still meets "<Name>" while "Global Trading Ltd" meets nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import DamerauLevenshtein, Levenshtein

from vet.index.prepared import PreparedName
from vet.match.config import MatchConfig
from vet.names import STRONG_KINDS, consonant_skeleton, ocr_fold, ocr_substitute, sinitic_key

_VOWELS = frozenset("aeiouy")
_TRUE_VOWELS = frozenset("aeiou")  # 'y' stays in vowel-less spellings ("Bkhytn")
_VOWEL_RUNS = re.compile(r"[aeiouy]+")
_DOUBLED = re.compile(r"(.)\1+")


@lru_cache(maxsize=100_000)
def vowel_pattern(token: str) -> str:
    """The token with doubled letters single and each run of vowels written 'a':
    Husayn/Hossein/Hussein -> 'hasan'."""
    return _VOWEL_RUNS.sub("a", _DOUBLED.sub(r"\1", token))


@dataclass(frozen=True, slots=True)
class TokenPair:
    """One aligned pair: query token index, listed token index, similarity, how."""

    query: int
    listed: int
    similarity: float
    how: str


@dataclass(frozen=True, slots=True)
class NameScore:
    """How one query name met one listed name."""

    score: float
    pairs: tuple[TokenPair, ...]
    query: PreparedName
    listed: PreparedName
    joined: bool = False
    """True when the spaceless comparison beat the token alignment."""
    weak_only: bool = False
    """True when only weak tokens matched and the score was capped."""
    truncated: bool = False
    """True when the query is the listed name cut short (a fixed-width field)."""
    places_conflict: bool = False
    """True when both names name places and none agree, so places weighed more."""


def token_similarity(
    a: str, b: str, phon_a: str, phon_b: str, config: MatchConfig, semitic: bool = False
) -> tuple[float, str]:
    """Similarity of two tokens in [0, 1] and the reason, ``(0, "")`` when they differ."""
    if a == b:
        return 1.0, "exact"
    if len(a) == 1 or len(b) == 1:
        if a[0] == b[0]:
            return config.initial_similarity, "initial"
        return 0.0, ""
    longest = max(len(a), len(b))
    distance = DamerauLevenshtein.distance(a, b)
    # One slip in a four-letter word ("Omqr") is as telling as in a five-letter one,
    # unless it is the first letter ("Ying"/"Ming", "Wang"/"Sang" are other names).
    lenient = min(len(a), len(b)) >= 4 and a[0] == b[0]
    similarity = 1.0 - distance / (max(longest, 5) if lenient else longest)
    how = "spelling"
    if len(a) >= 3 and len(b) >= 3:
        if (
            min(len(a), len(b)) >= 4
            and phon_a
            and phon_a == phon_b
            and config.phonetic_min_spelling <= similarity < config.phonetic_similarity
        ):
            similarity, how = config.phonetic_similarity, "sounds alike"
        if similarity < 0.9 and ocr_fold(a) == ocr_fold(b):
            similarity, how = 0.9, "OCR look-alike"
    elif similarity < 0.9 and ocr_substitute(a, b):
        # Short words too: "5u" is "Su", "lS" is "IS" when read by OCR.
        similarity, how = 0.9, "OCR look-alike"
    if similarity < config.skeleton_similarity and min(len(a), len(b)) >= 3:
        skeleton_a, skeleton_b = consonant_skeleton(a), consonant_skeleton(b)
        # Vowels dropped after the first letter ("Mhmmd", "Argh" for "Araghi").
        vowelless = not _TRUE_VOWELS.intersection(a[1:]) or not _TRUE_VOWELS.intersection(b[1:])
        if skeleton_a == skeleton_b and len(skeleton_a) >= 2 and (vowelless or semitic):
            similarity, how = config.skeleton_similarity, "same consonants"
    if (
        similarity < config.vowel_similarity
        and min(len(a), len(b)) >= 4
        and vowel_pattern(a) == vowel_pattern(b)
    ):
        similarity, how = config.vowel_similarity, "differ only in vowels"
    if similarity < config.sinitic_similarity:
        key_a = sinitic_key(a)
        if key_a is not None and key_a == sinitic_key(b):
            similarity, how = config.sinitic_similarity, "same Chinese syllables"
    if min(len(a), len(b)) <= 4 and distance > 1 and how == "spelling":
        return 0.0, ""
    if similarity < config.token_min_similarity:
        return 0.0, ""
    return similarity, how


_CACHES: dict[tuple[tuple[float, ...], bool], dict[tuple[str, str], tuple[float, str]]] = {}
_CACHE_LIMIT = 500_000


def similarity_cache(
    config: MatchConfig, semitic: bool
) -> dict[tuple[str, str], tuple[float, str]]:
    """Remembered ``token_similarity`` results for one config: the same words meet often.

    A token's phonetic key is a function of the token, so the pair of tokens is the key.
    """
    # Keyed by the values token_similarity reads, not by the config object: configs
    # made per request or per comparison share one cache, and a new config that
    # reuses a freed object's id cannot read another's results.
    key = (
        config.initial_similarity,
        config.phonetic_min_spelling,
        config.phonetic_similarity,
        config.skeleton_similarity,
        config.vowel_similarity,
        config.sinitic_similarity,
        config.token_min_similarity,
    )
    cache = _CACHES.setdefault((key, semitic), {})
    if len(cache) >= _CACHE_LIMIT:
        cache.clear()
    return cache


def align(query: PreparedName, listed: PreparedName, config: MatchConfig) -> list[TokenPair]:
    """Best one-to-one token pairs, greedily from the most similar."""
    options: list[tuple[float, int, int, str]] = []
    semitic = query.skeletons is not None or listed.skeletons is not None
    cache = similarity_cache(config, semitic)
    for i, qt in enumerate(query.tokens):
        for j, lt in enumerate(listed.tokens):
            if qt == lt:
                options.append((1.0, i, j, "exact"))
                continue
            found = cache.get((qt, lt))
            if found is None:
                found = cache[(qt, lt)] = token_similarity(
                    qt, lt, query.phonetic[i], listed.phonetic[j], config, semitic
                )
            if found[0] > 0.0:
                options.append((found[0], i, j, found[1]))
    options.sort(key=lambda o: (-o[0], o[1], o[2]))
    used_q: set[int] = set()
    used_l: set[int] = set()
    pairs = []
    for sim, i, j, how in options:
        if i in used_q or j in used_l:
            continue
        used_q.add(i)
        used_l.add(j)
        pairs.append(TokenPair(i, j, sim, how))
    return pairs


def _places_conflict(
    query: PreparedName,
    listed: PreparedName,
    matched_q: set[int],
    matched_l: set[int],
    config: MatchConfig,
) -> bool:
    """Both names name a place and no place is shared ('Bank of China' vs 'Bank of India')."""
    q_places = [i for i, k in enumerate(query.kinds) if k == "place"]
    l_places = [j for j, k in enumerate(listed.kinds) if k == "place"]
    if not q_places or not l_places:
        return False
    if matched_q & set(q_places) or matched_l & set(l_places):
        return False
    # A rare shared word ("Oturn") makes two cities look like two branches of one firm;
    # only common shared words ("Bank") leave the place to tell the parties apart.
    rare = config.kind_weights.get("name", 1.0) * config.rare_token_rarity
    return not any(query.kinds[i] in STRONG_KINDS and query.weights[i] >= rare for i in matched_q)


def score_names(query: PreparedName, listed: PreparedName, config: MatchConfig) -> NameScore:
    """Score one query name against one listed name, in [0, 1]."""
    if not query.tokens or not listed.tokens:
        return NameScore(0.0, (), query, listed)
    pairs = align(query, listed, config)
    matched_q = {p.query for p in pairs}
    matched_l = {p.listed for p in pairs}
    conflict = _places_conflict(query, listed, matched_q, matched_l, config)
    q_weights = list(query.weights)
    l_weights = list(listed.weights)
    if conflict:
        for weights, kinds in ((q_weights, query.kinds), (l_weights, listed.kinds)):
            for k, kind in enumerate(kinds):
                if kind == "place":
                    weights[k] = max(weights[k], config.place_conflict_weight)
    mass = 0.0
    for p in pairs:
        mass += p.similarity * (q_weights[p.query] + l_weights[p.listed])
    total = sum(q_weights)
    for j, weight in enumerate(l_weights):
        total += weight if j in matched_l else weight * config.listed_extra_cost
    score = mass / total if total > 0 else 0.0
    strong = any(query.kinds[i] in STRONG_KINDS for i in matched_q) or any(
        listed.kinds[j] in STRONG_KINDS for j in matched_l
    )
    weak_only = False
    if not strong and score > config.weak_only_cap:
        score, weak_only = config.weak_only_cap, True
    joined = False
    unmatched_strong = any(
        k in STRONG_KINDS and i not in matched_q for i, k in enumerate(query.kinds)
    ) or any(k in STRONG_KINDS and j not in matched_l for j, k in enumerate(listed.kinds))
    if not conflict and unmatched_strong and (len(query.tokens) > 1 or len(listed.tokens) > 1):
        best = 0.0
        for q_joined in (*query.joined, query.spaceless):
            for l_joined in (*listed.joined, listed.spaceless):
                if q_joined and l_joined:
                    best = max(best, Levenshtein.normalized_similarity(q_joined, l_joined))
        joined_score = best * config.joined_discount if best >= 0.9 else 0.0
        if joined_score > score:
            score, joined = joined_score, True
    truncated = False
    if (
        len(query.spaceless) >= config.truncation_min_length
        and len(listed.spaceless) > len(query.spaceless)
        and listed.spaceless.startswith(query.spaceless)
        and config.truncation_score > score
    ):
        score, truncated = config.truncation_score, True
    return NameScore(
        min(score, 1.0),
        tuple(pairs),
        query,
        listed,
        joined=joined,
        weak_only=weak_only,
        places_conflict=conflict,
        truncated=truncated,
    )
