"""The register benchmark's labelled queries, with the frozen tuning / held-out split.

**Split rule (frozen before any tuning):** a listed party is *held-out* when
``int(sha256(name_key(primary name)).hexdigest(), 16) % 5 == 0``, else *tuning*.
``name_key`` is the ASCII words of the name, lower case, sorted (``match_text``): the same
party listed by several lists under one name (an OFAC entry and the CSL's copy have different
ids) falls on one side. Positives and near misses take the split of the listed party they
come from; innocent names the split of their own ``name_key``; the issue's quoted examples
are their own split, "quoted" (tuning has seen them).

Per class, listed parties are taken in a seeded order (one per distinct primary name) until
``per_class`` queries are made on each side; a query that spells another listed party's name
is refused (``match_dataset.Labeller``).
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from dataclasses import dataclass

from match_dataset import Labeller, Listed, Record
from match_text import name_key
from register_innocents import innocent_names
from register_near import NEAR_CLASSES, QUOTED, NearContext, resolve
from register_variants import CLASSES, Context, acronym_owners, widespread_words

SPLIT_RULE = "int(sha256(name_key(primary name)).hexdigest(), 16) % 5 == 0 -> held-out"
SPLITS = ("tuning", "held-out")
SCHEMATA = frozenset({"Person", "Organization", "Company", "LegalEntity"})
TRADE_NOUNS = [
    "Sunrise", "Bluebird", "Harbour", "Meadow", "Granite", "Silver Birch", "Golden Gate",
    "Northstar", "Riverside", "Oakwood", "Summit", "Lighthouse", "Evergreen", "Cedar",
    "Copperfield", "Pinecrest", "Kingfisher", "Starling", "Westbrook", "Juniper",
]  # fmt: skip
TRADE_TAILS = ["Traders", "Supplies", "Logistics", "Imports", "Marine Services", "Consulting",
               "Trading", "Distribution", "Freight", "Outfitters"]  # fmt: skip


@dataclass(frozen=True)
class RegisterRecord(Record):
    """A benchmark query with its split and, for innocents, its name shape."""

    split: str = "tuning"
    shape: str = ""
    form: str = ""
    """The form of the class the query takes ("width 20", "kana", ...)."""


def split_of(key: str) -> str:
    digest = int(hashlib.sha256(key.encode("utf-8")).hexdigest(), 16)
    return "held-out" if digest % 5 == 0 else "tuning"


def candidates(listed: Sequence[Listed], seed: int) -> list[Listed]:
    """Persons and organisations, one per distinct primary name, in a seeded order."""
    seen: set[str] = set()
    out = []
    for item in sorted(listed, key=lambda i: i.entity_id):
        key = name_key(item.caption)
        if item.schema in SCHEMATA and key and key not in seen:
            seen.add(key)
            out.append(item)
    random.Random(f"register/{seed}").shuffle(out)
    return out


def trade_names(ctx: NearContext) -> list[str]:
    """Innocent trade names ("Sunrise Traders") on no list."""
    names = [f"{n} {t}" for n in TRADE_NOUNS for t in TRADE_TAILS]
    return [n for n in names if not ctx.contained(n)]


def positive_records(
    pool: Sequence[Listed], labeller: Labeller, ctx: Context, per_class: int, seed: int
) -> list[RegisterRecord]:
    out: list[RegisterRecord] = []
    for klass, vary in CLASSES.items():
        counts = dict.fromkeys(SPLITS, 0)
        for item in pool:
            split = split_of(name_key(item.caption))
            if counts[split] >= per_class:
                if min(counts.values()) >= per_class:
                    break
                continue
            variant = vary(item, random.Random(f"{seed}/{klass}/{item.entity_id}"), ctx)
            if variant is None:
                continue
            accepted = labeller.accepted(item)
            if labeller.refusal(variant.query, item.caption, accepted, True) is not None:
                continue
            counts[split] += 1
            out.append(
                RegisterRecord(
                    query=variant.query,
                    schema=variant.schema,
                    klass=klass,
                    kind="register",
                    expected_entity_id=item.entity_id,
                    source_name=item.caption,
                    accepted_ids=tuple(sorted(accepted)),
                    split=split,
                    form=variant.form,
                )
            )
    return out


def near_records(
    pool: Sequence[Listed], ctx: NearContext, per_class: int, seed: int
) -> list[RegisterRecord]:
    out: list[RegisterRecord] = []
    for klass, vary in NEAR_CLASSES.items():
        counts = dict.fromkeys(SPLITS, 0)
        seen: set[str] = set()
        for item in pool:
            split = split_of(name_key(item.caption))
            if counts[split] >= per_class:
                if min(counts.values()) >= per_class:
                    break
                continue
            variant = vary(item, random.Random(f"{seed}/{klass}/{item.entity_id}"), ctx)
            if variant is None or variant.query.casefold() in seen:
                continue
            seen.add(variant.query.casefold())
            counts[split] += 1
            out.append(
                RegisterRecord(
                    query=variant.query,
                    schema=variant.schema,
                    klass=klass,
                    kind="negative",
                    expected_entity_id=None,
                    source_name=item.caption,
                    split=split,
                    form=variant.form,
                )
            )
    return out


def innocent_records(
    listed: Sequence[Listed], count: int, seed: int
) -> tuple[list[RegisterRecord], dict[str, int]]:
    names = [n for item in listed for n in item.names + item.weak_names]
    innocents, removed = innocent_names(count, seed, names)
    records = [
        RegisterRecord(
            query=i.name,
            schema=i.schema,
            klass="innocent",
            kind="negative",
            expected_entity_id=None,
            source_name=None,
            locale=i.locale,
            split=split_of(name_key(i.name) or i.name),
            shape=i.shape,
        )
        for i in innocents
    ]
    return records, removed


def quoted_records(listed: Sequence[Listed], labeller: Labeller) -> tuple[list[RegisterRecord],
                                                                          list[str]]:  # fmt: skip
    """The issue's examples; the names of those whose listed party is not on the lists."""
    out: list[RegisterRecord] = []
    missing: list[str] = []
    for quoted in QUOTED:
        if quoted.expected is None:
            out.append(
                RegisterRecord(
                    query=quoted.query,
                    schema=quoted.schema,
                    klass="quoted_near",
                    kind="negative",
                    expected_entity_id=None,
                    source_name=None,
                    split="quoted",
                )
            )
            continue
        found = resolve(quoted.expected, listed)
        if not found:
            missing.append(f"{quoted.query} -> {quoted.expected}")
            continue
        accepted = frozenset().union(*(labeller.accepted(i) for i in found))
        out.append(
            RegisterRecord(
                query=quoted.query,
                schema=quoted.schema,
                klass="quoted",
                kind="register",
                expected_entity_id=found[0].entity_id,
                source_name=shown_as(found[0], quoted.expected),
                accepted_ids=tuple(sorted(accepted)),
                split="quoted",
                form=f"schema {quoted.schema}",
            )
        )
    return out, missing


def shown_as(item: Listed, expected: str) -> str:
    """The party's caption, with the listed name the example names when that is another
    ("SHINING PATH (SL), listed as PEOPLE'S LIBERATION ARMY"): the reader sees why."""
    start = expected.rstrip("*").casefold()
    key = name_key(expected)
    for name in item.names:
        if name_key(name) == key or (expected.endswith("*") and name.casefold().startswith(start)):
            if name_key(name) != name_key(item.caption):
                return f"{item.caption}, listed as {name}"
            break
    return item.caption


@dataclass
class Dataset:
    records: list[RegisterRecord]
    removed_innocents: dict[str, int]
    missing_quoted: list[str]


def build_dataset(
    listed: Sequence[Listed], *, per_class: int = 200, innocents: int = 10_000, seed: int = 12
) -> Dataset:
    labeller = Labeller(listed)
    near_ctx = NearContext(listed, seed)
    ctx = Context(
        trade_names=trade_names(near_ctx),
        acronyms=acronym_owners(listed),
        english=widespread_words(listed),
    )
    pool = candidates(listed, seed)
    records = positive_records(pool, labeller, ctx, per_class, seed)
    records += near_records(pool, near_ctx, per_class, seed)
    quoted, missing = quoted_records(listed, labeller)
    innocent, removed = innocent_records(listed, innocents, seed)
    return Dataset(records + quoted + innocent, removed, missing)
