"""Names prepared for comparison: tokens, their classes, sounds and weights.

Built once per listed name when the index is built, and once per query name.
The weight of a token is its class weight (legal forms and generic words weigh
little) times its rarity in the lists (common given names weigh less).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from vet.names import (
    JOIN_KINDS,
    STRONG_KINDS,
    NameForm,
    consonant_skeleton,
    phonetic_key,
    scripts_of,
)
from vet.names import tokenise as tokenise_name

SEMITIC_SCRIPTS = frozenset({"Arabic", "Hebrew", "Syriac", "Thaana"})
"""Scripts written mostly without vowels: their romanisations are compared by skeleton."""
BY_SOUND_SCRIPTS = frozenset({"Katakana", "Hiragana", "Hangul", "Thai", "Khmer", "Ethiopic"})
"""Scripts that write foreign names by ear: their romanisations are compared by
``sound_fold`` too."""


@dataclass(frozen=True, slots=True)
class PreparedName:
    text: str
    """The name as given."""
    tokens: tuple[str, ...]
    """Latin, lower-case, ascii tokens."""
    kinds: tuple[str, ...]
    """Class of each token: name, number, initial, particle, title, legal, generic, place."""
    phonetic: tuple[str, ...]
    """Phonetic key of each token ('' for tokens too short to have one)."""
    weights: tuple[float, ...]
    joined: tuple[str, ...]
    """Identifying tokens without spaces, in each reading order ('alqaida', 'haikangweishi')."""
    skeletons: tuple[str, ...] | None = None
    """Consonant skeleton of each token, only for names written in Arabic or Hebrew script."""
    spaceless: str = ""
    """The whole name as written, in Latin letters, without spaces or punctuation
    ('fastlinksarl' for 'FASTLINK SARL', 'chengdujingxin...' for 'CHENG DU JINGXIN')."""
    # Worked out from the fields above when the name is made (not stored in the index):
    # the scorer reads them for every pair of names it compares.
    strong: tuple[bool, ...] = field(init=False, repr=False, compare=False)
    """Per token, whether it identifies (STRONG_KINDS) rather than qualifies."""
    strong_count: int = field(init=False, repr=False, compare=False)
    places: tuple[int, ...] = field(init=False, repr=False, compare=False)
    """Positions of place words ("UK", "Shanghai")."""
    by_sound: bool = field(init=False, repr=False, compare=False)
    """Whether the name is written in one of ``BY_SOUND_SCRIPTS``."""
    weight_total: float = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        strong = tuple(k in STRONG_KINDS for k in self.kinds)
        object.__setattr__(self, "strong", strong)
        object.__setattr__(self, "strong_count", sum(strong))
        object.__setattr__(
            self, "places", tuple(i for i, k in enumerate(self.kinds) if k == "place")
        )
        object.__setattr__(self, "weight_total", sum(self.weights))
        by_sound = not self.text.isascii() and bool(BY_SOUND_SCRIPTS & scripts_of(self.text))
        object.__setattr__(self, "by_sound", by_sound)

    @property
    def strong_tokens(self) -> tuple[str, ...]:
        return tuple(t for t, k in zip(self.tokens, self.kinds, strict=True) if k in STRONG_KINDS)


Rarity = Callable[[str], float]


def uniform_rarity(_token: str) -> float:
    return 1.0


RARITY_BASE = 1000
"""Names below which lists tell little of how common a word is: a user's watch list of
eight Ivan Petrovs makes neither word common. Rarity is read as if the lists held at
least this many names (the bundled lists hold about 68,000)."""


def rarity_from_counts(counts: dict[str, int], total: int, floor: float) -> Rarity:
    """Rarity in [floor, 1] from how many listed names hold a token (IDF, normalised)."""
    if total <= 1:
        return uniform_rarity
    total = max(total, RARITY_BASE)
    log_total = math.log(total)

    def rarity(token: str) -> float:
        df = counts.get(token, 0)
        if df <= 1:
            return 1.0
        idf = math.log(total / df) / log_total
        return floor + (1.0 - floor) * max(0.0, min(1.0, idf))

    return rarity


def tokenise(text: str, schema: str | None) -> NameForm:
    return tokenise_name(text, schema=schema)


def prepare_form(
    form: NameForm,
    *,
    kind_weights: dict[str, float],
    rarity: Rarity = uniform_rarity,
) -> PreparedName:
    """Attach classes, phonetic keys and weights to a tokenised name."""
    tokens = tuple(t.text for t in form.tokens)
    kinds = tuple(t.kind for t in form.tokens)
    weights = tuple(
        kind_weights.get(k, 1.0) * (rarity(t) if k in STRONG_KINDS else 1.0)
        for t, k in zip(tokens, kinds, strict=True)
    )
    phonetic = tuple(phonetic_key(t) if len(t) >= 3 else "" for t in tokens)
    joined = tuple(
        dict.fromkeys(
            "".join(t.text for t in order if t.kind in JOIN_KINDS) for order in form.orders
        )
    )
    skeletons = None
    if form.scripts & SEMITIC_SCRIPTS:
        skeletons = tuple(consonant_skeleton(t) for t in tokens)
    spaceless = "".join(ch for ch in form.latin if ch.isalnum())
    return PreparedName(
        form.original, tokens, kinds, phonetic, weights, joined, skeletons, spaceless
    )


def prepare_name(
    text: str,
    *,
    schema: str | None,
    kind_weights: dict[str, float],
    rarity: Rarity = uniform_rarity,
) -> PreparedName:
    """Tokenise ``text`` and prepare it for comparison."""
    return prepare_form(tokenise(text, schema), kind_weights=kind_weights, rarity=rarity)
