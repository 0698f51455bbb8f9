"""Scoring queries against listed parties, with explanations.

The names below load on first use (PEP 562), so that importing ``vet`` (which every
command does, ``vet --version`` included) does not pay for followthemoney and the
name tables until something is actually matched.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vet.scoring.config import DEFAULT_CONFIG, MatchConfig
    from vet.scoring.features import FEATURES, FeatureResult
    from vet.scoring.matcher import Hit, Matcher, Score, compare
    from vet.scoring.query import Query
    from vet.scoring.scorer import NameScore, score_names

_EXPORTS = {
    "DEFAULT_CONFIG": "vet.scoring.config",
    "MatchConfig": "vet.scoring.config",
    "FEATURES": "vet.scoring.features",
    "FeatureResult": "vet.scoring.features",
    "Query": "vet.scoring.query",
    "Hit": "vet.scoring.matcher",
    "Matcher": "vet.scoring.matcher",
    "Score": "vet.scoring.matcher",
    "compare": "vet.scoring.matcher",
    "NameScore": "vet.scoring.scorer",
    "score_names": "vet.scoring.scorer",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'vet.scoring' has no attribute {name!r}")
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
