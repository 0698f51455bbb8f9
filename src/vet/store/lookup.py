"""Reading entities by id and by reference within chosen list versions, and what changed.

The API serves the list versions its index was built from; these lookups take
those version ids so every answer comes from the same versions as the scores.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import bindparam, select

from vet.store.db import ListVersion, Store
from vet.store.diff import diff_versions
from vet.store.schema import entity_data, version_entities

MAX_IDS_PER_QUERY = 500
"""SQLite limits bound parameters; bigger id sets are read in chunks."""


@dataclass(frozen=True)
class EntityRecord:
    """An entity as stored in one list version."""

    version_id: int
    data: dict[str, Any]


_RECORDS = (
    select(version_entities.c.entity_id, version_entities.c.version_id, entity_data.c.data)
    .join(entity_data, entity_data.c.digest == version_entities.c.digest)
    .where(version_entities.c.entity_id.in_(bindparam("ids", expanding=True)))
    .where(version_entities.c.version_id.in_(bindparam("versions", expanding=True)))
    .order_by(version_entities.c.version_id)
)
"""Built once: the API reads a few records per request, and building costs more than running."""


def entity_records(
    store: Store, entity_ids: Iterable[str], version_ids: Sequence[int]
) -> dict[str, list[EntityRecord]]:
    """The records of each entity id in the given versions (one per version holding it)."""
    wanted = list(dict.fromkeys(entity_ids))
    found: dict[str, list[EntityRecord]] = {}
    if not wanted or not version_ids:
        return found
    with store.engine.connect() as conn:
        for start in range(0, len(wanted), MAX_IDS_PER_QUERY):
            chunk = wanted[start : start + MAX_IDS_PER_QUERY]
            rows = conn.execute(_RECORDS, {"ids": chunk, "versions": list(version_ids)})
            for entity_id, version_id, data in rows:
                found.setdefault(entity_id, []).append(EntityRecord(version_id, json.loads(data)))
    return found


def referencing_records(
    store: Store, entity_id: str, version_ids: Sequence[int]
) -> list[EntityRecord]:
    """Records in the given versions that name ``entity_id`` in a property (its sanctions,
    identifications, ownerships, links), excluding the entity itself.

    This reads every record of the versions (about 0.2 s on all bundled lists): it
    serves one entity's page, not matching.
    """
    if not version_ids:
        return []
    needle = json.dumps(entity_id)  # the id as it appears quoted in stored JSON
    query = (
        select(version_entities.c.version_id, entity_data.c.data)
        .join(entity_data, entity_data.c.digest == version_entities.c.digest)
        .where(version_entities.c.version_id.in_(list(version_ids)))
        .where(version_entities.c.entity_id != entity_id)
        .where(entity_data.c.data.contains(needle, autoescape=True))
        .order_by(version_entities.c.version_id, version_entities.c.entity_id)
    )
    records = []
    with store.engine.connect() as conn:
        for version_id, data in conn.execute(query):
            record = json.loads(data)
            properties = record.get("properties", {})
            if any(entity_id in values for values in properties.values()):
                records.append(EntityRecord(version_id, record))
    return records


def version_date(version: ListVersion) -> date:
    """When a version's content dates from: its publication date, else its import date."""
    return version.published or version.imported_at.date()


def changed_entity_ids(store: Store, served: Iterable[ListVersion], since: date) -> set[str]:
    """Ids of listed parties in the ``served`` versions added or changed since ``since``.

    For each list, the served version is compared (party records, as ``vet lists
    diff`` does: a changed program or passport changes the party) with the version
    that was current on that date, the newest dated on or before it. A list with no
    version that old counts as wholly new when its served version is newer than
    the date, and as unchanged otherwise.
    """
    changed: set[str] = set()
    for version in served:
        if version_date(version) <= since:
            continue
        older = [
            v
            for v in store.versions(version.list_name)
            if v.id != version.id and version_date(v) <= since
        ]
        if not older:
            changed.update(d["id"] for d in store.raw_entities(version.id, targets_only=True))
            continue
        baseline = max(older, key=lambda v: (version_date(v), v.id))
        diff = diff_versions(store, version.list_name, baseline.id, version.id)
        changed.update(c.entity_id for c in (*diff.added, *diff.changed))
    return changed
