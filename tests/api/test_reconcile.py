"""/reconcile/{dataset} with the requests OpenRefine sends (Reconciliation API 0.2)."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import pytest


def reconcile(client: httpx.Client, queries: dict[str, Any]) -> dict[str, Any]:
    """A batch as OpenRefine posts it: form-encoded, the JSON in the field `queries`."""
    response = client.post("/reconcile/default", data={"queries": json.dumps(queries)})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    result: dict[str, Any] = response.json()
    return result


def test_manifest_describes_the_service(client: httpx.Client, server: str) -> None:
    manifest = client.get("/reconcile/default").json()
    assert manifest["versions"] == ["0.2"]
    assert manifest["identifierSpace"] and manifest["schemaSpace"]
    assert "{{id}}" in manifest["view"]["url"] and "{{id}}" in manifest["preview"]["url"]
    assert manifest["suggest"]["entity"]["service_url"] == f"{server}/reconcile/default"
    assert manifest["extend"]["propose_properties"]["service_path"] == "/extend/property"
    types = [t["id"] for t in manifest["defaultTypes"]]
    assert {"Person", "Company", "Organization", "Vessel"} <= set(types)


def test_manifest_as_jsonp_for_a_callback(client: httpx.Client) -> None:
    response = client.get("/reconcile/us_ofac_sdn", params={"callback": "jQuery3_1"})
    assert response.headers["content-type"].startswith("application/javascript")
    found = re.fullmatch(r"/\*\*/jQuery3_1\((.*)\);", response.text, re.S)
    assert found is not None
    assert json.loads(found.group(1))["name"] == "vet: us_ofac_sdn"


def test_manifest_passes_the_api_key_on_to_its_services(client: httpx.Client) -> None:
    manifest = client.get("/reconcile/default", params={"api_key": "vet_abc"}).json()
    assert manifest["suggest"]["entity"]["service_path"] == "/suggest/entity?api_key=vet_abc"
    assert manifest["preview"]["url"].endswith("?id={{id}}&api_key=vet_abc")


def test_queries_with_types_and_properties(client: httpx.Client) -> None:
    result = reconcile(
        client,
        {
            "q0": {
                "query": "Kang Song Nam",
                "type": "Person",
                "type_strict": "should",
                "properties": [
                    {"pid": "birthDate", "v": "1962-07-28"},
                    {"pid": "Person:nationality", "v": ["North Korea"]},
                ],
            },
            "q1": {"query": "Banco Nacional de Cuba", "limit": 2},
            "q2": {"query": "Acme Widgets GmbH", "type": ["Company"]},
        },
    )
    assert set(result) == {"q0", "q1", "q2"}
    best = result["q0"]["result"][0]
    assert best["id"] == "ofac-20130" and best["name"] == "KANG, Song Nam"
    assert best["match"] is True and 0.9 <= best["score"] <= 1
    assert best["type"][0]["id"] == "Person"
    assert best["description"] == "Person; us_ofac_sdn (DPRK3)"
    features = {f["id"]: f["value"] for f in best["features"]}
    assert features["birth_year_match"] > 0 and features["country_match"] > 0
    assert result["q1"]["result"][0]["id"] == "ofac-306"
    assert len(result["q1"]["result"]) <= 2
    assert result["q2"] == {"result": []}


def test_candidates_below_the_threshold_come_without_match(client: httpx.Client) -> None:
    result = reconcile(client, {"q": {"query": "Kang Song", "type": "Person"}})
    candidates = result["q"]["result"]
    assert candidates[0]["id"] == "ofac-20130"
    assert all(c["score"] >= 0.5 for c in candidates)
    assert all(c["match"] == (c["score"] >= 0.8) for c in candidates)


def test_a_type_narrows_candidates_to_related_schemata(client: httpx.Client) -> None:
    result = reconcile(
        client,
        {
            "any": {"query": "Kang Song Nam"},
            "person": {"query": "Kang Song Nam", "type": "Person"},
            "organisation": {"query": "Kang Song Nam", "type": "Organization"},
            "vessel": {"query": "Artavil", "type": "Vessel"},
        },
    )
    assert result["any"]["result"][0]["id"] == "ofac-20130"
    assert result["person"]["result"][0]["id"] == "ofac-20130"
    assert all(c["type"][0]["id"] != "Person" for c in result["organisation"]["result"])
    assert [c["id"] for c in result["vessel"]["result"]] == ["ofac-15036"]


def test_queries_in_the_query_string_too(client: httpx.Client) -> None:
    queries = json.dumps({"q": {"query": "Tanchon Commercial Bank"}})
    response = client.get("/reconcile/default", params={"queries": queries})
    assert response.json()["q"]["result"][0]["id"] == "unsc-690752"


def test_data_extension_of_listing_and_entity_properties(client: httpx.Client) -> None:
    extend = {
        "ids": ["ofac-306", "ukofsi-7059", "nobody"],
        "properties": [
            {"id": "lists"},
            {"id": "programs"},
            {"id": "country"},
            {"id": "passportNumber", "settings": {"limit": 1}},
        ],
    }
    response = client.post("/reconcile/default", data={"extend": json.dumps(extend)})
    body = response.json()
    assert [m["id"] for m in body["meta"]] == ["lists", "programs", "country", "passportNumber"]
    bank = body["rows"]["ofac-306"]
    assert bank["lists"] == [{"str": "us_ofac_sdn"}]
    assert bank["programs"] == [{"str": "CUBA"}]
    assert {"str": "Spain"} in bank["country"]
    assert bank["passportNumber"] == []
    assert len(body["rows"]["ukofsi-7059"]["passportNumber"]) == 1
    assert body["rows"]["nobody"] == {}


def test_propose_and_suggest_serve_openrefines_dialogs(client: httpx.Client) -> None:
    proposed = client.get("/reconcile/default/extend/property", params={"type": "Person"}).json()
    ids = [p["id"] for p in proposed["properties"]]
    assert proposed["type"] == "Person"
    assert {"lists", "programs", "birthDate", "nationality"} <= set(ids)
    assert "imoNumber" not in ids  # not a property of people

    entities = client.get("/reconcile/default/suggest/entity", params={"prefix": "Beratex"})
    assert entities.json()["result"][0]["id"] == "ofac-27194"
    types = client.get("/reconcile/default/suggest/type", params={"prefix": "ves"}).json()
    assert [t["id"] for t in types["result"]] == ["Vessel"]
    props = client.get("/reconcile/default/suggest/property", params={"prefix": "birth"}).json()
    assert "birthDate" in [p["id"] for p in props["result"]]
    jsonp = client.get(
        "/reconcile/default/suggest/type", params={"prefix": "per", "callback": "cb"}
    )
    assert jsonp.text.startswith("/**/cb(")


def test_preview_is_a_small_escaped_page(client: httpx.Client) -> None:
    response = client.get("/reconcile/default/preview", params={"id": "ofac-306"})
    assert response.headers["content-type"].startswith("text/html")
    assert "<h3>BANCO NACIONAL DE CUBA</h3>" in response.text
    assert "us_ofac_sdn (CUBA)" in response.text
    quoted = client.get("/reconcile/default/preview", params={"id": "ukofsi-13194"}).text
    assert "YUSUF &#x27;UTHMAN &#x27;ABD" in quoted and "'UTHMAN" not in quoted
    assert client.get("/reconcile/default/preview", params={"id": "x"}).status_code == 404


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"queries": "{not json"}, "queries: not valid JSON"),
        ({"queries": "[1, 2]"}, "expected a JSON object of queries"),
        ({"queries": json.dumps({"q": {"query": "X", "type": "Spaceship"}})}, "unknown type"),
        ({"queries": json.dumps({"q": {"query": "X", "limit": "many"}})}, "query 'q': limit"),
        ({"queries": json.dumps({"q": {"type": "Person"}})}, "query 'q': no name given"),
        (
            {"extend": json.dumps({"ids": ["ofac-306"], "properties": [{"id": "shoeSize"}]})},
            "unknown property 'shoeSize'",
        ),
        ({}, "send a form field 'queries'"),
    ],
)
def test_bad_batches_get_a_400_naming_the_problem(
    client: httpx.Client, data: dict[str, str], words: str
) -> None:
    response = client.post("/reconcile/default", data=data)
    assert response.status_code == 400
    assert words in response.json()["detail"]


def test_a_callback_that_is_not_a_function_name_is_refused(client: httpx.Client) -> None:
    response = client.get("/reconcile/default", params={"callback": "alert(1)//"})
    assert response.status_code == 400
    assert "expected a JavaScript function name" in response.json()["detail"]
