"""Parties owned or controlled by listed parties: OFAC's 50% rule, and the EU and UK rules.

Sanctions reach beyond the names on a list. A party the lists do not name is
treated as sanctioned when listed parties own (or, in the EU and UK, control)
it, directly or through other parties. The links come from the list data
(parent companies, vessel owners, OFAC's "Owned or Controlled By") and from
ownership files the user imports (``vet ownership import``). Three rules, each
applied to the parties listed under its regime:

- **OFAC 50% rule** (parties on the SDN list): an entity owned 50% or more in
  the aggregate, directly or indirectly, by blocked persons is blocked. Shares
  held by an entity blocked under the rule count as held by a blocked person,
  and shares of different blocked persons are added up, not multiplied along
  the chain (OFAC FAQ 401). Control without ownership does not block.
- **EU ownership or control** (EU and UN lists): owned more than 50%, or
  controlled, by listed persons or entities they own or control; the holdings
  of several listed persons are added up (Commission FAQ on Regulation 269/2014).
- **UK ownership or control** (UK and UN lists): owned more than 50%, or
  controlled, by one designated person, directly or through entities that person
  owns or controls. OFSI does not add up the holdings of different designated
  persons without a joint arrangement, so neither does vet.

A list the user imported (jurisdiction ``user``) counts under every rule. A
link without a share (a list's "parent company" or "owner", an empty percentage
in an imported file) counts as control. Two links between the same owner and
owned party count once, with the larger share.

A listed owner is a party whose listed entity id is known, or whose name the
matcher matches at its threshold. The result, :class:`OwnershipFindings`, is a
lookup by name and by the user's own id that the screening calls per party.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from vet.index import Listing
from vet.names import tokenise
from vet.scoring import Matcher
from vet.screen.model import Holding, OwnershipNote
from vet.screen.parties import Party
from vet.store import ListStatus, Store
from vet.store.ownership import OwnershipLink, listed_links, ownership_links

OFAC_RULE = "OFAC 50% rule"
EU_RULE = "EU ownership or control"
UK_RULE = "UK ownership or control"
RULES = (OFAC_RULE, EU_RULE, UK_RULE)

OFAC_THRESHOLD = 50.0
"""OFAC: 50% or more blocks."""
EU_UK_THRESHOLD = 50.0
"""EU and UK: more than 50% (or control)."""
TOLERANCE = 1e-6
"""Rounding slack when shares are added up."""
MAX_CHAINS = 10
"""Chains shown as evidence for one finding; the share counts them all."""
SDN_LIST = "us_ofac_sdn"
SDN_PROGRAM = "Specially Designated Nationals List"
"""How the CSL marks its SDN entries (the 50% rule follows from blocking, i.e. the SDN list)."""


def name_key(name: str) -> str:
    """A name in the form links and parties are matched by: the matcher's tokens, sorted.

    Case, punctuation, script and legal-form spellings are folded (``Ltd`` and
    ``Limited``), so ``ACME Trading Ltd.`` and ``Acme Trading Limited`` meet.
    """
    key = " ".join(sorted(t.text for t in tokenise(name).tokens))
    return key or " ".join(name.casefold().split())


def listing_rules(listing: Listing, jurisdiction: str) -> frozenset[str]:
    """The rules under which this listing makes its party a listed owner."""
    if jurisdiction == "US":
        on_sdn = listing.list_name == SDN_LIST or SDN_PROGRAM in listing.programs
        return frozenset({OFAC_RULE}) if on_sdn else frozenset()
    if jurisdiction == "UK":
        return frozenset({UK_RULE})
    if jurisdiction == "EU":
        return frozenset({EU_RULE})
    if jurisdiction == "UN":  # UN designations apply in the EU and the UK
        return frozenset({EU_RULE, UK_RULE})
    return frozenset(RULES)


# -- values ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ListedOwner:
    """The listed party an owner is, and the rules its listings fall under."""

    entity_id: str
    caption: str
    listings: tuple[Listing, ...]
    rules: frozenset[str]
    listed_as: str
    """``OFAC ... (SDN): UKRAINE-EO13661, CYBER2``: list titles and programs."""
    matched: str | None = None
    """How the owner's name matched, when it was matched by name."""

    def describe(self, name: str) -> str:
        """``BERATEX GROUP LIMITED (listed: OFAC ... (SDN): UKRAINE-EO13661)``."""
        text = f"{name} (listed: {self.listed_as}"
        if self.matched:
            text += f"; {self.matched}"
        return text + ")"


Resolve = Callable[[str, str | None], ListedOwner | None]
"""(owner name, listed entity id if known) -> the listed party it is, or None."""


@dataclass(frozen=True)
class Step:
    """One holding along a chain: ``owner`` holds ``percentage`` of ``owned`` (None: controls)."""

    owner: str
    owned: str
    percentage: float | None
    control: bool
    """A link without a share says the owner controls (or is the parent of) the owned party."""
    sources: tuple[str, ...]

    def describe(self) -> str:
        if self.percentage is None:
            held = "controls"
        elif self.control:
            held = f"controls and holds {self.percentage:g}% of"
        else:
            held = f"holds {self.percentage:g}% of"
        return f"{held} {self.owned} [{'; '.join(self.sources)}]"


@dataclass(frozen=True)
class Chain:
    """A listed owner and the holdings leading from it to the party."""

    listed: ListedOwner
    steps: tuple[Step, ...]

    def describe(self) -> str:
        head = self.listed.describe(self.steps[0].owner)
        return head + " " + ", which ".join(step.describe() for step in self.steps)


@dataclass(frozen=True)
class RuleFinding:
    """One rule met: the share counted, and the chains as evidence."""

    rule: str
    share: float | None
    """OFAC and EU: the aggregate share; UK: the largest share of one designated person.
    None when only control was found."""
    control: bool
    chains: tuple[Chain, ...]
    explanation: str


@dataclass(frozen=True)
class OwnershipFinding:
    """What the known links say about one owned party."""

    name: str
    own_id: str | None
    entity_id: str | None
    owners: tuple[tuple[Step, ListedOwner | None], ...]
    """Every direct owner known, with the listed party it is (if any)."""
    rules: tuple[RuleFinding, ...]
    """The rules met; empty when none is."""
    listed: ListedOwner | None = None
    """The party's own listing, for a listed party the list data links to its owner."""

    @property
    def flagged(self) -> bool:
        return bool(self.rules)

    @property
    def explanation(self) -> str:
        if self.rules:
            return " ".join(f"{r.rule}: {r.explanation}" for r in self.rules)
        if self.listed is not None:
            return f"{self.listed.describe(self.name)}: listed itself."
        if not any(listed for _, listed in self.owners):
            return f"{self.name}: no listed owner known."
        return f"{self.name}: listed owners known, but no rule is met."

    def notes(self) -> tuple[OwnershipNote, ...]:
        """One note per rule met, as a screening result carries them, with the holdings
        to draw: the chains the rule counted and the party's direct owners."""
        return tuple(
            OwnershipNote(r.rule, r.share, r.explanation, self.name, self.holdings(r))
            for r in self.rules
        )

    def holdings(self, rule: RuleFinding) -> tuple[Holding, ...]:
        """Each link once: along the chains of ``rule``, then to the party's direct owners."""
        listed = {c.steps[0].owner: c.listed.listed_as for c in rule.chains if c.steps}
        listed.update({step.owner: o.listed_as for step, o in self.owners if o is not None})
        found: dict[tuple[str, str], Holding] = {}
        steps = [s for chain in rule.chains for s in chain.steps] + [s for s, _ in self.owners]
        for step in steps:
            found.setdefault(
                (step.owner, step.owned),
                Holding(
                    step.owner, step.owned, step.percentage, step.control, listed.get(step.owner)
                ),
            )
        return tuple(found.values())


# -- the graph -------------------------------------------------------------------------


@dataclass
class _Node:
    key: str
    name: str
    entity_id: str | None = None
    own_id: str | None = None
    listed: ListedOwner | None = None


@dataclass
class _Holding:
    percentage: float | None = None
    control: bool = False
    sources: list[str] = field(default_factory=list)

    def add(self, link: OwnershipLink) -> None:
        if link.percentage is None:
            self.control = True
        elif self.percentage is None or link.percentage > self.percentage:
            self.percentage = link.percentage
        source = link.source if link.file is None else f"{link.source}, {link.where}"
        if source not in self.sources:
            self.sources.append(source)


@dataclass
class _Graph:
    nodes: dict[str, _Node] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    """name key -> node key, for joining links that name the same party."""
    owners: dict[str, dict[str, _Holding]] = field(default_factory=lambda: defaultdict(dict))
    """owned node -> owner node -> holding."""
    assets: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    """owner node -> the nodes it holds."""

    def node(
        self, key: str, name: str, *, entity_id: str | None = None, own_id: str | None = None
    ) -> str:
        if key not in self.nodes:
            self.nodes[key] = _Node(key, name, entity_id=entity_id, own_id=own_id)
        self.names.setdefault(name_key(name), key)
        return key

    def step(self, owner: str, owned: str) -> Step:
        holding = self.owners[owned][owner]
        return Step(
            self.nodes[owner].name,
            self.nodes[owned].name,
            holding.percentage,
            holding.control,
            tuple(holding.sources),
        )


def _owned_node(graph: _Graph, link: OwnershipLink) -> str:
    if link.owned_entity_id is not None:
        return graph.node(
            f"entity:{link.owned_entity_id}", link.owned_name, entity_id=link.owned_entity_id
        )
    if link.owned_id is not None:
        return graph.node(f"own:{link.owned_id}", link.owned_name, own_id=link.owned_id)
    key = name_key(link.owned_name)
    return graph.names.get(key) or graph.node(f"name:{key}", link.owned_name)


def _owner_node(graph: _Graph, link: OwnershipLink) -> str:
    if link.owner_entity_id is not None:
        return graph.node(
            f"entity:{link.owner_entity_id}", link.owner_name, entity_id=link.owner_entity_id
        )
    key = name_key(link.owner_name)
    return graph.names.get(key) or graph.node(f"name:{key}", link.owner_name)


def build_graph(links: Iterable[OwnershipLink], resolve: Resolve) -> _Graph:
    """Nodes joined by entity id, own id or name; every owner resolved to a listed party or not."""
    graph = _Graph()
    ordered = sorted(
        links, key=lambda k: (k.owned_entity_id is None, k.owned_id is None)
    )  # list entities, then parties with an own id, then names: names join the former
    owned = [_owned_node(graph, link) for link in ordered]
    for link, owned_key in zip(ordered, owned, strict=True):
        owner_key = _owner_node(graph, link)
        if owner_key == owned_key:
            continue
        graph.owners[owned_key].setdefault(owner_key, _Holding()).add(link)
        graph.assets[owner_key].add(owned_key)
    # Owners, and listed entities (a listed asset is caught by its own listing, not the rules).
    owner_keys = {o for held in graph.owners.values() for o in held}
    for key, node in sorted(graph.nodes.items()):
        if key in owner_keys or node.entity_id is not None:
            node.listed = resolve(node.name, node.entity_id)
    return graph


# -- the rules -------------------------------------------------------------------------

Counts = Callable[[_Holding], bool]
"""Whether a holding counts under a rule (OFAC: only known shares; EU, UK: shares and control)."""


def _shares(holding: _Holding) -> bool:
    return holding.percentage is not None


def _shares_or_control(holding: _Holding) -> bool:
    return holding.percentage is not None or holding.control


@dataclass(frozen=True)
class _Caught:
    """A party caught by a rule: the share its caught owners hold, and whether one controls it."""

    share: float
    control: bool


def _roots(graph: _Graph, rule: str) -> set[str]:
    return {k for k, n in graph.nodes.items() if n.listed is not None and rule in n.listed.rules}


def _held_by(graph: _Graph, owned: str, holders: set[str], *, control_counts: bool) -> _Caught:
    """The share of ``owned`` that ``holders`` hold together; whether one of them controls it."""
    share, control = 0.0, False
    for owner, holding in graph.owners.get(owned, {}).items():
        if owner in holders:
            share += holding.percentage or 0.0
            control = control or (holding.control and control_counts)
    return _Caught(share, control)


def _meets(caught: _Caught, *, inclusive: bool) -> bool:
    if caught.control:
        return True
    if inclusive:
        return caught.share >= OFAC_THRESHOLD - TOLERANCE
    return caught.share > EU_UK_THRESHOLD + TOLERANCE


def _close(graph: _Graph, start: set[str], *, inclusive: bool, control_counts: bool) -> set[str]:
    """Fixed point: a party owned (or controlled) enough by the set joins it, and its
    holdings count from then on. A party is looked at again only when one of its owners
    joins, and joins once, so cycles end."""
    caught = set(start)
    queue = deque(sorted(start))
    while queue:
        for owned in sorted(graph.assets.get(queue.popleft(), ())):
            if owned not in caught and _meets(
                _held_by(graph, owned, caught, control_counts=control_counts),
                inclusive=inclusive,
            ):
                caught.add(owned)
                queue.append(owned)
    return caught


def aggregate_rule(
    graph: _Graph, roots: set[str], *, inclusive: bool, control_counts: bool
) -> dict[str, _Caught]:
    """OFAC and EU: holdings of every listed or caught party added up. Caught party -> share."""
    caught = _close(graph, roots, inclusive=inclusive, control_counts=control_counts)
    return {
        owned: _held_by(graph, owned, caught, control_counts=control_counts)
        for owned in caught - roots
    }


def per_person_rule(graph: _Graph, roots: set[str]) -> dict[str, dict[str, set[str]]]:
    """UK: each designated person with what it owns more than 50% of or controls, counting
    the holdings of the parties it so owns or controls, but not those of other designated
    persons. Caught party -> person (listed entity id) -> the person's group."""
    people: dict[str, set[str]] = defaultdict(set)
    for key in roots:
        listed = graph.nodes[key].listed
        if listed is not None:
            people[listed.entity_id].add(key)
    found: dict[str, dict[str, set[str]]] = defaultdict(dict)
    for person, keys in sorted(people.items()):
        group = _close(graph, keys, inclusive=False, control_counts=True)
        for owned in group - roots:
            found[owned][person] = group
    return found


def _chain_from(
    graph: _Graph, start: str, avoid: str, holders: set[str], roots: set[str], counts: Counts
) -> Chain | None:
    """The shortest chain from a listed owner to ``start`` through ``holders``, not
    through ``avoid`` (breadth first, backwards from ``start``)."""
    listed = graph.nodes[start].listed
    if start in roots and listed is not None:
        return Chain(listed, ())
    toward: dict[str, str] = {start: start}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for owner, holding in sorted(graph.owners.get(node, {}).items()):
            if owner in toward or owner == avoid or owner not in holders or not counts(holding):
                continue
            toward[owner] = node
            listed = graph.nodes[owner].listed
            if owner in roots and listed is not None:
                steps, current = [], owner
                while current != start:
                    steps.append(graph.step(current, toward[current]))
                    current = toward[current]
                return Chain(listed, tuple(steps))
            queue.append(owner)
    return None


def chains_to(
    graph: _Graph, target: str, holders: set[str], roots: set[str], counts: Counts
) -> list[Chain]:
    """For each owner of ``target`` whose holding counts, the shortest chain from a listed
    owner through it: together they account for the share counted. At most
    :data:`MAX_CHAINS`, shortest first."""
    chains = []
    for owner, holding in sorted(graph.owners.get(target, {}).items()):
        if owner not in holders or not counts(holding):
            continue
        head = _chain_from(graph, owner, target, holders, roots, counts)
        if head is not None:
            chains.append(Chain(head.listed, (*head.steps, graph.step(owner, target))))
    chains.sort(key=lambda c: (len(c.steps), c.describe()))
    return chains[:MAX_CHAINS]


def _what(caught: _Caught) -> str:
    if caught.share > 0 and caught.control:
        return f"owned {caught.share:g}% and controlled"
    return f"owned {caught.share:g}%" if caught.share > 0 else "controlled"


def _evidence(
    graph: _Graph, node: str, holders: set[str], counts: Counts, chains: list[Chain]
) -> str:
    """The chains, and the counted owners no chain reaches (caught through a cycle of holdings
    that runs back through ``node``)."""
    texts = [c.describe() for c in chains]
    shown = {c.steps[-1].owner for c in chains}
    for owner, holding in sorted(graph.owners.get(node, {}).items()):
        step = graph.step(owner, node)
        if owner in holders and counts(holding) and step.owner not in shown:
            texts.append(f"{step.owner} (caught through a cycle of holdings) {step.describe()}")
    return "; ".join(texts) + "."


def _finding(
    rule: str,
    graph: _Graph,
    node: str,
    caught: _Caught,
    chains: list[Chain],
    holders: set[str],
    counts: Counts,
    text: str,
) -> RuleFinding:
    share = caught.share if caught.share > 0 else None
    evidence = _evidence(graph, node, holders, counts, chains)
    return RuleFinding(rule, share, caught.control, tuple(chains), text + evidence)


def ofac_finding(graph: _Graph, node: str, caught: dict[str, _Caught]) -> RuleFinding:
    roots = _roots(graph, OFAC_RULE)
    holders = roots | set(caught)
    chains = chains_to(graph, node, holders, roots, _shares)
    text = (
        f"{_what(caught[node])} in aggregate, directly or indirectly, by persons blocked by "
        "OFAC (blocked at 50% or more): "
    )
    return _finding(OFAC_RULE, graph, node, caught[node], chains, holders, _shares, text)


def eu_finding(graph: _Graph, node: str, caught: dict[str, _Caught]) -> RuleFinding:
    roots = _roots(graph, EU_RULE)
    holders = roots | set(caught)
    chains = chains_to(graph, node, holders, roots, _shares_or_control)
    text = (
        f"{_what(caught[node])} by listed persons or entities they own or control "
        "(more than 50% in aggregate, or control): "
    )
    counts = _shares_or_control
    return _finding(EU_RULE, graph, node, caught[node], chains, holders, counts, text)


def uk_finding(graph: _Graph, node: str, people: dict[str, set[str]]) -> RuleFinding:
    roots = _roots(graph, UK_RULE)
    chains: list[Chain] = []
    parts: list[str] = []
    best = _Caught(0.0, False)
    holders: set[str] = set()
    for person, group in sorted(people.items()):
        holders |= group
        own = {k for k in roots if (n := graph.nodes[k].listed) and n.entity_id == person}
        caught = _held_by(graph, node, group, control_counts=True)
        best = _Caught(max(best.share, caught.share), best.control or caught.control)
        chains += chains_to(graph, node, group, own, _shares_or_control)
        parts.append(f"{_what(caught)} by {graph.nodes[min(own)].name}")
    text = (
        f"{'; '.join(parts)}, directly or through entities that person owns or controls "
        "(more than 50% held by one designated person, or control): "
    )
    chains = sorted(chains, key=lambda c: (len(c.steps), c.describe()))[:MAX_CHAINS]
    return _finding(UK_RULE, graph, node, best, chains, holders, _shares_or_control, text)


# -- the lookup ------------------------------------------------------------------------


@dataclass(frozen=True)
class OwnershipFindings:
    """Findings for every owned party, found by own id or by name."""

    findings: tuple[OwnershipFinding, ...]
    by_own_id: Mapping[str, tuple[OwnershipFinding, ...]]
    by_name: Mapping[str, tuple[OwnershipFinding, ...]]

    @property
    def flagged(self) -> tuple[OwnershipFinding, ...]:
        return tuple(f for f in self.findings if f.flagged)

    def find(
        self, name: str, own_id: str | None = None, aliases: Iterable[str] = ()
    ) -> tuple[OwnershipFinding, ...]:
        """Findings for a party: by its own id, and by its names where the ids do not disagree."""
        found: dict[int, OwnershipFinding] = {}
        if own_id:
            for finding in self.by_own_id.get(own_id.strip(), ()):
                found[id(finding)] = finding
        for text in (name, *aliases):
            for finding in self.by_name.get(name_key(text), ()):
                if own_id and finding.own_id and finding.own_id != own_id.strip():
                    continue
                found[id(finding)] = finding
        return tuple(found.values())

    def notes_for(self, party: Party) -> tuple[OwnershipNote, ...]:
        """One note per rule met, as a screening attaches them (fits ``run.Ownership``)."""
        notes: list[OwnershipNote] = []
        for finding in self.find(party.name, party.own_id, party.aliases):
            notes.extend(finding.notes())
        return tuple(notes)

    __call__ = notes_for


def assess(links: Iterable[OwnershipLink], resolve: Resolve) -> OwnershipFindings:
    """Apply the three rules to ``links``; ``resolve`` says which owners are listed."""
    graph = build_graph(links, resolve)
    ofac = aggregate_rule(graph, _roots(graph, OFAC_RULE), inclusive=True, control_counts=False)
    eu = aggregate_rule(graph, _roots(graph, EU_RULE), inclusive=False, control_counts=True)
    uk = per_person_rule(graph, _roots(graph, UK_RULE))
    findings = []
    for key in graph.owners:
        node = graph.nodes[key]
        rules = []
        if key in ofac:
            rules.append(ofac_finding(graph, key, ofac))
        if key in eu:
            rules.append(eu_finding(graph, key, eu))
        if key in uk:
            rules.append(uk_finding(graph, key, uk[key]))
        owners = tuple(
            (graph.step(owner, key), graph.nodes[owner].listed)
            for owner in sorted(graph.owners[key])
        )
        findings.append(
            OwnershipFinding(
                node.name, node.own_id, node.entity_id, owners, tuple(rules), node.listed
            )
        )
    by_own_id: dict[str, list[OwnershipFinding]] = defaultdict(list)
    by_name: dict[str, list[OwnershipFinding]] = defaultdict(list)
    for finding in findings:
        if finding.own_id:
            by_own_id[finding.own_id].append(finding)
        by_name[name_key(finding.name)].append(finding)
    return OwnershipFindings(
        tuple(findings),
        {k: tuple(v) for k, v in by_own_id.items()},
        {k: tuple(v) for k, v in by_name.items()},
    )


# -- listed owners through the matcher -------------------------------------------------


def _listed_as(listings: Iterable[Listing], titles: Mapping[str, str]) -> str:
    """``<list title>: <programs>`` for each list the party is on."""
    programs: dict[str, list[str]] = {}
    for listing in listings:
        found = programs.setdefault(titles.get(listing.list_name, listing.list_name), [])
        found.extend(p for p in listing.programs if p not in found and p != SDN_PROGRAM)
    return "; ".join(f"{t}: {', '.join(p)}" if p else t for t, p in programs.items())


OWNER_THRESHOLD = 0.9
"""Owners named only by name are resolved more strictly than parties are screened: a
wrong owner would flag everything it owns ("Gulf Horizon Shipping FZE" is not the
listed "HORIZON")."""


def matcher_resolver(
    matcher: Matcher, statuses: Iterable[ListStatus], *, threshold: float | None = None
) -> Resolve:
    """Owners resolved by listed entity id, else by name through ``matcher`` (at
    :data:`OWNER_THRESHOLD` unless ``threshold`` is given).

    A name matching several listed records equally well (the same party on several
    lists) takes the listings of all of them.
    """
    by_list = {s.name: s for s in statuses}
    titles = {name: s.title for name, s in by_list.items()}
    index = matcher.index
    cache: dict[tuple[str, str | None], ListedOwner | None] = {}

    def owner(
        entity_id: str, caption: str, listings: tuple[Listing, ...], matched: str | None
    ) -> ListedOwner:
        rules: set[str] = set()
        for listing in listings:
            status = by_list.get(listing.list_name)
            rules |= listing_rules(listing, status.jurisdiction if status else "user")
        return ListedOwner(
            entity_id, caption, listings, frozenset(rules), _listed_as(listings, titles), matched
        )

    def resolve(name: str, entity_id: str | None) -> ListedOwner | None:
        if (name, entity_id) in cache:
            return cache[(name, entity_id)]
        result: ListedOwner | None = None
        position = index.party_by_id.get(entity_id) if entity_id else None
        if position is not None:
            party = index.parties[position]
            result = owner(party.entity_id, party.caption, party.listings, None)
        else:
            hits = matcher.match(
                name, limit=10, threshold=OWNER_THRESHOLD if threshold is None else threshold
            )
            if hits:
                best = [h for h in hits if h.score >= hits[0].score - TOLERANCE]
                listings = tuple(item for h in best for item in h.listings)
                matched = None
                if name_key(best[0].matched_name) != name_key(name):
                    matched = f"matches {best[0].matched_name!r}, score {best[0].score:.2f}"
                result = owner(best[0].entity_id, best[0].caption, listings, matched)
        cache[(name, entity_id)] = result
        return result

    return resolve


def assess_ownership(
    store: Store,
    matcher: Matcher,
    *,
    lists: list[str] | None = None,
    threshold: float | None = None,
    version_ids: Iterable[int] | None = None,
) -> OwnershipFindings:
    """The rules applied to the links of the list versions (``version_ids``, else the active
    versions of ``lists``, else of all lists) and the user's imported links, owners resolved
    with ``matcher``. A server that serves older versions than the store's active ones
    passes those it serves, so links and names come from the same versions."""
    if version_ids is None:
        version_ids = [v.id for v in store.active_versions(lists)]
    links = listed_links(store, list(version_ids)) + ownership_links(store)
    resolve = matcher_resolver(matcher, store.list_statuses(), threshold=threshold)
    return assess(links, resolve)
