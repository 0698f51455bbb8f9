"""FtM JSON lines: a repeated entity id is refused, never merged quietly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vet.errors import ParseError
from vet.sources import ftm_json


def test_a_repeated_entity_id_is_refused_with_its_line(tmp_path: Path) -> None:
    rows = [
        {"id": "p1", "schema": "Person", "properties": {"name": ["Ali Hassan"]}, "target": True},
        {"id": "p1", "schema": "Person", "properties": {"name": ["Other One"]}, "target": True},
    ]
    path = tmp_path / "twice.ftm.json"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    with pytest.raises(ParseError, match=r"^twice\.ftm\.json line 2 record p1: entity id appears"):
        ftm_json.parse(path)
