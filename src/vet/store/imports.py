"""Importing a parsed list as a new list version, atomically.

Parsing happens before the store is touched, then the file must pass the checks
in :mod:`vet.store.guards` (not much smaller nor older than the active version); the
version row, its entities and the switch of the list's active version are
written in one transaction. A refusal, failure or interruption anywhere leaves
the previous version active and whole.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from followthemoney.proxy import EntityProxy
from sqlalchemy import select
from sqlalchemy.engine import Connection

from vet import __version__
from vet.errors import ImportFailed, NotFound, VetError
from vet.sources import ParsedList, detect_source, get_source
from vet.store.db import ListVersion, Store
from vet.store.guards import (
    IMPORT_POLICY,
    ImportPolicy,
    check_date,
    check_name,
    check_not_older,
    check_size,
)
from vet.store.schema import entity_data, list_versions, lists, version_entities

log = logging.getLogger(__name__)

_CHUNK = 500


@dataclass(frozen=True)
class ImportResult:
    """What an import did: the new version, or ``unchanged`` when the files were identical."""

    list_name: str
    version: ListVersion | None
    unchanged: bool
    warnings: list[str] = field(default_factory=list)


def hash_file(path: Path) -> dict[str, Any]:
    """Name, size and sha256 of one file."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
            size += len(block)
    return {"name": path.name, "sha256": digest.hexdigest(), "size": size}


def canonical(entity: EntityProxy) -> dict[str, Any]:
    """An entity as a dict with sorted property values, so equal content hashes equal."""
    props = {k: sorted(v) for k, v in sorted(entity.to_dict()["properties"].items())}
    return {"id": entity.id, "schema": entity.schema.name, "properties": props}


def entity_digest(data: str) -> str:
    return hashlib.sha1(data.encode("utf-8")).hexdigest()


def is_target(entity: EntityProxy) -> bool:
    """Listed parties are things carrying topics; sanctions, ids and links are not."""
    return bool(entity.schema.is_a("Thing") and entity.get("topics"))


def _insert_entities(conn: Connection, version_id: int, entities: Iterable[EntityProxy]) -> int:
    count = 0
    batch: list[tuple[EntityProxy, str, str]] = []

    def flush() -> None:
        digests = list({d for _, _, d in batch})
        existing = set(
            conn.execute(
                select(entity_data.c.digest).where(entity_data.c.digest.in_(digests))
            ).scalars()
        )
        new_data = {}
        for _, data, digest in batch:
            if digest not in existing:
                new_data[digest] = data
        if new_data:
            conn.execute(
                entity_data.insert(), [{"digest": d, "data": v} for d, v in new_data.items()]
            )
        conn.execute(
            version_entities.insert(),
            [
                {
                    "version_id": version_id,
                    "entity_id": e.id,
                    "schema": e.schema.name,
                    "caption": e.caption,
                    "is_target": 1 if is_target(e) else 0,
                    "digest": digest,
                }
                for e, _, digest in batch
            ],
        )
        batch.clear()

    for entity in entities:
        data = json.dumps(canonical(entity), ensure_ascii=False, separators=(",", ":"))
        batch.append((entity, data, entity_digest(data)))
        count += 1
        if len(batch) >= _CHUNK:
            flush()
    if batch:
        flush()
    return count


def import_parsed(
    store: Store,
    parsed: ParsedList,
    *,
    origin: str,
    list_name: str | None = None,
    files: list[dict[str, Any]] | None = None,
    force: bool = False,
    actor: str = "vet",
    policy: ImportPolicy = IMPORT_POLICY,
) -> ImportResult:
    """Store ``parsed`` as a new version of its list and make it active, in one transaction.

    :class:`~vet.errors.ImportRefused` when ``parsed`` fails ``policy`` against the
    active version; nothing is written then.
    """
    info = parsed.info
    name = list_name or info.list_name
    file_info = files if files is not None else [hash_file(p) for p in parsed.files]
    status = next((s for s in store.list_statuses() if s.name == name), None)
    if (
        not force
        and status is not None
        and status.active is not None
        and file_info
        and [f["sha256"] for f in status.active.files] == [f["sha256"] for f in file_info]
    ):
        return ImportResult(name, status.active, unchanged=True, warnings=parsed.warnings)
    label = ", ".join(f["name"] for f in file_info) or origin
    active = status.active if status else None
    check_name(parsed, name, file=label)
    check_date(parsed, file=label)
    check_not_older(parsed, active, policy, file=label)
    check_size(parsed, active, policy, file=label)

    try:
        with store.engine.begin() as conn:
            if status is None:
                conn.execute(
                    lists.insert().values(
                        name=name,
                        kind=info.kind,
                        title=info.title,
                        jurisdiction=info.jurisdiction,
                        authority=info.authority,
                        licence=info.licence,
                        attribution=info.attribution,
                    )
                )
            inserted = conn.execute(
                list_versions.insert().values(
                    list_name=name,
                    kind=info.kind,
                    origin=origin,
                    files=file_info,
                    published=parsed.published,
                    imported_at=datetime.now(UTC).replace(tzinfo=None),
                    entity_count=0,
                    target_count=parsed.target_count,
                    warnings=parsed.warnings[:1000],
                    vet_version=__version__,
                )
            ).inserted_primary_key
            assert inserted is not None
            version_id = int(inserted[0])
            count = _insert_entities(conn, version_id, parsed.entities)
            conn.execute(
                list_versions.update()
                .where(list_versions.c.id == version_id)
                .values(entity_count=count)
            )
            conn.execute(
                lists.update().where(lists.c.name == name).values(active_version=version_id)
            )
            store.audit(
                "list_import",
                {
                    "list": name,
                    "version": version_id,
                    "kind": info.kind,
                    "origin": origin,
                    "files": file_info,
                    "entities": count,
                    "targets": parsed.target_count,
                },
                actor=actor,
                conn=conn,
            )
    except VetError:
        raise
    except Exception as exc:  # any database failure: the transaction is rolled back
        raise ImportFailed(
            f"import of {name} failed and was rolled back; the previous version stays "
            f"active ({type(exc).__name__}: {exc})"
        ) from exc
    log.info("imported %s version %s: %d entities", name, version_id, count)
    return ImportResult(name, store.version(version_id), unchanged=False, warnings=parsed.warnings)


def import_path(
    store: Store,
    path: Path,
    *,
    kind: str | None = None,
    list_name: str | None = None,
    force: bool = False,
    origin: str | None = None,
    actor: str = "vet",
    policy: ImportPolicy = IMPORT_POLICY,
) -> ImportResult:
    """Parse ``path`` (format detected unless ``kind`` is given) and import it under ``policy``."""
    source = get_source(kind) if kind else detect_source(path)
    parsed = source.parse(path)
    return import_parsed(
        store,
        parsed,
        origin=origin or str(path),
        list_name=list_name,
        force=force,
        actor=actor,
        policy=policy,
    )


def rollback(
    store: Store, list_name: str, version_id: int | None = None, *, actor: str = "vet"
) -> ListVersion:
    """Make an earlier version of ``list_name`` active again (default: the one before the
    active version), audit-logged in the same transaction."""
    status = store.list_status(list_name)
    versions = store.versions(list_name)
    target: ListVersion | None
    if version_id is None:
        earlier = [v for v in versions if status.active is None or v.id < status.active.id]
        if not earlier:
            raise NotFound(f"{list_name} has no version before the active one to roll back to")
        target = earlier[-1]
    else:
        target = next((v for v in versions if v.id == version_id), None)
        if target is None:
            known = ", ".join(str(v.id) for v in versions)
            raise NotFound(f"{list_name} has no version {version_id} (versions: {known})")
    with store.engine.begin() as conn:
        conn.execute(
            lists.update().where(lists.c.name == list_name).values(active_version=target.id)
        )
        store.audit(
            "list_rollback",
            {
                "list": list_name,
                "from_version": status.active.id if status.active else None,
                "to_version": target.id,
            },
            actor=actor,
            conn=conn,
        )
    return target
