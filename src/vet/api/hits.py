"""Running one query through the matcher with the API's filters, and writing its hits.

/match, /search and /reconcile all come here, so a name scores the same whichever
endpoint asked, and the same as on the command line.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from vet.api.entities import PartyQuery, listing_model, merge_records
from vet.api.models import FeatureDoc, FeatureExplanation, ScoredEntityResponse
from vet.errors import InputError
from vet.scoring import Hit
from vet.scoring.features import FEATURE_NAMES, NAME_MATCH
from vet.service.state import ApiState

PROPERTY_WORDS = {
    "name": "name",
    "alias": "alias",
    "weakAlias": "weak alias",
    "previousName": "former name",
}
NAME_FEATURE = NAME_MATCH.name


FEATURE_DOCS: dict[str, FeatureDoc] = {
    feature.name: FeatureDoc(description=feature.description, settings=list(feature.settings))
    for feature in FEATURE_NAMES
}
"""What vet's scorer looks at, for the ``matcher`` field and /algorithms."""


@dataclass(frozen=True)
class HitFilters:
    """What a caller narrows results to, beyond the lists searched."""

    lists: tuple[str, ...]
    """Lists searched: a party on any of them can be a hit (as yente filters datasets)."""
    exclude_schemata: frozenset[str] = frozenset()
    schemata: frozenset[str] | None = None
    """Only parties of these schemata (None: any)."""
    topics: frozenset[str] = frozenset()
    exclude_ids: frozenset[str] = frozenset()
    changed: frozenset[str] | None = None

    @property
    def narrows(self) -> bool:
        """True when hits are dropped after matching, so more must be asked for."""
        return bool(
            self.exclude_schemata
            or self.topics
            or self.changed is not None
            or self.schemata is not None
        )

    def keep(self, hit: Hit, state: ApiState) -> bool:
        if hit.entity_id in self.exclude_ids:
            return False
        if hit.schema in self.exclude_schemata:
            return False
        if self.schemata is not None and hit.schema not in self.schemata:
            return False
        if self.changed is not None and hit.entity_id not in self.changed:
            return False
        if self.topics:
            party = state.party(hit.entity_id)
            return party is not None and bool(self.topics & set(party.topics))
        return True


def scope_filters(
    state: ApiState,
    dataset: str,
    *,
    include: list[str] | None = None,
    exclude: list[str] | None = None,
    exclude_schemata: list[str] | None = None,
    topics: list[str] | None = None,
    exclude_ids: list[str] | None = None,
    changed_since: str | None = None,
) -> HitFilters:
    """The filters of a request: the dataset's lists, narrowed as asked.

    As in yente, ``include`` intersects the dataset's lists and ``exclude`` removes
    lists from them: a party also listed on a list still searched is still found.
    """
    lists = state.lists_of(dataset)
    for name in [*(include or []), *(exclude or [])]:
        state.lists_of(name)  # NotFound for a list that is not served
    if include:
        lists = tuple(name for name in lists if name in include)
    excluded = frozenset(exclude or [])
    return HitFilters(
        lists=tuple(name for name in lists if name not in excluded),
        exclude_schemata=frozenset(exclude_schemata or []),
        topics=frozenset(topics or []),
        exclude_ids=frozenset(exclude_ids or []),
        changed=state.changed_since(read_date(changed_since)) if changed_since else None,
    )


def read_date(value: str) -> date:
    """A date from 'YYYY-MM-DD' or an ISO timestamp (its date part)."""
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise InputError(f"changed_since={value!r}: expected a date such as 2024-01-31") from None


def find_hits(
    state: ApiState,
    query: PartyQuery,
    filters: HitFilters,
    *,
    limit: int,
    threshold: float,
    cutoff: float,
) -> tuple[list[Hit], bool]:
    """Hits scoring at least ``min(cutoff, threshold)``, best first; and whether more exist."""
    if not filters.lists:
        return [], False
    floor = min(cutoff, threshold)
    asked = limit + len(filters.exclude_ids) + (limit * 4 + 20 if filters.narrows else 0)
    every_list = len(filters.lists) == len(state.served)
    hits = state.matcher.match(
        query.query,
        limit=asked + 1,
        threshold=threshold,
        lists=None if every_list else filters.lists,
        include_below=floor < threshold,
    )
    kept = [h for h in hits if h.score >= floor and filters.keep(h, state)]
    return kept[:limit], len(kept) > limit or len(hits) > asked


def explanations(hit: Hit) -> dict[str, FeatureExplanation]:
    """The hit's evidence, one entry per feature, keyed as yente keys them."""
    kind = PROPERTY_WORDS.get(hit.name_property, hit.name_property)
    found = {
        NAME_FEATURE: FeatureExplanation(
            score=hit.name_score,
            detail=f"'{hit.query_name}' met the listed {kind} '{hit.matched_name}'",
            query=hit.query_name,
            candidate=hit.matched_name,
        )
    }
    for feature in hit.features:
        found[feature.feature] = FeatureExplanation(
            score=1.0 if feature.decisive else round(feature.adjustment, 4),
            detail=feature.detail,
        )
    return found


def scored_entities(state: ApiState, hits: list[Hit]) -> list[ScoredEntityResponse]:
    """Response entities for hits, their properties read from the served list versions."""
    records = state.records([h.entity_id for h in hits])
    results = []
    for hit in hits:
        data = merge_records(records.get(hit.entity_id, []))
        explained = explanations(hit)
        results.append(
            ScoredEntityResponse(
                id=hit.entity_id,
                caption=hit.caption,
                schema=hit.schema,
                properties=data.get("properties", {}),
                datasets=list(hit.lists),
                target=True,
                score=hit.score,
                match=hit.match,
                features={name: e.score for name, e in explained.items()},
                explanations=explained,
                explanation=hit.explanation,
                listings=[listing_model(item) for item in hit.listings],
            )
        )
    return results
