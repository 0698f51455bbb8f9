"""Text files that used to give a wrong or unclear answer: UTF-16, a huge field, an id used
twice, a quote left open. Each is read, or refused with file, line and problem."""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile_cli import one_line, refused, run

from vet.errors import ParseError
from vet.sources import simple_csv

LIST = "id,name,schema\na1,Alpha Trading,Company\n"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf16_simple_csv_list_is_read(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "mine.csv"
    path.write_bytes(LIST.encode(encoding))
    assert simple_csv.detect(path)
    parsed = simple_csv.parse(path)
    assert [e.first("name") for e in parsed.entities if e.schema.name == "Company"] == [
        "Alpha Trading"
    ]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_a_utf16_party_file_is_screened(env: dict[str, str], tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "parties.csv"
    path.write_bytes("name,country\nAlpha Trading,GB\nBeta Ltd,DE\n".encode(encoding))
    result = run(env, "screen", str(path), "--workers", "1")
    assert result.exit_code == 0, result.output
    assert "2 parties" in result.output


def test_a_10_mb_field_on_line_2_is_reported_on_line_2(env: dict[str, str], tmp_path: Path) -> None:
    big = "x" * 10_500_000
    listed = tmp_path / "mine.csv"
    listed.write_text(f'id,name\na1,"{big}"\na2,Beta\n', encoding="utf-8")
    line = one_line(run(env, "lists", "import", str(listed), "--source", "simple_csv"))
    assert line == "Error: mine.csv line 2: a value over 100,000 characters in this row"
    parties = tmp_path / "parties.csv"
    parties.write_text(f'name,country\n"{big}",GB\nBeta,GB\n', encoding="utf-8")
    line = one_line(run(env, "screen", str(parties)))
    assert line.startswith("Error: parties.csv line 2: over 10,000,000 characters on one line")


def test_a_simple_csv_id_used_for_two_schemata_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text("id,name,schema\na1,Alpha,Person\na1,Alpha Co,Company\n", encoding="utf-8")
    with pytest.raises(ParseError) as caught:
        simple_csv.parse(path)
    assert str(caught.value) == (
        "mine.csv line 3 record a1: id 'a1' is used twice: a Person on line 2 and a "
        "Company here; give each its own id"
    )


def test_a_simple_csv_id_repeated_with_one_schema_is_merged_with_a_warning(
    tmp_path: Path,
) -> None:
    path = tmp_path / "mine.csv"
    path.write_text("id,name,schema\na1,Alpha,Company\na1,Alfa,Company\n", encoding="utf-8")
    parsed = simple_csv.parse(path)
    assert any("id 'a1' also on line 2: the rows are merged" in w for w in parsed.warnings)


def test_a_quote_left_open_at_the_end_of_a_simple_csv_is_refused(
    env: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "mine.csv"
    path.write_text('id,name,schema\na1,Alpha,Person\na2,"Beta Co,Company\n', encoding="utf-8")
    line = refused(env, "lists", "import", str(path), "--name", "mine")
    assert line == (
        "Error: mine.csv line 3: a quote opened in this row is never closed "
        "(the file ends inside it)"
    )
