"""POST /match/{dataset} on a real server: yente's shapes, vet's scores and explanations."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from vet.api.match import YENTE_ALGORITHMS
from vet.scoring.features import FEATURE_NAMES


def match(
    client: httpx.Client, queries: dict[str, Any], path: str = "/match/default", **params: Any
) -> httpx.Response:
    return client.post(path, params=params, json={"queries": queries})


def person(name: str, **props: Any) -> dict[str, Any]:
    return {"schema": "Person", "properties": {"name": [name], **props}}


def top(response: httpx.Response, key: str) -> dict[str, Any]:
    results = response.json()["responses"][key]["results"]
    assert results, f"no result for {key}"
    return dict(results[0])


def test_batch_answers_each_query_under_its_key(client: httpx.Client) -> None:
    response = match(
        client,
        {
            "kang": person("Kang Song Nam", birthDate=["1962"], nationality=["North Korea"]),
            "bank": {"schema": "Organization", "properties": {"name": ["National Bank of Cuba"]}},
            "nobody": {"schema": "Company", "properties": {"name": ["Acme Widgets GmbH"]}},
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert set(body["responses"]) == {"kang", "bank", "nobody"}
    assert response.headers["x-batch-size"] == "3"
    assert body["limit"] == 5
    assert "name_match" in body["matcher"]

    kang = top(response, "kang")
    assert (kang["id"], kang["caption"], kang["schema"]) == (
        "ofac-20130",
        "KANG, Song Nam",
        "Person",
    )
    assert kang["match"] is True and kang["score"] >= 0.9
    assert kang["datasets"] == ["us_ofac_sdn"]
    assert kang["properties"]["birthDate"] == ["1962-07-28"]
    assert kang["explanations"]["birth_year_match"]["detail"] == "birth year 1962 agrees"
    assert kang["explanations"]["country_match"]["score"] > 0
    assert kang["features"]["name_match"] == kang["explanations"]["name_match"]["score"]
    assert "Score" in kang["explanation"] and "threshold 0.80" in kang["explanation"]
    assert kang["listings"][0]["programs"] == ["DPRK3"]

    bank = top(response, "bank")
    assert bank["id"] == "ofac-306"
    assert bank["explanations"]["name_match"]["candidate"] == "NATIONAL BANK OF CUBA"

    assert body["responses"]["nobody"]["results"] == []
    assert body["responses"]["nobody"]["total"] == {"value": 0, "relation": "eq"}


def test_query_is_echoed_as_read_with_cleaned_values(client: httpx.Client) -> None:
    response = match(
        client, {"q": person("  Kang   Song Nam ", nationality=["North Korea"], birthDate=["1962"])}
    )
    query = response.json()["responses"]["q"]["query"]
    assert query["schema"] == "Person"
    assert query["properties"]["nationality"] == ["kp"]
    assert query["properties"]["name"] == ["Kang Song Nam"]


def test_evidence_against_lowers_the_score_and_says_why(client: httpx.Client) -> None:
    agree = top(match(client, {"q": person("Kang Song Nam", birthDate=["1962"])}), "q")
    differ = match(client, {"q": person("Kang Song Nam", birthDate=["1990"])}, cutoff=0)
    hit = top(differ, "q")
    assert hit["id"] == agree["id"]
    assert hit["score"] < agree["score"]
    assert hit["explanations"]["birth_year_disjoint"]["score"] < 0
    assert "1990 given" in hit["explanations"]["birth_year_disjoint"]["detail"]


def test_identifier_decides_and_other_scripts_meet(client: httpx.Client) -> None:
    response = match(
        client,
        {
            "ship": {
                "schema": "Vessel",
                "properties": {"name": ["Abadan Star"], "imoNumber": ["IMO 9187629"]},
            },
            "cyrillic": person("Андрей Андреевич Задачин"),
        },
    )
    ship = top(response, "ship")
    assert ship["id"] == "ofac-15036" and ship["match"] is True
    assert ship["explanations"]["identifier_match"]["score"] == 1.0
    assert top(response, "cyrillic")["id"] == "ukofsi-15890"


def test_threshold_sets_match_flags_and_cutoff_what_is_returned(client: httpx.Client) -> None:
    query = {"q": person("Kang Song Nam", birthDate=["1990"])}
    default = top(match(client, query, cutoff=0), "q")
    strict = top(match(client, query, cutoff=0, threshold=0.99), "q")
    assert strict["score"] == default["score"] < 0.99
    assert strict["match"] is False
    high_cutoff = match(client, query, cutoff=0.99, threshold=0.99)
    assert high_cutoff.json()["responses"]["q"]["results"] == []


def test_dataset_path_and_filters_choose_the_lists(client: httpx.Client) -> None:
    query = {"q": person("Kang Song Nam")}
    assert top(match(client, query, "/match/us_ofac_sdn"), "q")["id"] == "ofac-20130"
    assert match(client, query, "/match/uk_ofsi").json()["responses"]["q"]["results"] == []
    only_uk = match(client, query, include_dataset=["uk_ofsi"])
    assert only_uk.json()["responses"]["q"]["results"] == []
    without_ofac = match(client, query, exclude_dataset=["us_ofac_sdn"])
    assert without_ofac.json()["responses"]["q"]["results"] == []
    without_id = match(client, query, exclude_entity_ids=["ofac-20130"])
    assert all(r["id"] != "ofac-20130" for r in without_id.json()["responses"]["q"]["results"])
    no_people = match(client, query, exclude_schema=["Person"])
    assert no_people.json()["responses"]["q"]["results"] == []


def test_same_name_on_two_records_ranked_by_country(client: httpx.Client) -> None:
    def first(country: str) -> str:
        org = {
            "schema": "Organization",
            "properties": {"name": ["Ministry of State Security"], "country": [country]},
        }
        return str(top(match(client, {"q": org}), "q")["id"])

    assert first("North Korea") == "ofac-20129"
    assert first("Ukraine") == "ofac-25437"


def test_changed_since_keeps_parties_changed_after_the_date(client: httpx.Client) -> None:
    # The UN excerpt is dated 2026-02-27 and is the only UN version in the store.
    query = {"q": person("Paek Chang Ho")}
    before = match(client, query, "/match/un_sc", changed_since="2026-01-01")
    after = match(client, query, "/match/un_sc", changed_since="2026-03-01")
    assert top(before, "q")["id"] == "unsc-690747"
    assert after.json()["responses"]["q"]["results"] == []


@pytest.mark.parametrize(
    ("body", "params", "status", "words"),
    [
        (
            {"queries": {"q": {"schema": "Spaceship", "properties": {"name": ["X"]}}}},
            {},
            400,
            "query 'q': unknown schema 'Spaceship'",
        ),
        (
            {"queries": {"q": {"schema": "Address", "properties": {"full": ["1 Main St"]}}}},
            {},
            400,
            "cannot be matched",
        ),
        (
            {"queries": {"q": {"schema": "Person", "properties": {"colour": ["red"]}}}},
            {},
            400,
            "Person has no property 'colour'",
        ),
        (
            {"queries": {"q": {"schema": "Person", "properties": {"nationality": ["fr"]}}}},
            {},
            400,
            "query 'q': no name given",
        ),
        (
            {"queries": {"q": {"schema": "Person", "properties": {"name": [["X"]]}}}},
            {},
            400,
            "name values must be text",
        ),
        ({"queries": {}}, {}, 400, "no queries given"),
        (
            {"queries": {"q": person("Kang")}, "weights": {"name": 2.0}},
            {},
            400,
            "weights and config must be empty",
        ),
        (
            {"queries": {"q": person("Kang")}},
            {"algorithm": "logic-v9"},
            400,
            "algorithm 'logic-v9' is not known; accepted: vet, best, default, logic-v1, "
            "logic-v2, name-based, name-qualified, regression-v1, regression-v2",
        ),
        (
            {"queries": {"q": person("Kang")}},
            {"changed_since": "last week"},
            400,
            "expected a date",
        ),
        ({"queries": {"q": person("Kang")}}, {"limit": 0}, 422, "query parameter limit"),
        ({"queries": {"q": {"properties": {}}}}, {}, 422, "body queries.q.schema"),
        (
            {"queries": {"q": person("Kang")}},
            {"include_dataset": ["eu_fsf"]},
            404,
            "no dataset 'eu_fsf'",
        ),
    ],
)
def test_unusable_requests_get_a_4xx_naming_the_problem(
    client: httpx.Client, body: dict[str, Any], params: dict[str, Any], status: int, words: str
) -> None:
    response = client.post("/match/default", params=params, json=body)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    assert words in response.json()["detail"]


def test_unknown_dataset_is_404_listing_the_datasets(client: httpx.Client) -> None:
    response = match(client, {"q": person("Kang")}, "/match/eu_fsf")
    assert response.status_code == 404
    assert response.json() == {
        "detail": "no dataset 'eu_fsf' (datasets: default, uk_ofsi, un_sc, us_ofac_sdn)",
        "error": "NotFound",
    }


def test_batch_and_limit_caps(small_server: str) -> None:
    with httpx.Client(base_url=small_server) as small:
        four = {f"q{i}": person("Kang Song Nam") for i in range(4)}
        too_many = match(small, four)
        assert too_many.status_code == 400
        assert too_many.json()["detail"] == "4 queries in one request (at most 3)"
        big_limit = match(small, {"q": person("Kang")}, limit=5)
        assert big_limit.status_code == 400
        assert big_limit.json()["detail"] == "limit=5: at most 4"


def test_algorithms_name_vets_scorer(client: httpx.Client) -> None:
    body = client.get("/algorithms").json()
    assert body["best"] == body["default"] == "vet"
    (scorer,) = body["algorithms"]
    assert set(scorer["features"]) == {f.name for f in FEATURE_NAMES}
    assert scorer["features"]["birth_year_disjoint"]["settings"] == [
        "birth_year_mismatch_penalty",
        "birth_year_tolerance",
    ]
    assert {"logic-v2", "name-based", "regression-v1", "best"} <= set(scorer["aliases"])


def test_yente_algorithm_names_are_answered_by_vets_scorer(client: httpx.Client) -> None:
    queries = {"kang": person("Kang Song Nam", birthDate=["1962"])}
    plain = match(client, queries)
    assert plain.status_code == 200
    assert plain.json()["algorithm"]["name"] == "vet"
    expected = [(r["id"], r["score"]) for r in plain.json()["responses"]["kang"]["results"]]
    for name in YENTE_ALGORITHMS:
        response = match(client, queries, algorithm=name)
        assert response.status_code == 200, (name, response.text)
        body = response.json()
        assert body["algorithm"]["name"] == "vet"
        assert body["algorithm"]["requested"] == name
        results = body["responses"]["kang"]["results"]
        assert [(r["id"], r["score"]) for r in results] == expected
