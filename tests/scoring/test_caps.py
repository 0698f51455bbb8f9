"""Caps on a name score do not add up: a name that two rules cap ends at the lower cap,
and each rule's line in the explanation says how much it lowered the score."""

from __future__ import annotations

import pytest

from vet.scoring.features import (
    COMPOUND_NAME_HALF,
    GIVEN_NAME_DIFFERS,
    FeatureResult,
    without_stacking,
)


def cap(feature: str, cap_at: float, score: float) -> FeatureResult:
    return FeatureResult(feature, min(0.0, cap_at - score), f"capped at {cap_at}")


def test_two_caps_end_at_the_lower_one_not_below_it() -> None:
    score = 0.95
    caps = [cap(COMPOUND_NAME_HALF.name, 0.75, score), cap(GIVEN_NAME_DIFFERS.name, 0.70, score)]
    kept = without_stacking(score, caps)
    # Added up as before, 0.95 - 0.20 - 0.25 = 0.50: lower than either rule asks.
    assert score + sum(c.adjustment for c in kept) == pytest.approx(0.70)
    assert [c.adjustment for c in kept] == pytest.approx([-0.20, -0.05])
    assert [c.feature for c in kept] == [COMPOUND_NAME_HALF.name, GIVEN_NAME_DIFFERS.name]


def test_a_higher_cap_after_a_lower_one_changes_nothing() -> None:
    score = 0.95
    caps = [cap(GIVEN_NAME_DIFFERS.name, 0.70, score), cap(COMPOUND_NAME_HALF.name, 0.75, score)]
    kept = without_stacking(score, caps)
    assert [c.adjustment for c in kept] == pytest.approx([-0.25, 0.0])


def test_a_score_already_below_every_cap_stays() -> None:
    kept = without_stacking(0.6, [cap(GIVEN_NAME_DIFFERS.name, 0.70, 0.6)])
    assert [c.adjustment for c in kept] == [0.0]
