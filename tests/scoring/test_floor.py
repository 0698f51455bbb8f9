"""Candidates ruled out before they are scored in full: never one that could reach the floor.

``score_names_at_least`` skips the scorer's rules for names that cannot score the floor
(the matcher's threshold less what evidence could add). A user would notice a skipped name
as a missing hit, so every pair of these names is checked at several floors: either the
full score is below the floor, or the same score comes back.
"""

from __future__ import annotations

import itertools

import pytest

from vet.index import PreparedName, prepare_name
from vet.scoring.config import DEFAULT_CONFIG
from vet.scoring.scorer import score_names, score_names_at_least

NAMES: list[tuple[str, str]] = [
    ("Hikvision UK Ltd", "Company"),
    ("Hangzhou Hikvision Digital Technology Co., Ltd.", "Company"),
    ("Bank of China (Hong Kong) Limited", "Company"),
    ("Bank of China (Singapore) Limited", "Company"),
    ("Industrial and Commercial Bank of Chad", "Company"),
    ("AL-QAIDA", "Organization"),
    ("Al Qaida", "Organization"),
    ("Alqaida", "Organization"),
    ("Shenzhen Huawei Aiss", "Company"),
    ("SHENZHEN HUAWEI AISSISTANT TECHNOLOGY CO LTD", "Company"),
    ("Mohammed Hussein Ali", "Person"),
    ("Ali Hussein Ali", "Person"),
    ("AKIMOV, Andrey Igorevich", "Person"),
    ("Andrei Akimov", "Person"),
    ("John Smith", "Person"),
    ("JOHN B. PRIDMORE-SMITH", "Person"),
    ("Ted Kaczynski", "Person"),
    ("Theodore KACZYNSKI", "Person"),
    ("Intl Mnfctrng Dvlpmnt Corp", "Company"),
    ("International Manufacturing Development Corporation", "Company"),
    ("Haikang Weishi", "Company"),
    ("Muhammad Said BKHYTN", "Person"),
    ("Martin AG & Co. KGaA", "Company"),
    ("Martin", "Person"),
]


def _prepared(text: str, schema: str) -> PreparedName:
    return prepare_name(text, schema=schema, kind_weights=DEFAULT_CONFIG.kind_weights)


@pytest.mark.parametrize("floor", [0.3, 0.6, 0.7, 0.8, 0.9])
def test_a_name_ruled_out_cannot_reach_the_floor(floor: float) -> None:
    names = [_prepared(text, schema) for text, schema in NAMES]
    ruled_out = 0
    for query, listed in itertools.permutations(names, 2):
        full = score_names(query, listed, DEFAULT_CONFIG)
        quick = score_names_at_least(query, listed, DEFAULT_CONFIG, floor)
        if quick is None:
            ruled_out += 1
            assert full.score < floor, (query, listed)
        else:
            assert quick == full
    assert ruled_out > 0  # the floor rules out unrelated names
