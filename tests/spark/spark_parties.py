"""Party files for the Spark tests: real listed names with a typo, and innocent names.

Imported by the tests beside it (as ``tests/sources/parsed_helpers.py`` is).
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from faker import Faker

from vet.scoring import Matcher

HEADER = ["Customer ID", "Company Name", "Country", "Type", "Date of birth", "Notes"]
QUICK_LISTS = ("uk_ofsi", "un_sc")
"""Two real lists (5,689 listed parties) keep the quick tests quick; the slow test uses all."""


def misspell(name: str, rng: random.Random) -> str:
    """Swap two neighbouring letters inside the longest word."""
    words = name.split()
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[longest]
    if len(word) < 5:
        return name
    i = rng.randrange(1, len(word) - 2)
    words[longest] = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return " ".join(words)


def party_rows(matcher: Matcher, count: int, seed: int) -> list[list[str]]:
    """Half listed names (with a typo, country and birth date where listed), half innocent."""
    rng = random.Random(seed)
    fake = Faker(["en_GB", "de_DE", "ru_RU", "ar_AA", "zh_CN"])
    fake.seed_instance(seed)
    listed = rng.sample(matcher.index.parties, count // 2)
    rows = []
    for i, party in enumerate(listed):
        kind = "individual" if party.schema == "Person" else "company"
        country = sorted(party.countries)[0] if party.countries and i % 3 else ""
        born = party.birth_dates[0] if party.birth_dates and i % 2 else ""
        rows.append([f"L{i:04}", misspell(party.caption, rng), country, kind, born, ""])
    for i in range(count - len(listed)):
        name = fake.name() if i % 2 else fake.company()
        rows.append([f"N{i:04}", name, fake.country_code(), "", "", ""])
    rows[3][1] = f'{rows[3][1]}, "trading as" {rows[3][1].split()[0]}'
    rows[5][5] = "a note, with a comma"
    rows[7] = ["X0007", "", "GB", "", "", "name missing"]
    awkward = [rows[3], rows[5], rows[7]]
    plain = [row for row in rows if row not in awkward]
    rng.shuffle(plain)
    # The awkward rows come first: the local reader sniffs quoting from the file's first 8 KB.
    return awkward + plain


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path
