"""/catalog, /search, /entities, /healthz, /readyz and the OpenAPI schema on a real server."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import httpx

from vet.api import ApiSettings, BackgroundServer, create_app
from vet.scoring import Matcher
from vet.store import Store, import_path


def test_health_and_readiness(client: httpx.Client) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz").json()
    assert (ready["status"], ready["loading"]) == ("ok", {})
    assert sorted(ready["lists"]) == ["uk_ofsi", "un_sc", "us_ofac_sdn"]


def test_catalog_lists_versions_and_the_default_collection(client: httpx.Client) -> None:
    catalog = client.get("/catalog").json()
    datasets = {d["name"]: d for d in catalog["datasets"]}
    assert set(datasets) == {"default", "us_ofac_sdn", "un_sc", "uk_ofsi"}
    assert sorted(datasets["default"]["children"]) == ["uk_ofsi", "un_sc", "us_ofac_sdn"]
    un = datasets["un_sc"]
    assert un["published"] == "2026-02-27"
    assert un["target_count"] == 12
    assert un["authority"] and un["licence"]
    assert [v["parties"] for v in un["versions"]] == [12]
    assert un["version"] == str(un["versions"][0]["id"])
    assert datasets["uk_ofsi"]["published"] == "2025-04-10"
    assert datasets["uk_ofsi"]["attribution"].startswith("Contains public sector information")
    assert catalog["outdated"] == [] and catalog["index_stale"] is False
    assert sorted(catalog["current"]) == ["uk_ofsi", "un_sc", "us_ofac_sdn"]


def test_catalog_shows_each_lists_age_and_a_stale_or_undated_warning(
    tmp_path: Path, fixtures: Path
) -> None:
    """The UN excerpt of 2026-02-27 against a 30-day limit, and an undated list of one's own."""
    store = Store(f"sqlite:///{tmp_path / 'vet.db'}")
    import_path(store, fixtures / "un" / "consolidated_2026-02-27_excerpt.xml")
    import_path(store, fixtures / "user" / "forced_labour.csv", list_name="uflpa")
    app = create_app(store, Matcher.from_store(store), ApiSettings(max_age_days=30))
    with BackgroundServer(app) as url, httpx.Client(base_url=url, timeout=30) as http:
        datasets = {d["name"]: d for d in http.get("/catalog").json()["datasets"]}
    un = datasets["un_sc"]
    age = (date.today() - date(2026, 2, 27)).days
    assert (un["published"], un["age_days"]) == ("2026-02-27", age)
    assert un["stale"] is (age > 30)
    assert un["freshness_warning"] == ("STALE: older than 30 days" if age > 30 else None)
    undated = datasets["uflpa"]
    assert (undated["published"], undated["age_days"], undated["stale"]) == (None, None, True)
    assert undated["freshness_warning"] == (
        "WARNING: no publication date in the file; it may be out of date"
    )
    store.close()


def test_search_by_name_in_any_script(client: httpx.Client) -> None:
    body = client.get("/search/default", params={"q": "Игорь Костюков"}).json()
    assert body["results"][0]["id"] == "ukofsi-13748"
    assert body["results"][0]["datasets"] == ["uk_ofsi"]
    assert body["results"][0]["score"] >= 0.8
    assert body["limit"] == 10 and body["offset"] == 0


def test_search_schema_filter_and_paging(client: httpx.Client) -> None:
    def ids(**params: Any) -> list[str]:
        body = client.get("/search/default", params={"q": "Al-Qaida", **params}).json()
        return [r["id"] for r in body["results"]]

    both = ids()
    assert both == ["unsc-113966", "unsc-2881836"]  # exact name first, then "AQAP"
    assert ids(schema="Organization") == both
    assert ids(schema="LegalEntity") == both  # schemata include their descendants
    assert ids(schema="Person") == []
    assert ids(limit=1, offset=1) == both[1:]
    unknown = client.get("/search/default", params={"q": "Al-Qaida", "schema": "Spaceship"})
    assert unknown.status_code == 400


def test_search_needs_a_query(client: httpx.Client) -> None:
    response = client.get("/search/default")
    assert response.status_code == 422
    assert response.json()["detail"] == "query parameter q: Field required"


def _nested(entity: dict[str, Any], prop: str) -> list[dict[str, Any]]:
    return [v for v in entity["properties"].get(prop, []) if isinstance(v, dict)]


def test_entity_page_has_listings_sources_and_relations(client: httpx.Client) -> None:
    ship = client.get("/entities/ofac-27200").json()
    assert (ship["caption"], ship["schema"], ship["target"]) == ("ST. VITAMIN", "Vessel", True)
    assert ship["listings"] == [
        {
            "list_name": "us_ofac_sdn",
            "authority": "US Treasury OFAC",
            "programs": ["CYBER2", "ELECTION-EO13848", "UKRAINE-EO13661"],
            "listing_date": None,
            "source_url": ship["listings"][0]["source_url"],
        }
    ]
    source = ship["sources"][0]
    assert source["list_name"] == "us_ofac_sdn" and source["version"] >= 1
    assert source["origin"].endswith("sdn_2023-12-28")
    sanction = _nested(ship, "sanctions")[0]
    assert sanction["schema"] == "Sanction"
    assert "entity" not in sanction["properties"]  # the link back to the ship is implied
    ownership = _nested(ship, "ownershipAsset")[0]
    owner = ownership["properties"]["owner"][0]
    assert owner["id"] == "ofac-27194" and owner["caption"] == "BERATEX GROUP LIMITED"


def test_entity_without_nesting_keeps_plain_values(client: httpx.Client) -> None:
    flat = client.get("/entities/ofac-27200", params={"nested": "false"}).json()
    assert "sanctions" not in flat["properties"]
    assert all(isinstance(v, str) for vs in flat["properties"].values() for v in vs)


def test_non_target_entities_and_missing_ones(client: httpx.Client) -> None:
    sanction = client.get("/entities/ofac-306-sanction-us-ofac-sdn").json()
    assert sanction["schema"] == "Sanction" and sanction["target"] is False
    assert sanction["listings"] == []
    bank = _nested(sanction, "entity")[0]
    assert bank["id"] == "ofac-306"
    missing = client.get("/entities/ofac-0")
    assert missing.status_code == 404
    assert missing.json() == {
        "detail": "no entity 'ofac-0' in the lists served",
        "error": "NotFound",
    }


def test_openapi_schema_documents_fields_and_examples(client: httpx.Client) -> None:
    schema = client.get("/openapi.json").json()
    paths = schema["paths"]
    for path in (
        "/match/{dataset}",
        "/reconcile/{dataset}",
        "/catalog",
        "/search/{dataset}",
        "/entities/{entity_id}",
        "/healthz",
        "/readyz",
    ):
        assert path in paths
    models = schema["components"]["schemas"]
    score = models["ScoredEntityResponse"]["properties"]["score"]
    assert score["description"] and score["examples"]
    assert models["ErrorResponse"]["properties"]["detail"]["description"]
    assert "400" in paths["/match/{dataset}"]["post"]["responses"]
    assert "APIKeyHeader" in schema["components"]["securitySchemes"]
    # No CDN-backed /docs page: vet may run offline.
    assert client.get("/docs").status_code == 404
