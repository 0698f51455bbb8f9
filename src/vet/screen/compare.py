"""Where two authorities' lists disagree: the parties one lists and the other does not.

An *authority* is a jurisdiction of the lists in the store (``US``, ``UK``, ``EU``, ``AU``,
``CA``, ``UN``, ``user``) or one list named on its own. Each authority's records are first
grouped into parties: records of different lists with the same main name or a
shared identifier (an SDN entry and its copy on the Consolidated Screening List)
are one party, whatever their ids. Each party is then looked for among the other
authority's parties, in both directions (found either way means on both):

1. **identifier**: a strong identifier (IMO, passport, registration or tax number
   ..., normalised as the index does) is on both, and neither the kind of party
   nor the birth years contradict it;
2. **name**: the matcher, over the other authority's lists alone, meets one of the
   party's names (weak aliases aside) with a name score of at least 0.80 for
   people born on the same day, 0.90 for people whose birth years agree, and 0.95
   otherwise, when countries must also not contradict. The kind of party must
   agree and birth years must not be more than a year apart. Names of the same
   words are paired by lookup first; only the rest is searched.

Why these thresholds, stricter than screening's 0.80: both sides are official
records, and on the bundled US and UK lists (hand-checked samples of 30-40 pairs
per band) people with agreeing birth years were the same person in 29 of 30 pairs
scoring 0.90-0.95 but in only about 20 of 30 at 0.85-0.90, where brothers and
namesakes meet (Uday and Qusay Saddam Hussein al-Tikriti, Kim Chol Nam and Kim
Chol Sam). Born on the same day, 40 of 41 pairs at 0.80-0.90 were one person (one
list gives a patronymic, the other does not). Without birth years, half the pairs
at 0.90-0.95 were two parties (Sberbank and Sberbank-Service, Myanmar Economic
Corporation and Myanmar Economic Holdings), 32 of 40 at 0.95 and above were one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace

from vet.errors import InputError
from vet.index import Index, Listing
from vet.names import STRONG_KINDS
from vet.scoring import Hit, Matcher
from vet.scoring.query import Query
from vet.store import ListStatus, Store

TARGET_SCHEMATA = frozenset(
    {"Person", "Organization", "Company", "LegalEntity", "Vessel", "Airplane", "PublicBody"}
)
FAMILIES = {
    "Person": "person",
    "Organization": "organisation",
    "Company": "organisation",
    "PublicBody": "organisation",
    "Vessel": "vessel",
    "Airplane": "aircraft",
}
"""Kinds of party that cannot be one another. LegalEntity has none: BIS and State
Department rows without a type are people or firms."""
IDENTIFIER = "identifier"
NAME = "name"
WEAK_NAME = "weakAlias"

MatcherFor = Callable[[list[str]], Matcher]
"""Builds (or loads) a matcher over the named lists."""
Progress = Callable[[int, int], None]
"""Called with (parties searched, parties to search) as the search goes."""


@dataclass(frozen=True)
class CompareRules:
    """When a party of one authority counts as listed by the other."""

    same_birth_date_threshold: float = field(
        default=0.80,
        metadata={
            "help": "Name score at or above which people born on the same day match "
            "(a patronymic one list gives and the other does not costs ~0.1)."
        },
    )
    threshold: float = field(
        default=0.90,
        metadata={"help": "Name score at or above which people whose birth years agree match."},
    )
    strict_threshold: float = field(
        default=0.95,
        metadata={
            "help": "Name score needed without agreeing birth years (organisations, vessels, "
            "people with no year on one side); countries must then not contradict."
        },
    )
    birth_year_tolerance: int = field(
        default=1, metadata={"help": "Birth years this far apart still agree."}
    )
    candidate_limit: int = field(
        default=10,
        metadata={
            "help": "Listed names scored per search (screening scores 25). On the bundled "
            "US and UK lists 10 finds the same parties on both as 25 but one false pair, "
            "in 60% of the time."
        },
    )
    hits_per_party: int = field(
        default=5, metadata={"help": "Best hits of each search that are checked."}
    )


DEFAULT_RULES = CompareRules()


@dataclass(frozen=True)
class AuthorityLists:
    """An authority as compared: its code and the list versions that stand for it."""

    code: str
    lists: tuple[str, ...]
    versions: tuple[int, ...]


@dataclass(frozen=True)
class AuthorityParty:
    """A party as one authority lists it: its records on that authority's lists."""

    authority: str
    entity_ids: tuple[str, ...]
    caption: str
    schema: str
    names: tuple[str, ...]
    birth_dates: tuple[str, ...]
    countries: tuple[str, ...]
    identifiers: tuple[str, ...]
    listings: tuple[Listing, ...]

    @property
    def lists(self) -> tuple[str, ...]:
        return tuple(sorted({item.list_name for item in self.listings}))

    @property
    def programs(self) -> tuple[str, ...]:
        return tuple(sorted({p for item in self.listings for p in item.programs}))

    @property
    def listing_date(self) -> str | None:
        """The earliest listing date given by any of its lists."""
        dates = [item.listing_date for item in self.listings if item.listing_date]
        return min(dates) if dates else None


@dataclass(frozen=True)
class PartyPair:
    """A party on both: the first authority's record, the second's, and why they are one."""

    first: AuthorityParty
    second: AuthorityParty
    method: str
    """``identifier`` or ``name``."""
    score: float | None
    """The name score for a name match; None for an identifier match."""
    first_name: str
    second_name: str
    """The names (or the identifier) that met."""
    detail: str


@dataclass(frozen=True)
class AuthorityComparison:
    """The parties listed by the first authority only, the second only, and both."""

    first: AuthorityLists
    second: AuthorityLists
    first_only: tuple[AuthorityParty, ...]
    second_only: tuple[AuthorityParty, ...]
    both: tuple[PartyPair, ...]
    rules: CompareRules
    not_compared: tuple[str, ...] = ()
    """Entity ids asked for that are on neither authority's lists."""

    @property
    def first_on_both(self) -> int:
        return len({pair.first.entity_ids for pair in self.both})

    @property
    def second_on_both(self) -> int:
        return len({pair.second.entity_ids for pair in self.both})

    def count_by(self, method: str) -> int:
        return sum(1 for pair in self.both if pair.method == method)


# -- authorities --------------------------------------------------------------------


def resolve_authority(
    statuses: Sequence[ListStatus], code: str, lists: Collection[str] | None = None
) -> AuthorityLists:
    """The active lists of a jurisdiction (``US``, any case) or the one list named ``code``."""
    wanted = code.strip()
    chosen = [
        s
        for s in statuses
        if s.active is not None
        and (s.jurisdiction.upper() == wanted.upper() or s.name == wanted)
        and (lists is None or s.name in lists)
    ]
    if not chosen:
        active = [s for s in statuses if s.active is not None]
        known = sorted({s.jurisdiction for s in active})
        only = f" among --lists {', '.join(sorted(lists))}" if lists is not None else ""
        raise InputError(
            f"no active list for authority {wanted!r}{only}; authorities in the store: "
            f"{', '.join(known) or 'none'} (or a list name: "
            f"{', '.join(s.name for s in active) or 'none'})"
        )
    by_jurisdiction = chosen[0].jurisdiction.upper() == wanted.upper()
    return AuthorityLists(
        code=chosen[0].jurisdiction if by_jurisdiction else wanted,
        lists=tuple(s.name for s in chosen),
        versions=tuple(s.active.id for s in chosen if s.active is not None),
    )


# -- facts that must agree ------------------------------------------------------------


def _years(party: AuthorityParty) -> set[int]:
    return {int(d[:4]) for d in party.birth_dates if len(d) >= 4 and d[:4].isdigit()}


def _days(party: AuthorityParty) -> set[str]:
    # 1 January and 31 December stand in for unknown days (and bound "1984 to 1984" ranges).
    return {d for d in party.birth_dates if len(d) == 10 and not d.endswith(("-01-01", "-12-31"))}


def same_birth_date(a: AuthorityParty, b: AuthorityParty) -> str | None:
    """A full birth date (day, month, year) both give, else None."""
    shared = sorted(_days(a) & _days(b))
    return shared[0] if shared else None


def agreeing_birth_year(a: AuthorityParty, b: AuthorityParty, tolerance: int) -> int | None:
    """A birth year of ``a`` at most ``tolerance`` years from one of ``b``, else None."""
    second = _years(b)
    return next(
        (x for x in sorted(_years(a)) if any(abs(x - y) <= tolerance for y in second)), None
    )


def birth_years_agree(a: AuthorityParty, b: AuthorityParty, tolerance: int) -> bool | None:
    """Whether some birth years of the two are ``tolerance`` apart at most; None if one has none."""
    if not _years(a) or not _years(b):
        return None
    return agreeing_birth_year(a, b, tolerance) is not None


def countries_agree(a: AuthorityParty, b: AuthorityParty) -> bool | None:
    """Whether the two share a country; None if one gives none."""
    if not a.countries or not b.countries:
        return None
    return bool(set(a.countries) & set(b.countries))


def kinds_agree(a: AuthorityParty, b: AuthorityParty) -> bool | None:
    """Whether both are people, organisations, vessels or aircraft; None if one is untyped."""
    first, second = FAMILIES.get(a.schema), FAMILIES.get(b.schema)
    if first is None or second is None:
        return None
    return first == second


def judge_identifier(a: AuthorityParty, b: AuthorityParty, rules: CompareRules) -> bool:
    """A shared identifier makes one party unless the kind or the birth years say otherwise."""
    return (
        kinds_agree(a, b) is not False
        and birth_years_agree(a, b, rules.birth_year_tolerance) is not False
    )


def judge_name(
    a: AuthorityParty, b: AuthorityParty, score: float, rules: CompareRules
) -> str | None:
    """Why a name match with ``score`` makes one party (a sentence), or None when it does not."""
    if kinds_agree(a, b) is False:
        return None
    years = birth_years_agree(a, b, rules.birth_year_tolerance)
    if years is False:
        return None
    day = same_birth_date(a, b)
    if day is not None:
        needed, evidence = rules.same_birth_date_threshold, f"born on the same day ({day})"
    elif years:
        year = agreeing_birth_year(a, b, rules.birth_year_tolerance)
        needed, evidence = rules.threshold, f"birth years agree ({year})"
    else:
        countries = countries_agree(a, b)
        if countries is False:
            return None
        needed = rules.strict_threshold
        if countries:
            shared = ", ".join(sorted(set(a.countries) & set(b.countries)))
            evidence = f"countries agree ({shared})"
        else:
            evidence = "no birth year or country on both to compare"
    if score < needed:
        return None
    return f"name score {score:.2f} (at least {needed:.2f}); {evidence}"


# -- grouping an authority's records into parties -----------------------------------


class _Side:
    """One authority: its matcher, its records grouped into parties, lookups by id."""

    def __init__(self, lists: AuthorityLists, matcher: Matcher, rules: CompareRules) -> None:
        self.matcher = matcher
        index = matcher.index
        names: dict[int, list[tuple[str, str, tuple[str, ...]]]] = defaultdict(list)
        keys: dict[int, dict[tuple[str, ...], str]] = defaultdict(dict)
        for name_id, party_idx in enumerate(index.name_party):
            prepared = index.name(name_id)
            prop = index.name_prop[name_id]
            names[party_idx].append((prepared.text, prop, prepared.tokens))
            if prop != WEAK_NAME and any(k in STRONG_KINDS for k in prepared.kinds):
                keys[party_idx].setdefault(tuple(sorted(prepared.tokens)), prepared.text)
        records = [i for i, p in enumerate(index.parties) if p.schema in TARGET_SCHEMATA]
        groups = _group_records(index, records, names, rules)
        self.parties: list[AuthorityParty] = []
        self.group_of: dict[int, int] = {}
        self.names: list[tuple[str, ...]] = []
        self.keys: list[dict[tuple[str, ...], str]] = []
        """Per party: its names' words, sorted (only names with a distinctive word), to a name."""
        self.by_key: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for number, members in enumerate(groups):
            for record in members:
                self.group_of[record] = number
            self.parties.append(_party(lists.code, index, members, names))
            strong = [n for r in members for n, prop, _ in names[r] if prop != WEAK_NAME]
            every = [n for r in members for n, _, _ in names[r]]
            self.names.append(tuple(dict.fromkeys(strong or every)))
            self.keys.append({k: text for r in reversed(members) for k, text in keys[r].items()})
            for key in self.keys[-1]:
                self.by_key[key].append(number)
        self.by_entity = {
            entity_id: number
            for record, number in self.group_of.items()
            for entity_id in (index.parties[record].entity_id, *index.parties[record].records)
        }

    def with_identifier(self, identifier: str) -> list[int]:
        """Parties holding ``identifier`` (normalised)."""
        index = self.matcher.index
        found = (self.group_of.get(i) for i in index.identifiers.get(identifier, ()))
        return sorted({g for g in found if g is not None})

    def search(self, names: tuple[str, ...], schema: str, rules: CompareRules) -> list[Hit]:
        """The matcher's best hits for a party with these names, on this side's lists.

        Names the matcher cannot screen (a registration such as 'EP-MMC' read as a legal
        form only) are left out; a party with no screenable name finds nothing by name
        (identifiers still join it)."""
        usable = [n for n in names if self._screenable(n, schema)]
        if not usable:
            return []
        return self.matcher.match(
            Query(usable[0], tuple(usable[1:]), schema),
            threshold=min(rules.same_birth_date_threshold, rules.threshold),
            limit=rules.hits_per_party,
        )

    def _screenable(self, name: str, schema: str) -> bool:
        try:
            self.matcher.prepare(name, schema)
        except InputError:
            return False
        return True

    def party_of(self, hit: Hit) -> int | None:
        return self.by_entity.get(hit.entity_id)


def _group_records(
    index: Index,
    records: list[int],
    names: dict[int, list[tuple[str, str, tuple[str, ...]]]],
    rules: CompareRules,
) -> list[list[int]]:
    """Records of different lists with the same main name or a shared identifier, as groups.

    A group holds at most one record of each list (a list that names two parties
    alike means two parties), and records whose kind or birth years differ stay apart.
    """
    parent = {r: r for r in records}
    lists_of = {r: set(index.parties[r].lists) for r in records}

    def root(r: int) -> int:
        while parent[r] != r:
            parent[r] = parent[parent[r]]
            r = parent[r]
        return r

    keys: dict[tuple[str, ...] | str, list[int]] = defaultdict(list)
    for r in records:
        for _, prop, tokens in names[r]:
            if prop == "name" and tokens:
                keys[tuple(sorted(tokens))].append(r)
        for identifier in index.parties[r].identifiers:
            keys[identifier].append(r)
    single = {r: _party("", index, [r], names) for r in records}
    for members in keys.values():
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                first, second = root(a), root(b)
                if first == second or lists_of[first] & lists_of[second]:
                    continue
                if judge_identifier(single[a], single[b], rules):
                    parent[second] = first
                    lists_of[first] |= lists_of[second]
    groups: dict[int, list[int]] = defaultdict(list)
    for r in records:
        groups[root(r)].append(r)
    return list(groups.values())


def _party(
    authority: str,
    index: Index,
    members: list[int],
    names: dict[int, list[tuple[str, str, tuple[str, ...]]]],
) -> AuthorityParty:
    records = sorted((index.parties[r] for r in members), key=lambda p: (p.lists, p.entity_id))
    typed = [p.schema for p in records if p.schema in FAMILIES]
    return AuthorityParty(
        authority=authority,
        entity_ids=tuple(sorted({i for p in records for i in (p.entity_id, *p.records)})),
        caption=records[0].caption,
        schema=typed[0] if typed else records[0].schema,
        names=tuple(dict.fromkeys(n for r in members for n, _, _ in names[r])),
        birth_dates=tuple(sorted({d for p in records for d in p.birth_dates})),
        countries=tuple(sorted({c for p in records for c in p.countries})),
        identifiers=tuple(sorted({i for p in records for i in p.identifiers})),
        listings=tuple(
            sorted((item for p in records for item in p.listings), key=lambda i: i.list_name)
        ),
    )


# -- the comparison -------------------------------------------------------------------


def compare_authorities(
    store: Store,
    matcher_for: MatcherFor | None = None,
    first: str = "US",
    second: str = "UK",
    *,
    lists: Collection[str] | None = None,
    entity_ids: Iterable[str] | None = None,
    rules: CompareRules = DEFAULT_RULES,
    progress: Progress | None = None,
) -> AuthorityComparison:
    """The parties ``first`` lists and ``second`` does not, the reverse, and those on both.

    ``matcher_for(list_names)`` gives a matcher over those lists (the CLI's caches its
    index on disk); by default one is built from ``store``. ``lists`` keeps only those
    lists in play. ``entity_ids`` restricts both sides to the parties holding one of
    those listed entity ids (the hits of a screening); each is still looked for
    among all of the other authority's parties.
    """
    statuses = store.list_statuses()
    if lists is not None:
        unknown = sorted(set(lists) - {s.name for s in statuses})
        if unknown:
            raise InputError(f"no list called {', '.join(unknown)} in the store")
    a_lists = resolve_authority(statuses, first, lists)
    b_lists = resolve_authority(statuses, second, lists)
    shared = sorted(set(a_lists.lists) & set(b_lists.lists))
    if shared:
        raise InputError(
            f"{a_lists.code} and {b_lists.code} share the list(s) {', '.join(shared)}: "
            "compare two different authorities"
        )
    build = matcher_for or (lambda names: Matcher.from_store(store, lists=names))
    side_a = _Side(a_lists, _tuned(build(list(a_lists.lists)), rules), rules)
    side_b = _Side(b_lists, _tuned(build(list(b_lists.lists)), rules), rules)

    wanted = set(entity_ids) if entity_ids is not None else None
    chosen_a = _chosen(side_a, wanted)
    chosen_b = _chosen(side_b, wanted)
    not_compared: tuple[str, ...] = ()
    if wanted is not None:
        not_compared = tuple(sorted(wanted - set(side_a.by_entity) - set(side_b.by_entity)))

    pairs: dict[tuple[int, int], PartyPair] = {}
    _pair_by_identifier(side_a, side_b, chosen_a, pairs, rules, flip=False)
    _pair_by_identifier(side_b, side_a, chosen_b, pairs, rules, flip=True)
    _pair_by_same_words(side_a, side_b, chosen_a, pairs, rules, flip=False)
    _pair_by_same_words(side_b, side_a, chosen_b, pairs, rules, flip=True)
    total = len(chosen_a) + len(chosen_b)
    done = _pair_by_name(side_a, side_b, chosen_a, pairs, rules, False, progress, 0, total)
    _pair_by_name(side_b, side_a, chosen_b, pairs, rules, True, progress, done, total)

    paired_a = {a for a, _ in pairs}
    paired_b = {b for _, b in pairs}
    return AuthorityComparison(
        first=a_lists,
        second=b_lists,
        first_only=_sorted(side_a.parties[g] for g in chosen_a if g not in paired_a),
        second_only=_sorted(side_b.parties[g] for g in chosen_b if g not in paired_b),
        both=tuple(
            sorted(
                pairs.values(),
                key=lambda p: (p.first.caption.casefold(), p.first.entity_ids, p.second.entity_ids),
            )
        ),
        rules=rules,
        not_compared=not_compared,
    )


def _tuned(matcher: Matcher, rules: CompareRules) -> Matcher:
    """The same index, scoring ``rules.candidate_limit`` names per search."""
    return Matcher(matcher.index, replace(matcher.config, candidate_limit=rules.candidate_limit))


def _chosen(side: _Side, wanted: set[str] | None) -> list[int]:
    if wanted is None:
        return list(range(len(side.parties)))
    return sorted({side.by_entity[i] for i in wanted if i in side.by_entity})


def _sorted(parties: Iterable[AuthorityParty]) -> tuple[AuthorityParty, ...]:
    return tuple(sorted(parties, key=lambda p: (p.caption.casefold(), p.entity_ids)))


def _pair_by_identifier(
    side: _Side,
    other: _Side,
    chosen: list[int],
    pairs: dict[tuple[int, int], PartyPair],
    rules: CompareRules,
    flip: bool,
) -> None:
    """Pairs of ``chosen`` parties of ``side`` with parties of ``other`` holding an identifier."""
    for g in chosen:
        party = side.parties[g]
        for identifier in party.identifiers:
            for h in other.with_identifier(identifier):
                found = other.parties[h]
                if not judge_identifier(party, found, rules):
                    continue
                first, second = (found, party) if flip else (party, found)
                detail = f"identifier {identifier} is on both"
                pair = PartyPair(first, second, IDENTIFIER, None, identifier, identifier, detail)
                pairs.setdefault((h, g) if flip else (g, h), pair)


def _pair_by_same_words(
    side: _Side,
    other: _Side,
    chosen: list[int],
    pairs: dict[tuple[int, int], PartyPair],
    rules: CompareRules,
    flip: bool,
) -> None:
    """Pairs of parties with a name of the same words (the matcher scores those 1.0).

    Found by lookup, so only the parties left need the slower search.
    """
    for g in chosen:
        party = side.parties[g]
        for key, text in side.keys[g].items():
            for h in other.by_key.get(key, ()):
                found = other.parties[h]
                detail = judge_name(party, found, 1.0, rules)
                if detail is None:
                    continue
                other_text = other.keys[h][key]
                if flip:
                    pair = PartyPair(found, party, NAME, 1.0, other_text, text, detail)
                else:
                    pair = PartyPair(party, found, NAME, 1.0, text, other_text, detail)
                pairs.setdefault((h, g) if flip else (g, h), pair)


def _pair_by_name(
    side: _Side,
    other: _Side,
    chosen: list[int],
    pairs: dict[tuple[int, int], PartyPair],
    rules: CompareRules,
    flip: bool,
    progress: Progress | None,
    done: int,
    total: int,
) -> int:
    """Search ``other`` for each ``chosen`` party of ``side`` not yet paired; returns ``done``."""
    paired = {key[1] if flip else key[0] for key in pairs}
    for g in chosen:
        done += 1
        if progress is not None and (done % 500 == 0 or done == total):
            progress(done, total)
        if g in paired or not side.names[g]:
            continue
        party = side.parties[g]
        for hit in other.search(side.names[g], party.schema, rules):
            h = other.party_of(hit)
            if h is None:
                continue
            found = other.parties[h]
            detail = judge_name(party, found, hit.name_score, rules)
            if detail is None:
                continue
            if flip:
                pair = PartyPair(
                    found, party, NAME, hit.name_score, hit.matched_name, hit.query_name, detail
                )
            else:
                pair = PartyPair(
                    party, found, NAME, hit.name_score, hit.query_name, hit.matched_name, detail
                )
            pairs.setdefault((h, g) if flip else (g, h), pair)
    return done
