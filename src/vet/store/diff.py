"""Differences between two versions of a list, per listed party.

A listed party's *record* is its own properties plus those of the entities
attached to it (its sanctions, identifications, wallets, links), so a changed
program or passport shows as a change of the party. Records are compared
field by field.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from vet.errors import NotFound
from vet.store.db import ListVersion, Store

# Properties by which an auxiliary entity points at the party it belongs to.
_OWNER_PROPS = ("entity", "holder", "asset", "subject")


@dataclass(frozen=True)
class FieldChange:
    field: str
    removed: tuple[str, ...]
    added: tuple[str, ...]


@dataclass(frozen=True)
class EntityChange:
    entity_id: str
    caption: str
    schema: str
    changes: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class ListDiff:
    list_name: str
    old: ListVersion
    new: ListVersion
    added: list[EntityChange] = field(default_factory=list)
    removed: list[EntityChange] = field(default_factory=list)
    changed: list[EntityChange] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        def one(c: EntityChange) -> dict[str, Any]:
            return {
                "id": c.entity_id,
                "caption": c.caption,
                "schema": c.schema,
                "changes": [
                    {"field": f.field, "removed": list(f.removed), "added": list(f.added)}
                    for f in c.changes
                ],
            }

        return {
            "list": self.list_name,
            "old_version": self.old.id,
            "new_version": self.new.id,
            "added": [one(c) for c in self.added],
            "removed": [one(c) for c in self.removed],
            "changed": [one(c) for c in self.changed],
        }


def records(entities: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Group a version's entities into one record per listed party.

    Returns ``party id -> {"caption", "schema", "fields": {field: sorted values}}``,
    where fields of attached entities are prefixed with their schema
    (``Sanction.program``).
    """
    parties: dict[str, dict[str, Any]] = {}
    attached: list[dict[str, Any]] = []
    for data in entities:
        props = data.get("properties", {})
        if props.get("topics"):
            names = props.get("name") or [data["id"]]
            parties[data["id"]] = {
                "caption": names[0],
                "schema": data["schema"],
                "fields": {k: sorted(v) for k, v in props.items()},
            }
        else:
            attached.append(data)
    for data in attached:
        props = data.get("properties", {})
        owners = [v for p in _OWNER_PROPS for v in props.get(p, []) if v in parties]
        for owner in owners:
            fields = parties[owner]["fields"]
            for prop, values in props.items():
                if prop in _OWNER_PROPS:
                    continue
                key = f"{data['schema']}.{prop}"
                fields[key] = sorted(set(fields.get(key, [])) | set(values))
    return parties


def record_digest(record: dict[str, Any]) -> str:
    """A digest of a party's record: equal when nothing a reviewer sees has changed."""
    text = json.dumps(record["fields"], sort_keys=True, ensure_ascii=False)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def field_changes(old: dict[str, list[str]], new: dict[str, list[str]]) -> list[FieldChange]:
    """Values removed and added, field by field."""
    changes = []
    for key in sorted(set(old) | set(new)):
        before, after = set(old.get(key, [])), set(new.get(key, []))
        if before != after:
            changes.append(
                FieldChange(key, tuple(sorted(before - after)), tuple(sorted(after - before)))
            )
    return changes


def diff_versions(
    store: Store, list_name: str, old_id: int | None = None, new_id: int | None = None
) -> ListDiff:
    """Parties added, removed and changed between two versions of ``list_name``.

    Without ids, compares the active version with the version before it.
    """
    versions = store.versions(list_name)
    by_id = {v.id: v for v in versions}
    for vid in (old_id, new_id):
        if vid is not None and vid not in by_id:
            raise NotFound(
                f"list {list_name} has no version {vid} "
                f"(versions: {', '.join(str(v) for v in by_id)})"
            )
    if new_id is None:
        status = store.list_status(list_name)
        new_id = status.active.id if status.active else versions[-1].id
    if old_id is None:
        earlier = [v.id for v in versions if v.id < new_id]
        if not earlier:
            raise NotFound(
                f"list {list_name} has only one version before {new_id}: nothing to compare"
            )
        old_id = earlier[-1]
    old = records(store.raw_entities(old_id))
    new = records(store.raw_entities(new_id))
    result = ListDiff(list_name, by_id[old_id], by_id[new_id])
    for pid in sorted(new.keys() - old.keys()):
        result.added.append(EntityChange(pid, new[pid]["caption"], new[pid]["schema"]))
    for pid in sorted(old.keys() - new.keys()):
        result.removed.append(EntityChange(pid, old[pid]["caption"], old[pid]["schema"]))
    for pid in sorted(old.keys() & new.keys()):
        changes = field_changes(old[pid]["fields"], new[pid]["fields"])
        if changes:
            result.changed.append(
                EntityChange(pid, new[pid]["caption"], new[pid]["schema"], tuple(changes))
            )
    return result
