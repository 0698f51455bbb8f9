"""Evidence beyond the name: small pure functions, each asserting one thing.

Each feature takes ``(query, party, config)`` and returns a :class:`FeatureResult`
(a score adjustment and a one-sentence detail) or ``None`` when it has nothing
to say. The docstring of each is what users read in explanations and API docs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from followthemoney import registry

from vet.index import ListedParty, normalise_identifier
from vet.scoring.config import MatchConfig
from vet.scoring.scorer import NameScore
from vet.scoring.truncation import at_field_width

PERSON_SCHEMATA = frozenset({"Person"})
ORG_SCHEMATA = frozenset({"Organization", "Company", "PublicBody"})
OBJECT_SCHEMATA = frozenset({"Vessel", "Airplane"})


@dataclass(frozen=True)
class Evidence:
    """A query as the evidence features read it: its names as prepared, its countries
    normalised and the legal form its name ends in."""

    names: tuple[str, ...]
    schema: str | None = None
    countries: frozenset[str] = frozenset()
    birth_date: str | None = None
    identifiers: tuple[str, ...] = ()
    legal_form: str | None = None
    """The legal form ending the name screened ("ltd" in "Baird Ltd"), if any."""


@dataclass(frozen=True)
class FeatureName:
    """One name a hit's evidence can carry: what it means and which settings weigh it."""

    name: str
    description: str
    settings: tuple[str, ...] = ()
    """The :class:`MatchConfig` fields that set its weight or its test."""


NAME_MATCH = FeatureName(
    "name_match",
    "The query's names and the listed names compared word by word: spelling, "
    "transliteration, sound, word order, legal forms and generic words weighted low, "
    "rare words high.",
    ("threshold", "kind_weights", "rarity_floor", "token_min_similarity"),
)
IDENTIFIER_MATCH = FeatureName(
    "identifier_match",
    "An identifier given (registration, tax, IMO, LEI, passport, wallet) is the party's: "
    "a match whatever the name.",
    ("identifier_score",),
)
COUNTRY_MATCH = FeatureName(
    "country_match",
    "A country given for the party is one of the listed countries.",
    ("country_agree_bonus",),
)
COUNTRY_MISMATCH = FeatureName(
    "country_mismatch",
    "Countries are given on both sides and none is shared.",
    ("country_mismatch_penalty",),
)
BIRTH_YEAR_MATCH = FeatureName(
    "birth_year_match",
    "The birth year given is within the tolerance of a listed birth date.",
    ("birth_year_agree_bonus", "birth_year_tolerance"),
)
BIRTH_YEAR_DISJOINT = FeatureName(
    "birth_year_disjoint",
    "The birth year given is further than the tolerance from every listed birth date.",
    ("birth_year_mismatch_penalty", "birth_year_tolerance"),
)
SCHEMA_MISMATCH = FeatureName(
    "schema_mismatch",
    "The party is a person and the listed record is not (or the reverse).",
    ("schema_mismatch_penalty",),
)
LEGAL_FORM_ON_PERSON = FeatureName(
    "legal_form_on_person",
    "The name screened ends in a legal form (a company) and the listed record is a person.",
    ("schema_mismatch_penalty",),
)
POSSIBLE_BRANCH = FeatureName(
    "possible_branch",
    "The name screened is the listed name plus a place or business word ('<Name> UK Ltd'): "
    "possibly a branch or subsidiary of the listed party, not the party itself.",
)

PLACE_OF_CONTRADICTION = FeatureName(
    "place_of_contradiction",
    "The name screened is of a country ('Industrial and Commercial Bank of Chad', 'Kenyan "
    "People's Army') that the listed name does not give and the listed party is not of: "
    "the score is capped.",
    ("place_conflict_cap",),
)

COMPOUND_NAME_HALF = FeatureName(
    "compound_name_half",
    "The name screened holds only one half of a listed person's hyphenated name ('John "
    "Smith' for 'John B. Pridmore-Smith', 'Kim Kyong' for 'Kim Kyong-nam'): a compound "
    "name is one name, so the score is capped.",
    ("compound_half_cap",),
)

GIVEN_NAME_DIFFERS = FeatureName(
    "given_name_differs",
    "A long person's name screened has a given name of its own where the listed name has "
    "another ('Jamal Nasri Ben Abdul Kader' vs 'Mustapha Nasri Ben Abdul Kader'), or puts "
    "one before the whole listed name ('Jamal Saddam Hussein al-Tikriti': a son's name): "
    "another person, so the score is capped.",
    ("given_name_cap", "given_name_min_tokens"),
)

FEATURE_NAMES: tuple[FeatureName, ...] = (
    NAME_MATCH,
    IDENTIFIER_MATCH,
    COUNTRY_MATCH,
    COUNTRY_MISMATCH,
    BIRTH_YEAR_MATCH,
    BIRTH_YEAR_DISJOINT,
    SCHEMA_MISMATCH,
    LEGAL_FORM_ON_PERSON,
    POSSIBLE_BRANCH,
    PLACE_OF_CONTRADICTION,
    COMPOUND_NAME_HALF,
    GIVEN_NAME_DIFFERS,
)
"""Every feature name a hit can carry, declared once: the API documentation, /algorithms
and the explanations read them from here."""


@dataclass(frozen=True)
class FeatureResult:
    feature: str
    adjustment: float
    detail: str
    decisive: bool = False
    """True when the feature alone makes a match (an identical strong identifier)."""


def identifier_match(
    query: Evidence, party: ListedParty, config: MatchConfig
) -> FeatureResult | None:
    """An identifier given (registration, tax, IMO, LEI, passport, wallet) is the party's."""
    given = {normalise_identifier(i) for i in query.identifiers}
    shared = sorted(given & party.identifiers)
    if not shared:
        return None
    return FeatureResult(
        IDENTIFIER_MATCH.name, 0.0, f"identifier {shared[0]} is identical", decisive=True
    )


def country_agreement(
    query: Evidence, party: ListedParty, config: MatchConfig
) -> FeatureResult | None:
    """Countries given for the party overlap the listed countries, or contradict them."""
    if not query.countries or not party.countries:
        return None
    shared = query.countries & party.countries
    if shared:
        return FeatureResult(
            COUNTRY_MATCH.name,
            config.country_agree_bonus,
            f"country {', '.join(sorted(shared))} agrees",
        )
    return FeatureResult(
        COUNTRY_MISMATCH.name,
        -config.country_mismatch_penalty,
        f"countries differ: {', '.join(sorted(query.countries))} given, "
        f"{', '.join(sorted(party.countries))} listed",
    )


def _year(value: str | None) -> int | None:
    if value and len(value) >= 4 and value[:4].isdigit():
        return int(value[:4])
    return None


def birth_year_agreement(
    query: Evidence, party: ListedParty, config: MatchConfig
) -> FeatureResult | None:
    """The birth year given agrees with a listed birth date, or is further apart than the
    tolerance."""
    year = _year(query.birth_date)
    listed = sorted({y for y in (_year(d) for d in party.birth_dates) if y is not None})
    if year is None or not listed:
        return None
    if any(abs(year - y) <= config.birth_year_tolerance for y in listed):
        return FeatureResult(
            BIRTH_YEAR_MATCH.name, config.birth_year_agree_bonus, f"birth year {year} agrees"
        )
    return FeatureResult(
        BIRTH_YEAR_DISJOINT.name,
        -config.birth_year_mismatch_penalty,
        f"birth years differ: {year} given, {', '.join(str(y) for y in listed)} listed",
    )


def _family(schema: str | None) -> str | None:
    if schema in PERSON_SCHEMATA:
        return "person"
    if schema in ORG_SCHEMATA:
        return "organisation"
    if schema in OBJECT_SCHEMATA:
        return "vessel or aircraft"
    return None


def schema_mismatch(
    query: Evidence, party: ListedParty, config: MatchConfig
) -> FeatureResult | None:
    """The party is a person and the listed record is not (or the reverse)."""
    given, listed = _family(query.schema), _family(party.schema)
    if given is None or listed is None or given == listed:
        return None
    return FeatureResult(
        SCHEMA_MISMATCH.name,
        -config.schema_mismatch_penalty,
        f"a {given} was screened, the listed record is a {listed}",
    )


def legal_form_on_person(
    query: Evidence, party: ListedParty, config: MatchConfig
) -> FeatureResult | None:
    """The name screened ends in a legal form (a company), the listed record is a person."""
    if query.legal_form is None or _family(party.schema) != "person":
        return None
    if _family(query.schema) is not None:
        return None  # schema_mismatch speaks when the kind of party was given
    return FeatureResult(
        LEGAL_FORM_ON_PERSON.name,
        -config.schema_mismatch_penalty,
        f"'{query.legal_form}' makes the name screened a company; the listed record is a person",
    )


def possible_branch(name: NameScore) -> FeatureResult:
    """The name screened is the listed name plus a place or business word ("<Name> UK
    Ltd"): possibly a branch or subsidiary of the listed party, not the party itself."""
    added = ", ".join(f"'{name.query.tokens[i]}'" for i in name.branch)
    return FeatureResult(
        POSSIBLE_BRANCH.name,
        0.0,
        f"the name screened adds {added} to the listed name: possibly a branch or "
        "subsidiary of the listed party",
    )


def place_of_contradiction(
    name: NameScore, party: ListedParty, config: MatchConfig
) -> FeatureResult | None:
    """The name screened is the party of a country ("Industrial and Commercial Bank of
    Chad") that the listed name does not give and the listed party is not of: another
    country's institution of the same kind, so the score is capped."""
    if not name.place_of or not party.countries:
        return None
    for i in name.place_of:
        place = name.query.tokens[i]
        country = registry.country.clean(place)
        if country is not None and country not in party.countries:
            return FeatureResult(
                PLACE_OF_CONTRADICTION.name,
                min(0.0, config.place_conflict_cap - name.score),
                f"the name screened is of '{place}', the listed party of "
                f"{', '.join(sorted(party.countries))}",
            )
    return None


def compound_name_half(name: NameScore, config: MatchConfig) -> FeatureResult | None:
    """The name screened holds only one half of a listed person's hyphenated name ("John
    Smith" for "John B. Pridmore-Smith"): half of a compound name is another person's
    name, so the score is capped. A name as long as a field it may have been cut by can
    end inside the compound ("... Pridmore-"): that is the truncation's to judge."""
    if not name.compound_half or name.truncated or at_field_width(name.query, config):
        return None
    missing = ", ".join(f"'{name.listed.tokens[j]}'" for j in name.compound_half)
    return FeatureResult(
        COMPOUND_NAME_HALF.name,
        min(0.0, config.compound_half_cap - name.score),
        f"the name screened lacks {missing}, half of a hyphenated listed name",
    )


def given_name_differs(name: NameScore, config: MatchConfig) -> FeatureResult | None:
    """A long person's name screened has a given name of its own where the listed name
    has another, or puts one before the whole listed name (a son's name): another
    person, so the score is capped."""
    if not name.given_differs or name.truncated:
        return None
    given = ", ".join(f"'{name.query.tokens[i]}'" for i in name.given_differs)
    return FeatureResult(
        GIVEN_NAME_DIFFERS.name,
        min(0.0, config.given_name_cap - name.score),
        f"the name screened has the given name {given} the listed name does not",
    )


Feature = Callable[[Evidence, ListedParty, MatchConfig], FeatureResult | None]

FEATURES: tuple[Feature, ...] = (
    identifier_match,
    country_agreement,
    birth_year_agreement,
    schema_mismatch,
    legal_form_on_person,
)
"""The evidence features, in the order explanations list them."""


def evidence_ceiling(query: Evidence, config: MatchConfig) -> float | None:
    """The most the features above can add to a name score for this query.

    ``None`` when one of them can make a match on its own (identifiers were given), so
    no name score can be ruled out before the features are asked. Keep in step with
    ``FEATURES``: a feature that can add to a score must be counted here.
    """
    if query.identifiers:
        return None
    ceiling = 0.0
    if query.countries:
        ceiling += max(config.country_agree_bonus, 0.0)
    if query.birth_date:
        ceiling += max(config.birth_year_agree_bonus, 0.0)
    return ceiling
