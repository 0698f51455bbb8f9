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
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from rapidfuzz.distance import DamerauLevenshtein, Levenshtein

from vet.index.prepared import PreparedName
from vet.names import (
    abjad_fit,
    consonant_skeleton,
    is_abjad_spelling,
    is_personal_name,
    ocr_fold,
    ocr_substitute,
    sinitic_key,
    sound_fold,
    sound_folds,
)
from vet.names.variants import word_variant
from vet.names.wordlists import places
from vet.scoring.config import MatchConfig

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
    joined_similarity: float = 0.0
    """With ``joined``: how alike the names are written without spaces (1.0: the same)."""
    weak_only: bool = False
    """True when only weak tokens matched and the score was capped."""
    truncated: bool = False
    """True when the query is the listed name cut short (a fixed-width field)."""
    places_conflict: bool = False
    """True when each name gives a place the other lacks, so the score was capped."""
    single_word: bool = False
    """True when one name is a single common personal name, so the score was capped."""
    distinctive_missing: tuple[int, ...] = ()
    """Listed tokens the query lacks that cost in full: the listed name's rarest word,
    or a name word where the query has another one (another given name)."""
    weak_alias: bool = False
    """True when the listed name is one the list marks weak, so the score was capped."""
    branch: tuple[int, ...] = ()
    """Query tokens (places, business words) added to a listed name that matched in
    full: the query may be a branch or subsidiary of the listed party."""
    acronym: bool = False
    """True when the query is the initials of the listed name (see ``acronyms``)."""
    held: bool = False
    """True when the query is a one-word name the listed name holds ("... (SSRC)")."""
    capped: str = ""
    """Why the score was capped by one of ``thin_evidence``'s rules, else empty."""
    place_of: tuple[int, ...] = ()
    """Query place words naming whose party it is ("of Chad" in "Bank of Chad") that the
    listed name, naming no place, lacks: ``features.place_of_contradiction`` compares
    them with the listed party's countries."""
    given_differs: tuple[int, ...] = ()
    """Query given names that make a long name another person's (see
    ``other_given_names``): ``features.given_name_differs`` caps the score."""
    compound_half: tuple[int, ...] = ()
    """Listed tokens that are half of a hyphenated name ('Pridmore-Smith', 'Kyong-nam')
    whose other half alone the query matched: ``features.compound_name_half`` caps the
    score."""


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
    a: str,
    b: str,
    phon_a: str,
    phon_b: str,
    config: MatchConfig,
    semitic: bool = False,
    by_sound: bool = False,
) -> tuple[float, str]:
    """Similarity of two tokens in [0, 1] and the reason, ``(0, "")`` when they differ.

    ``semitic``: a name is in a script written without vowels (compare consonants);
    ``by_sound``: a name is in a script that writes foreign names by ear (kana,
    Hangul, Thai, Khmer, Ethiopic: compare ``sound_fold``).
    """
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
        # A Latin word its Arabic-script counterpart cannot spell is another word, whatever
        # consonants they share ('yasmyn'/'Simon', 'asra'/'Yasir').
        and not (semitic and _abjad_misreads(a, b))
        # Two consonants ("Lecoq"/"LKCK": l-k) are shared by too many short words; the
        # romanisation of a vowelless script is the exception ("mly" for "Melli").
        and len(skeleton_a) >= (2 if semitic else config.skeleton_min_consonants)
        # Vowels dropped after the first letter ("Mhmmd", "Argh" for "Araghi").
        and (vowelless_a or vowelless_b or semitic)
    ):
        similarity, how = config.skeleton_similarity, "same consonants"
    if semitic and similarity < config.abjad_similarity and shortest >= 4:
        similarity, how = _by_abjad(a, b, similarity, how, config)
    if (
        similarity < config.vowel_similarity
        and shortest >= 4
        and vowels_a == vowels_b
        # Two or more vowels changed is a typo only in long words: "Husayn"/"Hossein",
        # but not "Dumas"/"Demos" or "Launay"/"Lena".
        and (shortest >= config.vowel_rescue_min_length or _vowel_changes(a, b) < 2)
    ):
        similarity, how = config.vowel_similarity, "differ only in vowels"
    if similarity < config.sinitic_similarity and chinese_a is not None and chinese_a == chinese_b:
        similarity, how = config.sinitic_similarity, "same Chinese syllables"
    if by_sound and similarity < config.sound_similarity and shortest >= 4:
        similarity, how = _by_sound(a, b, similarity, how, config)
    if similarity < config.variant_similarity and (variant := word_variant(a, b)):
        similarity, how = config.variant_similarity, variant
    if shortest <= 4 and distance > 1 and how == "spelling":
        return 0.0, ""
    if how in _LOOSE and _other_syllable(chinese_a, chinese_b):
        return 0.0, ""
    if similarity < config.token_min_similarity:
        return 0.0, ""
    return similarity, how


_LOOSE = frozenset({"spelling", "sounds alike", "differ only in vowels"})
"""Similarities that read a slip into two words; see ``_other_syllable``."""


def _other_syllable(key_a: str | None, key_b: str | None) -> bool:
    """Two Chinese (or Korean) syllable runs, one a single syllable, that are not the same
    syllables: another word, not a slip ('Jing'/'Jiang', 'Zhong'/'Zhang', 'Jongho'/'Jong').
    Spellings of one syllable share its key (``sinitic_key``: 'Jong'/'Jung'/'Chong')."""
    if key_a is None or key_b is None or key_a == key_b:
        return False
    return "-" not in key_a or "-" not in key_b


def _by_sound(
    a: str, b: str, similarity: float, how: str, config: MatchConfig
) -> tuple[float, str]:
    """``similarity`` raised for words a script written by ear spells alike: the same
    ``sound_fold``, or (five letters or more) one letter apart in it."""
    fold_a, fold_b = sound_fold(a), sound_fold(b)
    if fold_a == fold_b or not set(sound_folds(a)).isdisjoint(sound_folds(b)):
        return config.sound_similarity, "same sounds"
    if (
        similarity < config.sound_near_similarity
        and min(len(fold_a), len(fold_b)) >= 5
        and fold_a[0] == fold_b[0]
        and DamerauLevenshtein.distance(fold_a, fold_b) == 1
    ):
        return config.sound_near_similarity, "nearly the same sounds"
    return similarity, how


_VOWELS_UNWRITTEN = "written by sound, short vowels left out"


def _by_abjad(
    a: str, b: str, similarity: float, how: str, config: MatchConfig
) -> tuple[float, str]:
    """``similarity`` raised for a word in Arabic script (as ICU romanises it) that writes
    the other, Latin, word by sound (``vet.names.abjad``): ``abjad_similarity`` when every
    Latin letter is written, ``skeleton_similarity`` when short vowels are left out and
    four or more letters are written of a Latin word of five or more. A Latin word that
    begins with the article ("Alborz") may meet the Arabic word without it (البورز is
    read as "al bwrz")."""
    for arabic, latin in ((a, b), (b, a)):
        if not is_abjad_spelling(arabic):
            continue
        fit = abjad_fit(arabic, latin)
        if fit is None and len(latin) >= 6 and latin.startswith(("al", "el")):
            fit = abjad_fit(arabic, latin[2:])
            fit = None if fit is None else (fit[0] + 2, fit[1])
        if fit is None:
            continue
        written, left_out = fit
        if not left_out and config.abjad_similarity > similarity:
            return config.abjad_similarity, "written by sound"
        if written >= 4 and len(latin) >= 5 and config.skeleton_similarity > similarity:
            similarity, how = config.skeleton_similarity, _VOWELS_UNWRITTEN
    return similarity, how


def _abjad_misreads(a: str, b: str) -> bool:
    """Whether one token is an Arabic-script word as ICU romanises it, the other a Latin
    word (it writes e, i, o or u), and the first cannot spell the second by sound."""
    for arabic, latin in ((a, b), (b, a)):
        if is_abjad_spelling(arabic) and not is_abjad_spelling(latin):
            return abjad_fit(arabic, latin) is None and not (
                latin.startswith(("al", "el")) and abjad_fit(arabic, latin[2:]) is not None
            )
    return False


def _vowel_changes(a: str, b: str) -> int:
    """How many runs of vowels differ between two tokens of the same vowel pattern."""
    runs_a = _VOWEL_RUNS.findall(_DOUBLED.sub(r"\1", a))
    runs_b = _VOWEL_RUNS.findall(_DOUBLED.sub(r"\1", b))
    return sum(x != y for x, y in zip(runs_a, runs_b, strict=False))


class _PairCache:
    """Remembered ``token_similarity`` results for one config: the same words meet often.

    Query token -> listed token -> result (a token's phonetic key is a function of the
    token, so the pair of tokens is the key). Starts afresh past ``_CACHE_LIMIT`` pairs.
    """

    __slots__ = ("rows", "size")

    def __init__(self) -> None:
        self.rows: dict[str, dict[str, tuple[float, str]]] = {}
        self.size = 0


_CACHES: dict[tuple[tuple[float, ...], bool, bool], _PairCache] = {}
_CACHE_LIMIT = 500_000


def similarity_cache(config: MatchConfig, semitic: bool, by_sound: bool = False) -> _PairCache:
    """The pair cache for the values of ``config`` that ``token_similarity`` reads."""
    # Keyed by those values, not by the config object: configs made per request or per
    # comparison share one cache, and a new config that reuses a freed object's id
    # cannot read another's results.
    key = (config.similarity_key, semitic, by_sound)
    cache = _CACHES.get(key)
    if cache is None:
        cache = _CACHES[key] = _PairCache()
    elif cache.size >= _CACHE_LIMIT:
        cache.rows.clear()
        cache.size = 0
    return cache


def align(query: PreparedName, listed: PreparedName, config: MatchConfig) -> list[TokenPair]:
    """Best one-to-one token pairs, greedily from the most similar."""
    # (-similarity, i, j, how): sorted as plain tuples, most similar first, then by position.
    options: list[tuple[float, int, int, str]] = []
    semitic = query.skeletons is not None or listed.skeletons is not None
    by_sound = query.by_sound or listed.by_sound
    cache = similarity_cache(config, semitic, by_sound)
    rows = cache.rows
    listed_tokens = listed.tokens
    listed_places = listed.places
    for i, qt in enumerate(query.tokens):
        row = rows.get(qt)
        if row is None:
            row = rows[qt] = {}
        # Two known places are two places, not one misspelt ("Austria"/"Australia").
        other_places = listed_places if query.kinds[i] == "place" else ()
        for j, lt in enumerate(listed_tokens):
            if j in other_places and lt != qt:
                continue
            found = row.get(lt)
            if found is None:
                found = row[lt] = token_similarity(
                    qt, lt, query.phonetic[i], listed.phonetic[j], config, semitic, by_sound
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
) -> bool:
    """Each name gives a place the other lacks ('Bank of China (Hong Kong)' vs 'Bank of
    China (Singapore)', 'Bank of India' vs 'Bank of China'): siblings or namesakes in
    another place, not one party misspelt. A place only one name gives ('Hikvision UK')
    is no conflict."""
    if not query.places and not listed.places:
        return False
    q_open = [i for i in place_positions(query) if i not in matched_q]
    l_open = [j for j in place_positions(listed) if j not in matched_l]
    if not q_open or not l_open:
        return False
    q_stems = {stem for i in q_open for stem in _place_stems(query.tokens[i])}
    return not any(q_stems.intersection(_place_stems(listed.tokens[j])) for j in l_open)


_PLACE_ENDINGS = ("ian", "ean", "ese", "ish", "an", "i", "n", "a", "e")


def _place_stems(word: str) -> set[str]:
    """The word and what is left without an ending of a place's adjective: a country and
    its adjective share one ('korea'/'korean', 'russia'/'russian', 'china'/'chinese')."""
    return {word} | {
        word[: -len(end)]
        for end in _PLACE_ENDINGS
        if word.endswith(end) and len(word) > len(end) + 2
    }


def place_positions(name: PreparedName) -> tuple[int, ...]:
    """Positions of the name's places: its place words, and known places it reads as names
    (a name of unknown kind without a legal form reads as a person's: 'Huawei Cloud
    Beijing')."""
    words = places().words
    return tuple(
        i
        for i, (token, kind) in enumerate(zip(name.tokens, name.kinds, strict=True))
        if kind == "place" or (kind == "name" and token in words)
    )


_OF = frozenset({"of", "de", "du", "des", "del", "della", "di", "do", "da"})


def _place_of_unlisted(
    query: PreparedName, listed: PreparedName, matched_q: set[int]
) -> tuple[int, ...]:
    """Query places that say whose party it is ("Bank of Chad", "Government of Estonia")
    where the listed name gives no place. A place added without "of" ("Hikvision UK")
    is a possible branch instead."""
    if listed.places:
        return ()
    return tuple(
        i for i in query.places if i not in matched_q and i > 0 and query.tokens[i - 1] in _OF
    )


def place_leading_unlisted(
    query: PreparedName, listed: PreparedName, matched_q: set[int]
) -> tuple[int, ...]:
    """A query place that leads the name, after any legal form ("Kenyan People's Army",
    "Iraqi Cyber Police", "JSC Malawi Timber Enterprise"), where the listed name gives no
    place: like "of Chad" it says whose party it is. A place after the name ("Hikvision
    UK") is a possible branch instead."""
    if listed.places or not query.places:
        return ()
    first = next((i for i, kind in enumerate(query.kinds) if kind != "legal"), None)
    if first is None or first != query.places[0] or first in matched_q:
        return ()
    return (first,)


def score_names(
    query: PreparedName,
    listed: PreparedName,
    config: MatchConfig,
    *,
    pairs: list[TokenPair] | None = None,
) -> NameScore:
    """Score one query name against one listed name, in [0, 1]; ``pairs``: their
    ``align`` when already made.

    A rule that can raise a score must be counted in ``_may_reach`` too."""
    if not query.tokens or not listed.tokens:
        return NameScore(0.0, (), query, listed)
    if pairs is None:
        pairs = align(query, listed, config)
    matched_q = {p.query for p in pairs}
    matched_l = {p.listed for p in pairs}
    conflict = _places_conflict(query, listed, matched_q, matched_l)
    q_weights = query.weights
    l_weights = listed.weights
    if conflict:
        q_weights, l_weights = (
            _raised(name.weights, place_positions(name), config.place_conflict_weight)
            for name in (query, listed)
        )
    persons = _person_like(query) and _person_like(listed)
    swapped_q, swapped_l = (
        _swapped_names(query, listed, matched_q, matched_l) if persons else ((), ())
    )
    if swapped_q and swapped_l:
        # A given name in place of another ('Mohammed' for 'Ali' before the same father's
        # and family names) tells brothers apart, however common each name is.
        q_weights = _raised(q_weights, swapped_q, config.name_swap_weight)
        l_weights = _raised(l_weights, swapped_l, config.name_swap_weight)
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
    # Listed tokens the query lacks cost only a share of their weight (lists spell out
    # middle names), unless they are what sets the listed name apart.
    missing = swapped_l or (_rarest_missing(query, listed, pairs, matched_l) if persons else ())
    extra = sum(l_weights[j] for j in missing)
    total = (
        q_total
        + matched_listed
        + (l_total - matched_listed - extra) * config.listed_extra_cost
        + extra * config.distinctive_missing_cost
    )
    score = mass / total if total > 0 else 0.0
    weak_only = False
    if not (strong_q or strong_l) and score > config.weak_only_cap:
        score, weak_only = config.weak_only_cap, True
    if conflict and score > config.place_conflict_cap:
        score = config.place_conflict_cap
    single_word = _single_common_word(query, listed) and score > config.single_word_cap
    if single_word:
        score = config.single_word_cap
    capped = "" if single_word or conflict else thin_evidence(query, listed, pairs, matched_l)
    if capped and score > config.thin_evidence_cap:
        score = config.thin_evidence_cap
    else:
        capped = ""
    joined, joined_similarity = False, 0.0
    unmatched_strong = strong_q < query.strong_count or strong_l < listed.strong_count
    if not conflict and not single_word and unmatched_strong and _spacing_differs(query, listed):
        # Only a spaceless similarity of 0.9 or more that beats the score counts.
        discount = config.joined_discount
        cutoff = max(0.9, score / discount) if discount > 0 else 2.0
        best = _joined_similarity(query, listed, cutoff) if cutoff <= 1.0 else 0.0
        joined_score = best * discount if best >= 0.9 else 0.0
        if joined_score > score:
            score, joined, joined_similarity = joined_score, True, best
    truncated = False
    if config.truncation_score > score and _begins_listed(query, listed, config):
        score, truncated = config.truncation_score, True
    branch: tuple[int, ...] = ()
    if not conflict and strong_l == listed.strong_count > 0 and not missing:
        matched_q = {p.query for p in pairs}
        branch = tuple(
            i
            for i, kind in enumerate(query.kinds)
            if i not in matched_q and kind in ("place", "generic")
        )
    return NameScore(
        min(score, 1.0),
        tuple(pairs),
        query,
        listed,
        joined=joined,
        joined_similarity=joined_similarity,
        weak_only=weak_only,
        places_conflict=conflict,
        place_of=_place_of_unlisted(query, listed, matched_q)
        + place_leading_unlisted(query, listed, matched_q),
        truncated=truncated,
        single_word=single_word,
        distinctive_missing=missing,
        branch=branch,
        capped=capped,
        compound_half=compound_half_missing(query, listed, matched_l) if persons else (),
        given_differs=(
            other_given_names(query, listed, matched_q, matched_l, config.given_name_min_tokens)
            if persons
            else ()
        ),
    )


def _joined_similarity(query: PreparedName, listed: PreparedName, cutoff: float) -> float:
    """How alike the names are written without spaces (in any of their reading orders),
    when at least ``cutoff``, else 0."""
    best = 0.0
    for q_joined in (*query.joined, query.spaceless):
        for l_joined in (*listed.joined, listed.spaceless):
            if q_joined and l_joined:
                similarity = Levenshtein.normalized_similarity(
                    q_joined, l_joined, score_cutoff=cutoff
                )
                if similarity > best:
                    best = similarity
    return best


def _begins_listed(query: PreparedName, listed: PreparedName, config: MatchConfig) -> bool:
    """The query, long enough to have filled a field, begins the longer listed name."""
    return (
        len(query.spaceless) >= config.truncation_min_length
        and len(listed.spaceless) > len(query.spaceless)
        and listed.spaceless.startswith(query.spaceless)
    )


def score_names_at_least(
    query: PreparedName, listed: PreparedName, config: MatchConfig, floor: float
) -> NameScore | None:
    """``score_names``, or None when the names cannot score ``floor``: most candidates
    of a query cannot, and are then ruled out after their tokens are aligned, before the
    rules that weigh and cap a score are run."""
    if not query.tokens or not listed.tokens:
        return score_names(query, listed, config)
    pairs = align(query, listed, config)
    if not _may_reach(query, listed, pairs, config, floor):
        return None
    return score_names(query, listed, config, pairs=pairs)


_ROUNDING = 1e-6
"""Margin of ``_may_reach``: its sums are taken in another order than the score's."""


def _may_reach(
    query: PreparedName,
    listed: PreparedName,
    pairs: list[TokenPair],
    config: MatchConfig,
    floor: float,
) -> bool:
    """Whether ``score_names`` may score these aligned names ``floor`` or more: the
    matched weight over the least total weight, a spaceless or a cut-short score may.

    Caps only lower a score; the weights raised for a given name in place of another are
    those of unmatched words, which only add to the total. Names that each give a place
    are always scored (their weights are raised, and the matcher reads the conflict)."""
    least_cost = min(config.listed_extra_cost, config.distinctive_missing_cost)
    if least_cost < 0:
        return True
    if query.places or listed.places:
        matched_q = {p.query for p in pairs}
        matched_l = {p.listed for p in pairs}
        if _places_conflict(query, listed, matched_q, matched_l):
            return True
    q_weights, l_weights = query.weights, listed.weights
    mass = matched_listed = 0.0
    for p in pairs:
        mass += p.similarity * (q_weights[p.query] + l_weights[p.listed])
        matched_listed += l_weights[p.listed]
    total = query.weight_total + matched_listed
    total += (listed.weight_total - matched_listed) * least_cost
    reach = floor - _ROUNDING
    if total <= 0 or mass / total >= reach:
        return True
    if _begins_listed(query, listed, config) and config.truncation_score >= reach:
        return True
    discount = config.joined_discount
    if discount <= 0 or not _spacing_differs(query, listed):
        return False
    cutoff = max(0.9, reach / discount)
    return cutoff <= 1.0 and _joined_similarity(query, listed, cutoff) * discount >= reach


def cap_weak_alias(name: NameScore, config: MatchConfig) -> NameScore:
    """The score of a name the list marks weak (weakAlias), capped: never a match alone."""
    if name.score <= config.weak_alias_cap:
        return name
    return replace(name, score=config.weak_alias_cap, weak_alias=True)


def _raised(
    weights: tuple[float, ...], positions: Iterable[int], floor: float
) -> tuple[float, ...]:
    """``weights`` with those at ``positions`` raised to at least ``floor``."""
    raised = list(weights)
    for i in positions:
        raised[i] = max(raised[i], floor)
    return tuple(raised)


def _swapped_names(
    query: PreparedName, listed: PreparedName, matched_q: set[int], matched_l: set[int]
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Name words each name has where the other has another: (query's, listed's), both
    empty unless both names have one ('Mohammed Hussein' vs 'Ali Hussein')."""
    only_q = tuple(i for i, kind in enumerate(query.kinds) if kind == "name" and i not in matched_q)
    if not only_q:
        return (), ()
    only_l = tuple(
        j for j, kind in enumerate(listed.kinds) if kind == "name" and j not in matched_l
    )
    return (only_q, only_l) if only_l else ((), ())


def other_given_names(
    query: PreparedName,
    listed: PreparedName,
    matched_q: set[int],
    matched_l: set[int],
    min_tokens: int,
) -> tuple[int, ...]:
    """Query given names that make a long name another person's: one in place of a listed
    given name ('Jamal Nasri Ben Abdul Kader' vs 'Mustapha Nasri Ben Abdul Kader'), or one
    added to a listed name that the query holds whole ('Jamal Saddam Hussein al-Tikriti'
    vs 'Saddam Hussein al-Tikriti': in a name of given, father's and grandfather's names,
    a name put first is a son's). Only known personal names in Latin letters count: a word
    a script's reading missed is no other name."""
    if len(listed.tokens) < min_tokens or query.skeletons is not None or query.by_sound:
        return ()
    only_q = tuple(
        i
        for i, kind in enumerate(query.kinds)
        if kind == "name" and i not in matched_q and _personal_name_word(query.tokens[i])
    )
    if not only_q:
        return ()
    only_l = [j for j, kind in enumerate(listed.kinds) if kind == "name" and j not in matched_l]
    if only_l and not all(_personal_name_word(listed.tokens[j]) for j in only_l):
        return ()
    if only_l:
        return only_q
    if any(s and j not in matched_l for j, s in enumerate(listed.strong)):
        return ()
    # Added, it must come first (names are read given name first: 'AL-SHAMI, Jamal
    # Husayn' is 'jamal husayn al shami'); a middle name added is no other person.
    first = query.kinds.index("name")
    return (first,) if first in only_q else ()


def _rarest_missing(
    query: PreparedName, listed: PreparedName, pairs: list[TokenPair], matched_l: set[int]
) -> tuple[int, ...]:
    """The listed name's rarest word, when the query lacks it and it is rarer than every
    word matched ('John Smith' vs 'John B. Pridmore-Smith')."""
    if not pairs:
        return ()
    weights = listed.weights
    strong = [j for j, is_strong in enumerate(listed.strong) if is_strong]
    if not strong:
        return ()
    rarest = max(strong, key=lambda j: weights[j])
    if rarest in matched_l:
        return ()
    top_matched = max((query.weights[p.query] for p in pairs if query.strong[p.query]), default=0.0)
    return (rarest,) if weights[rarest] > top_matched + 1e-6 else ()


_HYPHENATED = re.compile(r"([^\W\d_]{3,})-([^\W\d_]{3,})")


def compound_half_missing(
    query: PreparedName, listed: PreparedName, matched_l: set[int]
) -> tuple[int, ...]:
    """Listed tokens that are one half of a hyphenated name ('Pridmore-Smith',
    'Quilantan-Garcia', 'Kyong-nam') of which the query matched only the other half: a
    compound name is one name, and half of it is another person's ('John Smith')."""
    if "-" not in listed.text:
        return ()
    halves = {(a.casefold(), b.casefold()) for a, b in _HYPHENATED.findall(listed.text)}
    tokens, kinds = listed.tokens, listed.kinds
    missing: list[int] = []
    for j in range(len(tokens) - 1):
        if (tokens[j], tokens[j + 1]) not in halves or not kinds[j] == kinds[j + 1] == "name":
            continue
        if (j in matched_l) != (j + 1 in matched_l):
            missing.append(j + 1 if j in matched_l else j)
    return tuple(missing)


def _spacing_differs(query: PreparedName, listed: PreparedName) -> bool:
    """Whether the names split into a different number of words ('Alqaida' vs 'Al Qaida'):
    only then can comparing them without spaces find what the words missed. With as many
    words on each side it would forgive a changed word ('Mohammed Ali' vs 'Mohammed Wali')."""
    return len(query.tokens) != len(listed.tokens)


_PERSON_KINDS = frozenset({"name", "initial", "title", "particle"})


def _person_like(name: PreparedName) -> bool:
    """Whether a name reads as a person's: no legal form, business word or place. Its
    distinctive words are then names, not the acronym or number of an organisation."""
    return _PERSON_KINDS.issuperset(name.kinds)


def _personal_name_word(token: str) -> bool:
    """A known personal name of four letters or more: shorter words that rigour knows
    as names are as often an organisation's initials ('IUS', 'AAS')."""
    return len(token) >= 4 and is_personal_name(token)


def _single_common_word(query: PreparedName, listed: PreparedName) -> bool:
    """A single personal name meets a name it does not make on its own: the listed name is
    one such word (the alias 'Martin'), or the query is one and the listed name a person's
    of more words ('Johnson' vs 'JOHNSON, Prince')."""
    if len(listed.tokens) == 1 and listed.strong_count == 1:
        return _personal_name_word(listed.tokens[0])
    return (
        len(query.tokens) == 1
        and query.strong_count == 1
        and _person_like(listed)
        and _personal_name_word(query.tokens[0])
    )


_TRUSTED_LONE = frozenset({"exact", "OCR look-alike", "same Chinese syllables", "same sounds"})
"""How a name's only distinctive word may meet its counterpart and still make a match."""


def thin_evidence(
    query: PreparedName, listed: PreparedName, pairs: list[TokenPair], matched_l: set[int]
) -> str:
    """Why the names share too little to make a match on their own, or ''.

    - One distinctive word meets only a look-alike ('Brown'/'Baroon', 'Dufour'/'DFR',
      'Ceri'/'CERS'): sounds, vowels and consonants are shared by too many short words.
    - One personal name is all a name gives of a person's ('Yang Tech' vs 'Bin Yang',
      'Bragin Ltd' vs 'Nikolai Bragin').
    - A Chinese or Korean name lacks a syllable of the listed one ('Li Yu' vs 'LI, Cheng
      Yu'): syllables of a given name are not middle names; without one it is another name.
    """
    strong = [p for p in pairs if query.strong[p.query] and listed.strong[p.listed]]
    if len(strong) == 1:
        lone = strong[0]
        word = query.tokens[lone.query]
        if not _trusted_lone(query, listed, lone):
            return (
                f"'{word}' is the only distinctive word and meets "
                f"'{listed.tokens[lone.listed]}' only as a look-alike"
            )
        if lone.how == "exact" and _one_name_of_a_person(query, listed, lone.query, matched_l):
            return f"'{word}' is only one name of a person"
    if _person_like(query) and _person_like(listed):
        if _common_names_reversed(query, listed, strong):
            return "two common names in reverse order are weak evidence of one person"
        missing = _syllable_missing(query, listed, strong, matched_l)
        if missing:
            return f"'{missing}' is a syllable of the listed name the query lacks"
    return ""


_COMMON_NAME_WEIGHT = 0.7
"""Weight (rarity) under which a name word is among the lists' most common (mohammed
0.63, ali 0.59; john 0.77, smith 0.87)."""


def _common_names_reversed(
    query: PreparedName, listed: PreparedName, strong: list[TokenPair]
) -> bool:
    """Two names of a person, each among the most common, met in reverse order ('Mohammed
    Ali' vs 'Ali MOHAMMED'): which is the given name is unknown, and many bear both."""
    if len(strong) != 2 or query.strong_count != 2 or listed.strong_count != 2:
        return False
    a, b = strong
    if (a.query - b.query) * (a.listed - b.listed) > 0:
        return False
    return all(
        query.weights[p.query] < _COMMON_NAME_WEIGHT
        and listed.weights[p.listed] < _COMMON_NAME_WEIGHT
        for p in strong
    )


_LONE_SPELLING = 0.85
"""A lone distinctive word spelt this alike is a typo ('Hikvison'), not another word."""
_LONE_SKELETON = 4
"""Fewest consonants a lone word in Arabic or Hebrew script shares with its Latin
counterpart to count ('slyzar'/'Sallizar'; not 'nsyba'/'NSB')."""
_LONE_WRITTEN = 5
"""Fewest letters of a lone word in Arabic script that writes its Latin counterpart letter
for letter ('flawyk'/'Flavic'; not 'bars'/'Pars')."""


def _trusted_lone(query: PreparedName, listed: PreparedName, pair: TokenPair) -> bool:
    """Whether a name's only distinctive pair of words is evidence enough of one party."""
    if pair.how in _TRUSTED_LONE:
        return True
    if pair.how == "spelling":
        return pair.similarity >= _LONE_SPELLING
    if query.skeletons or listed.skeletons:
        # Written without vowels, a name meets its Latin spelling only as a look-alike:
        # by sound ('farys'/'Faris'), or by enough consonants ('slyzar'/'Sallizar').
        if pair.how == "sounds alike":
            return True
        if pair.how == "written by sound":  # every letter written, of a long enough word
            shorter = min(len(query.tokens[pair.query]), len(listed.tokens[pair.listed]))
            return shorter >= _LONE_WRITTEN
        return len(_shape(listed.tokens[pair.listed])[1]) >= _LONE_SKELETON
    return False


def _one_name_of_a_person(
    query: PreparedName, listed: PreparedName, word: int, matched_l: set[int]
) -> bool:
    """The query gives one word (a personal name) where the listed person has more."""
    if query.strong_count != 1 or len(listed.tokens) < 2 or not _person_like(listed):
        return False
    if not is_personal_name(query.tokens[word]):
        return False
    if any(
        kind in ("name", "initial", "particle") for i, kind in enumerate(query.kinds) if i != word
    ):
        return False  # 'Al BORODAI': another word may be a given name shortened
    return any(
        j not in matched_l and kind in ("name", "particle") for j, kind in enumerate(listed.kinds)
    )


def _syllable_missing(
    query: PreparedName, listed: PreparedName, strong: list[TokenPair], matched_l: set[int]
) -> str:
    """A listed Chinese or Korean syllable the query lacks, when every word the names
    share is such a syllable, else ''."""
    matched_q = {p.query for p in strong}
    if not strong or any(
        i not in matched_q and kind in ("name", "initial", "particle")
        for i, kind in enumerate(query.kinds)
    ):
        return ""  # the query has a word of its own there ('វាន' for 'WANG')
    for p in strong:
        if _shape(query.tokens[p.query])[4] is None or _shape(listed.tokens[p.listed])[4] is None:
            return ""
    for j, token in enumerate(listed.tokens):
        if j not in matched_l and listed.strong[j] and _shape(token)[4] is not None:
            return token
    return ""


def in_another_place(name: NameScore) -> bool:
    """The listed name is the query's but for a place each gives ('Bank of China (Hong
    Kong)' vs 'Bank of China (Singapore)'): every distinctive listed word met, places apart."""
    if not name.places_conflict:
        return False
    matched_l = {p.listed for p in name.pairs}
    return all(j in matched_l for j, strong in enumerate(name.listed.strong) if strong)


def place_leads(name: NameScore) -> bool:
    """The listed name's places the query lacks all come first ('Hangzhou Hikvision')."""
    matched_l = {p.listed for p in name.pairs}
    open_places = [j for j in place_positions(name.listed) if j not in matched_l]
    return bool(open_places) and open_places == list(range(len(open_places)))
