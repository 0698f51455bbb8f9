"""Server edges on a real server: ids past SQLite's integers, and Host headers (DNS rebinding)."""

from __future__ import annotations

import httpx
import pytest

HUGE = "99999999999999999999999"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", f"/screenings/{HUGE}"),
        ("GET", f"/screenings/{HUGE}/hits"),
        ("GET", f"/screenings/{HUGE}/report.csv"),
        ("POST", f"/screenings/{HUGE}/rescreen"),
        ("GET", f"/web/screenings/{HUGE}"),
        ("GET", f"/web/screenings/{HUGE}/progress"),
        ("GET", f"/web/screenings/1/hit?row={HUGE}&entity=x"),
        ("GET", "/screenings/0"),
        # The review routes take the same screening id as the others.
        ("GET", f"/screenings/{HUGE}/approvals"),
        ("GET", f"/screenings/{HUGE}/queue"),
        ("GET", f"/web/screenings/{HUGE}/queue"),
    ],
)
def test_ids_past_what_the_store_holds_are_refused_not_a_500(
    hostile_client: httpx.Client, method: str, path: str
) -> None:
    response = hostile_client.request(method, path)
    assert response.status_code in (404, 422), response.text


def test_a_decision_on_a_huge_row_is_refused(hostile_client: httpx.Client) -> None:
    decided = {"row": int(HUGE), "entity_id": "x", "decision": "match", "reviewer": "Ana"}
    response = hostile_client.post("/screenings/1/decisions", json=decided)
    assert response.status_code == 422, response.text


ROUTES = ("/catalog", "/search/default?q=bank", "/entities/x", "/algorithms", "/healthz",
          "/reconcile/default", "/openapi.json", "/screenings", "/web/")  # fmt: skip


@pytest.mark.parametrize("path", ROUTES)
@pytest.mark.parametrize("host", ["attacker.example", "attacker.example:8000", "10.0.0.5:80"])
def test_a_loopback_server_without_keys_refuses_other_host_names_on_every_route(
    hostile_client: httpx.Client, path: str, host: str
) -> None:
    response = hostile_client.get(path, headers={"Host": host})
    assert response.status_code == 403, response.text
    name = host.rsplit(":", 1)[0]
    assert response.json()["detail"].startswith(
        f"this server has no API keys and answers only requests addressed to "
        f"127.0.0.1 or localhost, not '{name}' (a page elsewhere may be reaching it by DNS "
    )


def test_a_match_post_by_another_host_name_is_refused(hostile_client: httpx.Client) -> None:
    body = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Ann"]}}}}
    response = hostile_client.post(
        "/match/default", json=body, headers={"Host": "rebind.attacker.example"}
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    "host", ["localhost", "localhost:8123", "127.0.0.1", "127.0.0.1:8123", "[::1]", "[::1]:8123"]
)
def test_loopback_host_names_with_or_without_port_are_answered(
    hostile_client: httpx.Client, host: str
) -> None:
    response = hostile_client.get("/catalog", headers={"Host": host})
    assert response.status_code == 200, response.text
