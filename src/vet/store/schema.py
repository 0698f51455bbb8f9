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
    Float,
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
    # The hash chain (see vet.store.audit); nullable only so older stores gain the columns.
    Column("prev_hash", String(64), nullable=True),
    Column("hash", String(64), nullable=True),
)

audit_head = Table(
    "audit_head",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("entries", Integer, nullable=False),
    Column("last_hash", String(64), nullable=False),
)
"""One row: how many audit entries were written and the last one's hash, so a removed
last entry shows."""

# -- screenings -------------------------------------------------------------------
# A screening is saved with what is needed to reproduce and defend it: the
# parties as read, the hits as scored, the list versions, threshold and vet version.

screenings = Table(
    "screenings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("status", String(20), nullable=False),
    Column("created", DateTime, nullable=False),
    Column("finished", DateTime, nullable=True),
    Column("file", Text, nullable=False),
    Column("file_sha256", String(64), nullable=True),
    Column("columns", JSON, nullable=False),
    Column("threshold", Float, nullable=False),
    Column("lists", JSON, nullable=True),
    Column("list_versions", JSON, nullable=False),
    Column("vet_version", String(40), nullable=False),
    Column("parent_id", Integer, ForeignKey("screenings.id"), nullable=True),
    Column("party_count", Integer, nullable=False, default=0),
    Column("skipped_count", Integer, nullable=False, default=0),
    Column("flagged_count", Integer, nullable=False, default=0),
    Column("hit_count", Integer, nullable=False, default=0),
    Column("error", Text, nullable=True),
    Column("owner", JSON, nullable=True),
    Column("heartbeat", DateTime, nullable=True),
)

screening_rows = Table(
    "screening_rows",
    metadata,
    Column("screening_id", Integer, ForeignKey("screenings.id"), primary_key=True),
    Column("row", Integer, primary_key=True),
    Column("party_key", String(40), nullable=True),
    Column("party", JSON, nullable=True),
    Column("problem", Text, nullable=True),
    Column("hit_count", Integer, nullable=False),
    Column("extra", JSON, nullable=True),
    # Repeats are found by key in the store, so memory stays flat however long the file.
    Index("ix_screening_rows_party", "screening_id", "party_key"),
)

screening_hits = Table(
    "screening_hits",
    metadata,
    Column("screening_id", Integer, ForeignKey("screenings.id"), primary_key=True),
    Column("row", Integer, primary_key=True),
    Column("entity_id", String(200), primary_key=True),
    Column("rank", Integer, nullable=False),
    Column("score", Float, nullable=False),
    Column("record_digest", String(40), nullable=False),
    Column("hit", JSON, nullable=False),
)

decisions = Table(
    "decisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("party_key", String(40), nullable=False),
    Column("entity_id", String(200), nullable=False),
    Column("record_digest", String(40), nullable=False),
    Column("decision", String(20), nullable=False),
    Column("reviewer", String(200), nullable=False),
    Column("reason", Text, nullable=False),
    Column("at", DateTime, nullable=False),
    Column("screening_id", Integer, ForeignKey("screenings.id"), nullable=True),
    Column("row", Integer, nullable=True),
    # Four-eyes review: 1 when the decision is final only once a second reviewer approves it.
    Column("four_eyes", Integer, nullable=True),
    Index("ix_decisions_pair", "party_key", "entity_id"),
)

approvals = Table(
    "approvals",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("decision_id", Integer, ForeignKey("decisions.id"), nullable=False),
    Column("reviewer", String(200), nullable=False),
    Column("at", DateTime, nullable=False),
    Column("screening_id", Integer, ForeignKey("screenings.id"), nullable=True),
    Index("ix_approvals_decision", "decision_id"),
)
"""A second reviewer's approval of a four-eyes decision (append-only, like decisions)."""


assignments = Table(
    "assignments",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("screening_id", Integer, ForeignKey("screenings.id"), nullable=False),
    Column("row", Integer, nullable=False),
    Column("reviewer", String(200), nullable=False),
    Column("assigned_by", String(200), nullable=False),
    Column("at", DateTime, nullable=False),
    Index("ix_assignments_screening", "screening_id", "row"),
)
"""Who is to review a party of a screening; the latest assignment of a row counts
(an empty reviewer takes the party off everyone's queue)."""


clearances = Table(
    "clearances",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("party_key", String(40), nullable=False),
    Column("entity_id", String(200), nullable=False),
    Column("record_digest", String(40), nullable=False),
    Column("party_name", Text, nullable=False),
    Column("listed_name", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("reviewer", String(200), nullable=False),
    Column("at", DateTime, nullable=False),
    Column("expires", Date, nullable=False),
    Column("decision_id", Integer, ForeignKey("decisions.id"), nullable=False),
    Index("ix_clearances_pair", "party_key", "entity_id"),
)
"""The known-good list: a party cleared against a listed party (a false positive) for
future screenings, until an expiry date or until the listed record changes."""
