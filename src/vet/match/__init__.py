"""Scoring queries against listed parties, with explanations.

The names below load on first use (PEP 562), so that importing ``vet`` (which every
command does, ``vet --version`` included) does not pay for followthemoney and the
name tables until something is actually matched.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vet.match.config import DEFAULT_CONFIG, MatchConfig
    from vet.match.features import FEATURES, FeatureResult, Query
    from vet.match.matcher import Hit, Matcher, Score, compare
    from vet.match.scorer import NameScore, score_names

_EXPORTS = {
    "DEFAULT_CONFIG": "vet.match.config",
    "MatchConfig": "vet.match.config",
    "FEATURES": "vet.match.features",
    "FeatureResult": "vet.match.features",
    "Query": "vet.match.features",
    "Hit": "vet.match.matcher",
    "Matcher": "vet.match.matcher",
    "Score": "vet.match.matcher",
    "compare": "vet.match.matcher",
    "NameScore": "vet.match.scorer",
    "score_names": "vet.match.scorer",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'vet.match' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "DEFAULT_CONFIG",
    "FEATURES",
    "FeatureResult",
    "Hit",
    "MatchConfig",
    "Matcher",
    "NameScore",
    "Query",
    "Score",
    "compare",
    "score_names",
]
