"""Candidate retrieval over the active list versions, built per version set, cached on disk."""

from vet.index.build import (
    BuildProgress,
    Index,
    ListedParty,
    Listing,
    build_index,
    index_key,
    load_index,
    normalise_identifier,
    only_lists,
    save_index,
)
from vet.index.candidates import (
    Fetches,
    NeighbourKey,
    Neighbours,
    candidate_names,
    identifier_parties,
)
from vet.index.form_cache import build_index_with_forms
from vet.index.prepared import PreparedName, prepare_form, prepare_name, rarity_from_counts

__all__ = [
    "BuildProgress",
    "Fetches",
    "Index",
    "ListedParty",
    "Listing",
    "NeighbourKey",
    "Neighbours",
    "PreparedName",
    "build_index",
    "build_index_with_forms",
    "candidate_names",
    "identifier_parties",
    "index_key",
    "load_index",
    "normalise_identifier",
    "only_lists",
    "prepare_form",
    "prepare_name",
    "rarity_from_counts",
    "save_index",
]
