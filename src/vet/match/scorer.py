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
from vet.names import consonant_skeleton, ocr_fold, ocr_substitute, sinitic_key
from vet.names.variants import word_variant

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
    acronym: bool = False
    """True when the query is the initials of the listed name (see ``acronyms``)."""
    held: bool = False
    """True when the query is a one-word name the listed name holds ("... (SSRC)")."""


_SHAPES: dict[str, tuple[str, str, bool, str, str | None]] = {}
_SHAPES_LIMIT = 300_000


def _shape(token: str) -> tuple[str, str, bool, str, str | None]:
    """What the rescues in ``token_similarity`` compare, worked out once per token:
    OCR-folded spelling, consonant skeleton, whether its vowels are dropped, vowel
    pattern and Chinese syllable key."""
    shape = _SHAPES.get(token)
    if shape is None:
        if len(_SHAPES) >= _SHAPES_LIMIT:
            _SHAPES.clear()
        shape = _SHAPES[token] = (
            ocr_fold(token),
            consonant_skeleton(token),
            not _TRUE_VOWELS.intersection(token[1:]),
            vowel_pattern(token),
            sinitic_key(token),
        )
    return shape


def token_similarity(
    a: str, b: str, phon_a: str, phon_b: str, config: MatchConfig, semitic: bool = False
) -> tuple[float, str]:
    """Similarity of two tokens in [0, 1] and the reason, ``(0, "")`` when they differ."""
    if a == b:
        return 1.0, "exact"
    len_a, len_b = len(a), len(b)
    if len_a == 1 or len_b == 1:
        if a[0] == b[0] and a[0].isalpha():  # "1" is no initial of "13"
            return config.initial_similarity, "initial"
        return 0.0, ""
    shortest, longest = (len_a, len_b) if len_a < len_b else (len_b, len_a)
    distance = DamerauLevenshtein.distance(a, b)
    # One slip in a four-letter word ("Omqr") is as telling as in a five-letter one,
    # unless it is the first letter ("Ying"/"Ming", "Wang"/"Sang" are other names).
    lenient = shortest >= 4 and a[0] == b[0]
    similarity = 1.0 - distance / (max(longest, 5) if lenient else longest)
    how = "spelling"
    ocr_a, skeleton_a, vowelless_a, vowels_a, chinese_a = _shape(a)
    ocr_b, skeleton_b, vowelless_b, vowels_b, chinese_b = _shape(b)
    if shortest >= 3:
        if (
            shortest >= 4
            and phon_a
            and phon_a == phon_b
            and config.phonetic_min_spelling <= similarity < config.phonetic_similarity
        ):
            similarity, how = config.phonetic_similarity, "sounds alike"
        if similarity < 0.9 and ocr_a == ocr_b:
            similarity, how = 0.9, "OCR look-alike"
    elif similarity < 0.9 and ocr_substitute(a, b):
        # Short words too: "5u" is "Su", "lS" is "IS" when read by OCR.
        similarity, how = 0.9, "OCR look-alike"
    if (
        similarity < config.skeleton_similarity
        and shortest >= 3
        and skeleton_a == skeleton_b
        and len(skeleton_a) >= 2
        # Vowels dropped after the first letter ("Mhmmd", "Argh" for "Araghi").
        and (vowelless_a or vowelless_b or semitic)
    ):
        similarity, how = config.skeleton_similarity, "same consonants"
    if similarity < config.vowel_similarity and shortest >= 4 and vowels_a == vowels_b:
        similarity, how = config.vowel_similarity, "differ only in vowels"
    if similarity < config.sinitic_similarity and chinese_a is not None and chinese_a == chinese_b:
        similarity, how = config.sinitic_similarity, "same Chinese syllables"
    if similarity < config.variant_similarity and (variant := word_variant(a, b)):
        similarity, how = config.variant_similarity, variant
    if shortest <= 4 and distance > 1 and how == "spelling":
        return 0.0, ""
    if similarity < config.token_min_similarity:
        return 0.0, ""
    return similarity, how


class _PairCache:
    """Remembered ``token_similarity`` results for one config: the same words meet often.

    Query token -> listed token -> result (a token's phonetic key is a function of the
    token, so the pair of tokens is the key). Starts afresh past ``_CACHE_LIMIT`` pairs.
    """

    __slots__ = ("rows", "size")

    def __init__(self) -> None:
        self.rows: dict[str, dict[str, tuple[float, str]]] = {}
        self.size = 0


_CACHES: dict[tuple[tuple[float, ...], bool], _PairCache] = {}
_CACHE_LIMIT = 500_000


def similarity_cache(config: MatchConfig, semitic: bool) -> _PairCache:
    """The pair cache for the values of ``config`` that ``token_similarity`` reads."""
    # Keyed by those values, not by the config object: configs made per request or per
    # comparison share one cache, and a new config that reuses a freed object's id
    # cannot read another's results.
    cache = _CACHES.get((config.similarity_key, semitic))
    if cache is None:
        cache = _CACHES[(config.similarity_key, semitic)] = _PairCache()
    elif cache.size >= _CACHE_LIMIT:
        cache.rows.clear()
        cache.size = 0
    return cache


def align(query: PreparedName, listed: PreparedName, config: MatchConfig) -> list[TokenPair]:
    """Best one-to-one token pairs, greedily from the most similar."""
    # (-similarity, i, j, how): sorted as plain tuples, most similar first, then by position.
    options: list[tuple[float, int, int, str]] = []
    semitic = query.skeletons is not None or listed.skeletons is not None
    cache = similarity_cache(config, semitic)
    rows = cache.rows
    listed_tokens = listed.tokens
    for i, qt in enumerate(query.tokens):
        row = rows.get(qt)
        if row is None:
            row = rows[qt] = {}
        for j, lt in enumerate(listed_tokens):
            found = row.get(lt)
            if found is None:
                found = row[lt] = token_similarity(
                    qt, lt, query.phonetic[i], listed.phonetic[j], config, semitic
                )
                cache.size += 1
            if found[0]:
                options.append((-found[0], i, j, found[1]))
    if not options:
        return []
    options.sort()
    used_q = [False] * len(query.tokens)
    used_l = [False] * len(listed_tokens)
    pairs = []
    for sim, i, j, how in options:
        if used_q[i] or used_l[j]:
            continue
        used_q[i] = used_l[j] = True
        pairs.append(TokenPair(i, j, -sim, how))
    return pairs


def _places_conflict(
    query: PreparedName,
    listed: PreparedName,
    matched_q: set[int],
    matched_l: set[int],
    config: MatchConfig,
) -> bool:
    """Both names name a place and no place is shared ('Bank of China' vs 'Bank of India')."""
    if not query.places or not listed.places:
        return False
    if matched_q.intersection(query.places) or matched_l.intersection(listed.places):
        return False
    # A rare shared word ("Oturn") makes two cities look like two branches of one firm;
    # only common shared words ("Bank") leave the place to tell the parties apart.
    rare = config.kind_weights.get("name", 1.0) * config.rare_token_rarity
    return not any(query.strong[i] and query.weights[i] >= rare for i in matched_q)


def score_names(query: PreparedName, listed: PreparedName, config: MatchConfig) -> NameScore:
    """Score one query name against one listed name, in [0, 1]."""
    if not query.tokens or not listed.tokens:
        return NameScore(0.0, (), query, listed)
    pairs = align(query, listed, config)
    conflict = False
    if query.places and listed.places:
        matched_q = {p.query for p in pairs}
        matched_l = {p.listed for p in pairs}
        conflict = _places_conflict(query, listed, matched_q, matched_l, config)
    q_weights = query.weights
    l_weights = listed.weights
    q_total, l_total = query.weight_total, listed.weight_total
    if conflict:
        q_weights, l_weights = (
            tuple(
                max(w, config.place_conflict_weight) if k == "place" else w
                for w, k in zip(name.weights, name.kinds, strict=True)
            )
            for name in (query, listed)
        )
        q_total, l_total = sum(q_weights), sum(l_weights)
    mass = matched_listed = 0.0
    strong_q = strong_l = 0
    q_strong, l_strong = query.strong, listed.strong
    for p in pairs:
        qi, lj = p.query, p.listed
        mass += p.similarity * (q_weights[qi] + l_weights[lj])
        matched_listed += l_weights[lj]
        strong_q += q_strong[qi]
        strong_l += l_strong[lj]
    # Listed tokens the query lacks cost only a share of their weight.
    total = q_total + matched_listed + (l_total - matched_listed) * config.listed_extra_cost
    score = mass / total if total > 0 else 0.0
    weak_only = False
    if not (strong_q or strong_l) and score > config.weak_only_cap:
        score, weak_only = config.weak_only_cap, True
    joined = False
    unmatched_strong = strong_q < query.strong_count or strong_l < listed.strong_count
    if not conflict and unmatched_strong and (len(query.tokens) > 1 or len(listed.tokens) > 1):
        # Only a spaceless similarity of 0.9 or more that beats the score counts.
        discount = config.joined_discount
        cutoff = max(0.9, score / discount) if discount > 0 else 2.0
        best = 0.0
        if cutoff <= 1.0:
            for q_joined in (*query.joined, query.spaceless):
                for l_joined in (*listed.joined, listed.spaceless):
                    if q_joined and l_joined:
                        similarity = Levenshtein.normalized_similarity(
                            q_joined, l_joined, score_cutoff=cutoff
                        )
                        if similarity > best:
                            best = similarity
        joined_score = best * discount if best >= 0.9 else 0.0
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
