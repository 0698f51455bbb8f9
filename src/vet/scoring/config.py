"""The matching configuration: every tunable value, with a description and a default.

Tuning is a data change: the benchmark (``bench/match_bench.py``) measures the
effect of a new value before it becomes a default here.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import cached_property


def _kind_weights() -> dict[str, float]:
    return {
        "name": 1.0,
        "number": 0.8,
        "initial": 0.35,
        "generic": 0.15,
        "place": 0.12,
        "particle": 0.08,
        "legal": 0.05,
        "title": 0.03,
    }


@dataclass(frozen=True)
class MatchConfig:
    """How names are compared and evidence weighed."""

    threshold: float = field(
        default=0.80,
        metadata={
            "help": "Score at or above which a hit is a match (calibrated on bench/match_bench.py)."
        },
    )
    kind_weights: dict[str, float] = field(
        default_factory=_kind_weights,
        metadata={
            "help": "Weight of a token by its class: legal forms, generic business words and "
            "place qualifiers carry little, so a branch '<Name> UK Ltd' still matches."
        },
    )
    rarity_floor: float = field(
        default=0.35,
        metadata={
            "help": "Weight multiplier of the most common name token in the lists "
            "(e.g. 'mohammad'); the rarest get 1.0."
        },
    )
    token_min_similarity: float = field(
        default=0.78,
        metadata={"help": "Below this string similarity two tokens do not match at all."},
    )
    phonetic_similarity: float = field(
        default=0.86,
        metadata={"help": "Similarity credited to tokens that sound alike (same phonetic key)."},
    )
    phonetic_min_spelling: float = field(
        default=0.65,
        metadata={
            "help": "Sounding alike counts only for tokens at least this similar in spelling "
            "(Metaphone alone equates 'Kaster' and 'Costar')."
        },
    )
    vowel_similarity: float = field(
        default=0.8,
        metadata={
            "help": "Similarity credited to tokens of four or more letters that differ only "
            "in their vowels (Husayn/Hossein, Eiman/Ayman: romanisations of one name)."
        },
    )
    vowel_rescue_min_length: int = field(
        default=6,
        metadata={
            "help": "Shortest tokens credited as 'differ only in vowels' when two or more of "
            "their vowels differ ('Husayn'/'Hossein'; not 'Dumas'/'Demos')."
        },
    )
    sinitic_similarity: float = field(
        default=0.8,
        metadata={
            "help": "Similarity credited to pinyin and Wade-Giles spellings of the same "
            "Chinese syllables (Dandong/Tantung, Jianshu/Chienshu)."
        },
    )
    rare_token_rarity: float = field(
        default=0.8,
        metadata={
            "help": "Rarity from which a shared name word is distinctive enough that "
            "differing places read as branches rather than different parties."
        },
    )
    skeleton_similarity: float = field(
        default=0.8,
        metadata={
            "help": "Similarity credited to tokens with the same consonants when one has no "
            "vowels ('Mhmmd'/'Mohammed') or a name is in Arabic or Hebrew script "
            "(ICU writes محمد as 'mhmd')."
        },
    )
    abjad_similarity: float = field(
        default=0.9,
        metadata={
            "help": "Similarity credited to a word in Arabic script that writes a Latin word "
            "letter for letter by sound (مورواريد 'mwrwaryd', 'Morvarid'; see "
            "vet.names.abjad); skeleton_similarity when only short vowels are left out "
            "('sbhr', 'Sepehr'), and then only for words of five letters or more."
        },
    )
    sound_similarity: float = field(
        default=0.86,
        metadata={
            "help": "Similarity credited to tokens that sound alike once the sounds kana, "
            "Hangul, Thai, Khmer and Ethiopic do not tell apart are merged "
            "(ゴンザレス read back as 'gonzaresu', 'Gonzalez'); only when a name is in "
            "one of those scripts."
        },
    )
    sound_near_similarity: float = field(
        default=0.8,
        metadata={
            "help": "Similarity credited to words of five letters or more whose merged "
            "sounds (see sound_similarity) differ in one letter: a script writes the same "
            "sound two ways ('yefkeni' from Thai ฟ, 'yevgeniy')."
        },
    )
    skeleton_min_consonants: int = field(
        default=3,
        metadata={
            "help": "Fewest consonants two tokens must share for 'same consonants' to count, "
            "outside Arabic and Hebrew script ('Lecoq'/'LKCK' share only l-k)."
        },
    )
    place_conflict_cap: float = field(
        default=0.7,
        metadata={
            "help": "Highest name score when each name gives a place the other lacks and no "
            "distinctive word is shared ('Bank of Armenia' vs 'Bank of America'): a place "
            "swapped for another is another party, not a typo."
        },
    )
    single_word_cap: float = field(
        default=0.7,
        metadata={
            "help": "Highest name score when one of the names is a single word that is a "
            "common personal name ('Martin AG & Co. KGaA' vs the alias 'Martin')."
        },
    )
    compound_half_cap: float = field(
        default=0.75,
        metadata={
            "help": "Highest score of a person when the name screened holds only one half "
            "of a hyphenated listed name ('John Smith' vs 'John B. Pridmore-Smith', "
            "'Kim Kyong' vs 'Kim Kyong-nam')."
        },
    )
    given_name_min_tokens: int = field(
        default=3,
        metadata={
            "help": "Fewest words of a listed person's name from which a given name of the "
            "query's in place of one of its own, or put before it, makes another person "
            "('Jamal Saddam Hussein al-Tikriti')."
        },
    )
    given_name_cap: float = field(
        default=0.75,
        metadata={
            "help": "Highest score of a person whose long name differs from the listed one "
            "in a given name (see given_name_min_tokens)."
        },
    )
    lone_word_cap: float = field(
        default=0.7,
        metadata={
            "help": "Highest name score when the names share one distinctive word that says "
            "little alone (a personal name, one Chinese or Korean syllable, a person's one "
            "name) and nothing else but legal forms, while the listed name has more "
            "('Green Group' vs 'Green Supply, Inc.')."
        },
    )
    thin_evidence_cap: float = field(
        default=0.75,
        metadata={
            "help": "Highest name score when the names share too little to be one party: "
            "their only distinctive word meets a look-alike ('Brown'/'Baroon'), is one name "
            "of a listed person's several, or a Chinese or Korean name lacks a syllable of "
            "the listed one."
        },
    )
    weak_alias_cap: float = field(
        default=0.7,
        metadata={
            "help": "Highest name score of a listed name the list itself marks weak "
            "(weakAlias): such a name never makes a match on its own."
        },
    )
    name_swap_weight: float = field(
        default=1.0,
        metadata={
            "help": "Least weight of a name word when each of two persons' names has one "
            "the other lacks "
            "('Mohammed' vs 'Ali' before the same father's and family names): the word "
            "that differs tells brothers apart, however common each name is."
        },
    )
    distinctive_missing_cost: float = field(
        default=1.0,
        metadata={
            "help": "Cost multiplier, in names that read as a person's, of a listed name "
            "word the query lacks when it is the rarest word of the listed name and rarer "
            "than every word matched, or when the query has a name word of its own in its "
            "place (another given name)."
        },
    )
    variant_similarity: float = field(
        default=0.88,
        metadata={
            "help": "Similarity credited to a business word and its abbreviation ('Intl', "
            "'Mnfctrng') and to forms of one given name ('Ted'/'Theodore', from rigour)."
        },
    )
    place_conflict_weight: float = field(
        default=0.5,
        metadata={
            "help": "Weight of place words when both names name places and none agree "
            "('Bank of China' vs 'Bank of India')."
        },
    )
    initial_similarity: float = field(
        default=0.8,
        metadata={
            "help": "Similarity credited to an initial meeting a name with that first letter."
        },
    )
    listed_extra_cost: float = field(
        default=0.5,
        metadata={
            "help": "Cost multiplier of listed-name tokens the query lacks (lists give full "
            "names with middle names and patronymics)."
        },
    )
    weak_only_cap: float = field(
        default=0.5,
        metadata={
            "help": "Highest name score when only weak tokens (legal, generic, place) matched."
        },
    )
    joined_discount: float = field(
        default=0.97,
        metadata={
            "help": "Factor on the score of comparing names with spaces removed "
            "('Al Qaida' vs 'Alqaida', pinyin syllables vs words)."
        },
    )
    identifier_score: float = field(
        default=0.99,
        metadata={"help": "Score of a hit with an identical strong identifier, whatever the name."},
    )
    country_agree_bonus: float = field(
        default=0.02, metadata={"help": "Added when query and listed countries overlap."}
    )
    country_mismatch_penalty: float = field(
        default=0.08, metadata={"help": "Subtracted when both give countries and none overlap."}
    )
    birth_year_agree_bonus: float = field(
        default=0.03, metadata={"help": "Added when birth years agree."}
    )
    birth_year_tolerance: int = field(
        default=1,
        metadata={
            "help": "Birth years this many years apart or fewer agree (lists and registers "
            "often give a year either side of the real one)."
        },
    )
    birth_year_mismatch_penalty: float = field(
        default=0.15,
        metadata={"help": "Subtracted when birth years differ by more than the tolerance."},
    )
    schema_mismatch_penalty: float = field(
        default=0.25,
        metadata={"help": "Subtracted when a person meets a listed organisation, or the reverse."},
    )
    truncation_min_length: int = field(
        default=20,
        metadata={
            "help": "A query of at least this many letters that begins a longer listed name "
            "is taken as that name cut short (SWIFT name lines hold 35 characters)."
        },
    )
    field_widths: tuple[int, ...] = field(
        default=(20, 35),
        metadata={
            "help": "Widths of the fields that cut names short (20 in many legacy systems, "
            "35 in a SWIFT name line): a query this long is also compared with each listed "
            "name cut at its length."
        },
    )
    truncation_score: float = field(
        default=0.9,
        metadata={"help": "Name score of a query that is a listed name cut short."},
    )
    acronym_score: float = field(
        default=0.85,
        metadata={
            "help": "Name score of a query in capitals ('PLA') that is the initials of one "
            "listed organisation's name of three to six words, and of no other's."
        },
    )
    held_name_score: float = field(
        default=0.95,
        metadata={
            "help": "Name score of a one-word query that is exactly a name a listed name "
            "holds in parentheses ('SSRC' in '... Research Centre (SSRC)')."
        },
    )
    candidate_limit: int = field(
        default=25,
        metadata={
            "help": "Listed names scored per query, after ranking candidates by shared rare tokens."
        },
    )
    common_token_df: int = field(
        default=3000,
        metadata={
            "help": "Tokens in more listed names than this do not fetch candidates on their own."
        },
    )
    max_name_length: int = field(
        default=300, metadata={"help": "Query names are cut to this many characters."}
    )

    @cached_property
    def similarity_key(self) -> tuple[float, ...]:
        """The values ``token_similarity`` reads: configs that share them share its cache."""
        return (
            self.initial_similarity,
            self.phonetic_min_spelling,
            self.phonetic_similarity,
            self.skeleton_similarity,
            self.vowel_similarity,
            self.sinitic_similarity,
            self.sound_similarity,
            self.sound_near_similarity,
            self.token_min_similarity,
            self.vowel_rescue_min_length,
            self.skeleton_min_consonants,
            self.variant_similarity,
            self.abjad_similarity,
        )

    @classmethod
    def describe(cls) -> dict[str, str]:
        """Each setting's help text, for docs and the API."""
        return {f.name: str(f.metadata.get("help", "")) for f in fields(cls)}


DEFAULT_CONFIG = MatchConfig()
