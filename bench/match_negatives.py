"""Innocent names for the matching benchmark: people and companies on no list.

Two kinds:

- **innocent**: realistic names from ``faker`` in several locales and scripts (Latin, Cyrillic,
  Han, Arabic, Japanese), plus Latin renderings of Russian names and Chinese company names, and
  company names built from generic words ("Schmidt Trading GmbH"), the usual false alarms.
- **near misses**: a name sharing exactly one distinctive word with a listed name: listed
  "Ali Hassan Al-Majid" -> "Ali Roberts"; listed "Hikvision Digital Technology" -> "Digital
  Ocean Technology". For companies the shared word is one at least three listed parties use,
  so it is a word ("Digital"), not a brand ("Hikvision") that would rightly raise a hit.

A candidate is dropped when it could be a listed party under another spelling:

- when some listed name contains every one of its distinctive words, compared by a crude
  consonant skeleton (Mohammed = Muhammad = mhmd). Dropping a middle name is a benign
  variation the matcher must catch, so "Ali Hassan" cannot be innocent when "Ali Hassan
  Al-Majid" is listed;
- when it is spelt almost like a listed name (its words, sorted, at least 85% similar:
  "Kathryn Smith" and a listed "Katrina Smitch"), which an analyst would want to see.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

import icu
from faker import Faker
from pypinyin import lazy_pinyin
from rapidfuzz import fuzz, process

from match_text import GENERIC_WORDS, ascii_words, is_latin

LOCALES = (
    "en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "ru_RU", "zh_CN", "ar_AA", "ja_JP",
    "tr_TR", "en_PK", "en_IN",
)  # fmt: skip
LATIN_LOCALES = ("en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "tr_TR", "en_PK", "en_IN")
_GENERIC_COMPANY_WORDS = [
    "Trading", "Technology", "Group", "International", "Holdings", "Solutions", "Logistics",
    "Industries", "Global", "Engineering",
]  # fmt: skip
_COMPANY_FORMS = ["Ltd", "Limited", "LLC", "Inc.", "GmbH", "S.A.", "Co., Ltd.", "PLC", "B.V."]
_COMPANY_NOUNS = ["Ocean", "Summit", "Bridge", "River", "Harbour", "Pioneer", "Falcon",
                  "Crescent", "Maple", "Horizon", "Beacon", "Cedar", "Granite", "Meridian",
                  "Orion", "Sterling", "Vertex", "Willow", "Coral", "Evergreen", "Lighthouse",
                  "Northwind", "Bluebird", "Redwood", "Silverline", "Keystone"]  # fmt: skip
_ZH_INDUSTRIES = {"科技": "Technology", "网络": "Network", "信息": "Information", "传媒": "Media"}
_AR_COMPANY_TAILS = ["للتجارة", "للمقاولات", "القابضة", "للخدمات اللوجستية"]
_CONSONANT_FOLDS = [("sch", "s"), ("ch", "c"), ("sh", "s"), ("kh", "h"), ("ph", "f"),
                    ("ck", "k"), ("q", "k"), ("c", "k"), ("z", "s"), ("w", "v"), ("j", "y"),
                    ("x", "ks")]  # fmt: skip


_PATRONYMIC = re.compile(r"(ovich|evich|ovna|evna|ovych|ivna)$", re.IGNORECASE)


@dataclass(frozen=True)
class Negative:
    name: str
    schema: str
    klass: str
    """innocent_person, innocent_company, near_miss_person or near_miss_company."""
    locale: str
    source_name: str | None = None
    """For near misses: the listed name it shares a word with."""


def skeleton(word: str) -> str:
    """A crude sound key: first letter, then consonants, spelling variants folded (mhmd)."""
    word = word.lower()
    for old, new in _CONSONANT_FOLDS:
        word = word.replace(old, new)
    if not word:
        return word
    tail = re.sub(r"[aeiouy]", "", word[1:])
    return re.sub(r"(.)\1+", r"\1", word[0] + tail)


def distinctive_keys(name: str) -> list[str]:
    """Skeletons of the name's words that are not generic (in ASCII, whatever the script)."""
    return [skeleton(w) for w in ascii_words(name) if w not in GENERIC_WORDS and w.isalpha()]


def full_key(name: str) -> tuple[str, ...]:
    return tuple(sorted(skeleton(w) for w in ascii_words(name)))


class ListedWords:
    """Which listed names contain which distinctive words, to tell innocent names from listed."""

    def __init__(self, names: Sequence[str], captions: Iterable[str]) -> None:
        """``names``: every name of every listed party; ``captions``: their primary names."""
        self.postings: dict[str, set[int]] = {}
        self.full: set[tuple[str, ...]] = set()
        for i, name in enumerate(names):
            self.full.add(full_key(name))
            for key in distinctive_keys(name):
                self.postings.setdefault(key, set()).add(i)
        self.spellings = sorted({" ".join(sorted(ascii_words(n))) for n in names})
        self.parties: dict[str, set[tuple[str, ...]]] = {}
        for caption in captions:
            for key in distinctive_keys(caption):
                self.parties.setdefault(key, set()).add(full_key(caption))

    def frequency(self, word: str) -> int:
        """How many listed parties (distinct primary names) use a word sounding like ``word``."""
        return len(self.parties.get(skeleton(word), ()))

    def resembles(self, name: str) -> bool:
        """Some listed name is spelt almost like ``name`` (sorted words 85% similar)."""
        spelling = " ".join(sorted(ascii_words(name)))
        return bool(spelling) and (
            process.extractOne(
                spelling, self.spellings, scorer=fuzz.ratio, processor=None, score_cutoff=85
            )
            is not None
        )

    def clashes(self, name: str) -> bool:
        """Some listed name could be ``name``: it contains all its distinctive words."""
        if full_key(name) in self.full:
            return True
        if self.resembles(name):
            return True
        keys = set(distinctive_keys(name))
        if not keys:
            return False
        postings = sorted((self.postings.get(k, set()) for k in keys), key=len)
        common = set(postings[0])
        for other in postings[1:]:
            common &= other
            if not common:
                return False
        return bool(common)


def _fakers(seed: int) -> dict[str, Faker]:
    """Fresh generators, one per locale, seeded: the same seed gives the same names."""
    out = {}
    for i, locale in enumerate(LOCALES):
        fake = Faker(locale)
        fake.seed_instance(seed * 1000 + i)
        out[locale] = fake
    return out


@cache
def _russian_to_latin() -> icu.Transliterator:
    return icu.Transliterator.createInstance("Russian-Latin/BGN")


def latin_chinese_company(fake: Faker, rng: random.Random) -> str:
    """A zh_CN company name romanised the way Chinese firms write it in English."""
    han = fake.company()
    industry = next((v for k, v in _ZH_INDUSTRIES.items() if k in han), "Trading")
    core = han.split("有限公司")[0]
    for k in _ZH_INDUSTRIES:
        core = core.replace(k, "")
    chunks = [core[i : i + 2] for i in range(0, len(core), 2)]
    words = ["".join(lazy_pinyin(c)).title() for c in chunks if c]
    return f"{' '.join(words)} {industry} {rng.choice(['Co., Ltd.', 'Company Limited'])}"


def innocent_person(fake: Faker, locale: str, rng: random.Random) -> tuple[str, str]:
    if locale == "ru_RU" and rng.random() < 0.5:
        return str(_russian_to_latin().transliterate(fake.name())), "ru_RU-Latn"
    if locale in LATIN_LOCALES and rng.random() < 0.8:
        return f"{fake.first_name()} {fake.last_name()}", locale
    return fake.name(), locale


def innocent_company(fake: Faker, locale: str, rng: random.Random) -> tuple[str, str]:
    if locale == "zh_CN" and rng.random() < 0.5:
        return latin_chinese_company(fake, rng), "zh_CN-Latn"
    if locale == "ar_AA":
        return f"شركة {fake.last_name()} {rng.choice(_AR_COMPANY_TAILS)}", locale
    if locale in LATIN_LOCALES and rng.random() < 0.3:
        generic = rng.choice(_GENERIC_COMPANY_WORDS)
        return f"{fake.last_name()} {generic} {rng.choice(_COMPANY_FORMS)}", locale
    return fake.company(), locale


def innocent_names(count: int, seed: int, listed: ListedWords) -> list[Negative]:
    """``count`` innocent names, people and companies, locales taken in turn."""
    rng = random.Random(f"innocent/{seed}")
    fakers = _fakers(seed)
    out: list[Negative] = []
    seen: set[str] = set()
    i = 0
    while len(out) < count and i < count * 20:
        locale = LOCALES[i % len(LOCALES)]
        person = i % 20 < 11  # 55% people; 20 and 13 locales are coprime, so all pairs occur
        i += 1
        make = innocent_person if person else innocent_company
        name, tag = make(fakers[locale], locale, rng)
        name = " ".join(name.split())
        if name.lower() in seen or listed.clashes(name):
            continue
        seen.add(name.lower())
        klass = "innocent_person" if person else "innocent_company"
        out.append(Negative(name, "Person" if person else "Company", klass, tag))
    return out


@dataclass(frozen=True)
class ListedName:
    """A listed name a near miss may borrow a word from."""

    name: str
    schema: str
    family: tuple[str, ...]
    """The words of the family name (persons), to keep the borrowed word in its role."""


def near_misses(
    count: int, seed: int, pool: Sequence[ListedName], listed: ListedWords
) -> list[Negative]:
    """``count`` names that share exactly one distinctive word with a listed name."""
    rng = random.Random(f"near/{seed}")
    fakers = _fakers(seed + 1)
    persons = sorted((p for p in pool if p.schema == "Person"), key=lambda p: p.name)
    orgs = sorted((p for p in pool if p.schema != "Person"), key=lambda p: p.name)
    out: list[Negative] = []
    seen: set[str] = set()
    attempts = 0
    while len(out) < count and attempts < count * 50 and (persons or orgs):
        attempts += 1
        person = bool(persons) and (not orgs or len(out) % 2 == 0)
        source = rng.choice(persons if person else orgs)
        fake = fakers[rng.choice(LATIN_LOCALES)]
        name = _near_person(source, fake, rng) if person else _near_org(source, fake, rng, listed)
        if name is None or name.lower() in seen or listed.clashes(name):
            continue
        shared = set(distinctive_keys(name)) & set(distinctive_keys(source.name))
        if len(shared) != 1:
            continue
        seen.add(name.lower())
        klass = "near_miss_person" if person else "near_miss_company"
        schema = "Person" if person else "Company"
        out.append(Negative(name, schema, klass, "listed+faker", source_name=source.name))
    return out


def _near_person(source: ListedName, fake: Faker, rng: random.Random) -> str | None:
    words = [
        w for w in re.findall(r"[^\W\d_]+", source.name) if len(w) >= 3 and w.lower() not in
        {"al", "el", "bin", "ben", "ibn", "abu", "abd", "van", "von", "der", "den"}
    ]  # fmt: skip
    words = [w for w in words if not _PATRONYMIC.search(w)]
    if not words or not is_latin(source.name):
        return None
    word = rng.choice(words).title()
    if word.upper() in (f.upper() for f in source.family):
        return f"{fake.first_name()} {word}"
    return f"{word} {fake.last_name()}"


def _near_org(
    source: ListedName, fake: Faker, rng: random.Random, listed: ListedWords
) -> str | None:
    words = [
        w
        for w in re.findall(r"[^\W\d_]+", source.name)
        if len(w) >= 4 and w.lower() not in GENERIC_WORDS and listed.frequency(w) >= 3
    ]
    if not words or not is_latin(source.name):
        return None
    word = rng.choice(words).title()
    other = fake.last_name() if rng.random() < 0.5 else rng.choice(_COMPANY_NOUNS)
    generic = rng.choice(_GENERIC_COMPANY_WORDS)
    form = rng.choice(_COMPANY_FORMS)
    template = rng.choice(["{w} {o} {g}", "{o} {w} {f}", "{w} {o} {g} {f}", "{o} {w} {g}"])
    return template.format(w=word, o=other, g=generic, f=form)
