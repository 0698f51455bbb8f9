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
from vet.screen.model import (
    FALSE_POSITIVE,
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
    get_screening,
    iter_rows,
    latest_decisions,
    listed_records,
    skipped_rows,
)


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


def hit_to_dict(hit: Hit) -> dict[str, Any]:
    data = asdict(hit)
    data["listings"] = [asdict(item) for item in hit.listings]
    data["features"] = [asdict(f) for f in hit.features]
    return data


BEST_FIELDS = ("entity_id", "caption", "schema", "score", "matched_name", "query_name", "lists")


def best_to_dict(hit: Hit) -> dict[str, Any]:
    """The closest listed party below the threshold, kept small: it is context, not a hit."""
    data = hit_to_dict(hit)
    return {key: data[key] for key in BEST_FIELDS}


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
    stored: dict[int, dict[str, Any]], names: dict[int, str]
) -> dict[str, dict[str, Any]]:
    """A listed party's stored properties per list name, from ``version id -> FtM dict``."""
    return {
        names[version]: data.get("properties", {})
        for version, data in sorted(stored.items())
        if version in names
    }


def stored_by_version(
    stored: dict[str, dict[int, dict[str, Any]]], record_ids: Iterable[str]
) -> dict[int, dict[str, Any]]:
    """``version id -> FtM dict`` of the records a listed party stands for (from
    :func:`vet.store.screenings.listed_records`)."""
    return {
        version: data
        for record_id in record_ids
        for version, data in stored.get(record_id, {}).items()
    }


def listed_record(
    hit: Hit, stored: dict[int, dict[str, Any]], names: dict[int, str]
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


def reviews_for(store: Store, rows: list[SavedRow]) -> dict[int, dict[str, Review]]:
    """``row -> entity id -> review`` from the latest decision on each (party, listed party),
    with its known-good clearance, if any (an expired one sends the hit back to review)."""
    pairs = [(r.party_key, h.entity_id) for r in rows if r.party_key for h in r.hits]
    latest = latest_decisions(store, pairs)
    cleared = clearances_for(
        store, [pair for pair, d in latest.items() if d.decision == FALSE_POSITIVE]
    )
    reviews: dict[int, dict[str, Review]] = {}
    for r in rows:
        for h in r.hits:
            pair = (r.party_key or "", h.entity_id)
            decision = latest.get(pair)
            if decision is None:
                continue
            review = review_of(decision, h.record_digest)
            clearance = next(
                (c for c in reversed(cleared.get(pair, [])) if c.decision_id == decision.id), None
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
