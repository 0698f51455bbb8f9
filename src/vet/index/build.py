"""The candidate index of the active list versions, built once per version set.

It holds every listed party's names, prepared for comparison, and lookup tables
from tokens, misspelt tokens (one deletion away), phonetic keys, spaceless
forms and identifiers to the names that carry them. It is cached on disk,
keyed by the list versions it was built from.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
import pickle
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np

from vet import __version__
from vet.index.prepared import PreparedName, prepare_form, rarity_from_counts, tokenise
from vet.names import abjad_key, consonant_skeleton, sinitic_key, sound_folds, split_cell
from vet.names.tokens import NameForm
from vet.resolve.parties import Join, form_key, resolve_records

log = logging.getLogger(__name__)

NAME_PROPS = ("name", "alias", "previousName", "weakAlias")
IDENTIFIER_PROPS = (
    "registrationNumber",
    "taxNumber",
    "innCode",
    "ogrnCode",
    "leiCode",
    "imoNumber",
    "passportNumber",
    "idNumber",
    "swiftBic",
    "uscCode",
    "dunsCode",
    "okpoCode",
    "vatCode",
    "socialSecurityNumber",
    "mmsi",
    "publicKey",
)
MIN_IDENTIFIER_LENGTH = 5
INDEX_FORMAT = 17
"""Bumped whenever what the index holds changes, so stale caches are rebuilt."""
PUBLISHER_ORDER = {
    "un_sc": 0,
    "us_ofac_sdn": 1,
    "us_ofac_cons": 2,
    "eu_fsf": 3,
    "uk_fcdo": 4,
    "uk_ofsi": 5,
    "au_dfat": 6,
    "ca_sema": 7,
    "us_bis_dpl": 8,
    "us_csl": 9,
}
"""Which record leads a party found on several lists: the original publisher's first."""
TRUNCATION_WIDTH = 35
"""Characters in a SWIFT name line, where long names are cut."""
MIN_DELETE_LENGTH = 4
PROGRESS_STEP = 5_000
"""Names prepared between two progress reports."""
BuildProgress = Callable[[str, int, int], None]
"""Told ``(stage, done, total)`` while an index is built: ``reading lists`` (lists read),
``joining records``, ``preparing names`` (names prepared), ``lookup tables``."""
_NON_ALNUM = re.compile(r"[^0-9A-Z]+")


def normalise_identifier(value: str) -> str:
    """Upper-case letters and digits only: 'IMO 9187629' and 'imo9187629' agree."""
    return _NON_ALNUM.sub("", value.upper())


def stable_hash(text: str) -> int:
    """A 64-bit hash that is the same in every process (``hash()`` is salted)."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")


def astuple_fast(prepared: PreparedName) -> tuple[Any, ...]:
    """A PreparedName's fields in declaration order (dataclasses.astuple deep-copies)."""
    return (
        prepared.text,
        prepared.tokens,
        prepared.kinds,
        prepared.phonetic,
        prepared.weights,
        prepared.joined,
        prepared.skeletons,
        prepared.spaceless,
    )


def deletes(token: str) -> Iterator[str]:
    """Every string one character shorter than ``token`` (for typo-tolerant lookup)."""
    for i in range(len(token)):
        yield token[:i] + token[i + 1 :]


@dataclass(frozen=True, slots=True)
class Listing:
    """One listing of a party: list, authority, programs, date, source."""

    list_name: str
    authority: str
    programs: tuple[str, ...]
    listing_date: str | None
    source_url: str | None
    provisions: tuple[str, ...] = ()
    """The legal basis as published (an Entity List entry's Federal Register notices)."""
    un_references: tuple[str, ...] = ()
    """UN Security Council reference numbers the listing carries (``QDi.001``)."""
    record: str = ""
    """The id of the list record this listing belongs to (a party joins several)."""


@dataclass(frozen=True, slots=True)
class ListedParty:
    entity_id: str
    caption: str
    schema: str
    countries: frozenset[str]
    birth_dates: tuple[str, ...]
    identifiers: frozenset[str]
    listings: tuple[Listing, ...]
    topics: tuple[str, ...]
    records: tuple[str, ...] = ()
    """Ids of the other list records joined into this party: the same party published
    by two lists under two ids (the CSL's ``csl-306`` copy of OFAC's ``ofac-306``, the
    UK's record of a UN-listed person). See :mod:`vet.resolve.parties`."""
    joined_by: tuple[str, ...] = ()
    """Why each of ``records`` was joined, aligned with it (``same UN reference``)."""

    @property
    def lists(self) -> tuple[str, ...]:
        return tuple(sorted({item.list_name for item in self.listings}))


@dataclass
class Index:
    """Listed names and their lookup tables."""

    key: str
    parties: list[ListedParty] = field(default_factory=list)
    name_columns: tuple[list[Any], ...] = field(default_factory=lambda: tuple([] for _ in range(8)))
    """PreparedName fields, one list per field (plain containers unpickle fast)."""
    name_party: list[int] = field(default_factory=list)
    name_prop: list[str] = field(default_factory=list)
    vocabulary: dict[str, int] = field(default_factory=dict)
    """Indexed token -> token id; tokens are ids into ``posting_offsets``."""
    tokens: list[str] = field(default_factory=list)
    posting_offsets: np.ndarray = field(default_factory=lambda: np.zeros(1, dtype=np.int64))
    posting_names: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    """Name ids of token ``t``: ``posting_names[posting_offsets[t]:posting_offsets[t + 1]]``."""
    deletion_hashes: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.uint64))
    deletion_tokens: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    """Sorted hashes of every one-character deletion of each token, and its token id."""
    phonetic: dict[str, list[str]] = field(default_factory=dict)
    skeletons: dict[str, list[str]] = field(default_factory=dict)
    """Consonant skeleton -> indexed name tokens, to find names whose vowels were dropped."""
    sinitic: dict[str, list[str]] = field(default_factory=dict)
    """Chinese syllable key -> indexed tokens, to meet Wade-Giles with pinyin."""
    abjad: dict[str, list[str]] = field(default_factory=dict)
    """``abjad_key`` -> indexed name words, to meet a foreign name written by sound in
    Arabic script ("mwrwaryd" -> "morvarid")."""
    sounds: dict[str, list[str]] = field(default_factory=dict)
    """``sound_fold`` key -> indexed name words, to meet a name read back from kana,
    Hangul, Thai, Khmer or Ethiopic ("prigojin", "prikochin" -> "prigozhin")."""
    identifiers: dict[str, list[int]] = field(default_factory=dict)
    token_counts: dict[str, int] = field(default_factory=dict)
    party_by_id: dict[str, int] = field(default_factory=dict)
    initial_letters: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.uint32))
    """Per name, a bit for the first letter (a-z) of each of its words of two letters or
    more: the candidates that answer a query's initials ("CHAN, E." -> Eric)."""
    held_words: dict[str, list[int]] = field(default_factory=dict)
    """One-word names an organisation's listed name holds ("SSRC" in "... (SSRC)") -> the
    ids of those listed names: met only by a query that is that word exactly."""

    def __len__(self) -> int:
        return len(self.parties)

    @property
    def name_count(self) -> int:
        return len(self.name_party)

    def name(self, name_id: int) -> PreparedName:
        """The prepared listed name ``name_id``."""
        return PreparedName(*(column[name_id] for column in self.name_columns))

    def posting(self, token_id: int) -> np.ndarray:
        """Ids of the names holding token ``token_id``."""
        start, end = self.posting_offsets[token_id], self.posting_offsets[token_id + 1]
        return self.posting_names[start:end]

    def posting_size(self, token_id: int) -> int:
        return int(self.posting_offsets[token_id + 1] - self.posting_offsets[token_id])

    def tokens_one_deletion_from(self, variants: list[str]) -> list[int]:
        """Ids of tokens that become one of ``variants`` when one character is deleted."""
        if not variants or len(self.deletion_hashes) == 0:
            return []
        keys = np.array([stable_hash(v) for v in variants], dtype=np.uint64)
        lows = np.searchsorted(self.deletion_hashes, keys, side="left")
        highs = np.searchsorted(self.deletion_hashes, keys, side="right")
        found: list[int] = []
        for lo, hi in zip(lows.tolist(), highs.tolist(), strict=True):
            if hi > lo:
                found.extend(self.deletion_tokens[lo:hi].tolist())
        return found

    def add_name(self, prepared: PreparedName) -> int:
        for column, value in zip(self.name_columns, astuple_fast(prepared), strict=True):
            column.append(value)
        return len(self.name_columns[0]) - 1


def _party(
    data: dict[str, Any], listings: list[Listing], holders: dict[str, set[str]]
) -> ListedParty:
    props = data.get("properties", {})
    countries = (
        set(props.get("country", []))
        | set(props.get("nationality", []))
        | set(props.get("citizenship", []))
        | set(props.get("jurisdiction", []))
    )
    identifiers = {
        normalise_identifier(v) for prop in IDENTIFIER_PROPS for v in props.get(prop, [])
    } | holders.get(data["id"], set())
    names = props.get("name") or props.get("alias") or [data["id"]]
    return ListedParty(
        entity_id=data["id"],
        caption=names[0],
        schema=data["schema"],
        countries=frozenset(countries),
        birth_dates=tuple(sorted(props.get("birthDate", []))),
        identifiers=frozenset(i for i in identifiers if len(i) >= MIN_IDENTIFIER_LENGTH),
        listings=tuple(listings),
        topics=tuple(props.get("topics", [])),
    )


def only_lists(party: ListedParty, wanted: set[str]) -> ListedParty:
    """``party`` with only the listings (and joined records) of the ``wanted`` lists."""
    if set(party.lists) <= wanted:
        return party
    listings = tuple(item for item in party.listings if item.list_name in wanted)
    kept = {item.record for item in listings}
    joined = [(r, w) for r, w in zip(party.records, party.joined_by, strict=False) if r in kept]
    return replace(
        party,
        listings=listings,
        records=tuple(r for r, _ in joined),
        joined_by=tuple(w for _, w in joined),
    )


def merge_parties(first: ListedParty, other: ListedParty, rule: str = "same id") -> ListedParty:
    """One party from two records of it on different lists, joined by ``rule``."""
    other_ids = (other.entity_id,) if other.entity_id != first.entity_id else ()
    known = set(first.records)
    new = [(r, rule) for r in other_ids if r not in known]
    new += [(r, w) for r, w in zip(other.records, other.joined_by, strict=False) if r not in known]
    return replace(
        first,
        countries=first.countries | other.countries,
        birth_dates=tuple(sorted(set(first.birth_dates) | set(other.birth_dates))),
        identifiers=first.identifiers | other.identifiers,
        listings=first.listings + other.listings,
        topics=tuple(dict.fromkeys(first.topics + other.topics)),
        records=first.records + tuple(r for r, _ in new),
        joined_by=first.joined_by + tuple(w for _, w in new),
    )


def collect_parties(
    versions: Iterable[tuple[str, Iterable[dict[str, Any]]]],
) -> Iterator[tuple[ListedParty, dict[str, list[str]]]]:
    """Listed parties with their names, from ``(list name, entity dicts)`` per version."""
    for list_name, entities in versions:
        targets: list[dict[str, Any]] = []
        listings: dict[str, list[Listing]] = defaultdict(list)
        holders: dict[str, set[str]] = defaultdict(set)
        for data in entities:
            props = data.get("properties", {})
            schema = data.get("schema")
            if props.get("topics") and schema not in ("Sanction",):
                targets.append(data)
            elif schema == "Sanction":
                for owner in props.get("entity", []):
                    listings[owner].append(
                        Listing(
                            list_name=list_name,
                            authority="; ".join(props.get("authority", [])),
                            programs=tuple(props.get("program", [])),
                            listing_date=min(props.get("listingDate", []) or [""]) or None,
                            source_url=(props.get("sourceUrl") or [None])[0],
                            provisions=tuple(props.get("provisions", [])),
                            un_references=tuple(props.get("unscId", [])),
                            record=owner,
                        )
                    )
            elif schema == "CryptoWallet":
                for owner in props.get("holder", []):
                    holders[owner].update(
                        normalise_identifier(k) for k in props.get("publicKey", [])
                    )
        for data in targets:
            listing = listings.get(data["id"]) or [Listing(list_name, "", (), None, None)]
            props = data.get("properties", {})
            names = {prop: props.get(prop, []) for prop in NAME_PROPS}
            yield _party(data, listing, holders), names


def join_records(
    collected: list[tuple[ListedParty, dict[str, list[str]]]],
    forms: NameForms | None = None,
) -> dict[str, Join]:
    """Which records are the same listed party (:mod:`vet.resolve.parties`).

    Sorts ``collected`` so that the original publisher's record leads its party (the
    UN's before the UK's copy, OFAC's before the CSL's), then by record id: which of two
    candidate records a join takes must not depend on the order the records were read
    in (straight from the files or back from the store). ``forms`` keeps the names it
    tokenises for the caller.
    """
    forms = forms if forms is not None else NameForms()
    collected.sort(key=_publisher_first)
    return resolve_records(
        [party for party, _ in collected],
        names=[[n for prop in NAME_PROPS for n in found.get(prop, [])] for _, found in collected],
        un_references=[
            [r for item in party.listings for r in item.un_references] for party, _ in collected
        ],
        key_of=lambda name, schema: form_key(forms.of(name, schema)),
    )


def _publisher_first(item: tuple[ListedParty, dict[str, list[str]]]) -> tuple[int, str, str]:
    party = item[0]
    list_name = party.listings[0].list_name
    return PUBLISHER_ORDER.get(list_name, 99), list_name, party.entity_id


FormKey = tuple[str, str | None]
"""A listed name and the schema of its party: what ``tokenise`` is given."""


class NameForms:
    """Each distinct listed name tokenised once, for the joins and the index alike.

    It can start with forms tokenised by an earlier build (``seed``) and tells which
    forms came from which list's names (``of_list``), so they can be kept per list
    version: ``tokenise`` depends only on the text, the schema and the name rules.
    """

    def __init__(self) -> None:
        self._forms: dict[FormKey, NameForm] = {}
        self._list_texts: dict[str, set[str]] = defaultdict(set)
        self._pieces: dict[str, set[str]] = defaultdict(set)

    def of(self, text: str, schema: str | None) -> NameForm:
        form = self._forms.get((text, schema))
        if form is None:
            form = self._forms[(text, schema)] = tokenise(text, schema)
        return form

    def seed(self, forms: dict[FormKey, NameForm]) -> None:
        """Take forms tokenised before (by the same name rules)."""
        self._forms.update(forms)

    def note_list(self, list_name: str, texts: Iterable[str]) -> None:
        """``texts`` are names of ``list_name``'s records."""
        self._list_texts[list_name].update(texts)

    def note_piece(self, piece: str, whole: str) -> None:
        """``piece`` is a name held in the listed name ``whole`` (see ``held_names``)."""
        self._pieces[whole].add(piece)

    def of_list(self, list_name: str) -> dict[FormKey, NameForm]:
        """The forms tokenised for ``list_name``'s names and the names they hold."""
        texts = set(self._list_texts.get(list_name, ()))
        for whole in list(texts):
            texts.update(self._pieces.get(whole, ()))
        return {key: form for key, form in self._forms.items() if key[0] in texts}


def build_index(
    versions: Iterable[tuple[str, Iterable[dict[str, Any]]]],
    *,
    key: str,
    kind_weights: dict[str, float],
    rarity_floor: float,
    progress: BuildProgress | None = None,
    name_forms: NameForms | None = None,
) -> Index:
    """Build the index from each version's entity dicts, telling ``progress`` how far it is.

    ``name_forms`` may hold names tokenised before; it is given every name tokenised.
    """
    report = progress or _no_progress
    index = Index(key=key)
    raw: list[tuple[str, str, int]] = []  # (name text, prop, party index)
    seen_party: dict[str, int] = {}
    seen_names: dict[int, set[str]] = defaultdict(set)
    per_list = list(versions)
    collected: list[tuple[ListedParty, dict[str, list[str]]]] = []
    known = name_forms if name_forms is not None else NameForms()
    for done, one in enumerate(per_list):
        report("reading lists", done, len(per_list))
        start = len(collected)
        collected.extend(collect_parties([one]))
        known.note_list(
            one[0], (n for _, found in collected[start:] for ns in found.values() for n in ns)
        )
    report("joining records", 0, 1)
    joins = join_records(collected, known)
    # Joined records after the records that lead their party, so it keeps that id and data.
    collected.sort(key=lambda item: item[0].entity_id in joins)
    for party, names in collected:
        join = joins.get(party.entity_id)
        key = join.party if join else party.entity_id
        position = seen_party.get(key)
        if position is None:
            position = seen_party[key] = len(index.parties)
            index.parties.append(party)
        else:
            # The same party on several lists, or one record on two (an OFAC entry on the
            # SDN and non-SDN lists): one party with every listing.
            rule = join.rule if join else "same id"
            index.parties[position] = merge_parties(index.parties[position], party, rule)
            seen_party[party.entity_id] = position
        for prop, values in names.items():
            for value in values:
                if value not in seen_names[position]:
                    seen_names[position].add(value)
                    raw.append((value, prop, position))
    index.party_by_id = seen_party
    held = held_names(raw, index.parties)

    # Token counts first (rarity needs them), then weights from the same forms.
    forms = [known.of(text, index.parties[party].schema) for text, _, party in raw]
    counts: dict[str, int] = defaultdict(int)
    for form in forms:
        for token in {t.text for t in form.tokens}:
            counts[token] += 1
    index.token_counts = dict(counts)
    rarity = rarity_from_counts(index.token_counts, len(forms), rarity_floor)
    for text, at in held:
        known.note_piece(text, raw[at][0])
    forms += [known.of(text, index.parties[raw[at][2]].schema) for text, at in held]
    del known
    wholes: list[int | None] = [None] * len(raw) + [at for _, at in held]
    raw += [(text, raw[at][1], raw[at][2]) for text, at in held]
    name_ids: dict[int, int] = {}
    held_words: dict[str, list[int]] = defaultdict(list)

    postings: dict[str, list[int]] = defaultdict(list)
    for position, ((_, prop, party_idx), form, whole) in enumerate(
        zip(raw, forms, wholes, strict=True)
    ):
        if position % PROGRESS_STEP == 0:
            report("preparing names", position, len(raw))
        prepared = prepare_form(form, kind_weights=kind_weights, rarity=rarity)
        if not prepared.tokens:
            continue
        if whole is not None:
            if whole not in name_ids:
                continue
            if len(prepared.tokens) == 1:
                # A one-word name is met exactly or not at all: "CERS" must not meet "Ceri".
                held_words[prepared.tokens[0]].append(name_ids[whole])
                continue
            prepared = replace(prepared, text=raw[whole][0])
        name_id = name_ids[position] = index.add_name(prepared)
        index.name_party.append(party_idx)
        index.name_prop.append(prop)
        # Every word is posted: strong words fetch candidates, weak words only rank them.
        keys = set(prepared.tokens)
        keys.update(prepared.joined)
        keys.add(prepared.spaceless)
        if len(form.latin) > TRUNCATION_WIDTH:
            # Payment messages cut names at a fixed width; find such stubs directly.
            keys.add("".join(ch for ch in form.latin[:TRUNCATION_WIDTH] if ch.isalnum()))
        keys.discard("")
        for token in keys:
            postings[token].append(name_id)
    report("lookup tables", 0, 1)
    index.tokens = sorted(postings)
    index.vocabulary = {token: i for i, token in enumerate(index.tokens)}
    sizes = np.array([len(postings[t]) for t in index.tokens], dtype=np.int64)
    index.posting_offsets = np.concatenate([np.zeros(1, dtype=np.int64), np.cumsum(sizes)])
    index.posting_names = np.array(
        [name_id for t in index.tokens for name_id in postings[t]], dtype=np.int32
    )

    hashes: list[int] = []
    owners: list[int] = []
    for token_id, token in enumerate(index.tokens):
        if len(token) >= MIN_DELETE_LENGTH:
            variants = {stable_hash(v) for v in deletes(token)}
            hashes.extend(variants)
            owners.extend([token_id] * len(variants))
    deletion_hashes = np.array(hashes, dtype=np.uint64)
    deletion_tokens = np.array(owners, dtype=np.int32)
    order = np.lexsort((deletion_tokens, deletion_hashes))  # by hash, then token
    index.deletion_hashes = deletion_hashes[order]
    index.deletion_tokens = deletion_tokens[order]

    phonetic: dict[str, set[str]] = defaultdict(set)
    for tokens, keys_ in zip(index.name_columns[1], index.name_columns[3], strict=True):
        for token, key_ in zip(tokens, keys_, strict=True):
            if key_ and token in index.vocabulary:
                phonetic[key_].add(token)
    index.phonetic = {k: sorted(v) for k, v in phonetic.items()}
    skeletons: dict[str, set[str]] = defaultdict(set)
    for token in index.tokens:
        if len(token) >= MIN_DELETE_LENGTH and token.isalpha():
            skeleton = consonant_skeleton(token)
            if len(skeleton) >= 2:
                skeletons[skeleton].add(token)
    index.skeletons = {k: sorted(v) for k, v in skeletons.items()}
    abjad: dict[str, set[str]] = defaultdict(set)
    for token in index.tokens:
        if len(token) >= MIN_ABJAD_LENGTH and token.isalpha() and token.isascii():
            key_ = abjad_key(token)
            if len(key_) >= 2:
                abjad[key_].add(token)
    index.abjad = {k: sorted(v) for k, v in abjad.items()}
    sinitic: dict[str, set[str]] = defaultdict(set)
    for token in index.tokens:
        key_ = sinitic_key(token)
        if key_ is not None:
            sinitic[key_].add(token)
    index.sinitic = {k: sorted(v) for k, v in sinitic.items()}
    index.sounds = sound_keys(index.tokens)

    identifiers: dict[str, list[int]] = defaultdict(list)
    for party_idx, party in enumerate(index.parties):
        for ident in party.identifiers:
            identifiers[ident].append(party_idx)
    index.identifiers = dict(identifiers)
    index.initial_letters = initial_letter_masks(index.name_columns[1])
    index.held_words = dict(held_words)
    report("lookup tables", 1, 1)
    return index


def _no_progress(stage: str, done: int, total: int) -> None:
    """Progress nobody asked to see."""


def held_names(
    raw: list[tuple[str, str, int]], parties: list[ListedParty]
) -> list[tuple[str, int]]:
    """The names an organisation's listed name holds besides itself, (name, position of
    the whole in ``raw``): "SCIENTIFIC STUDIES AND RESEARCH CENTRE (SSRC)" holds "SSRC",
    which users screen alone. A hit on one shows the whole listed name."""
    out: list[tuple[str, int]] = []
    for position, (text, _, party) in enumerate(raw):
        schema = parties[party].schema
        if schema != "Person":
            out.extend((piece, position) for piece in split_cell(text, schema=schema))
    return out


MIN_ABJAD_LENGTH = 4
"""Shortest word compared by ``abjad_key``: shorter keys are shared by too many words."""
MIN_SOUND_LENGTH = 4
"""Shortest word compared by ``sound_fold`` (the scorer's limit too): shorter folds are
shared by too many words."""


def sound_keys(tokens: Iterable[str]) -> dict[str, list[str]]:
    """``sound_fold`` key -> the alphabetic tokens of at least ``MIN_SOUND_LENGTH``
    letters that fold to it."""
    sounds: dict[str, list[str]] = defaultdict(list)
    for token in tokens:
        if len(token) >= MIN_SOUND_LENGTH and token.isalpha():
            for folded in sound_folds(token):
                sounds[folded].append(token)
    return dict(sounds)


def initial_letter_masks(names_tokens: list[tuple[str, ...]]) -> np.ndarray:
    masks = np.zeros(len(names_tokens), dtype=np.uint32)
    for name_id, words in enumerate(names_tokens):
        bits = 0
        for word in words:
            if len(word) > 1 and "a" <= word[0] <= "z":
                bits |= 1 << (ord(word[0]) - 97)
        masks[name_id] = bits
    return masks


@cache
def _code_digest() -> str:
    """A digest of the code and word lists that turn names into indexed tokens, so a cached
    index made by other name rules (a word added to a list, another rigour) is rebuilt."""
    digest = hashlib.sha1(f"rigour {version('rigour')}".encode())
    for package in ("vet.names", "vet.index"):
        root = Path(importlib.import_module(package).__file__ or "").parent
        kept = (".py", ".txt", ".tsv", ".json")
        for path in sorted(p for p in root.rglob("*") if p.suffix in kept):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def index_key(version_ids: Iterable[int], config_fingerprint: str) -> str:
    """Cache key: the versions indexed, the vet version, the name rules and the weights used."""
    text = (
        f"{sorted(version_ids)}|{__version__}|{INDEX_FORMAT}|{_code_digest()}|{config_fingerprint}"
    )
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:20]


def save_index(index: Index, directory: Path) -> Path:
    """Write the index atomically to ``directory/<key>.pickle``."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{index.key}.pickle"
    partial = path.with_suffix(".part")
    with open(partial, "wb") as handle:
        pickle.dump(index, handle, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(path)
    return path


def load_index(directory: Path, key: str) -> Index | None:
    """The cached index for ``key``, or ``None`` when absent or unreadable."""
    path = directory / f"{key}.pickle"
    if not path.is_file():
        return None
    try:
        with open(path, "rb") as handle:
            index = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError) as exc:
        log.warning("index cache %s unreadable (%s); rebuilding", path.name, exc)
        return None
    return index if isinstance(index, Index) and index.key == key else None
