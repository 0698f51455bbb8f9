"""Innocent names for the register benchmark's false-alarm rate: people and firms on no list.

Realistic names from ``faker`` in 16 locales (fixed seed), in the shapes party files hold:

- **one word**: a surname or a one-word firm ("Lefebvre", "Siemens"-like);
- **two words**: given and family name, or a two-word firm without legal form;
- **three+ words**: full names with middle names or a longer firm name without legal form;
- **legal form**: a firm with its legal form ("Schmidt GmbH", "株式会社山田" style names
  as the locale writes them).

A generated name that truly is on a list is removed: its words (ASCII, lower case, sorted,
``match_text.name_key``) equal those of a listed name. How many were removed is reported.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from faker import Faker

from match_text import LEGAL_FORMS, name_key, words

LOCALES = (
    "en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL", "pl_PL", "pt_BR", "tr_TR",
    "ru_RU", "zh_CN", "ja_JP", "ko_KR", "ar_AA", "fa_IR",
)  # fmt: skip
SHAPES = ("one word", "two words", "three+ words", "legal form")
_LEGAL_WORDS = frozenset(f.lower().strip(".") for f in LEGAL_FORMS) | {
    "gmbh", "ag", "kg", "sa", "sarl", "srl", "spa", "bv", "nv", "ltd", "llc", "inc", "plc",
    "sp. z o.o.", "ltda", "me", "eireli", "a.ş.", "ooo", "оао", "ооо", "зао", "пао", "ао",
    "ип", "нпо", "有限公司", "株式会社", "有限会社", "合同会社", "주식회사", "유한회사", "(주)",
    "شركة", "ltd.", "inc.", "s.a.", "s.l.", "s.p.a.", "s.r.l.", "b.v.", "n.v.", "e.v.",
}  # fmt: skip
_LEGAL_SCRIPT = re.compile(r"有限公司|株式会社|有限会社|合同会社|주식회사|유한회사|\(주\)|شركة")


@dataclass(frozen=True)
class Innocent:
    name: str
    schema: str
    locale: str
    shape: str


def shape_of(name: str) -> str:
    """One word, two words, three+ words, or legal form (a legal form anywhere)."""
    lower = name.lower()
    tokens = {t.strip(",.()") for t in lower.split()}
    if _LEGAL_SCRIPT.search(name) or tokens & _LEGAL_WORDS:
        return "legal form"
    count = len(words(name)) if " " in name.strip() else 1
    if count <= 1:
        return "one word"
    return "two words" if count == 2 else "three+ words"


def _person(fake: Faker, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.55:
        return f"{fake.first_name()} {fake.last_name()}"
    if roll < 0.85:
        return str(fake.name())
    return str(fake.last_name())


def _company(fake: Faker, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.5:
        return str(fake.company())
    if roll < 0.7:
        suffix = getattr(fake, "company_suffix", None)
        form = suffix() if suffix else rng.choice(["Ltd", "LLC"])
        return f"{fake.last_name()} {form}"
    if roll < 0.85:
        if rng.random() < 0.5:
            return str(fake.last_name())
        return str(fake.last_name()) + rng.choice(["tech", "soft", "tex", "ko", "net"])
    return f"{fake.last_name()} {fake.last_name()}"


def innocent_names(
    count: int, seed: int, listed_names: Iterable[str]
) -> tuple[list[Innocent], dict[str, int]]:
    """``count`` innocent names, locales in turn, half people; and how many were removed as
    listed, per locale."""
    listed_keys = {name_key(n) for n in listed_names}
    listed_keys.discard("")
    rng = random.Random(f"register-innocent/{seed}")
    fakers: list[Faker] = []
    for i, locale in enumerate(LOCALES):
        fake = Faker(locale)
        fake.seed_instance(seed * 1000 + i)
        fakers.append(fake)
    out: list[Innocent] = []
    removed: dict[str, int] = {}
    seen: set[str] = set()
    i = 0
    while len(out) < count and i < count * 5:
        locale, fake = LOCALES[i % len(LOCALES)], fakers[i % len(LOCALES)]
        person = (i // len(LOCALES)) % 2 == 0
        i += 1
        name = " ".join((_person if person else _company)(fake, rng).split())
        if not name or name.casefold() in seen:
            continue
        seen.add(name.casefold())
        if name_key(name) in listed_keys:
            removed[locale] = removed.get(locale, 0) + 1
            continue
        schema = "Person" if person else "Company"
        out.append(Innocent(name, schema, locale, shape_of(name)))
    return out, removed


def by_shape(items: Sequence[Innocent]) -> dict[str, int]:
    counts = {s: 0 for s in SHAPES}
    for item in items:
        counts[item.shape] += 1
    return counts
