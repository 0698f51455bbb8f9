"""API keys: the binding policy, and a server that requires keys refusing requests without."""

from __future__ import annotations

import httpx
import pytest

from vet.api import keys_required
from vet.store import Store
from vet.store.keys import create_key, revoke_key

MATCH = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Kang Song Nam"]}}}}


@pytest.mark.parametrize(
    ("host", "required"),
    [
        ("127.0.0.1", False),
        ("127.1.2.3", False),
        ("::1", False),
        ("[::1]", False),
        ("localhost", False),
        ("0.0.0.0", True),
        ("::", True),
        ("192.168.1.20", True),
        ("10.0.0.5", True),
        ("vet.example.org", True),
    ],
)
def test_keys_are_required_unless_bound_to_loopback(host: str, required: bool) -> None:
    assert keys_required(host) is required


def test_loopback_server_needs_no_key(client: httpx.Client) -> None:
    assert client.post("/match/default", json=MATCH).status_code == 200


def test_requests_without_a_valid_key_are_refused(keyed_server: str) -> None:
    with httpx.Client(base_url=keyed_server) as http:
        missing = http.post("/match/default", json=MATCH)
        assert missing.status_code == 401
        assert missing.headers["www-authenticate"] == "ApiKey"
        assert missing.json()["error"] == "Unauthorized"
        assert "vet keys create NAME" in missing.json()["detail"]
        wrong = http.get("/catalog", headers={"Authorization": "ApiKey vet_not-a-real-key"})
        assert wrong.status_code == 401
        assert wrong.json()["detail"] == "unknown or revoked API key"
        for path in ("/reconcile/default", "/search/default?q=x", "/entities/ofac-306"):
            assert http.get(path).status_code == 401
        assert http.get("/healthz").status_code == 200  # probes need no key
        assert http.get("/readyz").status_code == 200
        assert http.get("/openapi.json").status_code == 200


def test_a_key_opens_every_way_it_can_be_sent(keyed_server: str, api_store: Store) -> None:
    _, secret = create_key(api_store, "partner-a")
    with httpx.Client(base_url=keyed_server) as http:
        for headers, params in (
            ({"Authorization": f"ApiKey {secret}"}, {}),
            ({"Authorization": f"Bearer {secret}"}, {}),
            ({"X-API-Key": secret}, {}),
            ({}, {"api_key": secret}),  # OpenRefine cannot send headers
        ):
            response = http.post("/match/default", json=MATCH, headers=headers, params=params)
            assert response.status_code == 200, (headers, params)


def test_a_revoked_key_is_refused(keyed_server: str, api_store: Store) -> None:
    _, secret = create_key(api_store, "partner-b")
    headers = {"Authorization": f"ApiKey {secret}"}
    with httpx.Client(base_url=keyed_server, headers=headers) as http:
        assert http.get("/catalog").status_code == 200
        revoke_key(api_store, "partner-b")
        assert http.get("/catalog").status_code == 401


def test_yente_client_sends_its_key(keyed_server: str, api_store: Store) -> None:
    yente_client = pytest.importorskip("yente_client")
    _, secret = create_key(api_store, "yente")
    with yente_client.Client(base_url=keyed_server, api_key=secret) as client:
        assert client.match(yente_client.Person(name="Kang Song Nam")).top is not None
    with (
        yente_client.Client(base_url=keyed_server) as anonymous,
        pytest.raises(yente_client.AuthenticationError),
    ):
        anonymous.datasets()
