"""Numbers as digits, abbreviations of business words, forms of one given name."""

from __future__ import annotations

import pytest

from vet.names import tokenise
from vet.names.numbers import words_as_digits
from vet.names.variants import abbreviates, same_given_name


@pytest.mark.parametrize(
    ("words", "digits"),
    [
        (["forty", "four", "holdings"], ["44", "holdings"]),
        (["first", "bank"], ["1", "bank"]),
        (["1st", "bank"], ["1", "bank"]),
        (["44th", "division"], ["44", "division"]),
        (["three", "rivers"], ["3", "rivers"]),
        (["twenty", "first", "century"], ["21", "century"]),
    ],
)
def test_words_as_digits(words: list[str], digits: list[str]) -> None:
    assert words_as_digits(words) == digits


def test_number_words_are_names_in_persons_names() -> None:
    assert [t.text for t in tokenise("Ten Sergey", schema="Person").tokens] == ["ten", "sergey"]
    assert tokenise("Forty-Four Ltd", schema="Company").tokens[0].text == "44"


@pytest.mark.parametrize(
    ("short", "long", "expected"),
    [
        ("intl", "international", True),
        ("mnfctrng", "manufacturing", True),
        ("dvlpmnt", "development", True),
        ("tech", "technology", True),
        ("eng", "engineering", True),
        ("corp", "corporation", True),
        ("mgmt", "management", True),
        ("natl", "national", True),
        ("iran", "information", False),  # a place, not a contraction
        ("wang", "wangluo", False),  # pinyin words are not abbreviated
        ("huawei", "holdings", False),
        ("machine", "machinery", False),  # a word of its own
        ("product", "products", False),
    ],
)
def test_abbreviates(short: str, long: str, expected: bool) -> None:
    assert abbreviates(short, long) is expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("ted", "theodore", True),
        ("bill", "william", True),
        ("sasha", "aleksandr", True),
        ("mohammed", "ali", False),
        ("patrick", "peter", False),
        # short forms from the nicknames table, either way round
        ("manny", "manuel", True),
        ("antonio", "tony", True),
        ("beth", "elizabeth", True),
        ("marty", "martin", True),
        ("joe", "joseph", True),
        # two letters that begin the full name, or two letters in a row of it
        ("ed", "edgar", True),
        ("al", "alexander", True),
        ("nan", "anna", True),
        ("kara", "carol", True),
        ("pip", "phillip", True),
        ("al", "ali", False),
        # pairs that table makes which are other people's names
        ("ivan", "john", False),
        ("wilma", "william", False),
        ("polly", "paul", False),
        ("ian", "john", False),
    ],
)
def test_same_given_name(a: str, b: str, expected: bool) -> None:
    assert same_given_name(a, b) is expected


@pytest.mark.parametrize(
    ("name", "tokens"),
    [
        ("Closed Joint Stock Cmpny Genbank", ["jsc:legal", "genbank:name"]),
        ("Lim Trading Crprtn", ["lim:name", "trading:generic", "corporation:legal"]),
        ("Acme Intl Mfg", ["acme:name", "intl:generic", "mfg:generic"]),
        # alone, a contraction is a name: the acronym 'CRP' (Cetnik Ravnagorski Pokret)
        ("CRP", ["crp:name"]),
    ],
)
def test_abbreviated_legal_and_business_words(name: str, tokens: list[str]) -> None:
    """Contracted legal-form words are read as legal forms; a clipped name ("Lim") is not."""
    form = tokenise(name, schema="Company")
    assert [f"{t.text}:{t.kind}" for t in form.tokens] == tokens
