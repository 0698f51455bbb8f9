"""`vet screen` and `vet search` end to end on the real bundled lists (first use included)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from vet.cli import main

EXAMPLE = Path(__file__).parent.parent / "examples" / "parties.csv"


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A fresh VET_HOME: the first command imports the bundled snapshot."""
    env = {"VET_HOME": str(tmp_path_factory.mktemp("home"))}
    result = CliRunner().invoke(main, ["lists", "--json"], env=env, catch_exceptions=False)
    assert "First use: imported the bundled snapshot (7 lists" in result.stderr
    return env


@pytest.mark.slow
def test_fresh_install_lists_the_bundled_lists_with_file_counts(home: dict[str, str]) -> None:
    result = CliRunner().invoke(main, ["lists", "--json"], env=home)
    lists = {item["name"]: item for item in json.loads(result.stdout)}
    parties = {name: item["active_version"]["parties"] for name, item in lists.items()}
    assert parties == {
        "us_ofac_sdn": 13_821,
        "us_ofac_cons": 442,
        "us_csl": 14_048,
        "us_bis_dpl": 544,
        "uk_ofsi": 4_686,
        "un_sc": 736 + 275,  # the 2026-08-01 release (2026-02-27 had 730 + 273)
        "au_dfat": 3_846,
    }
    assert lists["uk_ofsi"]["active_version"]["published"] == "2025-04-10"
    assert lists["uk_ofsi"]["stale"] is True  # April 2025 data is old


@pytest.mark.slow
def test_screen_example_file_flags_listed_parties_only(
    home: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "result.json"
    result = CliRunner().invoke(main, ["screen", str(EXAMPLE), "-o", str(out)], env=home)
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text("utf-8"))
    flagged = {p["input"]["id"] for p in data["parties"] if p["hits"]}
    assert flagged == {"EX-001", "EX-003", "EX-005", "EX-007"}
    hikvision = next(p for p in data["parties"] if p["input"]["id"] == "EX-001")
    assert "hikvision" in hikvision["hits"][0]["matched_name"].lower()
    assert hikvision["hits"][0]["explanation"]


@pytest.mark.slow
def test_search_explains_in_json(home: dict[str, str]) -> None:
    result = CliRunner().invoke(main, ["search", "Banco Nacional de Cuba", "--json"], env=home)
    data = json.loads(result.stdout)
    assert data["hits"][0]["score"] >= 0.99
    assert "us_ofac_sdn" in {name for hit in data["hits"] for name in hit["lists"]}


def test_screen_without_name_column_names_the_problem(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("foo,bar\n1,2\n", encoding="utf-8")
    env = {"VET_HOME": str(tmp_path / "home"), "VET_AUTO_BUNDLE": "0"}
    result = CliRunner().invoke(main, ["screen", str(path)], env=env)
    assert result.exit_code == 1
    assert "no name column found among: foo, bar" in result.output
