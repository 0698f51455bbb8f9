"""Decision values and screening statuses, defined once as enums, read and answer as before.

A store saved by vet before the enums (tests/fixtures/store, see its README) must read back
with every decision and status, and the API must answer for it with the same JSON values
that vet answered then.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from vet.api import BackgroundServer, create_app
from vet.scoring import Matcher
from vet.screen.decisions import decide
from vet.screen.saved import load_screening
from vet.store import Store
from vet.store.screenings import get_screening, list_screenings
from vet.vocabulary import DecisionValue, ScreeningStatus

OLD = "vet-0.1.0-1c63b92"


@pytest.fixture(scope="module")
def old_store(tmp_path_factory: pytest.TempPathFactory, fixtures: Path) -> Iterator[Path]:
    """A copy of the store an older vet saved (the fixture itself stays untouched)."""
    path = tmp_path_factory.mktemp("old") / "vet.db"
    shutil.copy(fixtures / "store" / f"{OLD}.db", path)
    yield path


@pytest.fixture(scope="module")
def then(fixtures: Path) -> dict[str, list[dict[str, object]]]:
    """What the older vet's API answered for that store."""
    answers: dict[str, list[dict[str, object]]] = json.loads(
        (fixtures / "store" / f"{OLD}.api.json").read_text("utf-8")
    )
    return answers


def test_an_older_stores_decisions_and_statuses_read_back(old_store: Path) -> None:
    store = Store(f"sqlite:///{old_store}")
    assert [(s.name, s.status) for s in list_screenings(store)] == [
        ("before the vocabulary", ScreeningStatus.COMPLETE),
        ("failed one", ScreeningStatus.FAILED),
        ("interrupted one", ScreeningStatus.INTERRUPTED),
    ]
    _, screening = load_screening(store, "before the vocabulary")
    decided = [
        (result.party.row, hit.entity_id, review.decision, review.reviewer)
        for result in screening.results
        for hit in result.hits
        if (review := result.review(hit)) is not None
    ]
    assert decided == [
        (2, "user-b1", DecisionValue.MATCH, "Ana"),
        (3, "user-b2", DecisionValue.FALSE_POSITIVE, "Ana"),
        (4, "user-b3", DecisionValue.UNSURE, "Ben"),
    ]
    assert all(isinstance(d, DecisionValue) for _, _, d, _ in decided)
    store.close()


def test_the_api_answers_an_older_store_with_the_same_json_values(
    old_store: Path, then: dict[str, list[dict[str, object]]]
) -> None:
    store = Store(f"sqlite:///{old_store}")
    with (
        BackgroundServer(create_app(store, Matcher.from_store(store))) as url,
        httpx.Client(base_url=url, timeout=30) as http,
    ):
        listed = http.get("/screenings").json()["screenings"]
        sid = next(s["id"] for s in listed if s["name"] == "before the vocabulary")
        hits = http.get(f"/screenings/{sid}/hits").json()
        one = http.get(f"/screenings/{sid}").json()
    assert [{"name": s["name"], "status": s["status"]} for s in listed] == then["screenings"]
    assert [
        {"row": p["row"], "entity_id": h["entity_id"], "decision": h["decision"]["decision"]}
        for p in hits["parties"]
        for h in p["hits"]
    ] == then["decisions"]
    assert one["status"] == "complete"
    store.close()


def test_decisions_and_statuses_are_stored_as_the_same_plain_strings(
    tmp_path: Path, fixtures: Path
) -> None:
    path = tmp_path / "vet.db"
    shutil.copy(fixtures / "store" / f"{OLD}.db", path)
    store = Store(f"sqlite:///{path}")
    info = get_screening(store, "before the vocabulary")
    decide(store, info.id, 3, "user-b2", DecisionValue.MATCH, reviewer="Cy", reason="new facts")
    decide(store, info.id, 4, "user-b3", "false positive", reviewer="Cy")
    store.close()
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "SELECT decision, typeof(decision) FROM decisions ORDER BY id"
        ).fetchall()
        statuses = conn.execute("SELECT status FROM screenings ORDER BY id").fetchall()
    assert rows == [
        ("match", "text"),
        ("false_positive", "text"),
        ("unsure", "text"),
        ("match", "text"),
        ("false_positive", "text"),
    ]
    assert statuses == [("complete",), ("failed",), ("interrupted",)]


def test_each_word_is_its_stored_string() -> None:
    assert [str(d) for d in DecisionValue] == ["match", "false_positive", "unsure"]
    assert [f"{s}" for s in ScreeningStatus] == [
        "queued",
        "running",
        "complete",
        "failed",
        "interrupted",
    ]
    assert json.dumps([DecisionValue.FALSE_POSITIVE]) == '["false_positive"]'
    assert DecisionValue.FALSE_POSITIVE.label == "false positive"
