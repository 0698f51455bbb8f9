"""One listed party across lists: join the records of the same party, saying why.

The same party comes once per list: OFAC and the UN and the UK, the Entity List and
the CMIC list, the CSL's copy of an SDN entry. :func:`resolve_records` groups such
records, strongest evidence first:

0. ``same record``: one record published on two lists under one id (an OFAC entry on
   the SDN and the non-SDN lists);
1. ``same UN reference``: records carrying the same UN Security Council reference
   number (``QDi.001``), as UK, EU, AU and CA records of UN-listed parties do;
2. ``same OFAC entity number``: the CSL's republished ``csl-306`` of OFAC's
   ``ofac-306`` (:func:`csl_twin`);
3. ``same <identifier>``: an IMO, passport, registration or other identifier;
4. ``same name and birth date`` (people) or ``same name and country`` (others): the
   same name once legal forms are set aside, with a shared birth date for people and
   a shared country for organisations.

Two records are never joined when their types differ (a person and a company),
their birth dates contradict, or they are two entries of one published list (the
publisher keeps them apart on purpose): a join that would bring two entries of one
list together is refused, whatever the evidence.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from vet.names.tokens import NameForm, tokenise

_CSL_TREASURY_ID = re.compile(r"csl-(\d+)")
ORGANISATIONS = frozenset({"Organization", "Company", "LegalEntity", "PublicBody"})


class ListingLike(Protocol):
    @property
    def list_name(self) -> str: ...
    @property
    def programs(self) -> tuple[str, ...]: ...


class RecordLike(Protocol):
    """A listed record as the index collects it."""

    @property
    def entity_id(self) -> str: ...
    @property
    def schema(self) -> str: ...
    @property
    def birth_dates(self) -> tuple[str, ...]: ...
    @property
    def countries(self) -> frozenset[str]: ...
    @property
    def identifiers(self) -> frozenset[str]: ...
    @property
    def listings(self) -> Sequence[ListingLike]: ...


@dataclass(frozen=True)
class Join:
    """``record`` is the same party as ``party`` (the group's first record), by ``rule``."""

    record: str
    party: str
    rule: str


def csl_twin(entity_id: str, ids: set[str] | Mapping[str, object]) -> str | None:
    """The OFAC record a CSL row republishes (``csl-306`` -> ``ofac-306``), if present."""
    match = _CSL_TREASURY_ID.fullmatch(entity_id)
    if match is None:
        return None
    twin = f"ofac-{match.group(1)}"
    return twin if twin in ids else None


def list_entries(record: RecordLike) -> frozenset[str]:
    """The published lists a record is an entry of (CSL rows by their source list)."""
    return frozenset(
        f"{item.list_name}:{item.programs[0]}"
        if item.list_name == "us_csl" and item.programs
        else item.list_name
        for item in record.listings
    )


def kind(schema: str) -> str:
    return "org" if schema in ORGANISATIONS else schema


def birth_years(record: RecordLike) -> set[str]:
    return {d[:4] for d in record.birth_dates if len(d) >= 4}


def contradicts(a: RecordLike, b: RecordLike) -> bool:
    """Different kinds of party, or birth years known on both sides and disjoint."""
    return _contradicts(_facts(a), _facts(b))


_Facts = tuple[str, str, set[str]]
"""A record's schema, kind and birth years: what :func:`contradicts` compares."""


def _facts(record: RecordLike) -> _Facts:
    return record.schema, kind(record.schema), birth_years(record)


def _contradicts(a: _Facts, b: _Facts) -> bool:
    if a[1] != b[1] and "LegalEntity" not in (a[0], b[0]):
        return True
    return bool(a[2] and b[2] and not a[2] & b[2])


def name_key(name: str, schema: str) -> str:
    """The name's words, legal forms set aside, in sorted order (places kept)."""
    return form_key(tokenise(name, schema=schema))


def form_key(form: NameForm) -> str:
    """:func:`name_key` of a name already tokenised."""
    words = sorted(t.text for t in form.tokens if t.kind != "legal")
    return " ".join(words) if len(words) >= 2 else ""


class _Groups:
    """Union-find over records that keeps two entries of one list apart."""

    def __init__(self, records: Sequence[RecordLike]) -> None:
        self.parent = list(range(len(records)))
        self.members = [[i] for i in range(len(records))]
        self.entries = [set(list_entries(r)) for r in records]
        self.rule: dict[int, str] = {}
        """Why each joined record is in its group: the rule of the join that brought it."""

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int, rule: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb or self.entries[ra] & self.entries[rb]:
            return
        if rb < ra:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.entries[ra] |= self.entries[rb]
        for member in self.members[rb]:
            self.rule.setdefault(member, rule)
        self.members[ra].extend(self.members[rb])
        self.members[rb] = []


def resolve_records(
    records: Sequence[RecordLike],
    *,
    names: Sequence[Iterable[str]],
    un_references: Sequence[Iterable[str]],
    key_of: Callable[[str, str], str] = name_key,
) -> dict[str, Join]:
    """Joins of records into listed parties: record id -> :class:`Join`, for joined ones.

    ``names`` and ``un_references`` are aligned with ``records``; ``key_of`` is
    :func:`name_key` or a memoised equivalent (the index tokenises each name anyway).
    Records are joined in rule order; the group's party id is its earliest record (list
    order as given).
    """
    groups = _Groups(records)
    ids = {r.entity_id: i for i, r in enumerate(records)}
    facts = [_facts(r) for r in records]  # once per record, not once per pair compared

    def attempt(a: int, b: int, rule: str) -> None:
        ours, theirs = groups.members[groups.find(a)], groups.members[groups.find(b)]
        if not any(_contradicts(facts[x], facts[y]) for x in ours for y in theirs):
            groups.join(a, b, rule)

    def by_key(keys: Iterable[tuple[str, int]], rule: str) -> None:
        buckets: dict[str, list[int]] = defaultdict(list)
        for key, i in keys:
            if key:
                buckets[key].append(i)
        for members in buckets.values():
            first, *rest = sorted(set(members))
            for other in rest:
                attempt(first, other, rule)

    by_key(((r.entity_id, i) for i, r in enumerate(records)), "same record")
    by_key(
        ((ref.strip().upper(), i) for i, refs in enumerate(un_references) for ref in refs),
        "same UN reference",
    )
    for i, record in enumerate(records):
        twin = csl_twin(record.entity_id, ids)
        if twin is not None:
            attempt(ids[twin], i, "same OFAC entity number")
    by_key(
        ((ident, i) for i, r in enumerate(records) for ident in sorted(r.identifiers)),
        "same identifier",
    )
    people = [
        (f"{key}|{year}", i)
        for i, r in enumerate(records)
        if r.schema == "Person"
        for key in sorted({key_of(n, r.schema) for n in names[i]} - {""})
        for year in sorted(birth_years(r))
    ]
    by_key(people, "same name and birth year")
    organisations = [
        (f"{key}|{country}", i)
        for i, r in enumerate(records)
        if kind(r.schema) == "org" or r.schema == "Vessel"
        for key in sorted({key_of(n, r.schema) for n in names[i]} - {""})
        for country in sorted(r.countries)
    ]
    by_key(organisations, "same name and country")

    joins: dict[str, Join] = {}
    for i, record in enumerate(records):
        root = groups.find(i)
        if root != i and record.entity_id != records[root].entity_id:
            joins[record.entity_id] = Join(
                record.entity_id, records[root].entity_id, groups.rule.get(i, "same party")
            )
    return joins
