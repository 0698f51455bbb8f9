"""A labelled benchmark for name matching, built from the real listed entities in the store.

Deterministic for a given seed and store: it samples a few hundred listed persons and
organisations, stratified by origin (Arabic, Russian, Chinese, other) so that romanisation is
tested where it matters, and derives one query per variation class from each (see
``match_variations``); then it adds innocent names and near misses (see ``match_negatives``).

Each record says which listed entity the query should find. The same party is often listed
several times (OFAC's SDN list and the US Consolidated Screening List carry the same people
under different ids), so a record also lists every entity that carries the same name, and a
hit on any of them counts as found.

A variation is refused (and retried with another random choice, up to four times) when it

- changed nothing beyond case and spacing;
- is already a name of the expected party (except the original-script class, whose point is
  the list's own form): the benchmark measures spelling tolerance, not alias lookup;
- spells the name of another listed party, so the label would be ambiguous.

Run: ``python bench/match_dataset.py [--sample 300] [--seed 7] [--out FILE]`` writes the
records as JSON lines and prints counts per class.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from followthemoney.proxy import EntityProxy

from match_negatives import ListedName, ListedWords, innocent_names, near_misses
from match_romanisation import ARABIC_FAMILIES, segment_pinyin
from match_text import (
    content_words,
    is_latin,
    name_key,
    script_of,
    trivial_form,
    words,
)
from match_variations import CLASSES, Origin, Source, VariationClass

BENCH = Path(__file__).resolve().parent
DEFAULT_DB = f"sqlite:///{BENCH / 'out' / 'vet.db'}"
DEFAULT_OUT = BENCH / "out" / "match_dataset.jsonl"

SCHEMATA = ("Person", "Organization", "Company")
NAME_PROPS = ("name", "alias", "previousName")
COUNTRY_PROPS = ("country", "nationality", "citizenship", "birthCountry", "jurisdiction")
_ARABIC_COUNTRY_CODES = "sy iq ir af pk ye sa lb ps jo eg ly tn dz ma sd so ae qa kw bh om mr"
ARABIC_COUNTRIES = frozenset(_ARABIC_COUNTRY_CODES.split())
"""Arabic-script countries and their neighbours whose names romanise alike (Iran, Pakistan)."""
RUSSIAN_COUNTRIES = frozenset({"ru", "by"})
CHINESE_COUNTRIES = frozenset({"cn", "hk", "mo", "tw"})
FAMILY_FIRST_COUNTRIES = CHINESE_COUNTRIES | {"kp", "kr", "vn"}
_ARABIC_WORDS = frozenset(w for family in ARABIC_FAMILIES for w in family)
_PATRONYMIC = re.compile(r"(ovich|evich|ovna|evna|yich)\b", re.IGNORECASE)

STRATA: dict[tuple[Origin, bool], float] = {
    ("arabic", True): 0.18,
    ("arabic", False): 0.05,
    ("russian", True): 0.16,
    ("russian", False): 0.10,
    ("chinese", False): 0.16,
    ("chinese", True): 0.05,
    ("latin", True): 0.15,
    ("latin", False): 0.15,
}
"""Share of the sample per (origin, is a person): non-Latin origins are over-represented."""
SCRIPT_SHARE = 0.4
"""Share of each non-Latin stratum taken from entities whose list gives the original script."""


@dataclass(frozen=True)
class Listed:
    """What the benchmark needs of one listed entity."""

    entity_id: str
    schema: str
    names: tuple[str, ...]
    """name, alias and previousName values; the first is the primary name."""
    weak_names: tuple[str, ...]
    countries: tuple[str, ...]
    last_names: tuple[str, ...]
    female: bool

    @property
    def caption(self) -> str:
        return self.names[0] if self.names else ""


def listed_from_data(data: Mapping[str, Any]) -> Listed:
    """From an FtM entity dict (as the store keeps it)."""
    props: Mapping[str, list[str]] = data.get("properties", {})
    names: list[str] = []
    for prop in NAME_PROPS:
        names.extend(v for v in props.get(prop, []) if v not in names)
    countries = sorted({c for prop in COUNTRY_PROPS for c in props.get(prop, [])})
    return Listed(
        entity_id=str(data["id"]),
        schema=str(data["schema"]),
        names=tuple(names),
        weak_names=tuple(props.get("weakAlias", [])),
        countries=tuple(countries),
        last_names=tuple(props.get("lastName", [])),
        female="female" in props.get("gender", []),
    )


def listed_from_entities(entities: Iterable[EntityProxy]) -> list[Listed]:
    return [listed_from_data(e.to_dict()) for e in entities]


def load_listed(store: Any) -> list[Listed]:
    """Every listed party (target) of the store's active list versions."""
    return [
        listed_from_data(data)
        for version in store.active_versions()
        for data in store.raw_entities(version.id, targets_only=True)
    ]


# -- origins and sources -------------------------------------------------------------


def has_pinyin_word(name: str) -> bool:
    return any(segment_pinyin(m.group()) for m in content_words(name, 4))


def origin_of(item: Listed) -> Origin:
    """Where the name comes from, by the scripts the list gives, countries and name shape."""
    scripts = {script_of(n) for n in item.names}
    countries = set(item.countries)
    if "CJK" in scripts and has_pinyin_word(item.caption):
        return "chinese"
    if "CYRILLIC" in scripts or countries & RUSSIAN_COUNTRIES:
        return "russian"
    if "ARABIC" in scripts or countries & ARABIC_COUNTRIES:
        return "arabic"
    if countries & CHINESE_COUNTRIES and has_pinyin_word(item.caption):
        return "chinese"
    if item.schema == "Person":
        lower = {w.group().lower() for w in words(item.caption)}
        if _PATRONYMIC.search(item.caption):
            return "russian"
        if lower & _ARABIC_WORDS or re.search(r"\b[ae]l-", item.caption, re.IGNORECASE):
            return "arabic"
    return "latin"


def source_of(item: Listed) -> Source:
    name = item.caption
    return Source(
        entity_id=item.entity_id,
        name=name,
        schema=item.schema,
        origin=origin_of(item),
        countries=item.countries,
        script_names=tuple(n for n in item.names if not is_latin(n) and script_of(n) != "NONE"),
        female=item.female,
        family_first=(
            item.schema == "Person"
            and "," not in name
            and bool(set(item.countries) & FAMILY_FIRST_COUNTRIES)
        ),
    )


def eligible(item: Listed) -> bool:
    """Persons and organisations with a Latin primary name of 2+ words, not absurdly long."""
    name = item.caption
    if item.schema not in SCHEMATA or not is_latin(name) or len(name) > 150:
        return False
    count = len(words(name, 2))
    return count >= 2 and (item.schema != "Person" or count <= 7)


def sample_listed(listed: Sequence[Listed], size: int, seed: int) -> list[Listed]:
    """``size`` eligible entities, stratified by origin and type, one per distinct name."""
    rng = random.Random(f"sample/{seed}")
    strata: dict[tuple[Origin, bool], list[Listed]] = {k: [] for k in STRATA}
    for item in sorted((i for i in listed if eligible(i)), key=lambda i: i.entity_id):
        strata[(origin_of(item), item.schema == "Person")].append(item)
    for members in strata.values():
        rng.shuffle(members)
    chosen: list[Listed] = []
    keys: set[str] = set()

    def take(members: list[Listed], quota: int) -> None:
        while members and quota > 0 and len(chosen) < size:
            item = members.pop()
            key = name_key(item.caption)
            if key not in keys:
                keys.add(key)
                chosen.append(item)
                quota -= 1

    for (origin, person), share in STRATA.items():
        members = strata[(origin, person)]
        quota = round(size * share)
        if origin != "latin":
            # Lists that give the original script are a minority (UK, UN); without a nudge the
            # original-script and Cyrillic classes would have too few queries to measure.
            scripted = [i for i in members if source_of(i).script_names]
            before = len(chosen)
            take(scripted, round(quota * SCRIPT_SHARE))
            quota -= len(chosen) - before
            members[:] = [i for i in members if i not in set(chosen)]
        take(members, quota)
    leftovers = [i for members in strata.values() for i in members]
    rng.shuffle(leftovers)
    take(leftovers, size - len(chosen))
    return chosen


# -- records -----------------------------------------------------------------------


@dataclass(frozen=True)
class Record:
    """One benchmark query and its label."""

    query: str
    schema: str
    klass: str
    kind: str
    """benign, adversarial, degraded or negative."""
    expected_entity_id: str | None
    source_name: str | None
    accepted_ids: tuple[str, ...] = ()
    """Every listed entity a hit on which counts as found (the same name on several lists)."""
    origin: str | None = None
    locale: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "schema": self.schema,
            "class": self.klass,
            "kind": self.kind,
            "expected_entity_id": self.expected_entity_id,
            "source_name": self.source_name,
            "accepted_ids": list(self.accepted_ids),
            "origin": self.origin,
            "locale": self.locale,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Record:
        return cls(
            query=data["query"],
            schema=data["schema"],
            klass=data["class"],
            kind=data["kind"],
            expected_entity_id=data["expected_entity_id"],
            source_name=data["source_name"],
            accepted_ids=tuple(data.get("accepted_ids", ())),
            origin=data.get("origin"),
            locale=data.get("locale"),
        )


class Labeller:
    """Which listed entities a query may rightly find, and which variations to refuse."""

    def __init__(self, listed: Sequence[Listed]) -> None:
        self.by_key: dict[str, set[str]] = {}
        self.by_form: dict[str, set[str]] = {}
        for item in listed:
            for name in item.names:
                self.by_key.setdefault(name_key(name), set()).add(item.entity_id)
            for name in item.names + item.weak_names:
                self.by_form.setdefault(trivial_form(name), set()).add(item.entity_id)

    def accepted(self, item: Listed) -> frozenset[str]:
        """The entity and every entity listed under one of its (2+ word) names."""
        ids = {item.entity_id}
        for name in item.names:
            key = name_key(name)
            if len(key.split()) >= 2:
                ids |= self.by_key.get(key, set())
        return frozenset(ids)

    def refusal(
        self, query: str, source_name: str, accepted: frozenset[str], listed_ok: bool
    ) -> str | None:
        """Why ``query`` is no good as a variant of ``source_name``, or None."""
        form = trivial_form(query)
        if not form or form == trivial_form(source_name):
            return "unchanged"
        if not listed_ok and self.by_form.get(form, set()) & accepted:
            return "already listed"
        others = (
            self.by_key.get(name_key(query), set()) | self.by_form.get(form, set())
        ) - accepted
        if others:
            return "names another listed party"
        return None


def variant_records(
    item: Listed,
    labeller: Labeller,
    seed: int,
    classes: Sequence[VariationClass] = CLASSES,
) -> list[Record]:
    """One record per variation class that applies to ``item``'s primary name."""
    source = source_of(item)
    accepted = labeller.accepted(item)
    out: list[Record] = []
    for cls in classes:
        for attempt in range(4):
            rng = random.Random(f"{seed}/{item.entity_id}/{cls.name}/{attempt}")
            query = cls.vary(source, rng)
            if query is None:
                break
            if labeller.refusal(query, source.name, accepted, cls.listed_ok) is None:
                out.append(
                    Record(
                        query=query,
                        schema=item.schema,
                        klass=cls.name,
                        kind=cls.kind,
                        expected_entity_id=item.entity_id,
                        source_name=source.name,
                        accepted_ids=tuple(sorted(accepted)),
                        origin=source.origin,
                    )
                )
                break
    return out


def family_words(item: Listed) -> tuple[str, ...]:
    """The family-name words of a listed person (lastName, else before the comma, else last)."""
    if item.last_names:
        return tuple(m.group() for m in words(item.last_names[0]))
    if "," in item.caption:
        return tuple(m.group() for m in words(item.caption.split(",", 1)[0]))
    found = [m.group() for m in words(item.caption)]
    if not found:
        return ()
    first = source_of(item).family_first
    return (found[0],) if first else (found[-1],)


def negative_records(listed: Sequence[Listed], innocent: int, near: int, seed: int) -> list[Record]:
    """Innocent names and near misses, none of which a listed name could be."""
    index = ListedWords(
        [n for i in listed for n in i.names + i.weak_names], [i.caption for i in listed]
    )
    pool = [
        ListedName(i.caption, i.schema, family_words(i) if i.schema == "Person" else ())
        for i in listed
        if eligible(i)
    ]
    negatives = innocent_names(innocent, seed, index) + near_misses(near, seed, pool, index)
    return [
        Record(
            query=n.name,
            schema=n.schema,
            klass=n.klass,
            kind="negative",
            expected_entity_id=None,
            source_name=n.source_name,
            locale=n.locale,
        )
        for n in negatives
    ]


def build_dataset(
    listed: Sequence[Listed],
    *,
    sample: int = 300,
    seed: int = 7,
    negatives: int = 1000,
    near: int = 400,
    classes: Sequence[VariationClass] = CLASSES,
) -> list[Record]:
    """The benchmark: variants of ``sample`` listed entities, then innocents and near misses."""
    labeller = Labeller(listed)
    records: list[Record] = []
    for item in sample_listed(listed, sample, seed):
        records.extend(variant_records(item, labeller, seed, classes))
    records.extend(negative_records(listed, negatives, near, seed))
    return records


def write_jsonl(records: Iterable[Record], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record.to_json(), ensure_ascii=False) + "\n")


def read_jsonl(path: Path) -> list[Record]:
    with path.open(encoding="utf-8") as fh:
        return [Record.from_json(json.loads(line)) for line in fh if line.strip()]


def open_store(url: str) -> Any:
    """The store at ``url``, with the bundled lists imported on first use (about 30 s)."""
    from vet.store import Store, ensure_lists

    store = Store(url)
    ensure_lists(store)
    return store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default=DEFAULT_DB, help="store URL (default: %(default)s)")
    parser.add_argument("--sample", type=int, default=300, help="listed entities to vary")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--negatives", type=int, default=1000, help="innocent names")
    parser.add_argument("--near-misses", type=int, default=400, help="near-miss names")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    listed = load_listed(open_store(args.db))
    records = build_dataset(
        listed, sample=args.sample, seed=args.seed, negatives=args.negatives, near=args.near_misses
    )
    write_jsonl(records, args.out)
    counts = Counter((r.kind, r.klass) for r in records)
    for (kind, klass), n in sorted(counts.items()):
        print(f"{kind:12} {klass:20} {n:6}")
    print(f"{len(records)} records written to {args.out}")


if __name__ == "__main__":
    main()
