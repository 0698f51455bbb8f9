"""Short forms of given names from vet's table, without building rigour's tagger."""

from __future__ import annotations

import random
from typing import Any

import pytest

from vet.names.given_names import _table, name_ids, rigour_name_ids
from vet.names.personal_names import is_personal_name
from vet.names.variants import same_given_name
from vet.scoring.matcher import compare


@pytest.fixture
def no_person_tagger(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if anything asks rigour to analyse a name (8 s of CPU)."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("rigour's name analysis was called")

    monkeypatch.setattr("rigour.names.analyze._analyze_names", refuse)


@pytest.mark.usefixtures("no_person_tagger")
@pytest.mark.parametrize(
    ("query", "listed", "matched"),
    [
        ("Ted Kaczynski", "Theodore Kaczynski", True),
        ("Bill Clinton", "William Clinton", True),
        # rigour does not pair Bibi with Benjamin, nor does the table.
        ("Bibi Netanyahu", "Benjamin Netanyahu", False),
    ],
)
def test_short_given_names_through_the_matcher(query: str, listed: str, matched: bool) -> None:
    score = compare(query, listed, schema="Person")
    assert score.match is matched
    assert ("(same given name)" in score.explanation) is matched


@pytest.mark.usefixtures("no_person_tagger")
def test_personal_names_and_words_outside_the_table() -> None:
    assert is_personal_name("martin") and is_personal_name("johnson")
    assert not is_personal_name("hikvision")
    # rigour knows "zmitser" (Belarusian Dmitry) but the table lacks it: no name ids.
    assert name_ids("zmitser") == frozenset()
    assert not is_personal_name("zmitser")
    assert not same_given_name("zmitser", "dmitri")


@pytest.mark.slow
def test_table_agrees_with_rigour() -> None:
    """On a sample of the table, rigour knows each word as a name and gives it the ids
    the table holds; the ids it gives and the table leaves out belong to no other word
    of the table, so no pair of words is answered differently."""
    words = sorted(_table())
    in_table = {i for w in words for i in name_ids(w)}
    for word in random.Random(15).sample(words, 2000):
        given = rigour_name_ids(word)
        assert given, word
        assert name_ids(word) == given & in_table, word
    for word in ("hikvision", "huawei", "rosneft"):
        assert not rigour_name_ids(word) and not is_personal_name(word)
