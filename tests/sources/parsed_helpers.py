"""Small helpers shared by the parser tests: find entities, edit a real excerpt."""

from __future__ import annotations

from pathlib import Path

from followthemoney.proxy import EntityProxy

from vet.sources import ParsedList


def entity(parsed: ParsedList, entity_id: str) -> EntityProxy:
    """The one entity with ``entity_id``."""
    found = [e for e in parsed.entities if e.id == entity_id]
    assert len(found) == 1, entity_id
    return found[0]


def sanction_of(parsed: ParsedList, entity_id: str) -> EntityProxy:
    """The one Sanction of the party ``entity_id``."""
    (sanction,) = [
        e for e in parsed.entities if e.schema.name == "Sanction" and entity_id in e.get("entity")
    ]
    return sanction


def edit_excerpt(excerpt: Path, tmp_path: Path, old: str, new: str, *, name: str) -> Path:
    """A copy of a real excerpt, saved as ``name``, with ``old`` replaced by ``new`` once."""
    text = excerpt.read_text("utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), "utf-8")
    return path
