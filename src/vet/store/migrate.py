"""The store's schema version: upgrade an older store once, refuse a newer one.

Each store records which schema it holds (``store_schema``: a version number and a
fingerprint of the declared tables). Opening a store whose record matches this vet's
costs one query; only a store made by an older vet (or a new one) is upgraded, in
numbered steps, and the record written. A store made by a newer vet is refused rather
than half understood.

Adding a nullable column or a table to ``vet.store.schema`` needs nothing here: the
fingerprint changes and the upgrade adds it. A change that must rewrite stored rows, or
a change to the database's own guards (``vet.store.audit``), is a numbered step: add a
function to ``STEPS`` and the version follows.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError

from vet.errors import StoreError
from vet.store.audit import GUARD_TRIGGERS, prepare_audit
from vet.store.schema import metadata


def _add_nullable_columns(engine: Engine) -> None:
    """Give a store made by an older vet the nullable columns and the indexes added since.

    ``create_all`` makes missing tables, not missing columns or indexes of existing tables;
    every column added to an existing table is nullable, so adding it empty keeps every
    stored row valid.
    """
    existing = inspect(engine)
    with engine.begin() as conn:
        for table in metadata.sorted_tables:
            if not existing.has_table(table.name):
                continue
            present = {c["name"] for c in existing.get_columns(table.name)}
            for column in table.columns:
                if column.name not in present and column.nullable:
                    kind = column.type.compile(dialect=engine.dialect)
                    conn.execute(
                        text(f'ALTER TABLE "{table.name}" ADD COLUMN "{column.name}" {kind}')
                    )
            for index in table.indexes:
                index.create(conn, checkfirst=True)


STEPS: tuple[Callable[[Engine], None], ...] = (
    # 1: the audit log is hash-chained and, with the decisions, guarded by triggers.
    prepare_audit,
)
"""Upgrade steps in order; a store at version ``n`` runs ``STEPS[n:]``."""

SCHEMA_VERSION = len(STEPS)


def fingerprint() -> str:
    """A digest of the declared tables, columns and indexes: it changes with the schema."""
    parts: list[str] = []
    for table in metadata.sorted_tables:
        parts.append(f"table {table.name}")
        for column in table.columns:
            parts.append(f"  {column.name} {column.type!r} {column.nullable}")
        for index in sorted(table.indexes, key=lambda i: str(i.name)):
            parts.append(f"  index {index.name} {[c.name for c in index.columns]}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def _recorded(conn: Connection) -> tuple[int, str] | None:
    """The version and fingerprint a store records, or None for a new or pre-version one."""
    try:
        row = conn.execute(
            text("SELECT version, fingerprint FROM store_schema WHERE id = 1")
        ).first()
    except OperationalError:  # no such table: a new store, or one from before versions
        return None
    return None if row is None else (int(row.version), str(row.fingerprint))


def _guarded(conn: Connection) -> bool:
    """True when every trigger guarding the audit trail is in place (always, off SQLite)."""
    if conn.dialect.name != "sqlite":
        return True
    present = {row[0] for row in conn.execute(text("SELECT name FROM sqlite_master"))}
    return GUARD_TRIGGERS.issubset(present)


def open_schema(engine: Engine, url: str) -> None:
    """Make the store's schema this vet's, upgrading an older one; refuse a newer one."""
    current = (SCHEMA_VERSION, fingerprint())
    with engine.connect() as conn:
        recorded = _recorded(conn)
        guarded = _guarded(conn)
    if recorded == current:
        if not guarded:  # someone dropped a guard: put it back before anything is written
            prepare_audit(engine)
        return
    version = 0 if recorded is None else recorded[0]
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"store {url} was made by a newer vet (store schema {version}; this vet knows "
            f"up to {SCHEMA_VERSION}): upgrade vet to open it"
        )
    metadata.create_all(engine)
    _add_nullable_columns(engine)
    for step in STEPS[version:]:
        step(engine)
    with engine.connect() as conn:
        guarded = _guarded(conn)
    if not guarded:  # a table guarded since this store's version
        prepare_audit(engine)
    with engine.begin() as conn:
        conn.execute(
            text(
                "CREATE TABLE IF NOT EXISTS store_schema (id INTEGER PRIMARY KEY, "
                "version INTEGER NOT NULL, fingerprint TEXT NOT NULL, upgraded_at TEXT NOT NULL)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO store_schema (id, version, fingerprint, upgraded_at) "
                "VALUES (1, :version, :fingerprint, :at) ON CONFLICT (id) DO UPDATE SET "
                "version = :version, fingerprint = :fingerprint, upgraded_at = :at"
            ),
            {
                "version": SCHEMA_VERSION,
                "fingerprint": current[1],
                "at": datetime.now(UTC).isoformat(timespec="seconds"),
            },
        )
