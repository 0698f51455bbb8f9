"""Near misses of the register benchmark (names that must NOT match), and the quoted table.

Each near-miss class derives, from one listed entity, a name a reviewer would call another
party at a glance:

- **near_place**: a sibling differing in its place: "Bank of China (Hong Kong) Limited" ->
  "Bank of China (Singapore) Limited". Refused when the name without the place is listed
  (then a hit is a branch of a listed party, which is right to show).
- **near_country**: a country swapped for a look-alike one: Bank of Armenia / America,
  Government of Estonia / Ethiopia, Iran / Iraq.
- **near_shared_word**: one common word shared with a listed name: a person's one-word alias
  in a company or person name ("Martin AG & Co. KGaA", "Mohammed Ali"), or one half of a
  double-barrelled family name ("John Smith" for "JOHN B. PRIDMORE-SMITH").
- **near_soundalike**: a real short surname whose consonant skeleton equals a listed short
  name's ("Dumas" / DEMOS, "Lecoq" / LKCK, "Launay" / LENA).
- **near_given_name**: a long Arabic name with its first given name replaced by another
  common one (a different person, the rest of the name alike).

Both refuse a query that is a listed name plus the place put in (``NearContext.branch_of``):
the issue keeps "<listed name> UK Ltd" against the listed "<name>" as a hit (a possible
branch or subsidiary), so such a query is no near miss. "Seoul Cham Holding Company" for a
listed "Damascus Cham Holding" is refused because "CHAM HOLDING" is listed too; a place
that says whose party it is ("of Chad", "Iraqi", "Iran's", a country before the name)
stays a swap.

``QUOTED`` is the hand-written table of the issue's own examples.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from faker import Faker
from rapidfuzz import fuzz

from match_dataset import Listed, origin_of
from match_negatives import skeleton
from match_text import LEGAL_FORMS, ascii_words, is_latin, match_case, name_key
from register_variants import ORG_SCHEMATA, Variant, given_names, latin_names

PLACES = [
    "Hong Kong", "Singapore", "Shanghai", "Beijing", "Shenzhen", "Dubai", "London", "Moscow",
    "Tehran", "Damascus", "Istanbul", "Frankfurt", "Paris", "Luxembourg", "Malaysia", "Macau",
    "Seoul", "Tokyo", "New York", "Cyprus", "Panama", "Zurich", "Geneva", "Vienna",
    "Kuala Lumpur", "Jakarta", "Bangkok", "Karachi", "Mumbai", "Minsk", "Kyiv", "Baku",
    "Yerevan", "Tbilisi", "Almaty", "Tashkent", "Beirut", "Baghdad", "Caracas", "Havana",
    "Sharjah", "Abu Dhabi", "Doha", "Muscat", "Riyadh", "Cairo", "Guangzhou", "Tianjin",
    "Dalian", "Qingdao", "Wuhan", "Chengdu", "Hamburg", "Milan", "Madrid", "Athens", "Sofia",
    "Bucharest", "Belgrade", "Riga", "Vilnius", "Tallinn", "Helsinki", "Stockholm", "Oslo",
    "St. Petersburg", "Novosibirsk", "Yekaterinburg", "Kazan", "Vladivostok", "Samara",
]  # fmt: skip
COUNTRY_PAIRS = [
    ("Armenia", "America"), ("Estonia", "Ethiopia"), ("Austria", "Australia"), ("Iran", "Iraq"),
    ("Niger", "Nigeria"), ("Guinea", "Guyana"), ("Slovakia", "Slovenia"), ("Gambia", "Zambia"),
    ("Mali", "Malta"), ("China", "Chad"), ("India", "Indonesia"), ("Libya", "Liberia"),
    ("Syria", "Serbia"), ("Cuba", "Aruba"), ("Iceland", "Ireland"), ("Sudan", "Sweden"),
    ("Korea", "Kenya"), ("Russia", "Rwanda"), ("Belarus", "Belize"), ("Lebanon", "Gabon"),
    ("Yemen", "Oman"), ("Iranian", "Iraqi"), ("Syrian", "Serbian"), ("Chinese", "Chilean"),
    ("Korean", "Kenyan"), ("Russian", "Rwandan"), ("Cuban", "Aruban"), ("Venezuela", "Slovenia"),
    ("Crimea", "Croatia"), ("Pakistan", "Kazakhstan"), ("Afghanistan", "Uzbekistan"),
    ("Myanmar", "Malawi"), ("Nicaragua", "Namibia"), ("Congo", "Togo"), ("Somalia", "Romania"),
]  # fmt: skip
ARABIC_GIVEN = [
    "Mohammed", "Ahmed", "Ali", "Hassan", "Hussein", "Omar", "Khalid", "Abdullah", "Ibrahim",
    "Youssef", "Mahmoud", "Mustafa", "Saleh", "Faisal", "Hamza", "Tariq", "Ziad", "Samir",
    "Nabil", "Walid", "Jamal", "Karim", "Rashid", "Said", "Bilal", "Anwar", "Majid", "Nasser",
]  # fmt: skip
SHARED_WORD_FORMS = ["{w} AG & Co. KGaA", "{w} GmbH", "{w} Ltd", "{w} & Sons Ltd", "{w} S.A.",
                     "{w} Trading LLC", "{w} Holding AG", "{w} Consulting Inc."]  # fmt: skip
BRANCH_WORDS = frozenset(w for form in LEGAL_FORMS for w in ascii_words(form)) | {"branch", "in"}
"""Words a branch's name may add besides its place: legal forms, "branch", "in"."""
OWNER_FORMS = frozenset({
    "iranian", "iraqi", "syrian", "serbian", "chinese", "chilean", "korean", "kenyan",
    "russian", "rwandan", "cuban", "aruban",
})  # fmt: skip
"""Country adjectives in ``COUNTRY_PAIRS``: "Iraqi Ministry of Petroleum" names the owner."""
OF_WORDS = frozenset({"of", "de", "du", "des", "del", "della", "di", "do", "da"})
"""Before a place, these name the owner: "Bank of China", "Grupo Falcon de Dubai"."""
SURNAME_LOCALES = ("fr_FR", "en_US", "en_GB", "de_DE", "it_IT", "es_ES", "nl_NL", "pt_BR")


class NearContext:
    """What the near-miss classes need to know of all listed names."""

    def __init__(self, listed: Sequence[Listed], seed: int) -> None:
        self.keys: set[str] = set()
        self.branch_keys = {_branch_key(ascii_words(n)) for item in listed for n in item.names}
        self.branch_keys.discard(frozenset())
        self.postings: dict[str, set[int]] = {}
        names = [n for item in listed for n in item.names + item.weak_names]
        for i, name in enumerate(names):
            self.keys.add(name_key(name))
            for word in set(ascii_words(name)):
                self.postings.setdefault(word, set()).add(i)
        self.one_word = sorted({
            n for item in listed if item.schema == "Person"
            for n in item.names + item.weak_names
            if re.fullmatch(r"[^\W\d_]{3,}", n) and is_latin(n)
        })  # fmt: skip
        self.fake = Faker(list(SURNAME_LOCALES))
        self.fake.seed_instance(seed)
        surnames: set[str] = set()
        for locale in SURNAME_LOCALES:
            for _ in range(1500):
                surnames.add(self.fake[locale].last_name())
        self.surnames = sorted(s for s in surnames if re.fullmatch(r"[A-Za-z]{4,7}", s))
        self.one_word_set = frozenset(self.one_word)
        self.surnames_by_skeleton: dict[str, list[str]] = {}
        for surname in self.surnames:
            self.surnames_by_skeleton.setdefault(skeleton(surname), []).append(surname)

    def listed(self, name: str) -> bool:
        return name_key(name) in self.keys

    def branch_of(self, query: str, place: str, country: bool = False) -> bool:
        """``query`` is a listed name (not a weak alias) plus ``place`` and legal forms, the
        place not written as the owner ("of Chad", "de Dubai", "Iraqi", "Iran's", or a
        ``country`` that leads the name: "Kenya Ryonha Machinery")."""
        m = re.search(rf"\b{re.escape(place)}\b", query, re.IGNORECASE)
        if m is None or place.lower() in OWNER_FORMS:
            return False
        before = ascii_words(query[: m.start()])
        if country and not [w for w in before if w not in BRANCH_WORDS]:
            return False
        if (before and before[-1] in OF_WORDS) or query[m.end() :].lower().startswith("'s"):
            return False
        added = set(ascii_words(place))
        return _branch_key(w for w in ascii_words(query) if w not in added) in self.branch_keys

    def contained(self, name: str) -> bool:
        """Some listed name contains every word of ``name``."""
        found = [self.postings.get(w, set()) for w in set(ascii_words(name))]
        if not found:
            return False
        common = set.intersection(*found)
        return bool(common)


def _branch_key(words: Iterable[str]) -> frozenset[str]:
    return frozenset(w for w in words if w not in BRANCH_WORDS)


def _swap(name: str, old: str, new: str) -> str | None:
    pattern = re.compile(rf"\b{re.escape(old)}\b", re.IGNORECASE)
    m = pattern.search(name)
    if m is None:
        return None
    return name[: m.start()] + match_case(m.group(), new) + name[m.end() :]


def near_place(item: Listed, rng: random.Random, ctx: NearContext) -> Variant | None:
    """A sibling in another place."""
    if item.schema not in ORG_SCHEMATA:
        return None
    for name in latin_names(item):
        found = [p for p in PLACES if re.search(rf"\b{re.escape(p)}\b", name, re.IGNORECASE)]
        if not found:
            continue
        place = rng.choice(found)
        other = rng.choice([p for p in PLACES if p != place])
        query = _swap(name, place, other)
        without = _swap(name, place, "")
        if (
            query
            and without
            and not ctx.listed(query)
            and not ctx.listed(without)
            and not ctx.branch_of(query, other)
        ):
            return Variant(query, "Company", f"{place} -> {other}")
    return None


def near_country(item: Listed, rng: random.Random, ctx: NearContext) -> Variant | None:
    """A country swapped for a look-alike."""
    if item.schema not in ORG_SCHEMATA:
        return None
    pairs = COUNTRY_PAIRS + [(b, a) for a, b in COUNTRY_PAIRS]
    for name in latin_names(item):
        found = [(a, b) for a, b in pairs if re.search(rf"\b{a}\b", name, re.IGNORECASE)]
        if found:
            old, new = rng.choice(found)
            query = _swap(name, old, new)
            if query and not ctx.listed(query) and not ctx.branch_of(query, new, country=True):
                return Variant(query, "Company", f"{old} -> {new}")
    return None


def is_family(name: str, m: re.Match[str]) -> bool:
    """The hyphenated word is the family name: before the comma, or last without one."""
    if "," in name:
        return m.end() <= name.index(",")
    return m.end() == len(name.rstrip())


def near_shared_word(item: Listed, rng: random.Random, ctx: NearContext) -> Variant | None:
    """A person's one-word alias in another name, or half a double-barrelled family name."""
    if item.schema not in ("Person", "LegalEntity"):
        return None
    singles = [n for n in item.names + item.weak_names if n in ctx.one_word_set]
    hyphened = [
        (n, m) for n in latin_names(item) for m in re.finditer(
            r"\b([A-Za-z]{3,})-([A-Za-z]{3,})\b", n) if is_family(n, m)
    ]  # fmt: skip
    if hyphened and (not singles or rng.random() < 0.3):
        name, m = rng.choice(hyphened)
        given = [g.group() for g in given_names(item, name) if not m.start() <= g.start() < m.end()]
        if not given:
            return None
        query = f"{given[0].title()} {rng.choice(m.groups()).title()}"
        if ctx.listed(query):
            return None
        return Variant(query, "Person", "half a double-barrelled name")
    if not singles:
        return None
    word = rng.choice(singles).title()
    if rng.random() < 0.5:
        query, form = rng.choice(SHARED_WORD_FORMS).format(w=word), "company, one-word alias"
        schema = "Company"
    else:
        first = ctx.fake[rng.choice(SURNAME_LOCALES)].first_name()
        query, form, schema = f"{first} {word}", "person, one-word alias", "Person"
    if ctx.listed(query) or ctx.contained(query):
        return None
    return Variant(query, schema, form)


def near_soundalike(item: Listed, rng: random.Random, ctx: NearContext) -> Variant | None:
    """A real surname whose consonant skeleton equals a short listed name's."""
    shorts = [n for n in item.names + item.weak_names if re.fullmatch(r"[A-Za-z]{4,6}", n)]
    if not shorts:
        return None
    short = rng.choice(shorts)
    key = skeleton(short)
    alike = [s for s in ctx.surnames_by_skeleton.get(key, []) if fuzz.ratio(
        s.lower(), short.lower()) < 80 and not ctx.listed(s)]  # fmt: skip
    if len(key) < 2 or not alike:
        return None
    return Variant(rng.choice(alike), "LegalEntity", f"{key}: {short}")


def near_given_name(item: Listed, rng: random.Random, ctx: NearContext) -> Variant | None:
    """A long Arabic name with another first given name."""
    if item.schema != "Person" or origin_of(item) != "arabic":
        return None
    names = [n for n in latin_names(item, 4)]
    if not names:
        return None
    name = rng.choice(names)
    given = given_names(item, name)
    if not given:
        return None
    m = given[0]
    if "-" in (name[m.end() : m.end() + 1], name[m.start() - 1 : m.start()]):
        return None
    others = [g for g in ARABIC_GIVEN if skeleton(g) != skeleton(m.group())]
    other = rng.choice(others)
    query = name[: m.start()] + match_case(m.group(), other) + name[m.end() :]
    if ctx.listed(query):
        return None
    return Variant(query, "Person", f"{m.group().title()} -> {other}")


NearVary = Callable[[Listed, random.Random, NearContext], Variant | None]
NEAR_CLASSES: dict[str, NearVary] = {
    "near_place": near_place,
    "near_country": near_country,
    "near_shared_word": near_shared_word,
    "near_soundalike": near_soundalike,
    "near_given_name": near_given_name,
}


# -- the issue's own examples ----------------------------------------------------------


@dataclass(frozen=True)
class Quoted:
    query: str
    schema: str
    expected: str | None
    """A listed name (compared by ``name_key``) or, ending in "*", its start; None: no match."""


QUOTED = [
    Quoted("Shenzhen Huawei Aiss", "Company", "Shenzhen Huawei A*"),
    Quoted("ZHONGHANG ELECTRONIC", "Company",
           "ZHONGHANG ELECTRONIC MEASURING INSTRUMENTS COMPANY LIMITED"),
    Quoted("Kalashnikov Concern JSC (Izhmash)", "Company", "Kalashnikov Concern"),
    Quoted("Kalashnikov Concern UK Ltd", "Company", "Kalashnikov Concern"),
    Quoted("华为技术有限公司", "Company", "Huawei Technologies Co., Ltd."),
    Quoted("بنك ملي إيران", "Company", "Bank Melli Iran"),
    Quoted("بنك ملي إيران", "LegalEntity", "Bank Melli Iran"),
    Quoted("PLA", "Company", "People's Liberation Army"),
    Quoted("Martin AG & Co. KGaA", "Company", None),
    Quoted("Mohammed Ali", "Person", None),
    Quoted("John Smith", "Person", None),
    Quoted("Dumas", "LegalEntity", None),
    Quoted("Lecoq", "LegalEntity", None),
    Quoted("Launay", "LegalEntity", None),
    Quoted("Bank of China (Singapore) Limited", "Company", None),
    Quoted("Industrial and Commercial Bank of Chad", "Company", None),
    Quoted("Bank of Armenia", "Company", None),
    Quoted("Government of Estonia", "Company", None),
    Quoted("Government of Ethiopia", "Company", None),
]  # fmt: skip


def resolve(expected: str, listed: Iterable[Listed]) -> list[Listed]:
    """The listed entities carrying ``expected`` (a name, or a start ending in "*")."""
    if expected.endswith("*"):
        start = expected[:-1].casefold()
        return [i for i in listed if any(n.casefold().startswith(start) for n in i.names)]
    key = name_key(expected)
    return [i for i in listed if any(name_key(n) == key for n in i.names)]
