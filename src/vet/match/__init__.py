"""Scoring queries against listed parties, with explanations."""

from vet.match.config import DEFAULT_CONFIG, MatchConfig
from vet.match.features import FEATURES, FeatureResult, Query
from vet.match.matcher import Hit, Matcher, Score, compare
from vet.match.scorer import NameScore, score_names

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
