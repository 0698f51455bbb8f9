"""The store's tables (SQLAlchemy Core), shared by every store module.

Entity content is stored once per distinct content (``entity_data`` keyed by a
digest) and referenced by each list version that holds it, so re-importing a
list that changed little costs little and diffs compare digests.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

lists = Table(
    "lists",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("kind", String(50), nullable=False),
    Column("title", Text, nullable=False),
    Column("jurisdiction", String(20), nullable=False),
    Column("authority", Text, nullable=False),
    Column("licence", Text, nullable=False),
    Column("attribution", Text, nullable=False),
    Column("active_version", Integer, nullable=True),
)

list_versions = Table(
    "list_versions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("list_name", String(100), ForeignKey("lists.name"), nullable=False),
    Column("kind", String(50), nullable=False),
    Column("origin", Text, nullable=False),
    Column("files", JSON, nullable=False),
    Column("published", Date, nullable=True),
    Column("imported_at", DateTime, nullable=False),
    Column("entity_count", Integer, nullable=False),
    Column("target_count", Integer, nullable=False),
    Column("warnings", JSON, nullable=False),
    Column("vet_version", String(40), nullable=False),
    Index("ix_list_versions_list", "list_name"),
)

entity_data = Table(
    "entity_data",
    metadata,
    Column("digest", String(40), primary_key=True),
    Column("data", Text, nullable=False),
)

version_entities = Table(
    "version_entities",
    metadata,
    Column("version_id", Integer, ForeignKey("list_versions.id"), primary_key=True),
    Column("entity_id", String(200), primary_key=True),
    Column("schema", String(40), nullable=False),
    Column("caption", Text, nullable=False),
    Column("is_target", Integer, nullable=False),
    Column("digest", String(40), ForeignKey("entity_data.digest"), nullable=False),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime, nullable=False),
    Column("action", String(50), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("detail", JSON, nullable=False),
)
