"""A stray quote that closes many lines later (issue 11): the rows it swallows would be read
as one value and never screened. The screening fails, resumable, naming the lines."""

from __future__ import annotations

import json
from pathlib import Path

from hostile_cli import one_line, run

SWALLOWED = 10


def write_merged(path: Path) -> Path:
    rows = [
        "name,country,notes",
        "Alpha Trading Ltd,GB,ok",
        'Beta Ltd,DE,"a stray quote',
        *(f"Party {i} Ltd,FR,x" for i in range(SWALLOWED)),
        'Gamma Ltd,US,closing" here',
        "Delta Ltd,GB,after",
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_a_quote_swallowing_rows_fails_the_screening_naming_the_lines(
    env: dict[str, str], tmp_path: Path
) -> None:
    path = write_merged(tmp_path / "parties.csv")
    line = one_line(run(env, "screen", str(path), "--workers", "1", "--name", "fair"))
    assert line == (
        "Error: parties.csv line 3: a quote opened in this row closes only on line 14; "
        "11 of the lines in between look like rows of the file, read as one value and never "
        "screened: is a quote left open?"
    )
    [saved] = json.loads(run(env, "screenings", "--json").output)
    assert (saved["name"], saved["status"]) == ("fair", "failed")
    assert saved["error"] == line.removeprefix("Error: ")


def test_a_value_over_a_few_lines_is_still_read(env: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "parties.csv"
    path.write_text(
        'name,country,address\nAlpha Ltd,GB,"1 High St\nLondon, EC1\nUK"\nBeta Ltd,DE,x\n',
        encoding="utf-8",
    )
    result = run(env, "screen", str(path), "--workers", "1")
    assert result.exit_code == 0, result.output
    [saved] = json.loads(run(env, "screenings", "--json").output)
    assert (saved["status"], saved["parties"], saved["skipped"]) == ("complete", 2, 0)


def test_a_value_over_many_lines_fails_even_in_a_one_column_file(
    env: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "names.csv"
    names = "\n".join(f"Party {i}" for i in range(60))
    path.write_text(f'name\nAlpha Ltd\n"{names}"\nOmega Ltd\n', encoding="utf-8")
    line = one_line(run(env, "screen", str(path), "--workers", "1"))
    assert line.startswith(
        "Error: names.csv line 3: a quote opened in this row closes only on line 62; "
        "the value runs over 60 lines"
    )
