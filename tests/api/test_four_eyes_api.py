"""Team review over the API: four-eyes approvals and bulk decisions on a real server
requiring keys; the queue, assignments and the known-good list.

Two keys name two reviewers ("Ana Silva" with two keys, "Ben Okafor"); the screened
file is the one of ``test_screenings_api`` (rows 2, 3, 4 on the UN list, row 6 on
OFAC's), with own ids of each test's.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import httpx
import pytest
from test_screenings_api import BNC, MAHMOOD, PARTIES, TAGANDA, TANCHON, upload, wait_complete

from vet.api import ApiSettings, BackgroundServer, create_app
from vet.scoring import Matcher
from vet.store import Store
from vet.store.audit import verify_audit
from vet.store.keys import create_key


@pytest.fixture(scope="module")
def four_eyes_server(api_store: Store, api_matcher: Matcher) -> Iterator[str]:
    settings = ApiSettings(require_keys=True, key_cache_seconds=0, four_eyes=True)
    with BackgroundServer(create_app(api_store, api_matcher, settings)) as url:
        yield url


def parties(tag: str) -> str:
    """The parties file with own ids of this test's, so no other test's decision applies."""
    return PARTIES.replace(",P-", f",{tag}-")


def client(url: str, secret: str) -> httpx.Client:
    return httpx.Client(base_url=url, headers={"Authorization": f"ApiKey {secret}"}, timeout=30)


def test_a_decision_is_final_once_a_second_reviewer_approves_it(
    four_eyes_server: str, api_store: Store
) -> None:
    _, ana = create_key(api_store, "ana-laptop", reviewer="Ana Silva")
    _, ana_phone = create_key(api_store, "ana-phone", reviewer="Ana Silva")
    _, ben = create_key(api_store, "Ben Okafor")
    with client(four_eyes_server, ana) as http:
        sid = upload(http, parties("4E"), name="four eyes fair").json()["id"]
        assert wait_complete(http, sid)["status"] == "complete"
        made = http.post(
            f"/screenings/{sid}/decisions",
            json={"row": 2, "entity_id": TANCHON, "decision": "false_positive", "reason": "x"},
        )
        assert made.status_code == 201, made.text
        # The key names the reviewer: Ana's decision is in her name, not the key's.
        assert (made.json()["reviewer"], made.json()["awaiting_approval"]) == ("Ana Silva", True)
        hits = http.get(f"/screenings/{sid}/hits").json()
        assert hits["counts"]["awaiting_approval"] == 1
        assert "1 decision awaits a second reviewer's approval" in hits["summary"]
        assert [p["status"] for p in hits["parties"] if p["row"] == 2] == ["open"]
    # Another key of Ana's is still Ana: she cannot approve her own decision.
    with client(four_eyes_server, ana_phone) as http:
        own = http.post(
            f"/screenings/{sid}/approvals", json={"hits": [{"row": 2, "entity_id": TANCHON}]}
        )
        assert own.status_code == 400
        assert "a second, different reviewer must approve it" in own.json()["detail"]
    with client(four_eyes_server, ben) as http:
        pending = http.get(f"/screenings/{sid}/approvals").json()
        assert [(p["row"], p["entity_id"], p["reviewer"]) for p in pending["pending"]] == [
            (2, TANCHON, "Ana Silva")
        ]
        approved = http.post(f"/screenings/{sid}/approvals", json={"all": True}).json()
        assert (approved["approved"], approved["pending"]) == (1, [])
        hits = http.get(f"/screenings/{sid}/hits").json()
        decision = next(p for p in hits["parties"] if p["row"] == 2)["hits"][0]["decision"]
        assert (decision["approved_by"], decision["awaiting_approval"]) == ("Ben Okafor", False)
        assert next(p for p in hits["parties"] if p["row"] == 2)["status"] == "cleared"
    assert verify_audit(api_store.engine).intact


def test_bulk_decides_the_open_hits_of_a_selection(four_eyes_server: str, api_store: Store) -> None:
    _, secret = create_key(api_store, "bulk reviewer")
    with client(four_eyes_server, secret) as http:
        sid = upload(http, parties("BULK"), name="bulk fair").json()["id"]
        assert wait_complete(http, sid)["status"] == "complete"
        none = http.post(f"/screenings/{sid}/decisions/bulk", json={"decision": "unsure"})
        assert none.status_code == 400
        assert "select hits" in none.json()["detail"]
        # The UN hits all score 1.00: none is below 0.5, so nothing is recorded.
        low = http.post(
            f"/screenings/{sid}/decisions/bulk",
            json={"decision": "false_positive", "list": "un_sc", "below": 0.5},
        )
        assert low.status_code == 400
        assert "no open hit on un_sc, scoring below 0.50" in low.json()["detail"]
        bulk = http.post(
            f"/screenings/{sid}/decisions/bulk",
            json={"decision": "false_positive", "reason": "other parties", "list": "un_sc"},
        )
        assert bulk.status_code == 201, bulk.text
        body = bulk.json()
        assert body["recorded"] == 3
        assert {(d["row"], d["entity_id"]) for d in body["decisions"]} == {
            (2, TANCHON),
            (3, TAGANDA),
            (4, MAHMOOD),
        }
        assert {d["reason"] for d in body["decisions"]} == {"other parties"}
        # The OFAC hit was not selected; the decided ones are not decided again.
        again = http.post(
            f"/screenings/{sid}/decisions/bulk", json={"decision": "match", "entity_id": TANCHON}
        )
        assert again.status_code == 400
        one = http.post(
            f"/screenings/{sid}/decisions/bulk", json={"decision": "match", "entity_id": BNC}
        )
        assert one.json()["recorded"] == 1
    assert verify_audit(api_store.engine).intact


def test_queue_assignments_and_known_good_over_the_api(client: httpx.Client) -> None:
    sid = upload(client, parties("QAPI"), name="queue api fair").json()["id"]
    assert wait_complete(client, sid)["status"] == "complete"
    queue = client.get(f"/screenings/{sid}/queue").json()
    assert [(h["row"], h["status"]) for h in queue["hits"]] == [
        (2, "open"),
        (3, "open"),
        (4, "open"),
        (6, "open"),
    ]
    assigned = client.post(
        f"/screenings/{sid}/assignments", json={"rows": [2, 6], "reviewer": "Ben", "by": "Ana"}
    )
    assert assigned.json() == {"rows": [2, 6], "reviewer": "Ben"}
    bens = client.get(f"/screenings/{sid}/queue", params={"reviewer": "Ben", "list": "us_ofac_sdn"})
    assert [(h["row"], h["assigned_to"]) for h in bens.json()["hits"]] == [(6, "Ben")]

    client.post(
        f"/screenings/{sid}/decisions",
        json={"row": 2, "entity_id": TANCHON, "decision": "false_positive", "reviewer": "Ben"},
    )
    until = (date.today() + timedelta(days=60)).isoformat()
    cleared = client.post(
        f"/screenings/{sid}/clearances",
        json={"row": 2, "entity_id": TANCHON, "reason": "other bank", "expires": until,
              "reviewer": "Ben"},
    )  # fmt: skip
    assert cleared.status_code == 201, cleared.text
    decided = client.get(f"/screenings/{sid}/queue", params={"status": "decided"}).json()
    assert [h["row"] for h in decided["hits"]] == [2]
    refused = client.post(
        f"/screenings/{sid}/clearances",
        json={"row": 3, "entity_id": TAGANDA, "reason": "x", "expires": until, "reviewer": "Ben"},
    )
    assert refused.status_code == 400
