"""Fixtures of the Spark tests: one Spark session in local mode, a store with two real lists."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from spark_parties import QUICK_LISTS, party_rows, write_csv

from vet.bundle import bundled_lists, extract
from vet.scoring import Matcher
from vet.store import Store, import_path

if TYPE_CHECKING:
    from pyspark.sql import SparkSession


@pytest.fixture(scope="session")
def spark() -> Iterator[SparkSession]:
    from vet.spark import spark_session

    session = spark_session(
        "local[2]",
        driver_memory="1g",
        config={"spark.sql.shuffle.partitions": "4", "spark.default.parallelism": "2"},
    )
    yield session
    session.stop()


@pytest.fixture(scope="session")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A VET_HOME whose store holds the quick lists."""
    root = tmp_path_factory.mktemp("home")
    store = Store(f"sqlite:///{root / 'vet.db'}")
    for item in bundled_lists():
        if item.list_name in QUICK_LISTS:
            path = extract(item, root / item.list_name)
            import_path(store, path, kind=item.kind, list_name=item.list_name)
    store.close()
    return root


@pytest.fixture(scope="session")
def matcher(home: Path) -> Matcher:
    return Matcher.from_store(Store(f"sqlite:///{home / 'vet.db'}"), cache_dir=home / "index")


@pytest.fixture(scope="session")
def parties_csv(tmp_path_factory: pytest.TempPathFactory, matcher: Matcher) -> Path:
    return write_csv(
        tmp_path_factory.mktemp("parties") / "parties.csv", party_rows(matcher, 200, 7)
    )
