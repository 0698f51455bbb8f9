"""`vet compare` end to end through the `vet` command, on real US and UK list excerpts."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from vet.cli import main

FILES = (
    "ofac/sdn_2023-12-28_uk",
    "uk/ofsi_conlist_excerpt.csv",
    "uk/uk_sanctions_list_xml_excerpt_2026-09-10.xml",
)


def run(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


@pytest.fixture()
def env(tmp_path: Path, fixtures: Path) -> dict[str, str]:
    env = {"VET_HOME": str(tmp_path / "home"), "VET_AUTO_BUNDLE": "0"}
    for name in FILES:
        assert run(env, "lists", "import", str(fixtures / name)).exit_code == 0
    return env


def test_text_gives_the_summary_then_the_rows(env: dict[str, str]) -> None:
    result = run(env, "compare", "--authorities", "US,UK")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("Comparing the lists of US and UK ...")
    lines = result.stdout.splitlines()
    summary = next(line for line in lines if line.startswith("The UK lists"))
    assert summary == (
        "The UK lists 5 parties the US does not; the US lists 3 parties the UK does not; "
        "10 US and 10 UK parties are on both (10 pairs: 2 matched by identifier, 8 by name)."
    )
    assert "Listed by the UK, not by the US (5):" in lines
    assert any(
        line.startswith("  BANCO NACIONAL DE CUBA  [Organization; us_ofac_sdn;") for line in lines
    )
    assert any(
        line.startswith("  SAM JONG 2 (ofac-23734)  =  SAM JONG 2 (ukofsi-13651)  by identifier:")
        for line in lines
    )


def test_json_holds_every_party_and_pair(env: dict[str, str]) -> None:
    result = run(env, "compare", "--format", "json")
    data = json.loads(result.stdout)
    assert data["first"]["code"] == "US" and data["second"]["code"] == "UK"
    assert data["counts"] == {
        "first_only": 3,
        "second_only": 5,
        "first_on_both": 10,
        "second_on_both": 10,
        "pairs": 10,
        "by_identifier": 2,
        "by_name": 8,
    }
    kostyukov = next(p for p in data["both"] if p["first"]["entity_ids"] == ["ofac-21330"])
    assert kostyukov["second"]["entity_ids"] == ["ukofsi-13748"]
    assert kostyukov["method"] == "name" and kostyukov["score"] == 1.0
    assert kostyukov["first"]["listings"][0]["list_name"] == "us_ofac_sdn"
    assert data["rules"]["threshold"] == 0.9


def test_csv_file_has_one_row_per_party_or_pair(env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "compare.csv"
    result = run(
        env, "compare", "--authorities", "UK,US", "--lists", "uk_ofsi,us_ofac_sdn", "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    assert f"Wrote {out}" in result.output
    assert result.stdout.startswith("The US lists 4 parties the UK does not; the UK lists 1 party ")
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert len(rows) == 4 + 1 + 9
    statuses = {r["Status"] for r in rows}
    assert statuses == {"US only", "UK only", "both"}
    brother = next(r for r in rows if r["Entity ids"] == "ofac-17291")
    assert brother["Name"] == "'ABD AL-SALAM, 'Abd al-Malik Muhammad Yusuf 'Uthman"
    ship = next(r for r in rows if r["Status"] == "both" and r["Entity ids"] == "ukofsi-13651")
    assert (ship["Other entity ids"], ship["Matched by"]) == ("ofac-23734", "identifier")


def test_html_page(env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "compare.html"
    assert run(env, "compare", "-o", str(out)).exit_code == 0
    page = out.read_text("utf-8")
    assert "<title>Where the lists of the US and the UK disagree</title>" in page
    assert "PREMERA (H.K.) INTERNATIONAL CO, LIMITED" in page
    assert "<script" not in page


def test_one_authority_is_an_error(env: dict[str, str]) -> None:
    result = CliRunner().invoke(main, ["compare", "--authorities", "US"], env=env)
    assert result.exit_code == 1
    assert "Error: --authorities takes two or more, e.g. US,UK (got 'US')" in result.output
    assert "Traceback" not in result.output


def test_compare_the_hits_of_a_screening(env: dict[str, str], tmp_path: Path) -> None:
    parties = tmp_path / "suppliers.csv"
    parties.write_text("name\nSam Jong 2\nBanco Nacional de Cuba\nContoso Ltd\n", encoding="utf-8")
    assert run(env, "screen", str(parties), "--name", "suppliers").exit_code == 0
    result = run(env, "compare", "--screening", "suppliers", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    compared = {i for p in data["first_only"] + data["second_only"] for i in p["entity_ids"]}
    compared |= {i for p in data["both"] for i in p["first"]["entity_ids"]}
    assert "ofac-23734" in compared  # SAM JONG 2, on both
    assert any("CUBA" in p["caption"].upper() for p in data["first_only"])
    assert data["counts"]["pairs"] + data["counts"]["first_only"] <= 4
