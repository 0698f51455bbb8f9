"""`vet compare` with several authorities and topics, on real UN, UK, Australian and
Canadian list excerpts: who lists which parties, for what."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from vet.cli import main

FILES = (
    "un/consolidated_2026-02-27_excerpt.xml",
    "au/dfat_consolidated_2026-07-23_excerpt.xlsx",
    "ca/sema-lmes_2025-05_excerpt.xml",
    "uk/ofsi_conlist_excerpt.csv",
)


def run(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory, fixtures: Path) -> dict[str, str]:
    home = tmp_path_factory.mktemp("allies") / "home"
    env = {"VET_HOME": str(home), "VET_AUTO_BUNDLE": "0"}
    for name in FILES:
        assert run(env, "lists", "import", str(fixtures / name)).exit_code == 0
    return env


def test_per_topic_who_lists_whom(env: dict[str, str]) -> None:
    result = run(env, "compare", "--authorities", "UK,UN,AU,CA", "--topics", "human_rights")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "Human rights: 4 parties listed for it by at least one of UK, UN, AU, CA." in lines
    assert "  CA    listed for it      2   for other reasons      0   not listed      2" in lines
    # Canada's Xinjiang designation and Australia's thematic listing, each by one ally only
    assert (
        "  Xinjiang Production and Construction Corps Public Security Bureau [Organization]"
        "  - - - yes"
    ) in lines
    assert "  Alexandra Viktorovna GAUS/GAUSS [Person]  - - yes -" in lines


def test_un_and_australian_records_are_one_party(env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "terrorism.csv"
    result = run(
        env, "compare", "--authorities", "UN,AU,CA", "--topics", "terrorism", "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    assert "Terrorism: 10 parties listed for it by at least one of UN, AU, CA." in result.stdout
    with out.open(encoding="utf-8-sig") as handle:
        rows = {row["Name"]: row for row in csv.DictReader(handle)}
    akhund = rows["MOHAMMAD HASSAN AKHUND"]  # TAi.002 on the UN list and DFAT's
    assert akhund["UN"] == "listed for it (Terrorism)"
    assert akhund["AU"] == "listed for it (Terrorism)"
    assert akhund["CA"] == "not listed"
    assert akhund["Records"].split("; ")[1] == "au-dfat-2"


def test_json_and_html_without_topics_cover_every_topic(
    env: dict[str, str], tmp_path: Path
) -> None:
    result = run(env, "compare", "--authorities", "UK,UN,AU,CA", "--format", "json")
    data = json.loads(result.stdout)
    assert [a["code"] for a in data["authorities"]] == ["UK", "UN", "AU", "CA"]
    topics = {t["topic"]: t for t in data["topics"]}
    assert topics["cyber"]["counts"]["AU"]["listed for it"] == 1  # YAKUBETS
    assert topics["russia_ukraine"]["counts"]["CA"]["listed for it"] == 3
    page = tmp_path / "allies.html"
    run(env, "compare", "--authorities", "UK,UN,AU,CA", "-o", str(page))
    html = page.read_text("utf-8")
    assert '<h2 id="topic-human_rights">Human rights</h2>' in html
    assert "listed for it (Human rights, Country programme)" in html  # the XPCC, by Canada


def test_unknown_topic_is_refused(env: dict[str, str]) -> None:
    result = CliRunner().invoke(
        main, ["compare", "--authorities", "UN,AU", "--topics", "rights"], env=env
    )
    assert result.exit_code != 0
    assert "unknown topic(s) rights; topics are human_rights," in result.output


def test_screen_keeps_the_hits_of_the_topics_asked(env: dict[str, str], tmp_path: Path) -> None:
    invitees = tmp_path / "invitees.csv"
    invitees.write_text(
        "name\nXinjiang Production and Construction Corps Public Security Bureau\n"
        "Mohammad Hassan Akhund\nAlexandra Viktorovna Gaus\nContoso Ltd\n",
        encoding="utf-8",
    )
    every = run(env, "screen", str(invitees))
    assert every.exit_code == 0, every.output
    assert (
        "Parties listed per topic: Human rights 2, Terrorism 1, Country programme 1."
        in every.stdout.splitlines()
    )
    out = tmp_path / "hr.json"
    only = run(
        env, "screen", str(invitees), "--topics", "human_rights,forced_labour", "-o", str(out)
    )
    assert only.exit_code == 0, only.output
    hits = {
        p["input"]["name"]: [h["topics"] for h in p["hits"]]
        for p in json.loads(out.read_text("utf-8"))["parties"]
    }
    assert hits["Mohammad Hassan Akhund"] == []  # a terrorism listing only
    assert hits["Alexandra Viktorovna Gaus"] == [["human_rights"]]
    assert hits["Xinjiang Production and Construction Corps Public Security Bureau"] == [
        ["human_rights", "country_programme"]
    ]
