"""Turning screening results into what the store keeps, and back.

- :func:`party_key` says who was screened, so a decision follows the party
  into later screenings of the same or another file.
- :func:`record_digest` says what the reviewer saw of the listed party (its
  stored record in each list version, and its listings), so a decision is
  re-applied only while that record is unchanged.
- :func:`load_screening` reads a saved screening back as a :class:`Screening`
  for the report writers, with decisions applied, without holding it in memory.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, replace
from typing import Any

from vet.index import Listing
from vet.names import clean
from vet.scoring import Hit
from vet.scoring.features import FeatureResult
from vet.screen.changes import why_changed
from vet.screen.model import (
    OwnershipNote,
    PartyResult,
    Review,
    Screening,
    StoredResults,
)
from vet.screen.parties import Party, SkippedRow
from vet.store import Store
from vet.store.clearances import clearances_for
from vet.store.screenings import (
    Decision,
    SavedHit,
    SavedRow,
    ScreeningInfo,
    decided_hits,
    decision_history,
    get_screening,
    iter_rows,
    listed_records,
    skipped_rows,
)
from vet.vocabulary import DecisionValue


def _sha1(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def party_key(party: Party) -> str:
    """Who was screened: own id, name, countries and birth date, case and spacing folded."""

    def fold(text: str) -> str:
        return " ".join(clean(text).casefold().split())

    return _sha1(
        [
            fold(party.own_id or ""),
            fold(party.name),
            sorted(fold(c) for c in party.countries),
            fold(party.birth_date or ""),
        ]
    )


# -- parties and hits as JSON ------------------------------------------------------


def party_to_dict(party: Party) -> dict[str, Any]:
    return {
        "row": party.row,
        "name": party.name,
        "aliases": list(party.aliases),
        "countries": list(party.countries),
        "schema": party.schema,
        "birth_date": party.birth_date,
        "identifiers": list(party.identifiers),
        "own_id": party.own_id,
        "input": party.input,
    }


def party_from_dict(data: dict[str, Any]) -> Party:
    return Party(
        row=int(data["row"]),
        name=data["name"],
        aliases=tuple(data.get("aliases", ())),
        countries=tuple(data.get("countries", ())),
        schema=data.get("schema"),
        birth_date=data.get("birth_date"),
        identifiers=tuple(data.get("identifiers", ())),
        own_id=data.get("own_id"),
        input=dict(data.get("input", {})),
    )


def _fields(value: Any) -> dict[str, Any]:
    """A dataclass of plain values (text, numbers, tuples of text) as a dict: what
    ``asdict`` gives, without its deep copies (a batch saves thousands of hits)."""
    return {name: getattr(value, name) for name in value.__dataclass_fields__}


def hit_to_dict(hit: Hit) -> dict[str, Any]:
    data = _fields(hit)
    data["listings"] = [_fields(item) for item in hit.listings]
    data["features"] = [_fields(f) for f in hit.features]
    return data


BEST_FIELDS = ("entity_id", "caption", "schema", "score", "matched_name", "query_name", "lists")


def best_to_dict(hit: Hit) -> dict[str, Any]:
    """The closest listed party below the threshold, kept small: it is context, not a hit."""
    return {key: getattr(hit, key) for key in BEST_FIELDS}


def hit_from_dict(data: dict[str, Any]) -> Hit:
    """A hit from its saved form (a best candidate's short form gives a hit without evidence)."""
    return Hit(
        entity_id=data["entity_id"],
        caption=data["caption"],
        schema=data["schema"],
        score=float(data["score"]),
        match=bool(data.get("match", False)),
        matched_name=data["matched_name"],
        query_name=data["query_name"],
        name_property=data.get("name_property", "name"),
        name_score=float(data.get("name_score", data["score"])),
        lists=tuple(data["lists"]),
        listings=tuple(
            Listing(
                list_name=item["list_name"],
                authority=item["authority"],
                programs=tuple(item["programs"]),
                listing_date=item["listing_date"],
                source_url=item["source_url"],
                provisions=tuple(item.get("provisions", ())),
                un_references=tuple(item.get("un_references", ())),
                record=item.get("record", ""),
            )
            for item in data.get("listings", ())
        ),
        features=tuple(FeatureResult(**f) for f in data.get("features", ())),
        explanation=data.get("explanation", ""),
        records=tuple(data.get("records", ())),
    )


# -- the listed record a reviewer saw ---------------------------------------------


def record_entity(
    stored: dict[int, dict[str, dict[str, Any]]], names: dict[int, str]
) -> dict[str, dict[str, Any]]:
    """A listed party's stored properties per list name, from ``version id -> record id ->
    FtM dict`` (:func:`stored_by_version`).

    A list holding several records of the party (the CSL's Entity List and MEU rows of
    one firm) shows its last record under the list's name, as vet always did (so the
    digests of decisions made then still hold), and the others under ``list record-id``:
    a change to any of them is a change of the listed party."""
    entity: dict[str, dict[str, Any]] = {}
    for version, found in sorted(stored.items()):
        if version not in names:
            continue
        *others, (_, last) = found.items()
        for record_id, data in others:
            entity[f"{names[version]} {record_id}"] = data.get("properties", {})
        entity[names[version]] = last.get("properties", {})
    return entity


def stored_by_version(
    stored: dict[str, dict[int, dict[str, Any]]], record_ids: Iterable[str]
) -> dict[int, dict[str, dict[str, Any]]]:
    """``version id -> record id -> FtM dict`` of the records a listed party stands for
    (from :func:`vet.store.screenings.listed_records`), records in the order given."""
    found: dict[int, dict[str, dict[str, Any]]] = {}
    for record_id in record_ids:
        for version, data in stored.get(record_id, {}).items():
            found.setdefault(version, {})[record_id] = data
    return found


def hit_ids(hit: SavedHit) -> tuple[str, ...]:
    """Every record id a hit's listed party stands for: the one leading it, then those
    joined to it (:mod:`vet.resolve.parties`)."""
    joined = (r for r in hit.hit.get("records", ()) if r != hit.entity_id)
    return (hit.entity_id, *joined)


def listed_record(
    hit: Hit, stored: dict[int, dict[str, dict[str, Any]]], names: dict[int, str]
) -> dict[str, Any]:
    """The listed party as a reviewer sees it: its properties per list, and its listings."""
    return {
        "entity": record_entity(stored, names),
        "listings": sorted(
            ([i.list_name, i.authority, list(i.programs), i.listing_date] for i in hit.listings),
            key=json.dumps,
        ),
    }


def record_digest(record: dict[str, Any]) -> str:
    """Equal while nothing a reviewer sees of the listed record has changed."""
    return _sha1(record)


def saved_rows(
    store: Store,
    items: Iterable[PartyResult | SkippedRow],
    versions: dict[int, str],
) -> list[SavedRow]:
    """Rows to save for a batch of results: parties, hits, listed records and their digests.

    ``versions`` maps the list version ids screened against to their list names.
    """
    items = list(items)
    hit_ids = {
        record
        for item in items
        if isinstance(item, PartyResult)
        for h in item.hits
        for record in (h.entity_id, *h.records)
    }
    stored = listed_records(store, hit_ids, versions)
    rows = []
    for item in items:
        if isinstance(item, SkippedRow):
            rows.append(SavedRow(item.row, None, None, item.problem))
            continue
        hits = []
        for rank, hit in enumerate(item.hits):
            by_version = stored_by_version(stored, (hit.entity_id, *hit.records))
            record = listed_record(hit, by_version, versions)
            data = hit_to_dict(hit)
            data["record"] = record
            hits.append(SavedHit(hit.entity_id, rank, hit.score, record_digest(record), data))
        extra: dict[str, Any] = {}
        if item.best is not None and not item.hits:
            extra["best"] = best_to_dict(item.best)
        if item.ownership:
            extra["ownership"] = [asdict(note) for note in item.ownership]
        if item.duplicate_of is not None:
            extra["duplicate_of"] = item.duplicate_of
        rows.append(
            SavedRow(
                row=item.party.row,
                party_key=party_key(item.party),
                party=party_to_dict(item.party),
                problem=None,
                hits=tuple(hits),
                extra=extra,
            )
        )
    return rows


# -- reading a saved screening back --------------------------------------------------


def review_of(decision: Decision, digest: str) -> Review:
    return Review(
        decision=decision.decision,
        reviewer=decision.reviewer,
        reason=decision.reason,
        at=decision.at,
        changed=decision.record_digest != digest,
        pending=decision.pending,
        approved_by=decision.approved_by,
    )


def party_decisions(
    store: Store, rows: Iterable[SavedRow]
) -> dict[tuple[str, str], list[Decision]]:
    """Every decision on each (party key, listed party) of the rows' hits, oldest first.

    A decision is recorded against the record that led the listed party then; it applies
    to the listed party now whichever of its records that was (a listing that joined
    since may lead it now: the UN's record before OFAC's)."""
    wanted = {(r.party_key, h.entity_id): hit_ids(h) for r in rows if r.party_key for h in r.hits}
    history = decision_history(store, {(key, i) for (key, _), ids in wanted.items() for i in ids})
    found: dict[tuple[str, str], list[Decision]] = {}
    for (key, entity_id), ids in wanted.items():
        made = sorted((d for i in ids for d in history.get((key, i), ())), key=lambda d: d.id)
        if made:
            found[(key, entity_id)] = made
    return found


def reviews_for(store: Store, rows: list[SavedRow]) -> dict[int, dict[str, Review]]:
    """``row -> entity id -> review`` from the latest decision on each (party, listed party),
    with its known-good clearance, if any (an expired one sends the hit back to review).
    A decision made on the listed record as it was before says what changed since."""
    latest = {pair: made[-1] for pair, made in party_decisions(store, rows).items()}
    cleared = clearances_for(
        store,
        [
            (d.party_key, d.entity_id)
            for d in latest.values()
            if d.decision == DecisionValue.FALSE_POSITIVE
        ],
    )
    digests = {(r.party_key, h.entity_id): h.record_digest for r in rows for h in r.hits}
    seen = decided_hits(
        store, [d for pair, d in latest.items() if d.record_digest != digests.get(pair)]
    )
    reviews: dict[int, dict[str, Review]] = {}
    for r in rows:
        for h in r.hits:
            decision = latest.get((r.party_key or "", h.entity_id))
            if decision is None:
                continue
            review = review_of(decision, h.record_digest)
            if review.changed:
                then = seen.get(decision.id)
                why = (
                    why_changed(then.hit.get("record", {}), h.hit.get("record", {})) if then else ""
                )
                review = replace(review, why=why)
            clearance = next(
                (
                    c
                    for c in reversed(cleared.get((decision.party_key, decision.entity_id), []))
                    if c.decision_id == decision.id
                ),
                None,
            )
            if clearance is not None:
                review = replace(
                    review, cleared_until=clearance.expires, expired=clearance.expired()
                )
            reviews.setdefault(r.row, {})[h.entity_id] = review
    return reviews


def result_from_row(row: SavedRow, reviews: dict[str, Review]) -> PartyResult:
    assert row.party is not None
    hits = tuple(hit_from_dict(h.hit) for h in row.hits)
    best_data = row.extra.get("best")
    return PartyResult(
        party=party_from_dict(row.party),
        hits=hits,
        best=hits[0] if hits else (hit_from_dict(best_data) if best_data else None),
        reviews=reviews,
        ownership=tuple(OwnershipNote.from_dict(note) for note in row.extra.get("ownership", ())),
        duplicate_of=row.extra.get("duplicate_of"),
    )


def iter_results(
    store: Store, screening_id: int, *, batch: int = 500
) -> Iterator[PartyResult | SkippedRow]:
    """A saved screening's rows in file order, with the decisions that apply now."""
    pending: list[SavedRow] = []

    def flush() -> Iterator[PartyResult | SkippedRow]:
        reviews = reviews_for(store, pending)
        for saved in pending:
            if saved.party is None:
                yield SkippedRow(saved.row, saved.problem or "skipped")
            else:
                yield result_from_row(saved, reviews.get(saved.row, {}))
        pending.clear()

    for saved in iter_rows(store, screening_id, batch=batch * 4):
        pending.append(saved)
        if len(pending) >= batch:
            yield from flush()
    yield from flush()


def load_screening(store: Store, ref: int | str) -> tuple[ScreeningInfo, Screening]:
    """A saved screening, its results read from the store as they are iterated."""
    info = get_screening(store, ref)

    def results() -> Iterator[PartyResult]:
        for item in iter_results(store, info.id):
            if isinstance(item, PartyResult):
                yield item

    screening = Screening(
        file=info.file,
        threshold=info.threshold,
        columns=info.columns,
        results=StoredResults(info.party_count, results),
        skipped=[SkippedRow(row, problem) for row, problem in skipped_rows(store, info.id)],
        name=info.name,
        screening_id=info.id,
    )
    return info, screening
