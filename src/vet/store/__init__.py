"""The store: list versions, entities, atomic imports, diffs, updates and the audit log."""

# keys and ownership define tables on the shared metadata: imported so every Store has them.
from vet.store import keys, ownership
from vet.store.db import ListStatus, ListVersion, Store
from vet.store.diff import EntityChange, FieldChange, ListDiff, diff_versions, record_digest
from vet.store.freshness import DATE_UNKNOWN, Freshness, freshness
from vet.store.guards import IMPORT_POLICY, UPDATE_POLICY, ImportPolicy
from vet.store.imports import ImportResult, import_parsed, import_path, rollback
from vet.store.updates import UpdateOutcome, ensure_lists, import_bundled, update_lists

__all__ = [
    "DATE_UNKNOWN",
    "IMPORT_POLICY",
    "UPDATE_POLICY",
    "EntityChange",
    "FieldChange",
    "Freshness",
    "ImportPolicy",
    "ImportResult",
    "ListDiff",
    "ListStatus",
    "ListVersion",
    "Store",
    "UpdateOutcome",
    "diff_versions",
    "ensure_lists",
    "freshness",
    "import_bundled",
    "import_parsed",
    "import_path",
    "keys",
    "ownership",
    "record_digest",
    "rollback",
    "update_lists",
]
