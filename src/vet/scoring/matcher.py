"""Matching queries against the listed parties of the active lists.

``Matcher`` holds one index (the active list versions) and a config. ``match``
finds and scores candidates for a query; ``compare`` scores one pair of names
with the same scorer. API, CLI and Spark all call these.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from followthemoney import registry

from vet.errors import InputError
from vet.index import (
    BuildProgress,
    Fetches,
    Index,
    ListedParty,
    Listing,
    NeighbourKey,
    Neighbours,
    PreparedName,
    build_index,
    build_index_with_forms,
    candidate_names,
    identifier_parties,
    index_key,
    load_index,
    only_lists,
    prepare_name,
    rarity_from_counts,
    save_index,
)
from vet.index.prepared import uniform_rarity
from vet.names import clean, split_cell
from vet.scoring.acronyms import Acronyms, score_acronym
from vet.scoring.config import DEFAULT_CONFIG, MatchConfig
from vet.scoring.explain import explain_hit, explain_names
from vet.scoring.features import (
    FEATURES,
    ORG_SCHEMATA,
    Evidence,
    FeatureResult,
    company_on_person_name,
    compound_name_half,
    evidence_ceiling,
    given_name_differs,
    lone_common_word,
    place_of_contradiction,
    possible_branch,
    without_stacking,
)
from vet.scoring.query import Query
from vet.scoring.scorer import (
    NameScore,
    cap_weak_alias,
    in_another_place,
    place_leads,
    score_names,
    score_names_at_least,
)
from vet.scoring.truncation import at_field_width, score_cut_short
from vet.store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Hit:
    """A listed party found for a query, with its score and explanation."""

    entity_id: str
    caption: str
    schema: str
    score: float
    match: bool
    matched_name: str
    query_name: str
    name_property: str
    name_score: float
    lists: tuple[str, ...]
    listings: tuple[Listing, ...]
    features: tuple[FeatureResult, ...]
    explanation: str
    records: tuple[str, ...] = ()
    """Other list records this party stands for (the CSL's copy of an OFAC entry)."""


@dataclass(frozen=True)
class Score:
    """The result of comparing one pair of names."""

    score: float
    match: bool
    explanation: str


@dataclass(frozen=True)
class _Scored:
    """A candidate scored, before its explanation is written."""

    score: float
    party: ListedParty
    name: NameScore
    prop: str
    features: list[FeatureResult]
    cell: str | None = None
    """The whole query name, when the name that met is one of several it holds."""


def is_weak_name(name_property: str, schema: str) -> bool:
    """Whether a listed name is one its list marks weak and so never a match on its own.

    OFAC marks a person's nicknames and fragments weak ("Ali", "MOHAMMED, Ali"); an
    organisation's weak names are its acronyms ("CCCC"), which a query may well be.
    """
    return name_property == "weakAlias" and schema not in ORG_SCHEMATA


def _config_fingerprint(config: MatchConfig) -> str:
    return f"{sorted(config.kind_weights.items())}|{config.rarity_floor}"


def clean_query_name(name: str, config: MatchConfig) -> str:
    """The query name, cleaned and cut to a sane length; InputError when nothing is left."""
    if not isinstance(name, str):
        raise InputError(f"a name must be text, not {type(name).__name__}")
    text = clean(name[: config.max_name_length * 4])[: config.max_name_length]
    if not text.strip():
        raise InputError(
            "the name is empty (nothing left after removing invisible and control characters)"
        )
    return text


def unscreenable(prepared: PreparedName) -> str | None:
    """Why a cleaned query name cannot be screened, if it cannot: nothing in it names
    anyone (only punctuation, or only a legal form such as "Ltd")."""
    if not prepared.tokens:
        return "the name is empty (no letters or digits, only punctuation or symbols)"
    if all(kind == "legal" for kind in prepared.kinds):
        return f"the name is empty (only a legal form: {prepared.text!r})"
    return None


def ending_legal_form(name: PreparedName) -> str | None:
    """The legal form ending a name ("ltd", "gmbh"), if unambiguous: two-letter forms
    (AB, AS, SA) are also parts of people's names, so they do not count."""
    if len(name.tokens) >= 2 and name.kinds[-1] == "legal" and len(name.tokens[-1]) >= 3:
        return name.tokens[-1]
    return None


def normalise_countries(values: tuple[str, ...] | list[str]) -> frozenset[str]:
    codes = set()
    for value in values:
        code = registry.country.clean(value)
        if code:
            codes.add(code)
    return frozenset(codes)


class Matcher:
    """Scores queries against one index of listed parties."""

    def __init__(self, index: Index, config: MatchConfig = DEFAULT_CONFIG) -> None:
        self.index = index
        self.config = config
        self._rarity = rarity_from_counts(index.token_counts, index.name_count, config.rarity_floor)
        self._names: dict[int, PreparedName] = {}
        """Listed names already unpacked from the index's columns (at most every name once)."""
        self._neighbours: dict[NeighbourKey, Neighbours] = {}
        """Indexed words near each query word seen so far (bounded; see candidate_names)."""
        self._fetches = Fetches()
        """The names each query word seen so far fetched (bounded; see candidate_names)."""
        self._acronyms = Acronyms(index)

    @property
    def threshold(self) -> float:
        return self.config.threshold

    @classmethod
    def from_store(
        cls,
        store: Store,
        *,
        lists: list[str] | tuple[str, ...] | None = None,
        cache_dir: Path | None = None,
        config: MatchConfig = DEFAULT_CONFIG,
        progress: BuildProgress | None = None,
    ) -> Matcher:
        """A matcher over the active versions of ``lists`` (all lists by default).

        With ``cache_dir``, the index is loaded from there when it was built for
        the same versions, else built (telling ``progress`` how far) and saved there.
        """
        versions = store.active_versions(lists)
        key = index_key([v.id for v in versions], _config_fingerprint(config))
        index = load_index(cache_dir, key) if cache_dir is not None else None
        if index is None and cache_dir is not None:
            index = build_index_with_forms(
                [(v.id, v.list_name) for v in versions],
                store.raw_entities,
                cache_dir=cache_dir,
                key=key,
                kind_weights=config.kind_weights,
                rarity_floor=config.rarity_floor,
                progress=progress,
                keep=[v.id for v in store.active_versions()],
            )
            save_index(index, cache_dir)
        elif index is None:
            index = build_index(
                ((v.list_name, store.raw_entities(v.id)) for v in versions),
                key=key,
                kind_weights=config.kind_weights,
                rarity_floor=config.rarity_floor,
                progress=progress,
            )
        return cls(index, config)

    # -- preparing queries -------------------------------------------------

    def prepare(self, name: str, schema: str | None = None) -> PreparedName:
        """The query name ready to score; InputError when nothing in it can be screened."""
        text = clean_query_name(name, self.config)
        prepared = prepare_name(
            text, schema=schema, kind_weights=self.config.kind_weights, rarity=self._rarity
        )
        if problem := unscreenable(prepared):
            raise InputError(problem)
        return prepared

    def prepare_cell(self, name: str, schema: str | None = None) -> list[PreparedName]:
        """The query name ready to score, then each name it holds when it holds several
        ("X t/a Y", "X (Y)": see ``split_cell``); InputError when the whole has nothing
        to screen."""
        whole = self.prepare(name, schema)
        return [whole, *self._prepare_aliases(split_cell(whole.text, schema=schema), schema)]

    def _prepare_aliases(
        self, aliases: tuple[str, ...] | list[str], schema: str | None
    ) -> list[PreparedName]:
        prepared = []
        for alias in aliases:
            try:
                prepared.append(self.prepare(alias, schema))
            except InputError:
                continue  # an alias with nothing to screen ("Ltd") adds no name to look for
        return prepared

    def candidates(
        self, name: str, *, schema: str | None = None, limit: int | None = None
    ) -> list[str]:
        """Entity ids of the listed parties the scorer would consider for ``name``."""
        prepared = self.prepare_cell(name, schema)
        ids: list[str] = []
        for name_id in candidate_names(
            self.index,
            prepared,
            limit=limit or self.config.candidate_limit,
            common_df=self.config.common_token_df,
            cache=self._neighbours,
            fetches=self._fetches,
        ):
            entity_id = self.index.parties[self.index.name_party[name_id]].entity_id
            if entity_id not in ids:
                ids.append(entity_id)
        return ids

    # -- matching -----------------------------------------------------------

    def match(
        self,
        query: Query | str,
        *,
        limit: int | None = 10,
        threshold: float | None = None,
        lists: tuple[str, ...] | list[str] | None = None,
        include_below: bool = False,
    ) -> list[Hit]:
        """Listed parties matching the query, best first; at most ``limit`` (None: all).

        Only hits at or above the threshold are returned unless ``include_below``.
        A name alone may be given as a string.
        """
        threshold = self.config.threshold if threshold is None else threshold
        scored = self._scored(
            as_query(query), threshold=threshold, lists=lists, include_below=include_below
        )
        # Explanations are written only for the hits returned.
        return [self._hit(s, threshold) for s in scored[:limit]]

    def match_all(
        self,
        query: Query | str,
        *,
        threshold: float | None = None,
        lists: tuple[str, ...] | list[str] | None = None,
    ) -> tuple[list[Hit], Hit | None]:
        """Every hit at or above the threshold, best first (none is left out, however many),
        and the best candidate below the threshold when there is no hit (for context)."""
        threshold = self.config.threshold if threshold is None else threshold
        scored = self._scored(as_query(query), threshold=threshold, lists=lists, include_below=True)
        hits = [self._hit(s, threshold) for s in scored if s.score >= threshold]
        if hits or not scored:
            return hits, None
        return hits, self._hit(scored[0], threshold)

    def _scored(
        self,
        wanted_party: Query,
        *,
        threshold: float,
        lists: tuple[str, ...] | list[str] | None,
        include_below: bool,
    ) -> list[_Scored]:
        """Candidates scored with the evidence features, best first (ties by entity id)."""
        schema, identifiers = wanted_party.schema, wanted_party.identifiers
        prepared = self.prepare_cell(wanted_party.name, schema)
        pieces = {id(p) for p in prepared[1:]}
        prepared += self._prepare_aliases(wanted_party.aliases, schema)
        query = Evidence(
            names=tuple(p.text for p in prepared),
            schema=schema,
            countries=normalise_countries(list(wanted_party.countries)),
            birth_date=wanted_party.birth_date,
            identifiers=tuple(identifiers),
            legal_form=ending_legal_form(prepared[0]),
        )
        index = self.index
        # A name score that no evidence could lift to the threshold is not worth asking
        # the features about (the margin covers the rounding of the final score).
        ceiling = None if include_below else evidence_ceiling(query, self.config)
        floor = -1.0 if ceiling is None else threshold - ceiling - 1e-4
        best: dict[int, tuple[NameScore, int]] = {}
        elsewhere: dict[int, bool] = {}
        """Parties listed under the query's own name in another place (see below), and
        whether that place ends the name rather than leads it."""
        for name_id in candidate_names(
            index,
            prepared,
            limit=self.config.candidate_limit,
            common_df=self.config.common_token_df,
            cache=self._neighbours,
            fetches=self._fetches,
        ):
            party_idx = index.name_party[name_id]
            listed = self._names.get(name_id)
            if listed is None:
                listed = self._names[name_id] = index.name(name_id)
            weak = is_weak_name(index.name_prop[name_id], index.parties[party_idx].schema)
            for q in prepared:
                result = self._score(q, listed, index.parties[party_idx].schema, floor)
                if result is None:
                    continue  # below the floor: the party would be left out for it
                if q is prepared[0] and in_another_place(result):
                    trailing = not place_leads(result)
                    elsewhere[party_idx] = elsewhere.get(party_idx, False) or trailing
                if weak:
                    result = cap_weak_alias(result, self.config)
                current = best.get(party_idx)
                if current is None or result.score > current[0].score:
                    best[party_idx] = (result, name_id)
        if schema != "Person":
            self._add_acronyms(prepared, best)
        for party_idx, trailing in elsewhere.items():
            # A party whose own name puts it in another place ('GRUPO FALCON DE PANAMA' for
            # 'Grupo Falcon de Dubai') is not met through a name without the place or a
            # name the query holds in parentheses ('GRUPO FALCON', '(CGNPC)'). A city
            # leading a name is where it is registered ('Hangzhou Hikvision'): then only
            # the names in parentheses are held back, and 'Hikvision UK' stays a branch.
            name_score, name_id = best[party_idx]
            piece = id(name_score.query) in pieces or name_score.held or name_score.acronym
            if (piece or trailing) and name_score.score > self.config.place_conflict_cap:
                capped = replace(
                    name_score, score=self.config.place_conflict_cap, places_conflict=True
                )
                best[party_idx] = (capped, name_id)
        for party_idx in identifier_parties(index, list(identifiers)):
            if party_idx not in best:
                name_id = index.name_party.index(party_idx)
                best[party_idx] = (
                    score_names(prepared[0], index.name(name_id), self.config),
                    name_id,
                )
        wanted = set(lists) if lists else None
        scored = []
        for party_idx, (name_score, name_id) in best.items():
            if name_score.score < floor:
                continue
            party = index.parties[party_idx]
            if wanted is not None:
                if not wanted & set(party.lists):
                    continue
                # A party on several lists shows only the listings of the lists asked for.
                party = only_lists(party, wanted)
            score, features = self._evidence(query, party, name_score)
            if score >= threshold or include_below:
                cell = prepared[0].text if id(name_score.query) in pieces else None
                prop = index.name_prop[name_id]
                scored.append(_Scored(score, party, name_score, prop, features, cell))
        scored.sort(key=lambda item: (-item.score, item.party.entity_id))
        return scored

    def _add_acronyms(
        self, prepared: list[PreparedName], best: dict[int, tuple[NameScore, int]]
    ) -> None:
        """Listed organisations whose name a query gives the initials of ("PLA")."""
        for query in prepared:
            for name_id, initials in self._acronyms.names_of(query):
                party_idx = self.index.name_party[name_id]
                listed = self.index.name(name_id)
                result = score_acronym(query, listed, initials, self.config)
                current = best.get(party_idx)
                if current is None or result.score > current[0].score:
                    best[party_idx] = (result, name_id)

    def _score(
        self, query: PreparedName, listed: PreparedName, schema: str, floor: float = -1.0
    ) -> NameScore | None:
        """The name score, or the score against the listed name cut short when the query
        may have been cut at a field width and that is higher; None when the name score
        cannot reach ``floor``."""
        result = score_names_at_least(query, listed, self.config, floor)
        below = result is None or result.score < self.config.truncation_score
        if below and at_field_width(query, self.config):
            # The cut name matters when it scores more than the whole one (which may
            # itself be below the floor yet say the names are in other places).
            least = floor if result is None else min(floor, result.score)
            cut = score_cut_short(query, listed, self.config, self._preparer(schema), least)
            if cut is not None and (result is None or cut.score > result.score):
                return cut
        return result

    def _preparer(self, schema: str) -> Callable[[str], PreparedName]:
        def prepare(text: str) -> PreparedName:
            return prepare_name(
                text, schema=schema, kind_weights=self.config.kind_weights, rarity=self._rarity
            )

        return prepare

    def _evidence(
        self, query: Evidence, party: ListedParty, name: NameScore
    ) -> tuple[float, list[FeatureResult]]:
        """The entity score: the name score adjusted by the evidence features."""
        features = [f for f in (feat(query, party, self.config) for feat in FEATURES) if f]
        contradiction = place_of_contradiction(name, party, self.config)
        lone = lone_common_word(name, query, party, self.config)
        if contradiction is None and name.branch and lone is None:
            features.append(possible_branch(name))
        caps = (
            contradiction,
            compound_name_half(name, self.config),
            given_name_differs(name, self.config),
            lone,
        )
        features.extend(without_stacking(name.score, [c for c in caps if c is not None]))
        if (person := company_on_person_name(query, party, name, self.config)) is not None:
            features.append(person)
        score = name.score + sum(f.adjustment for f in features)
        if any(f.decisive for f in features):
            score = max(score, self.config.identifier_score)
        return round(max(0.0, min(1.0, score)), 4), features

    def _hit(self, scored: _Scored, threshold: float) -> Hit:
        party, name, score = scored.party, scored.name, scored.score
        return Hit(
            entity_id=party.entity_id,
            caption=party.caption,
            schema=party.schema,
            score=score,
            match=score >= threshold,
            matched_name=name.listed.text,
            query_name=name.query.text,
            name_property=scored.prop,
            name_score=round(name.score, 4),
            lists=party.lists,
            listings=party.listings,
            features=tuple(scored.features),
            explanation=explain_hit(
                name, scored.prop, party, scored.features, score, threshold, cell=scored.cell
            ),
            records=party.records,
        )

    def compare(self, query_name: str, listed_name: str, *, schema: str | None = None) -> Score:
        """Score one pair of names with the scorer ``match`` uses (token rarity from the index)."""
        return compare(
            query_name, listed_name, schema=schema, config=self.config, rarity=self._rarity
        )


def compare(
    query_name: str,
    listed_name: str,
    *,
    schema: str | None = None,
    config: MatchConfig = DEFAULT_CONFIG,
    rarity: object = None,
) -> Score:
    """Score one pair of names. Without an index every name token counts as rare."""
    rarity_fn = rarity if callable(rarity) else uniform_rarity
    query = prepare_name(
        clean_query_name(query_name, config),
        schema=schema,
        kind_weights=config.kind_weights,
        rarity=rarity_fn,
    )
    listed = prepare_name(
        clean_query_name(listed_name, config),
        schema=schema,
        kind_weights=config.kind_weights,
        rarity=rarity_fn,
    )
    result = score_names(query, listed, config)
    score = round(result.score, 4)
    verdict = "match" if score >= config.threshold else "no match"
    explanation = (
        f"'{query.text}' vs '{listed.text}': {explain_names(result)}. "
        f"Score {score:.2f} against threshold {config.threshold:.2f}: {verdict}."
    )
    return Score(score, score >= config.threshold, explanation)


def as_query(query: Query | str) -> Query:
    """``query``, or a query of that name alone."""
    return Query(query) if isinstance(query, str) else query
