"""Explanations say only what is true, in the user's words.

Each claim an explanation makes about the two names is checked against the names as
written: a word it quotes or pairs is in one of them, a legal form is shown as the name
writes it ("Ltd", not the code ``llc`` it is compared by), and "written without spaces
the names agree" only when they do. A table of cases, then the same checks over many
real hits: queries made from the names of the bundled UK and UN lists.
"""

from __future__ import annotations

import itertools
import random
import re
import unicodedata

import pytest

from vet.bundle import bundled_lists, extract
from vet.scoring import Matcher, Query
from vet.scoring.matcher import compare
from vet.store import Store, import_path

LEGAL_FORMS = ["Ltd", "PLC", "KGaA", "GmbH", "LLC", "S.A.", "Co., Ltd.", "JSC", "AG"]


def fold(text: str) -> str:
    """Lower case without accents, for 'the word is in the name as written'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def letters(words: list[str]) -> str:
    return re.sub(r"[\W_]+", "", fold("".join(words)))


def agree_without_spaces(query: str, listed: str) -> bool:
    """Some order of one name's words, written without spaces or punctuation, holds the
    other's (a legal form or place may stand beside it)."""

    def spellings(name: str) -> set[str]:
        words = re.sub(r"[,]", " ", name).split()
        if len(words) > 5:
            return {letters(words)}
        return {letters(list(order)) for order in itertools.permutations(words)}

    return any(a in b or b in a for a in spellings(query) for b in spellings(listed) if a and b)


CLAIM_PATTERNS = {
    "only": re.compile(r"^'(?P<word>.+)' only in the (?P<side>query|listed name) \("),
    "pair": re.compile(r"^(?P<query>.+?) = (?P<listed>.+) \((?P<how>[^()]+)\)$"),
    "exact": re.compile(r"^(?P<word>.+) \(exact\)$"),
}


def name_claims(explanation: str) -> list[str]:
    """The claims about the names: the part after "(name score 0.91): " or the
    compare()'s "'a' vs 'b': ", up to the evidence, listing or score."""
    found = re.search(
        r"(?:\(name score [\d.]+\)|' vs '.*?'): (.*?)\. (?:Evidence|Listed|Score)", explanation
    )
    assert found, explanation
    return found.group(1).split("; ")


def false_claims(explanation: str, query: str, listed: str) -> list[str]:
    """Each claim of the explanation that the two names as written contradict."""
    q, lt = fold(query), fold(listed)
    wrong = []
    for claim in name_claims(explanation):
        if match := CLAIM_PATTERNS["only"].match(claim):
            side = q if match["side"] == "query" else lt
            if fold(match["word"]) not in side:
                wrong.append(claim)
        elif match := CLAIM_PATTERNS["pair"].match(claim):
            if fold(match["query"]) not in q or fold(match["listed"]) not in lt:
                wrong.append(claim)
        elif match := CLAIM_PATTERNS["exact"].match(claim):
            if fold(match["word"]) not in q or fold(match["word"]) not in lt:
                wrong.append(claim)
        elif claim == "written without spaces the names agree" and not agree_without_spaces(
            query, listed
        ):
            wrong.append(claim)
    return wrong


@pytest.mark.parametrize(
    ("query", "listed", "schema", "says"),
    [
        ("Mohammed Ali", "MOHAMMED, Wali", "Person", "'Wali' only in the listed name"),
        ("Hikvision UK Ltd", "Hikvision", "Company", "'Ltd' only in the query"),
        ("Sberbank PLC", "PJSC SBERBANK", "Company", "PLC = PJSC (same legal form)"),
        ("Acme Industrie KGaA", "Acme Industrie", "Company", "'KGaA' only in the query"),
        ("Al Qaida", "ALQAIDA", "Organization", "written without spaces the names agree"),
    ],
)
def test_explanations_use_the_names_words_and_claim_only_what_is_true(
    query: str, listed: str, schema: str, says: str
) -> None:
    explanation = compare(query, listed, schema=schema).explanation
    assert says in explanation
    assert false_claims(explanation, query, listed) == []
    for code in ("'llc'", "'jsc'", "'lp'", " llc ", " jsc "):
        assert code not in explanation


@pytest.fixture(scope="module")
def real_lists(tmp_path_factory: pytest.TempPathFactory) -> Matcher:
    """A matcher over the bundled UK and UN lists."""
    root = tmp_path_factory.mktemp("lists")
    store = Store(f"sqlite:///{root / 'vet.db'}")
    for item in bundled_lists():
        if item.list_name in ("uk_ofsi", "un_sc"):
            path = extract(item, root / item.list_name)
            import_path(store, path, kind=item.kind, list_name=item.list_name)
    return Matcher.from_store(store, cache_dir=root / "index")


def queries(matcher: Matcher, count: int, seed: int) -> list[tuple[str, str]]:
    """(name, schema) variants of listed names as users write them: with a legal form,
    a word dropped, words swapped, two words joined, a letter dropped."""
    rng = random.Random(seed)
    parties = [
        p for p in matcher.index.parties if p.caption.isascii() and len(p.caption.split()) >= 2
    ]
    made = []
    for party in rng.sample(parties, count):
        words = party.caption.replace(",", " ").split()
        organisation = party.schema != "Person"
        change = rng.randrange(5)
        if change == 0 and organisation:
            words.append(rng.choice(LEGAL_FORMS))
        elif change == 1 and len(words) > 2:
            del words[rng.randrange(len(words))]
        elif change == 2:
            words.reverse()
        elif change == 3:
            i = rng.randrange(len(words) - 1)
            words[i : i + 2] = [words[i] + words[i + 1]]
        else:
            i = rng.randrange(len(words))
            if len(words[i]) > 4:
                j = rng.randrange(1, len(words[i]) - 1)
                words[i] = words[i][:j] + words[i][j + 1 :]
        made.append((" ".join(words), party.schema))
    return made


@pytest.mark.slow
def test_every_claim_of_real_hits_holds_against_the_two_names(real_lists: Matcher) -> None:
    checked = 0
    wrong = []
    for name, schema in queries(real_lists, 600, seed=11):
        for hit in real_lists.match(Query.of(name, schema=schema), include_below=True, limit=5):
            if not hit.matched_name.isascii():
                continue  # words written in other scripts are compared in Latin letters
            checked += 1
            for claim in false_claims(hit.explanation, hit.query_name, hit.matched_name):
                wrong.append(f"{hit.query_name!r} vs {hit.matched_name!r}: {claim}")
    assert checked > 1000
    assert wrong == []
