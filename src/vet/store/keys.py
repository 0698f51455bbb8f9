"""API keys for ``vet serve``: created, listed and revoked; only their hashes are stored.

A key is shown once, when it is created. The store keeps its SHA-256 digest
(keys are long random strings, so a plain digest cannot be reversed or guessed)
and a short prefix so people can tell their keys apart in ``vet keys list``.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Column, DateTime, Index, Integer, String, Table, select, update

from vet.errors import InputError, NotFound
from vet.store.db import Store
from vet.store.schema import metadata

KEY_PREFIX = "vet_"
SHOWN_CHARACTERS = 8
"""Characters of a key (after ``vet_``) kept in clear to recognise it in listings."""
MAX_NAME_LENGTH = 100

api_keys = Table(
    "api_keys",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(MAX_NAME_LENGTH), nullable=False),
    Column("prefix", String(20), nullable=False),
    Column("digest", String(64), nullable=False, unique=True),
    Column("created_at", DateTime, nullable=False),
    Column("revoked_at", DateTime, nullable=True),
    # The reviewer the key names (decisions and approvals made with it); None: its name.
    Column("reviewer", String(MAX_NAME_LENGTH), nullable=True),
    Index("ix_api_keys_name", "name"),
)


@dataclass(frozen=True)
class ApiKey:
    """A stored API key, without its secret."""

    id: int
    name: str
    prefix: str
    created_at: datetime
    revoked_at: datetime | None
    reviewer: str | None = None
    """Who decides with this key; None: the key's name."""

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    @property
    def reviewer_name(self) -> str:
        """The name decisions and approvals made with this key are recorded under."""
        return self.reviewer or self.name


def digest_key(secret: str) -> str:
    """The stored form of a key."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def ensure_keys_table(store: Store) -> None:
    """Create the keys table if missing."""
    # A store opened before this module was imported has no api_keys table yet.
    api_keys.create(store.engine, checkfirst=True)


def _row_key(row: Any) -> ApiKey:
    return ApiKey(row.id, row.name, row.prefix, row.created_at, row.revoked_at, row.reviewer)


def _check_name(what: str, name: str) -> str:
    name = name.strip()
    if not name or len(name) > MAX_NAME_LENGTH or not name.isprintable():
        raise InputError(f"{what} {name!r}: give 1 to {MAX_NAME_LENGTH} printable characters")
    return name


def create_key(store: Store, name: str, *, reviewer: str | None = None) -> tuple[ApiKey, str]:
    """A new key called ``name``: its record and the secret, which is never stored.

    ``reviewer`` is the person the key names (several keys may name one reviewer);
    decisions made with the key are recorded in that name, else in the key's name."""
    name = _check_name("key name", name)
    reviewer = _check_name("reviewer", reviewer) if reviewer is not None else None
    ensure_keys_table(store)
    if any(k.name == name and k.active for k in list_keys(store)):
        raise InputError(f"an active key called {name!r} exists; revoke it or pick another name")
    secret = KEY_PREFIX + secrets.token_urlsafe(32)
    prefix = secret[: len(KEY_PREFIX) + SHOWN_CHARACTERS]
    created = _now()
    with store.engine.begin() as conn:
        result = conn.execute(
            api_keys.insert().values(
                name=name,
                prefix=prefix,
                digest=digest_key(secret),
                created_at=created,
                reviewer=reviewer,
            )
        )
        key_id = int(result.inserted_primary_key[0])  # type: ignore[index]
        detail = {"name": name, "prefix": prefix}
        if reviewer is not None:
            detail["reviewer"] = reviewer
        store.audit("api_key_created", detail, conn=conn)
    return ApiKey(key_id, name, prefix, created, None, reviewer), secret


def list_keys(store: Store) -> list[ApiKey]:
    """Every key, revoked ones included, oldest first."""
    ensure_keys_table(store)
    with store.engine.connect() as conn:
        rows = conn.execute(select(api_keys).order_by(api_keys.c.id)).all()
    return [_row_key(r) for r in rows]


def revoke_key(store: Store, name_or_prefix: str) -> list[ApiKey]:
    """Revoke the active keys with this name (or this prefix); NotFound when there is none."""
    ensure_keys_table(store)
    wanted = [k for k in list_keys(store) if k.active and name_or_prefix in (k.name, k.prefix)]
    if not wanted:
        raise NotFound(f"no active API key called {name_or_prefix!r} (see `vet keys list`)")
    at = _now()
    with store.engine.begin() as conn:
        conn.execute(
            update(api_keys).where(api_keys.c.id.in_([k.id for k in wanted])).values(revoked_at=at)
        )
        for key in wanted:
            store.audit("api_key_revoked", {"name": key.name, "prefix": key.prefix}, conn=conn)
    return [ApiKey(k.id, k.name, k.prefix, k.created_at, at, k.reviewer) for k in wanted]


def find_key(store: Store, secret: str) -> ApiKey | None:
    """The active key whose secret this is, or None."""
    if not secret.startswith(KEY_PREFIX):
        return None
    with store.engine.connect() as conn:
        row = conn.execute(
            select(api_keys).where(
                api_keys.c.digest == digest_key(secret), api_keys.c.revoked_at.is_(None)
            )
        ).first()
    return _row_key(row) if row is not None else None
