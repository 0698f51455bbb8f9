"""Re-screening a saved screening after the lists changed, reporting only what changed.

The saved parties are screened again against the active list versions and saved
as a new screening (its parent is the old one). Compared hit by hit:

- ``new``: a listed party that was not a hit before;
- ``changed``: still a hit, but its listed record changed (with the changed fields);
  an earlier decision on it no longer applies;
- ``delisted``: a hit before, and the listed party is on no active list any more;
- ``no longer matches``: still listed, but now scores below the threshold.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from vet import __version__
from vet.match import Matcher
from vet.screen.run import Ownership, fill_screening, versions_used
from vet.screen.saved import party_from_dict
from vet.store import FieldChange, Store
from vet.store.diff import field_changes
from vet.store.screenings import (
    SavedHit,
    SavedRow,
    ScreeningInfo,
    create_screening,
    finish_screening,
    get_screening,
    iter_rows,
    latest_decisions,
    list_screenings,
    listed_records,
)

NEW, CHANGED, DELISTED, NO_LONGER = "new", "changed", "delisted", "no longer matches"


@dataclass(frozen=True)
class HitChange:
    """One hit that appeared, changed or went away between two screenings."""

    kind: str
    row: int
    party_name: str
    entity_id: str
    caption: str
    lists: tuple[str, ...]
    score_before: float | None
    score_after: float | None
    changes: tuple[FieldChange, ...] = ()
    previous_decision: str | None = None

    def describe(self) -> str:
        """One line a reviewer can act on."""
        head = f"row {self.row} {self.party_name!r} / {self.caption} [{', '.join(self.lists)}]"
        if self.kind == NEW:
            return f"NEW {head}: score {self.score_after:.2f}"
        if self.kind == CHANGED:
            fields = "; ".join(_describe_change(c) for c in self.changes) or "listings changed"
            decided = (
                f" (was decided {self.previous_decision}: review again)"
                if self.previous_decision
                else ""
            )
            return f"CHANGED {head}{decided}: {fields}"
        if self.kind == DELISTED:
            return f"DELISTED {head}: no active list holds it any more"
        return (
            f"NO LONGER MATCHES {head}: score {self.score_before:.2f} -> "
            f"{self.score_after if self.score_after is not None else 'below threshold'}"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "row": self.row,
            "party": self.party_name,
            "entity_id": self.entity_id,
            "caption": self.caption,
            "lists": list(self.lists),
            "score_before": self.score_before,
            "score_after": self.score_after,
            "changes": [
                {"field": c.field, "removed": list(c.removed), "added": list(c.added)}
                for c in self.changes
            ],
            "previous_decision": self.previous_decision,
        }


def _describe_change(change: FieldChange) -> str:
    parts = []
    if change.removed:
        parts.append("removed " + ", ".join(change.removed))
    if change.added:
        parts.append("added " + ", ".join(change.added))
    return f"{change.field} " + " and ".join(parts)


@dataclass(frozen=True)
class Rescreen:
    old: ScreeningInfo
    new: ScreeningInfo
    changes: tuple[HitChange, ...]

    def count(self, kind: str) -> int:
        return sum(1 for c in self.changes if c.kind == kind)

    def summary(self) -> str:
        versions = {v["list_name"]: v["version"] for v in self.old.list_versions}
        moved = [
            f"{v['list_name']} {versions[v['list_name']]} -> {v['version']}"
            for v in self.new.list_versions
            if versions.get(v["list_name"]) not in (None, v["version"])
        ]
        lists = "lists changed: " + ", ".join(moved) if moved else "no list changed"
        return (
            f"Re-screened {self.new.party_count:,} parties of {self.old.name!r} as "
            f"{self.new.name!r} ({lists}): {self.count(NEW)} new hits, "
            f"{self.count(CHANGED)} changed, {self.count(DELISTED)} delisted, "
            f"{self.count(NO_LONGER)} no longer matching."
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "old": {"id": self.old.id, "name": self.old.name},
            "new": {"id": self.new.id, "name": self.new.name},
            "summary": self.summary(),
            "changes": [c.to_dict() for c in self.changes],
        }


def record_fields(record: dict[str, Any]) -> dict[str, list[str]]:
    """A saved listed record as flat fields (``us_ofac_sdn.alias``), for a field diff."""
    fields: dict[str, list[str]] = {}
    for list_name, props in record.get("entity", {}).items():
        for prop, values in props.items():
            fields[f"{list_name}.{prop}"] = sorted(map(str, values))
    fields["listings"] = sorted(
        f"{name} {authority} {'/'.join(programs)} {date or ''}".strip()
        for name, authority, programs, date in record.get("listings", [])
    )
    return fields


def _parties(store: Store, screening_id: int) -> Iterator[Any]:
    for saved in iter_rows(store, screening_id):
        if saved.party is not None:
            yield party_from_dict(saved.party)


def _pair_rows(
    store: Store, old_id: int, new_id: int
) -> Iterator[tuple[SavedRow, SavedRow | None]]:
    new_rows = iter_rows(store, new_id)
    current = next(new_rows, None)
    for old in iter_rows(store, old_id):
        if old.party is None:
            continue
        while current is not None and current.row < old.row:
            current = next(new_rows, None)
        yield old, current if current is not None and current.row == old.row else None


def compare_screenings(store: Store, old: ScreeningInfo, new: ScreeningInfo) -> list[HitChange]:
    """Hits new, changed, delisted or no longer matching from ``old`` to ``new``."""
    active = [int(v["version"]) for v in new.list_versions]
    changes: list[HitChange] = []
    gone: list[tuple[SavedRow, SavedHit]] = []
    for old_row, new_row in _pair_rows(store, old.id, new.id):
        before = {h.entity_id: h for h in old_row.hits}
        after = {h.entity_id: h for h in new_row.hits} if new_row else {}
        name = old_row.party["name"] if old_row.party else ""
        for entity_id, hit in after.items():
            if entity_id not in before:
                changes.append(_change(NEW, old_row.row, name, None, hit))
            elif before[entity_id].record_digest != hit.record_digest:
                diff = field_changes(
                    record_fields(before[entity_id].hit.get("record", {})),
                    record_fields(hit.hit.get("record", {})),
                )
                decided = latest_decisions(store, [(old_row.party_key or "", entity_id)])
                previous = next(iter(decided.values())).decision if decided else None
                changes.append(
                    _change(CHANGED, old_row.row, name, before[entity_id], hit, diff, previous)
                )
        gone.extend((old_row, hit) for entity_id, hit in before.items() if entity_id not in after)
    still_listed = listed_records(store, {h.entity_id for _, h in gone}, active)
    for old_row, hit in gone:
        name = old_row.party["name"] if old_row.party else ""
        kind = NO_LONGER if hit.entity_id in still_listed else DELISTED
        changes.append(_change(kind, old_row.row, name, hit, None))
    changes.sort(key=lambda c: (c.row, c.kind, c.entity_id))
    return changes


def _change(
    kind: str,
    row: int,
    party_name: str,
    before: SavedHit | None,
    after: SavedHit | None,
    diff: list[FieldChange] | None = None,
    previous: str | None = None,
) -> HitChange:
    ref = after or before
    assert ref is not None
    return HitChange(
        kind=kind,
        row=row,
        party_name=party_name,
        entity_id=ref.entity_id,
        caption=ref.hit.get("caption", ref.entity_id),
        lists=tuple(ref.hit.get("lists", ())),
        score_before=before.score if before else None,
        score_after=after.score if after else None,
        changes=tuple(diff or ()),
        previous_decision=previous,
    )


def rescreen(
    store: Store,
    matcher: Matcher,
    ref: int | str,
    *,
    name: str | None = None,
    workers: int | None = None,
    ownership: Ownership | None = None,
    progress: Callable[[int], None] | None = None,
) -> Rescreen:
    """Screen a saved screening's parties against the active lists; what changed."""
    old = get_screening(store, ref)
    lists = list(old.lists) if old.lists is not None else None
    versions = store.active_versions(lists)
    taken = {s.name for s in list_screenings(store)}
    base = name or f"{old.name} (rescreen)"
    new_name, n = base, 1
    while new_name in taken:
        n += 1
        new_name = f"{base} {n}"
    new = create_screening(
        store,
        name=new_name,
        file=old.file,
        file_sha256=old.file_sha256,
        columns=old.columns,
        threshold=old.threshold,
        lists=lists,
        list_versions=versions_used(versions),
        vet_version=__version__,
        parent_id=old.id,
    )
    fill_screening(
        store,
        matcher,
        new,
        _parties(store, old.id),
        versions={v.id: v.list_name for v in versions},
        workers=workers or os.cpu_count() or 1,
        ownership=ownership,
        progress=progress,
    )
    new = finish_screening(store, new.id)
    changes = compare_screenings(store, old, new)
    store.audit(
        "rescreen",
        {
            "old": old.id,
            "new": new.id,
            "new_hits": sum(1 for c in changes if c.kind == NEW),
            "changed": sum(1 for c in changes if c.kind == CHANGED),
            "delisted": sum(1 for c in changes if c.kind == DELISTED),
            "no_longer_matching": sum(1 for c in changes if c.kind == NO_LONGER),
        },
    )
    return Rescreen(old, new, tuple(changes))
