"""The `vet` command end to end through click's runner, on real list files."""

from __future__ import annotations

import json
import lzma
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from vet.cli import main
from vet.store import Store


@pytest.fixture()
def env(tmp_path: Path) -> dict[str, str]:
    return {"VET_HOME": str(tmp_path / "home"), "VET_AUTO_BUNDLE": "0"}


def run(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def test_lists_empty_store_says_how_to_import(env: dict[str, str]) -> None:
    result = run(env, "lists")
    assert result.exit_code == 0
    assert "vet lists import" in result.output


def test_import_then_lists_shows_counts_and_staleness(env: dict[str, str], fixtures: Path) -> None:
    result = run(
        env, "lists", "import", str(fixtures / "user" / "forced_labour.csv"), "--name", "uflpa"
    )
    assert result.exit_code == 0, result.output
    assert "uflpa: imported version 1 (2 listed parties" in result.output
    listing = run(env, "lists", "--json")
    data = json.loads(listing.output)
    assert data[0]["name"] == "uflpa"
    assert data[0]["active_version"]["parties"] == 2
    # A simple CSV carries no publication date: its age is unknown, never "0 days" and
    # never fresh.
    assert data[0]["active_version"]["published"] is None
    assert data[0]["age_days"] is None
    assert data[0]["stale"] is True
    table = run(env, "lists")
    line = next(li for li in table.output.splitlines() if li.startswith("uflpa"))
    assert "date unknown" in line and "WARNING: no publication date in the file" in line
    assert " 0 days" not in line
    assert "older than 30 days or undated" in table.output


def test_import_unknown_format_fails_with_one_line(env: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "random.txt"
    path.write_text("hello\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["lists", "import", str(path)], env=env)
    assert result.exit_code == 1
    assert result.output.strip().startswith("Error: random.txt: format not recognised")
    assert "Traceback" not in result.output


def test_diff_between_two_versions_names_changed_fields(
    env: dict[str, str], tmp_path: Path
) -> None:
    header = "id,name,aliases,schema,countries,birth_date,identifiers,program,source_url,notes"
    path = tmp_path / "mine.csv"
    path.write_text(
        f"{header}\na1,Alpha LLC,,Company,ru,,,P1,,\nb1,Beta LLC,,Company,ru,,,P1,,\n",
        encoding="utf-8",
    )
    run(env, "lists", "import", str(path), "--source", "simple_csv", "--name", "mine")
    path.write_text(
        f"{header}\na1,Alpha LLC,Alpha Group,Company,ru,,,P1,,\nc1,Gamma LLC,,Company,by,,,P2,,\n",
        encoding="utf-8",
    )
    run(env, "lists", "import", str(path), "--source", "simple_csv", "--name", "mine")
    result = run(env, "lists", "diff", "mine", "--json")
    diff = json.loads(result.output)
    assert [c["caption"] for c in diff["added"]] == ["Gamma LLC"]
    assert [c["caption"] for c in diff["removed"]] == ["Beta LLC"]
    changed = diff["changed"][0]
    assert changed["caption"] == "Alpha LLC"
    assert {"field": "alias", "removed": [], "added": ["Alpha Group"]} in changed["changes"]
    text = run(env, "lists", "diff", "mine", "1", "2").output
    assert "1 added, 1 removed, 1 changed" in text


def test_export_ftm_round_trips(env: dict[str, str], fixtures: Path, tmp_path: Path) -> None:
    run(env, "lists", "import", str(fixtures / "user" / "forced_labour.csv"), "--name", "uflpa")
    out = tmp_path / "export.ftm.json"
    result = run(env, "lists", "export", "--format", "ftm", "-o", str(out))
    assert result.exit_code == 0
    lines = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert {e["schema"] for e in lines} == {"Organization", "Company", "Sanction"}
    assert all(e["datasets"] == ["uflpa"] for e in lines)
    again = run(env, "lists", "import", str(out), "--name", "roundtrip")
    assert "roundtrip: imported version 2 (2 listed parties, 4 entities" in again.output


def test_import_refuses_a_shrunken_file_unless_allow_shrink(
    env: dict[str, str], tmp_path: Path
) -> None:
    header = "id,name,schema\n"
    full = tmp_path / "full.csv"
    full.write_text(header + "".join(f"p{i},Party {i} LLC,Company\n" for i in range(10)))
    excerpt = tmp_path / "excerpt.csv"
    excerpt.write_text(header + "p1,Party 1 LLC,Company\n")
    run(env, "lists", "import", str(full), "--name", "mine")
    refused = CliRunner().invoke(main, ["lists", "import", str(excerpt), "--name", "mine"], env=env)
    assert refused.exit_code == 1
    assert refused.output.startswith(
        "Error: excerpt.csv: 1 listed parties where active version 1 has 10 (90% gone"
    )
    assert len(refused.output.strip().splitlines()) == 1
    assert json.loads(run(env, "lists", "--json").output)[0]["active_version"]["parties"] == 10
    allowed = run(env, "lists", "import", str(excerpt), "--name", "mine", "--allow-shrink")
    assert allowed.exit_code == 0, allowed.output
    assert "mine: imported version 2 (1 listed parties" in allowed.output


def test_rollback_makes_the_previous_version_active_and_is_audited(
    env: dict[str, str], tmp_path: Path
) -> None:
    first = tmp_path / "v1.csv"
    first.write_text("id,name,schema\na1,Alpha Trading LLC,Company\n")
    second = tmp_path / "v2.csv"
    second.write_text("id,name,schema\nb1,Bravo Shipping LLC,Company\n")
    run(env, "lists", "import", str(first), "--name", "mine")
    run(env, "lists", "import", str(second), "--name", "mine", "--allow-shrink")
    result = run(env, "lists", "rollback", "mine")
    assert result.exit_code == 0, result.output
    assert "mine: version 1 is active again (1 parties" in result.output
    assert json.loads(run(env, "lists", "--json").output)[0]["active_version"]["id"] == 1
    store = Store(f"sqlite:///{tmp_path / 'home' / 'vet.db'}")
    events = [e for e in store.audit_events() if e["action"] == "list_rollback"]
    assert [e["detail"] for e in events] == [{"list": "mine", "from_version": 2, "to_version": 1}]
    found = run(env, "search", "Alpha Trading LLC")
    assert "Alpha Trading" in found.output
    gone = run(env, "search", "Bravo Shipping LLC")
    assert "No listed party matches 'Bravo Shipping LLC'" in gone.output


def test_import_of_an_older_publication_needs_allow_older(
    env: dict[str, str], fixtures: Path, tmp_path: Path
) -> None:
    run(env, "lists", "import", str(fixtures / "un" / "consolidated_2026-02-27_excerpt.xml"))
    old = tmp_path / "un_2020.xml"
    old.write_bytes(
        lzma.decompress((fixtures / "un" / "consolidated_2020-11-24.xml.xz").read_bytes())
    )
    refused = CliRunner().invoke(main, ["lists", "import", str(old)], env=env)
    assert refused.exit_code == 1
    assert refused.output.strip().splitlines() == [
        "Error: un_2020.xml: published 2020-11-24, before active version 1 (published "
        "2026-02-27); not imported, version 1 stays active (--allow-older to import the "
        "older file anyway)"
    ]
    assert json.loads(run(env, "lists", "--json").output)[0]["versions"] == 1
    allowed = run(env, "lists", "import", str(old), "--allow-older")
    assert allowed.exit_code == 0, allowed.output
    assert "un_sc: imported version 2" in allowed.output
    assert "published 2020-11-24" in allowed.output
