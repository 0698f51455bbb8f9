"""The real yente-client package, unchanged, pointed at a running vet server."""

from __future__ import annotations

import pytest

yente_client = pytest.importorskip("yente_client")  # in the test extra

from yente_client import (  # noqa: E402
    BadRequestError,
    Client,
    Company,
    NotFoundError,
    Organization,
    Person,
    Vessel,
)


def test_health_and_readiness(server: str) -> None:
    with Client(base_url=server) as client:
        assert client.healthz().status == "ok"
        assert client.readyz().status == "ok"


def test_match_people_companies_and_vessels(server: str) -> None:
    with Client(base_url=server) as client:
        kang = client.match(Person(name="Kang Song Nam", birthDate="1962", nationality="kp"))
        assert kang.top is not None
        assert (kang.top.id, kang.top.caption, kang.top.schema_) == (
            "ofac-20130",
            "KANG, Song Nam",
            "Person",
        )
        assert kang.top.match and [m.id for m in kang.matches] == ["ofac-20130"]
        assert kang.top.explanations["birth_year_match"].detail == "birth year 1962 agrees"
        assert kang.total.value == len(kang.results)
        assert kang.query["properties"]["nationality"] == ["kp"]

        ship = client.match(Vessel(name="Artavil", imoNumber="9187629"))
        assert ship.top is not None and ship.top.id == "ofac-15036"
        assert "identifier_match" in ship.top.contributing_explanations

        company = client.match(Company(name="Beratex Group Ltd"), limit=1)
        assert [r.id for r in company.results] == ["ofac-27194"]
        assert company.limit == 1


def test_match_filters_and_thresholds(server: str) -> None:
    with Client(base_url=server) as client:
        query = Person(name="Kang Song Nam", birthDate="1990")
        loose = client.match(query, threshold=0.5)
        strict = client.match(query, threshold=0.99)
        assert loose.top is not None and strict.top is not None
        assert loose.top.id == strict.top.id and loose.top.score == strict.top.score
        assert loose.top.match and not strict.top.match
        assert client.match(query, datasets=["uk_ofsi"]).results == []
        assert client.match(query, exclude_entities=["ofac-20130"]).top is None
        bank = client.match(Organization(name="Banco Nacional de Cuba"), topics=["sanction"])
        assert bank.top is not None and bank.top.id == "ofac-306"


def test_match_iter_streams_a_batch(server: str) -> None:
    rows = [
        ("r1", Person(name="Said Bahaji")),
        ("r2", Organization(name="Tanchon Commercial Bank")),
        ("r3", Company(name="Acme Widgets GmbH")),
    ]
    with Client(base_url=server) as client:
        found = {key: r.top.id if r.top else None for key, r in client.match_iter(rows, workers=3)}
    assert found == {"r1": "ukofsi-7059", "r2": "unsc-690752", "r3": None}


def test_search_fetch_and_datasets(server: str) -> None:
    with Client(base_url=server) as client:
        search = client.search("Tactical Missiles Corporation")
        assert search.results[0].id == "ofac-34876"
        entity = client.fetch("ofac-27200")
        assert entity.caption == "ST. VITAMIN"
        sanctions = entity.properties["sanctions"]
        assert [s.schema_ for s in sanctions if not isinstance(s, str)] == ["Sanction"]
        catalog = client.datasets()
        names = {d.name for d in catalog.datasets}
        assert names == {"default", "us_ofac_sdn", "un_sc", "uk_ofsi"}
        assert not catalog.index_stale
        assert client.algorithms().best == "vet"


def test_errors_map_to_the_clients_exceptions(server: str) -> None:
    with Client(base_url=server) as client:
        with pytest.raises(NotFoundError, match="no entity 'ofac-0'"):
            client.fetch("ofac-0")
        with pytest.raises(BadRequestError, match="no name given"):
            client.match(Person(nationality="fr"))
        with pytest.raises(NotFoundError, match="no dataset 'eu_fsf'"):
            client.match(Person(name="Kang"), datasets=["eu_fsf"])
