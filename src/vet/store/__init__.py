"""The store: list versions, entities, atomic imports, diffs, updates and the audit log."""

from vet.store.db import ListStatus, ListVersion, Store
from vet.store.diff import EntityChange, FieldChange, ListDiff, diff_versions, record_digest
from vet.store.imports import ImportResult, import_parsed, import_path
from vet.store.updates import UpdateOutcome, ensure_lists, import_bundled, update_lists

__all__ = [
    "EntityChange",
    "FieldChange",
    "ImportResult",
    "ListDiff",
    "ListStatus",
    "ListVersion",
    "Store",
    "UpdateOutcome",
    "diff_versions",
    "ensure_lists",
    "import_bundled",
    "import_parsed",
    "import_path",
    "record_digest",
    "update_lists",
]
