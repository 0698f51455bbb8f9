"""Opening the store and reading list versions and entities out of it."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import orjson
from followthemoney import model
from followthemoney.proxy import EntityProxy
from sqlalchemy import Engine, Table, create_engine, event, select
from sqlalchemy.engine import Connection

from vet.errors import NotFound, StoreError
from vet.store.audit import append_entry
from vet.store.freshness import Freshness, freshness
from vet.store.migrate import open_schema
from vet.store.schema import (
    audit_log,
    entity_data,
    list_versions,
    lists,
    version_entities,
)


@dataclass(frozen=True)
class ListVersion:
    """One import of one list."""

    id: int
    list_name: str
    kind: str
    origin: str
    files: tuple[dict[str, Any], ...]
    published: date | None
    imported_at: datetime
    entity_count: int
    target_count: int
    warnings: tuple[str, ...]
    vet_version: str
    jurisdiction: str = "user"
    """Who imposes the list's listings (``US``, ``UK``... or ``user``), as recorded when the
    list was first imported from its parser's description: a list imported under a name of
    the user's own keeps its authority."""


@dataclass(frozen=True)
class ListStatus:
    """A list as ``vet lists`` shows it: metadata plus its active version."""

    name: str
    kind: str
    title: str
    jurisdiction: str
    authority: str
    licence: str
    attribution: str
    active: ListVersion | None
    version_count: int

    def freshness(self, max_age_days: int, today: date | None = None) -> Freshness | None:
        """How old the active version is (None without one); undated: age unknown."""
        if self.active is None:
            return None
        return freshness(self.active.published, max_age_days, today)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


PAIRS_PER_QUERY = 500
"""Party keys asked for at once (SQLite caps the parameters of one statement)."""


def rows_for_pairs(
    conn: Connection, table: Table, pairs: Iterable[tuple[str, str]]
) -> Iterator[list[Any]]:
    """Rows of ``table`` (decisions, clearances) whose ``(party_key, entity_id)`` is one of
    ``pairs``, in batches, each batch in id order."""
    wanted = set(pairs)
    keys = sorted({p for p, _ in wanted})
    for start in range(0, len(keys), PAIRS_PER_QUERY):
        rows = conn.execute(
            select(table)
            .where(table.c.party_key.in_(keys[start : start + PAIRS_PER_QUERY]))
            .order_by(table.c.id)
        ).all()
        yield [r for r in rows if (r.party_key, r.entity_id) in wanted]


def _row_version(row: Any) -> ListVersion:
    return ListVersion(
        id=row.id,
        list_name=row.list_name,
        kind=row.kind,
        origin=row.origin,
        files=tuple(row.files),
        published=row.published,
        imported_at=row.imported_at,
        entity_count=row.entity_count,
        target_count=row.target_count,
        warnings=tuple(row.warnings),
        vet_version=row.vet_version,
        jurisdiction=row.jurisdiction,
    )


def _select_versions() -> Any:
    """List versions with their list's recorded jurisdiction."""
    return select(list_versions, lists.c.jurisdiction).join(
        lists, lists.c.name == list_versions.c.list_name
    )


def entity_from_json(data: str) -> EntityProxy:
    """An entity from its stored JSON form."""
    return model.get_proxy(json.loads(data), cleaned=True)


class Store:
    """The list store: list metadata, versions, entities and the audit log."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._watcher: Any = None
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        try:
            self.engine: Engine = create_engine(url, future=True)
            if self.engine.dialect.name == "sqlite":
                event.listen(self.engine, "connect", _sqlite_pragmas)
            open_schema(self.engine, url)
        except StoreError:
            raise
        except Exception as exc:  # SQLAlchemy raises many types; all mean "cannot open"
            raise StoreError(f"cannot open store {url}: {exc}") from exc

    def close(self) -> None:
        if self._watcher is not None:
            self._watcher.close()
            self._watcher = None
        self.engine.dispose()

    # -- lists and versions -------------------------------------------------

    def list_statuses(self) -> list[ListStatus]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(lists).order_by(lists.c.name)).all()
            versions = {v.id: _row_version(v) for v in conn.execute(_select_versions()).all()}
        counts: dict[str, int] = {}
        for version in versions.values():
            counts[version.list_name] = counts.get(version.list_name, 0) + 1
        return [
            ListStatus(
                name=row.name,
                kind=row.kind,
                title=row.title,
                jurisdiction=row.jurisdiction,
                authority=row.authority,
                licence=row.licence,
                attribution=row.attribution,
                active=versions.get(row.active_version) if row.active_version else None,
                version_count=counts.get(row.name, 0),
            )
            for row in rows
        ]

    def list_status(self, name: str) -> ListStatus:
        for status in self.list_statuses():
            if status.name == name:
                return status
        known = ", ".join(s.name for s in self.list_statuses()) or "none"
        raise NotFound(f"no list called {name!r} (lists in the store: {known})")

    def versions(self, list_name: str) -> list[ListVersion]:
        """Every version of ``list_name``, oldest first."""
        self.list_status(list_name)
        with self.engine.connect() as conn:
            rows = conn.execute(
                _select_versions()
                .where(list_versions.c.list_name == list_name)
                .order_by(list_versions.c.id)
            ).all()
        return [_row_version(r) for r in rows]

    def version(self, version_id: int) -> ListVersion:
        with self.engine.connect() as conn:
            row = conn.execute(_select_versions().where(list_versions.c.id == version_id)).first()
        if row is None:
            raise NotFound(f"no list version {version_id}")
        return _row_version(row)

    def active_versions(self, names: Iterable[str] | None = None) -> list[ListVersion]:
        """Active version of each list (or of the named ones)."""
        wanted = set(names) if names is not None else None
        result = []
        for status in self.list_statuses():
            if wanted is not None and status.name not in wanted:
                continue
            if status.active is not None:
                result.append(status.active)
        if wanted is not None:
            missing = wanted - {v.list_name for v in result}
            if missing:
                raise NotFound(f"no active version for list(s): {', '.join(sorted(missing))}")
        return result

    def change_counter(self) -> int | None:
        """A number that changes whenever any other connection commits to the store.

        SQLite's ``data_version`` on a connection kept for this purpose: reading it costs
        microseconds, so callers can skip re-reading list versions while it stays the same.
        None for other databases (callers then re-read every time).
        """
        if self.engine.dialect.name != "sqlite":
            return None
        if self._watcher is None:
            self._watcher = self.engine.raw_connection()
        cursor = self._watcher.cursor()
        try:
            cursor.execute("PRAGMA data_version")
            row = cursor.fetchone()
        finally:
            cursor.close()
        return int(row[0]) if row else None

    def active_version_ids(self, names: Iterable[str] | None = None) -> tuple[int, ...]:
        """Ids of the active versions (of the named lists), in list-name order: a cheap check
        of whether anything changed since a matcher was built."""
        wanted = set(names) if names is not None else None
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(lists.c.name, lists.c.active_version).order_by(lists.c.name)
            ).all()
        return tuple(
            row.active_version
            for row in rows
            if row.active_version is not None and (wanted is None or row.name in wanted)
        )

    # -- entities -----------------------------------------------------------

    def digests(self, version_id: int) -> dict[str, str]:
        """``entity_id -> content digest`` for every entity of a version."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(version_entities.c.entity_id, version_entities.c.digest).where(
                    version_entities.c.version_id == version_id
                )
            ).all()
        return {r.entity_id: r.digest for r in rows}

    def entities(self, version_id: int, *, targets_only: bool = False) -> Iterator[EntityProxy]:
        """Entities of a version, in id order."""
        for data in self.raw_entities(version_id, targets_only=targets_only):
            yield model.get_proxy(data, cleaned=True)

    def raw_entities(
        self, version_id: int, *, targets_only: bool = False
    ) -> Iterator[dict[str, Any]]:
        """Entities of a version as FtM dicts (faster than proxies), in id order."""
        query = (
            select(entity_data.c.data)
            .join(version_entities, version_entities.c.digest == entity_data.c.digest)
            .where(version_entities.c.version_id == version_id)
            .order_by(version_entities.c.entity_id)
        )
        if targets_only:
            query = query.where(version_entities.c.is_target == 1)
        with self.engine.connect() as conn:
            for (data,) in conn.execute(query):
                yield orjson.loads(data)  # twice as fast as json: this reads every entity

    def entity(self, entity_id: str, version_id: int | None = None) -> EntityProxy:
        """One entity, from the given version or from any active version."""
        query = (
            select(entity_data.c.data)
            .join(version_entities, version_entities.c.digest == entity_data.c.digest)
            .where(version_entities.c.entity_id == entity_id)
        )
        if version_id is not None:
            query = query.where(version_entities.c.version_id == version_id)
        else:
            active = [v.id for v in self.active_versions()]
            query = query.where(version_entities.c.version_id.in_(active))
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        if row is None:
            raise NotFound(f"no entity {entity_id!r}")
        return entity_from_json(row[0])

    # -- audit --------------------------------------------------------------

    def audit(
        self,
        action: str,
        detail: dict[str, Any],
        *,
        actor: str = "vet",
        conn: Connection | None = None,
    ) -> int:
        """Append one event to the audit log (in ``conn``'s transaction when given); its id."""
        at = datetime.now(UTC).replace(tzinfo=None)
        if conn is not None:
            return append_entry(conn, at, action, actor, detail)
        with self.engine.begin() as own:
            return append_entry(own, at, action, actor, detail)

    def audit_events(self, since: datetime | None = None) -> list[dict[str, Any]]:
        """The audit log, oldest first (from ``since`` on, when given)."""
        query = select(audit_log).order_by(audit_log.c.id)
        if since is not None:
            query = query.where(audit_log.c.at >= since)
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [
            {
                "id": r.id,
                "at": r.at.isoformat(),
                "action": r.action,
                "actor": r.actor,
                "detail": r.detail,
                "hash": r.hash,
            }
            for r in rows
        ]
