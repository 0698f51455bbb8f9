"""Size limits, error bodies and the request log, on real servers."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import httpx
import pytest

NAME = "Zebulon Quackenbush"


def test_declared_body_over_the_limit_gets_413(small_server: str) -> None:
    body = {"queries": {"q": {"schema": "Person", "properties": {"name": ["x" * 3_000]}}}}
    response = httpx.post(f"{small_server}/match/default", json=body)
    assert response.status_code == 413
    assert response.json()["error"] == "TooLarge"
    assert "larger than the limit of 2,000 bytes" in response.json()["detail"]


def test_streamed_body_over_the_limit_gets_413(small_server: str) -> None:
    def chunks() -> Iterator[bytes]:  # no Content-Length: sent chunked
        yield b'{"queries": {"q": {"schema": "Person", "properties": {"name": ["'
        for _ in range(10):
            yield b"x" * 500
        yield b'"]}}}}'

    response = httpx.post(
        f"{small_server}/match/default",
        content=chunks(),
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413
    assert "bytes or more is larger than the limit of 2,000 bytes" in response.json()["detail"]


def test_uploads_have_their_own_limit(small_server: str) -> None:
    queries = json.dumps({"q": {"query": "Kang Song Nam", "notes": "y" * 3_000}})
    fits = httpx.post(f"{small_server}/reconcile/default", files={"queries": (None, queries)})
    assert fits.status_code == 200  # over the JSON limit, within the upload limit
    assert fits.json()["q"]["result"][0]["id"] == "ofac-20130"
    big = json.dumps({"q": {"query": "Kang", "notes": "y" * 20_000}})
    refused = httpx.post(f"{small_server}/reconcile/default", files={"queries": (None, big)})
    assert refused.status_code == 413


def test_long_urls_get_414(small_server: str) -> None:
    response = httpx.get(f"{small_server}/search/default", params={"q": "x" * 400})
    assert response.status_code == 414
    assert "send the query in a POST body" in response.json()["detail"]


def test_requests_within_the_limits_pass(small_server: str) -> None:
    body = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Kang Song Nam"]}}}}
    response = httpx.post(f"{small_server}/match/default", json=body)
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("method", "path", "status", "error"),
    [
        ("GET", "/nowhere", 404, "NotFound"),
        ("DELETE", "/catalog", 405, "MethodNotAllowed"),
        ("GET", "/match/default", 405, "MethodNotAllowed"),
    ],
)
def test_http_errors_have_a_json_body(
    client: httpx.Client, method: str, path: str, status: int, error: str
) -> None:
    response = client.request(method, path)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    assert response.json()["error"] == error
    assert response.json()["detail"]


def test_malformed_json_is_a_422_with_a_readable_detail(client: httpx.Client) -> None:
    response = client.post(
        "/match/default", content=b'{"queries": ', headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["error"] == "InvalidRequest"
    assert "JSON" in response.json()["detail"]


def test_the_request_log_never_holds_queried_names(
    client: httpx.Client, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="vet")
    body = {"queries": {"q": {"schema": "Person", "properties": {"name": [NAME]}}}}
    client.post("/match/default", json=body)
    client.get("/search/default", params={"q": NAME})
    client.post("/reconcile/default", data={"queries": json.dumps({"q": {"query": NAME}})})
    client.get("/reconcile/default/suggest/entity", params={"prefix": NAME})
    client.post("/match/default", json={"queries": {"q": {"schema": "Ghost", "properties": {}}}})
    lines = [r.getMessage() for r in caplog.records if r.name.startswith("vet")]
    assert any(line.startswith("POST /match/default 200") for line in lines)
    assert any(line.startswith("GET /search/default 200") for line in lines)
    assert any(line.startswith("POST /match/default 400") for line in lines)
    assert not [line for line in lines if "Zebulon" in line or "Quackenbush" in line]
