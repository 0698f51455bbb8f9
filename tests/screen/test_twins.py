"""One listed party published by two lists under two ids: one hit, both records kept."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from vet.report import ReportMeta, write_report
from vet.scoring import Matcher
from vet.screen import load_screening, run_screening
from vet.store import Store, import_path
from vet.store.screenings import iter_rows


@pytest.fixture(scope="module")
def store(fixtures: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    # The CSL excerpt's row 17291 republishes the SDN entry with ent_num 17291.
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('twins') / 'vet.db'}")
    import_path(store, fixtures / "ofac/sdn_2023-12-28_uk")
    import_path(store, fixtures / "csl/consolidated_2022-05_excerpt.csv")
    yield store
    store.close()


def test_a_party_on_ofac_and_the_csl_is_one_hit_saved_with_both_records(
    store: Store, tmp_path: Path
) -> None:
    parties = tmp_path / "parties.csv"
    parties.write_text("name\nAbd al-Malik Muhammad Yusuf Uthman Abd al-Salam\n", "utf-8")
    info = run_screening(store, Matcher.from_store(store), parties, workers=1)
    [row] = list(iter_rows(store, info.id))
    [hit] = row.hits
    assert hit.entity_id == "ofac-17291"
    assert hit.hit["lists"] == ["us_csl", "us_ofac_sdn"]
    # What the reviewer saw holds both lists' records, so a change to either shows.
    assert sorted(hit.hit["record"]["entity"]) == ["us_csl", "us_ofac_sdn"]
    out = tmp_path / "report.json"
    _, screening = load_screening(store, info.id)
    write_report(screening, out, "json", ReportMeta.for_saved(info))
    [reported] = json.loads(out.read_text("utf-8"))["parties"][0]["hits"]
    assert (reported["entity_id"], reported["same_as"]) == ("ofac-17291", ["csl-17291"])
