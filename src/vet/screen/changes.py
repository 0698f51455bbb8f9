"""What changed in a listed party since a reviewer saw it, in words.

A hit saves the listed party as the reviewer sees it (``saved.listed_record``): the
properties of each of its source records, keyed by list, and its listings. A decision
holds while that record is unchanged; when it is not, :func:`why_changed` says which
source record changed and how ("uk_ofsi record changed: alias added ...") or which
listing joined or left the listed party, so the reviewer knows what to look at again.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from vet.store import FieldChange
from vet.store.diff import field_changes

MAX_VALUES = 3
"""Values quoted per changed field; the rest are counted."""


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


def describe_change(change: FieldChange) -> str:
    """``alias added X and removed Y``."""
    parts = []
    if change.removed:
        parts.append("removed " + ", ".join(change.removed))
    if change.added:
        parts.append("added " + ", ".join(change.added))
    return f"{change.field} " + " and ".join(parts)


def _quoted(values: Iterable[str]) -> str:
    values = list(values)
    shown = ", ".join(repr(v) for v in values[:MAX_VALUES])
    more = len(values) - MAX_VALUES
    return shown + (f" and {more} more" if more > 0 else "")


def _field_words(change: FieldChange) -> str:
    prop = change.field.rpartition(".")[2]
    parts = []
    if change.added:
        parts.append(f"added {_quoted(change.added)}")
    if change.removed:
        parts.append(f"removed {_quoted(change.removed)}")
    return f"{prop} " + " and ".join(parts)


def _listings(record: dict[str, Any]) -> dict[str, list[str]]:
    """List name -> its listings (authority, programmes, date) as text."""
    found: dict[str, list[str]] = {}
    for name, authority, programs, date in record.get("listings", []):
        text = " ".join(part for part in (authority, "/".join(programs), date or "") if part)
        found.setdefault(name, []).append(text)
    return {name: sorted(texts) for name, texts in found.items()}


def _list_of(key: str) -> str:
    """The list a record key belongs to (``us_csl csl-12`` -> ``us_csl``)."""
    return key.partition(" ")[0]


def _lists(record: dict[str, Any]) -> set[str]:
    return set(_listings(record)) | {_list_of(k) for k in record.get("entity", {})}


def listings_moved(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """Listings that joined or left the listed party: ``a listing joined: un_sc``."""
    then, now = _lists(before), _lists(after)
    parts = []
    if now - then:
        parts.append(f"a listing joined: {', '.join(sorted(now - then))}")
    if then - now:
        parts.append(f"a listing left: {', '.join(sorted(then - now))}")
    return parts


def why_changed(before: dict[str, Any], after: dict[str, Any]) -> str:
    """What changed from the listed record a reviewer saw (``before``) to the one now, in
    one sentence: listings that joined or left the listed party, and each source record
    that changed, with its fields ("uk_ofsi record changed: alias added 'KOREA ...'")."""
    then, now = before.get("entity", {}), after.get("entity", {})
    listed_then, listed_now = _listings(before), _listings(after)
    moved = _lists(before) ^ _lists(after)
    parts = listings_moved(before, after)
    for key in sorted(set(then) | set(now)):
        if _list_of(key) in moved:
            continue
        if key not in then or key not in now:
            parts.append(f"the {key} record {'joined' if key in now else 'left'}")
            continue
        changes = field_changes(
            record_fields({"entity": {key: then[key]}}), record_fields({"entity": {key: now[key]}})
        )
        fields = [c for c in changes if c.field != "listings"]
        if fields:
            parts.append(f"{key} record changed: {'; '.join(_field_words(c) for c in fields)}")
    for name in sorted(set(listed_then) & set(listed_now)):
        if listed_then[name] != listed_now[name]:
            parts.append(
                f"{name} listing changed: {'; '.join(listed_then[name])} -> "
                f"{'; '.join(listed_now[name])}"
            )
    return "; ".join(parts) or "the listed record changed"
