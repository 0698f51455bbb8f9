"""Names written in other scripts reach the listed party, on the real bundled lists.

A register abroad writes a listed company or person in its own script: a Chinese
register "华为技术有限公司", an Arabic one "بنك ملي إيران", a Korean one "김정은",
an Ethiopian one "ዬቭጌኒ ቪክቶሮቪች ፕሪጎጂን". Each must find the listed party at the
default threshold, whatever schema (or none) the user gives, and the hit must
quote the user's own words.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from vet.scoring import Matcher, Query
from vet.store import Store, import_path

pytestmark = pytest.mark.slow

LISTS = ("us_ofac_sdn", "us_ofac_cons")


@pytest.fixture(scope="module")
def matcher(
    bundled: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Matcher]:
    """The bundled OFAC SDN and Consolidated lists, imported into a real store."""
    path = tmp_path_factory.mktemp("scripts") / "vet.db"
    store = Store(f"sqlite:///{path}")
    for name in LISTS:
        import_path(store, bundled[name], list_name=name)
    yield Matcher.from_store(store)
    store.close()


@pytest.mark.parametrize(
    ("query", "schema", "listed"),
    [
        # Chinese: 技术 is "Technologies", 有限公司 "Co., Ltd."
        ("华为技术有限公司", "Company", "HUAWEI TECHNOLOGIES CO., LTD."),
        ("华为技术有限公司", None, "HUAWEI TECHNOLOGIES CO., LTD."),
        # Arabic: بنك is "Bank"; found whether or not the user says it is a company
        ("بنك ملي إيران", "Company", "BANK MELLI IRAN"),
        ("بنك ملي إيران", "LegalEntity", "BANK MELLI IRAN"),
        ("بنك ملي إيران", None, "BANK MELLI IRAN"),
        # Persian spelling of the same bank
        ("بانک ملی ایران", None, "BANK MELLI IRAN"),
        # Korean: the family name as the lists spell it, McCune-Reischauer vowels
        ("김정은", "Person", "KIM, Jong Un"),
        # Ethiopic (Amharic): ጂ is "j", ች "ch"
        ("ዬቭጌኒ ቪክቶሮቪች ፕሪጎጂን", "Person", "PRIGOZHIN, Yevgeniy Viktorovich"),
    ],
)
def test_name_in_another_script_finds_the_listed_party(
    matcher: Matcher, query: str, schema: str | None, listed: str
) -> None:
    hits = matcher.match(Query.of(query, schema=schema), limit=10)
    matched = {h.matched_name for h in hits if h.match}
    assert listed in matched, [(h.matched_name, h.score) for h in hits]
    hit = next(h for h in hits if h.matched_name == listed)
    assert query in hit.explanation


@pytest.mark.parametrize(
    ("query", "schema", "listed"),
    [
        # Katakana, Thai, Khmer and Hangul spellings by ear of a listed person's name
        ("យេវហ្គេនី វិកតោរោវិច ព្រីហ្គោហ្ស៊ីន", "Person", "PRIGOZHIN, Yevgeniy Viktorovich"),
        ("ኢጎር ጌኦርጊዬቪች ኣርታሞኖቭ", "Person", "ARTAMONOV, Igor Georgiyevich"),
        # No word of these is one edit from or sounds (Metaphone) like a listed word: the
        # index fetches the listed name by the words' sound_fold ("prigojin", "prikochin").
        ("エフゲニー・ヴィクトロヴィチ・プリゴジン", "Person", "PRIGOZHIN, Yevgeniy Viktorovich"),
        ("เยฟเกนี วิคโตโรวิช ปรีโกชิน", "Person", "PRIGOZHIN, Yevgeniy Viktorovich"),
        ("예브게니 빅토로비치 프리고진", "Person", "PRIGOZHIN, Yevgeniy Viktorovich"),
        # Hangul has no f (ㅍ, read p) and writes "sh" as 샤, a final r as 슬
        ("가풀 엘샤니", "Person", "ELSHANI, Gafur"),
        ("무하마드 사이야흐 나슬", "Person", "NASR, Muhammad Sayyah"),
        ("탈랄 샤픽 마클루프", "Person", "MAKHLUF, Talal Shafiq"),
    ],
)
def test_name_written_by_ear_finds_the_listed_person(
    matcher: Matcher, query: str, schema: str, listed: str
) -> None:
    hits = matcher.match(Query.of(query, schema=schema), limit=10)
    # The party's best name may be another of its spellings (its Cyrillic alias).
    assert listed in {h.caption for h in hits if h.match}, [
        (h.caption, h.matched_name, h.score) for h in hits
    ]


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        # A Persian firm's own name written by sound in Arabic letters, its English words
        # translated: و is o and v, ي is i, ب is p (vet.names.abjad)
        ("شركة مورواريد للبتروكيماويات", "MORVARID PETROCHEMICAL"),
        ("سبهر الايرانية للتأمين للخدمات", "SEPEHR IRANIAN INSURANCE SERVICES"),
        ("فلاويك", "FLAVIC FZE"),
        ("سوليسه للطاقة", "SOLISE ENERGY FZE"),
    ],
)
def test_firm_name_written_by_sound_in_arabic_letters_finds_the_listed_firm(
    matcher: Matcher, query: str, listed: str
) -> None:
    hits = matcher.match(Query.of(query, schema="Company"), limit=10)
    assert listed in {h.matched_name for h in hits if h.match}, [
        (h.matched_name, h.score) for h in hits
    ]


def test_innocent_chinese_company_is_not_flagged(matcher: Matcher) -> None:
    """A made-up Shenzhen technology firm shares only generic words with listed ones."""
    assert not [
        h for h in matcher.match(Query.of("深圳市明达科技有限公司", schema="Company")) if h.match
    ]
