"""FollowTheMoney JSON lines: OpenSanctions exports, delta files and vet's own export.

Each line is one entity (``{"id", "schema", "properties", ...}``) or, in an
OpenSanctions delta file, an operation ``{"op": "ADD"|"MOD"|"DEL", "entity": {...}}``.
There is no single publisher: the licence is the exporter's (OpenSanctions data is
CC BY-NC 4.0, so vet never bundles it). Import with ``--name`` to name the list.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from followthemoney import model
from followthemoney.exc import InvalidData

from vet.errors import ParseError
from vet.sources.base import ParsedList, Source, SourceInfo
from vet.sources.builder import ListBuilder, parse_error
from vet.sources.xmlfile import sniff
from vet.textfile import choose_encoding, open_text, value_problem

INFO = SourceInfo(
    kind="ftm_json",
    list_name="ftm",
    title="FollowTheMoney entities (JSON lines)",
    publisher="as stated by the exporter",
    jurisdiction="user",
    authority="as stated in the data",
    homepage="https://followthemoney.tech/",
    licence="as stated by the exporter (OpenSanctions: CC BY-NC 4.0)",
    attribution="as required by the exporter",
)


def parse_line(builder: ListBuilder, line_no: int, text: str) -> None:
    """One JSON line: an entity, or a delta operation on one."""
    try:
        data: Any = json.loads(text)
    except RecursionError:
        raise builder.error(
            "nested too deeply to be an entity (objects or arrays inside each other)",
            line=line_no,
        ) from None
    except json.JSONDecodeError as exc:
        raise builder.error(
            f"not valid JSON ({exc.msg}, column {exc.colno})", line=line_no
        ) from exc
    if not isinstance(data, dict):
        raise builder.error("expected a JSON object", line=line_no)
    is_operation = "op" in data
    if is_operation:
        if data["op"] == "DEL":
            entity_id = (data.get("entity") or {}).get("id")
            if entity_id:
                builder.entities.pop(entity_id, None)
            return
        data = data.get("entity")
        if not isinstance(data, dict):
            raise builder.error("delta operation without an entity", line=line_no)
    if not data.get("id") or not data.get("schema"):
        raise builder.error("entity without id or schema", line=line_no)
    if model.get(data["schema"]) is None:
        raise builder.error(
            f"unknown FtM schema {data['schema']!r}", line=line_no, record=str(data["id"])
        )
    try:
        entity = model.get_proxy(
            {"id": data["id"], "schema": data["schema"], "properties": data.get("properties", {})},
            cleaned=False,
        )
    except InvalidData as exc:
        raise builder.error(f"invalid entity: {exc}", line=line_no, record=str(data["id"])) from exc
    # OpenSanctions marks listed parties with "target": true; vet uses topics.
    if data.get("target") and entity.schema.is_a("Thing") and not entity.get("topics"):
        entity.add("topics", "sanction")
    if not is_operation and entity.id in builder.entities:
        # Two records under one id would merge silently and lose the first: refuse.
        raise builder.error(
            "entity id appears twice in the file (only a delta operation may replace an entity)",
            line=line_no,
            record=str(data["id"]),
        )
    builder.entities[entity.id or ""] = entity


def parse(path: Path) -> ParsedList:
    builder = ListBuilder(INFO, path, prefix="")
    try:
        encoding = choose_encoding(path, "list", parse_error)
        with open_text(path, encoding.codec) as handle:
            for line_no, text in enumerate(handle, start=1):
                if problem := value_problem(text, encoding.codec):
                    raise builder.error(f"a value {problem}", line=line_no)
                if text.strip():
                    parse_line(builder, line_no, text)
    except OSError as exc:
        raise ParseError(path, f"cannot read: {exc.strerror}") from exc
    if warning := encoding.warning(path.name):
        builder.warnings.append(warning)
    return builder.result()


def detect(path: Path) -> bool:
    if not path.is_file():
        return False
    head = sniff(path).lstrip("\ufeff").lstrip()
    return head.startswith("{") and ('"schema"' in head or '"op"' in head)


SOURCES = (Source(INFO, parse, detect),)
