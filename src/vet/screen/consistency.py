"""Who lists which parties, and for what: several authorities side by side, per topic.

``vet compare --authorities US,UK,EU,UN,AU,CA [--topics human_rights]`` answers the
consistency question in one go. Unlike the two-authority comparison
(:mod:`vet.screen.compare`), which searches each party's names among the other
authority's, this one takes the listed parties as screening knows them: the records
of all the authorities' lists joined into one party by :mod:`vet.resolve.parties`
(the same UN reference number, OFAC entity number or identifier, the same name with a
shared birth year or country). A party two authorities list under names those rules
cannot join counts once for each; the pairwise comparison finds more of those.

For each topic (the vocabulary of :mod:`vet.resolve.topics`) a party is *listed for
it* by an authority whose listings of the party carry that topic, *listed for other
reasons* by one whose listings carry other topics only, and *not listed* by the rest.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from vet.errors import InputError
from vet.resolve import TOPICS, listing_topics
from vet.scoring import Matcher
from vet.screen.compare import AuthorityLists, MatcherFor, resolve_authority
from vet.store import Store

LISTED_FOR = "listed for it"
LISTED_OTHER = "listed for other reasons"
NOT_LISTED = "not listed"
STATUSES = (LISTED_FOR, LISTED_OTHER, NOT_LISTED)


@dataclass(frozen=True)
class PartyCoverage:
    """One listed party and, per authority listing it, the topics of those listings."""

    caption: str
    schema: str
    records: tuple[str, ...]
    """The list records joined into the party, its own first."""
    topics_by: dict[str, tuple[str, ...]]
    """Authority code -> topics of its listings; authorities not listing it are absent."""

    def status(self, authority: str, topic: str) -> str:
        topics = self.topics_by.get(authority)
        if topics is None:
            return NOT_LISTED
        return LISTED_FOR if topic in topics else LISTED_OTHER


@dataclass(frozen=True)
class Consistency:
    """Per topic, which authority lists which parties."""

    authorities: tuple[AuthorityLists, ...]
    topics: tuple[str, ...]
    parties: tuple[PartyCoverage, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(a.code for a in self.authorities)

    def parties_for(self, topic: str) -> tuple[PartyCoverage, ...]:
        """The parties some authority lists for ``topic``."""
        return tuple(p for p in self.parties if any(topic in t for t in p.topics_by.values()))

    def counts(self, topic: str) -> dict[str, dict[str, int]]:
        """Authority -> status -> number of the topic's parties."""
        found = {code: dict.fromkeys(STATUSES, 0) for code in self.codes}
        for party in self.parties_for(topic):
            for code in self.codes:
                found[code][party.status(code, topic)] += 1
        return found


def parse_topics(text: str | None) -> tuple[str, ...] | None:
    """``human_rights,forced_labour`` -> the topics, checked against the vocabulary."""
    if text is None:
        return None
    wanted = tuple(dict.fromkeys(t.strip() for t in text.split(",") if t.strip()))
    unknown = [t for t in wanted if t not in TOPICS]
    if unknown or not wanted:
        raise InputError(
            f"unknown topic(s) {', '.join(unknown) or repr(text)}; topics are {', '.join(TOPICS)}"
        )
    return wanted


def compare_many(
    store: Store,
    matcher_for: MatcherFor | None,
    codes: Iterable[str],
    *,
    lists: Collection[str] | None = None,
    topics: Iterable[str] | None = None,
    entity_ids: Iterable[str] | None = None,
) -> Consistency:
    """Which of the ``codes`` authorities lists each party, and for which topics.

    ``topics`` keeps those topics only (default: every topic some party has);
    ``entity_ids`` keeps the parties holding one of those records (a screening's hits).
    """
    statuses = store.list_statuses()
    authorities = tuple(resolve_authority(statuses, code, lists) for code in codes)
    owner: dict[str, str] = {}
    for authority in authorities:
        for name in authority.lists:
            if name in owner:
                raise InputError(
                    f"{owner[name]} and {authority.code} share the list {name}: "
                    "compare different authorities"
                )
            owner[name] = authority.code
    build = matcher_for or (lambda names: Matcher.from_store(store, lists=names))
    matcher = build(sorted(owner))
    wanted = set(entity_ids) if entity_ids is not None else None
    parties = []
    for party in matcher.index.parties:
        records = (party.entity_id, *party.records)
        if wanted is not None and not wanted & set(records):
            continue
        found: dict[str, list[str]] = {}
        for listing in party.listings:
            code = owner.get(listing.list_name)
            if code is not None:
                found.setdefault(code, []).extend(listing_topics(listing))
        if found:
            topics_by = {c: tuple(dict.fromkeys(found[c])) for c in owner.values() if c in found}
            parties.append(PartyCoverage(party.caption, party.schema, records, topics_by))
    present = {t for p in parties for ts in p.topics_by.values() for t in ts}
    chosen = tuple(topics) if topics is not None else tuple(t for t in TOPICS if t in present)
    parties.sort(key=lambda p: (p.caption.casefold(), p.records))
    return Consistency(authorities, chosen, tuple(parties))
