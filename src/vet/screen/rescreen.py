"""Re-screening a saved screening after the lists changed, reporting only what changed.

The saved parties are screened again against the active list versions and saved
as a new screening (its parent is the old one). Compared hit by hit (a hit is a
listed party, known by any of the records it stands for):

- ``new``: a listed party that was not a hit before;
- ``changed``: still a hit, but its listed record changed (with the changed fields);
  an earlier decision on it no longer applies;
- ``delisted``: a hit before, and the listed party is on no list screened any more;
- ``no longer matches``: still listed, but now scores below the threshold.

Each change says why it happened (:data:`REASONS`): the list it came from was added or
removed, the record is new, changed (which fields) or gone from the new version, or the
record is unchanged and only its score moved.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from vet import __version__
from vet.errors import InputError
from vet.scoring import Matcher
from vet.screen.changes import describe_change, listings_moved, record_fields
from vet.screen.run import Ownership, fill_screening, versions_used
from vet.screen.saved import (
    hit_ids,
    party_decisions,
    party_from_dict,
    record_entity,
    stored_by_version,
)
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
    list_screenings,
    listed_records,
)

NEW, CHANGED, DELISTED, NO_LONGER = "new", "changed", "delisted", "no longer matches"

LIST_ADDED, LIST_REMOVED = "list added", "list removed"
NEW_RECORD, RECORD_CHANGED, RECORD_REMOVED = "new record", "record changed", "record removed"
SCORE_ROSE, SCORE_FELL, NOT_KEPT = "score rose", "score fell", "not kept before"
REASONS = (
    LIST_ADDED,
    LIST_REMOVED,
    NEW_RECORD,
    RECORD_CHANGED,
    RECORD_REMOVED,
    SCORE_ROSE,
    SCORE_FELL,
    NOT_KEPT,
)
"""Why a hit changed: its list was added or removed; its record is new, changed or removed
from the new list version; the record is unchanged and the score rose or fell; or it was a
hit before too but not kept (screenings saved before every hit was kept hold only the best
5 hits of a party)."""

OLD_HIT_CAP = 5
"""Hits a party kept at most in screenings saved by vet before every hit was kept."""

Rescorer = Callable[[dict[str, Any], frozenset[str]], float | None]
"""The score now of a saved party (as saved) against a listed party (any of its record ids);
None when the listed party is no longer among the candidates scored."""


@dataclass(frozen=True)
class HitChange:
    """One hit that appeared, changed or went away between two screenings, and why."""

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
    reason: str = ""
    """One of :data:`REASONS`."""
    why: str = ""
    """The reason in a sentence naming the lists, versions and scores involved."""

    def describe(self) -> str:
        """One line a reviewer can act on."""
        head = f"row {self.row} {self.party_name!r} / {self.caption} [{', '.join(self.lists)}]"
        fields = "; ".join(describe_change(c) for c in self.changes)
        why = self.why + (f": {fields}" if fields else "")
        if self.kind == NEW:
            return f"NEW {head}: score {self.score_after:.2f}; {why}"
        if self.kind == CHANGED:
            decided = (
                f" (was decided {self.previous_decision}: review again)"
                if self.previous_decision
                else ""
            )
            return f"CHANGED {head}{decided}: {fields or 'listings changed'}"
        if self.kind == DELISTED:
            return f"DELISTED {head}: {why}"
        return f"NO LONGER MATCHES {head}: {why}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "reason": self.reason,
            "why": self.why,
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


def _versions(info: ScreeningInfo) -> dict[str, int]:
    """List name -> the version a screening ran against."""
    return {v["list_name"]: int(v["version"]) for v in info.list_versions}


@dataclass(frozen=True)
class Rescreen:
    old: ScreeningInfo
    new: ScreeningInfo
    changes: tuple[HitChange, ...]

    def count(self, kind: str) -> int:
        return sum(1 for c in self.changes if c.kind == kind)

    def list_changes(self) -> list[str]:
        """``un_sc 1 -> 2``, ``added watch (version 5)``, ``removed uk_ofsi (version 3)``."""
        before, after = _versions(self.old), _versions(self.new)
        return (
            [f"{n} {before[n]} -> {v}" for n, v in sorted(after.items()) if before.get(n, v) != v]
            + [f"added {n} (version {v})" for n, v in sorted(after.items()) if n not in before]
            + [f"removed {n} (version {v})" for n, v in sorted(before.items()) if n not in after]
        )

    def summary(self) -> str:
        moved = self.list_changes()
        if moved:
            lists = "lists changed: " + ", ".join(moved)
        elif self.changes:
            lists = "same list versions as before"
        else:
            lists = "no list changed"

        def counted(kind: str, label: str) -> str:
            found = [c.reason for c in self.changes if c.kind == kind]
            reasons = ", ".join(f"{found.count(r)} {r}" for r in REASONS if r in found)
            # A changed hit has one reason: its record changed.
            return f"{len(found)} {label}" + (f" ({reasons})" if found and kind != CHANGED else "")

        return (
            f"Re-screened {self.new.party_count:,} parties of {self.old.name!r} as "
            f"{self.new.name!r} ({lists}): {counted(NEW, 'new hits')}, "
            f"{counted(CHANGED, 'changed')}, {counted(DELISTED, 'delisted')}, "
            f"{counted(NO_LONGER, 'no longer matching')}."
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "old": {"id": self.old.id, "name": self.old.name},
            "new": {"id": self.new.id, "name": self.new.name},
            "summary": self.summary(),
            "list_changes": self.list_changes(),
            "changes": [c.to_dict() for c in self.changes],
        }


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


def _ids(hit: SavedHit) -> frozenset[str]:
    """Every record id a hit's listed party stands for (its own and those joined to it)."""
    return frozenset(hit_ids(hit))


@dataclass(frozen=True)
class _Found:
    """A hit that appeared or went away, before its reason is known."""

    kind: str
    row: SavedRow
    hit: SavedHit
    hits_before: tuple[SavedHit, ...]


class _Explainer:
    """Why hits appeared or went away: the two screenings' list versions and records."""

    def __init__(
        self, store: Store, old: ScreeningInfo, new: ScreeningInfo, rescore: Rescorer | None
    ) -> None:
        self.old, self.new, self.rescore = old, new, rescore
        self.before, self.after = _versions(old), _versions(new)
        self.store = store

    def records(self, found: list[_Found], versions: dict[str, int]) -> dict[str, Any]:
        """Record id -> ``version id -> FtM dict`` in ``versions``, for the hits ``found``."""
        ids = {i for f in found for i in _ids(f.hit)}
        return listed_records(self.store, ids, versions.values())

    def explain(self, found: list[_Found]) -> list[HitChange]:
        appeared = [f for f in found if f.kind == NEW]
        gone = [f for f in found if f.kind != NEW]
        in_old = self.records(appeared, self.before)
        in_new = self.records(gone, self.after)
        return [self._new(f, in_old) for f in appeared] + [self._gone(f, in_new) for f in gone]

    def _other_side(
        self, hit: SavedHit, stored: dict[str, Any], versions: dict[str, int]
    ) -> dict[str, dict[str, Any]]:
        names = {v: n for n, v in versions.items()}
        return record_entity(stored_by_version(stored, hit_ids(hit)), names)

    def _new(self, f: _Found, in_old: dict[str, Any]) -> HitChange:
        hit, lists = f.hit, tuple(f.hit.hit.get("lists", ()))
        added = [n for n in lists if n not in self.before]
        if len(added) == len(lists):
            why = f"the list was not screened before: {self._now(added)} is new here"
            return _change(NEW, f.row, None, hit, reason=LIST_ADDED, why=why)
        before = self._other_side(hit, in_old, self.before)
        if not before:
            screened = [n for n in lists if n in self.before]
            why = f"a new record: not on {self._then(screened)}, on {self._now(screened)}"
            return _change(NEW, f.row, None, hit, reason=NEW_RECORD, why=why)
        diff = _entity_changes(before, hit.hit.get("record", {}).get("entity", {}))
        if diff:
            why = f"the listed record changed ({self._then(lists)} -> {self._now(lists)})"
            return _change(NEW, f.row, None, hit, diff, reason=RECORD_CHANGED, why=why)
        scores = [h.score for h in f.hits_before]
        if len(scores) == OLD_HIT_CAP and hit.score <= min(scores):
            why = (
                f"a hit before too, but not kept: the earlier screening kept only the best "
                f"{OLD_HIT_CAP} hits of this party (they scored {min(scores):.2f} or more)"
            )
            return _change(NEW, f.row, None, hit, reason=NOT_KEPT, why=why)
        why = (
            f"the listed record is unchanged; it now scores {hit.score:.2f}, at or above the "
            f"threshold {self.new.threshold:.2f} (vet {self.old.vet_version} scored the earlier "
            f"screening, vet {self.new.vet_version} this one)"
        )
        return _change(NEW, f.row, None, hit, reason=SCORE_ROSE, why=why)

    def _gone(self, f: _Found, in_new: dict[str, Any]) -> HitChange:
        hit, lists = f.hit, tuple(f.hit.hit.get("lists", ()))
        removed = [n for n in lists if n not in self.after]
        if len(removed) == len(lists):
            why = f"the list is not screened any more: {self._then(removed)} was"
            return _change(DELISTED, f.row, hit, None, reason=LIST_REMOVED, why=why)
        after = self._other_side(hit, in_new, self.after)
        screened = [n for n in lists if n in self.after]
        if not after:
            why = f"removed from the list: on {self._then(screened)}, not on {self._now(screened)}"
            return _change(DELISTED, f.row, hit, None, reason=RECORD_REMOVED, why=why)
        score = self.rescore(f.row.party or {}, _ids(hit)) if self.rescore else None
        threshold = f"the threshold {self.new.threshold:.2f}"
        if score is not None:
            below = f"now scores {score:.2f}, below {threshold}"
        elif self.rescore is not None:
            below = f"is no longer among the candidates scored for this party (below {threshold})"
        else:
            below = f"now scores below {threshold}"
        diff = _entity_changes(hit.hit.get("record", {}).get("entity", {}), after)
        if diff:
            why = (
                f"the listed record changed ({self._then(screened)} -> {self._now(screened)}) "
                f"and {below}"
            )
            return _change(
                NO_LONGER, f.row, hit, None, diff, reason=RECORD_CHANGED, why=why, score_after=score
            )
        why = f"the listed record is unchanged; it scored {hit.score:.2f} and {below}"
        return _change(NO_LONGER, f.row, hit, None, reason=SCORE_FELL, why=why, score_after=score)

    def _then(self, lists: Iterable[str]) -> str:
        return ", ".join(f"{n} version {self.before[n]}" for n in lists if n in self.before)

    def _now(self, lists: Iterable[str]) -> str:
        return ", ".join(f"{n} version {self.after[n]}" for n in lists if n in self.after)


def _entity_changes(
    before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]]
) -> list[FieldChange]:
    """What changed in a listed party's properties (per list), field by field."""
    return field_changes(record_fields({"entity": before}), record_fields({"entity": after}))


def compare_screenings(
    store: Store, old: ScreeningInfo, new: ScreeningInfo, *, rescore: Rescorer | None = None
) -> list[HitChange]:
    """Hits new, changed, delisted or no longer matching from ``old`` to ``new``, each with
    why; ``rescore`` gives the score now of a hit that no longer matches (else not told)."""
    changes: list[HitChange] = []
    found: list[_Found] = []
    for old_row, new_row in _pair_rows(store, old.id, new.id):
        after = list(new_row.hits) if new_row else []
        paired: set[str] = set()
        for hit in old_row.hits:
            # The same listed party, even when its records were joined differently since.
            now = next((h for h in after if _ids(h) & _ids(hit)), None)
            if now is None:
                found.append(_Found(DELISTED, old_row, hit, old_row.hits))
                continue
            paired.add(now.entity_id)
            if hit.record_digest != now.record_digest:
                changes.append(_changed(store, old_row, hit, now))
        found.extend(
            _Found(NEW, old_row, h, old_row.hits) for h in after if h.entity_id not in paired
        )
    changes += _Explainer(store, old, new, rescore).explain(found)
    changes.sort(key=lambda c: (c.row, c.kind, c.entity_id))
    return changes


def _changed(store: Store, row: SavedRow, before: SavedHit, after: SavedHit) -> HitChange:
    then, now = before.hit.get("record", {}), after.hit.get("record", {})
    diff = field_changes(record_fields(then), record_fields(now))
    # The decision on the listed party, whichever of its records led it when it was made.
    decided = party_decisions(store, [replace(row, hits=(before,))])
    previous = next(iter(decided.values()))[-1].decision if decided else None
    moved = listings_moved(then, now)
    why = "the listed record changed" + (
        f": {'; '.join(moved)}" if moved else "" if diff else " (its listings)"
    )
    return _change(CHANGED, row, before, after, diff, previous, reason=RECORD_CHANGED, why=why)


def _change(
    kind: str,
    row: SavedRow,
    before: SavedHit | None,
    after: SavedHit | None,
    diff: list[FieldChange] | None = None,
    previous: str | None = None,
    *,
    reason: str,
    why: str,
    score_after: float | None = None,
) -> HitChange:
    ref = after or before
    assert ref is not None
    return HitChange(
        kind=kind,
        row=row.row,
        party_name=row.party["name"] if row.party else "",
        entity_id=ref.entity_id,
        caption=ref.hit.get("caption", ref.entity_id),
        lists=tuple(ref.hit.get("lists", ())),
        score_before=before.score if before else None,
        score_after=after.score if after else score_after,
        changes=tuple(diff or ()),
        previous_decision=previous,
        reason=reason,
        why=why,
    )


def rescorer(matcher: Matcher, threshold: float, lists: list[str] | None) -> Rescorer:
    """The score now of a saved party against a listed party, by ``matcher``."""

    def score(party: dict[str, Any], ids: frozenset[str]) -> float | None:
        if not party:
            return None
        saved = party_from_dict(party)
        try:
            found = matcher.match(
                saved.query,
                limit=None,
                threshold=threshold,
                lists=lists,
                include_below=True,
            )
        except InputError:
            return None
        return next((h.score for h in found if ids & {h.entity_id, *h.records}), None)

    return score


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
    changes = compare_screenings(store, old, new, rescore=rescorer(matcher, old.threshold, lists))
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
