"""JSON nested 100,000 levels deep: a one-line refusal, never a RecursionError or a 500."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
from hostile_cli import refused

DEPTH = 100_000


def nested(depth: int = DEPTH) -> str:
    return "[" * depth + "]" * depth


def test_lists_import_refuses_an_ftm_entity_nested_too_deeply(
    env: dict[str, str], tmp_path: Path
) -> None:
    good = {"id": "e1", "schema": "Person", "properties": {"name": ["Ann Good"]}}
    deep = '{"id": "e2", "schema": "Person", "properties": {"name": ' + nested() + "}}"
    path = tmp_path / "entities.json"
    path.write_text(json.dumps(good) + "\n" + deep + "\n", encoding="utf-8")
    line = refused(env, "lists", "import", str(path), "--name", "deep")
    assert line == (
        "Error: entities.json line 2: nested too deeply to be an entity "
        "(objects or arrays inside each other)"
    )


def test_api_answers_deeply_nested_json_with_400(hostile_client: httpx.Client) -> None:
    body = '{"queries": {"q1": {"schema": "Person", "properties": {"name": ' + nested() + "}}}}"
    match = hostile_client.post(
        "/match/default", content=body, headers={"content-type": "application/json"}
    )
    assert match.status_code in (400, 422), match.text
    reconcile = hostile_client.post("/reconcile/default", data={"queries": nested()})
    assert reconcile.status_code == 400, reconcile.text
    assert reconcile.json()["detail"] == "queries: JSON nested too deeply"
    party_file = hostile_client.post(
        "/screenings", files={"file": ("parties.json", "[" + nested() + "]")}
    )
    assert party_file.status_code == 400, party_file.text
    assert party_file.json()["detail"].startswith("parties.json line 1: item 1 is nested too")
