"""Zip bombs and damaged zips: refused before anything is unpacked, naming file and member."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
import pytest
from hostile_cli import one_line, run
from make_zipbomb import declare_size, ofsi_rows, party_rows, write_bomb_workbook

from vet.store import Store
from vet.store.imports import import_path

BOMB_MB = 40  # packs into about 90 KB: 460 to 1


def lists_json(env: dict[str, str]) -> list[dict[str, object]]:
    result = run(env, "lists", "--json")
    assert result.exit_code == 0, result.output
    data: list[dict[str, object]] = json.loads(result.output)
    return data


def test_lists_import_refuses_an_ofsi_workbook_packed_as_a_zip_bomb(
    env: dict[str, str], tmp_path: Path
) -> None:
    bomb = write_bomb_workbook(tmp_path / "ConList.xlsx", ofsi_rows(), BOMB_MB << 20)
    before = lists_json(env)
    line = one_line(run(env, "lists", "import", str(bomb)))
    assert line.startswith("Error: ConList.xlsx: xl/sharedStrings.xml unpacks to 40.0 MB from ")
    assert line.endswith("real files are under 100 to 1): refused as a zip bomb")
    assert lists_json(env) == before


def test_lists_import_refuses_a_member_declaring_gigabytes_even_when_named(
    env: dict[str, str], tmp_path: Path
) -> None:
    bomb = write_bomb_workbook(tmp_path / "ConList.xlsx", ofsi_rows(), 1 << 20)
    declare_size(bomb, "xl/sharedStrings.xml", 3 << 30)
    line = one_line(run(env, "lists", "import", str(bomb), "--source", "uk_ofsi"))
    assert line == (
        "Error: ConList.xlsx: xl/sharedStrings.xml unpacks to 3,072.0 MB, more than the "
        "64.0 MB allowed: refused as a zip bomb"
    )


def test_a_member_unpacking_to_more_than_it_declares_is_cut_at_its_declared_size(
    tmp_path: Path,
) -> None:
    """The actual size: Python's zipfile stops at the declared size and the CRC fails."""
    bomb = write_bomb_workbook(tmp_path / "ConList.xlsx", ofsi_rows(), 8 << 20)
    declare_size(bomb, "xl/sharedStrings.xml", 1 << 20)
    store = Store(f"sqlite:///{tmp_path / 'vet.db'}")
    with pytest.raises(Exception, match=r"ConList.xlsx: not a readable XLSX workbook \(Bad CRC"):
        import_path(store, bomb, list_name="uk_ofsi")


def test_screen_refuses_a_party_workbook_packed_as_a_zip_bomb(
    env: dict[str, str], tmp_path: Path
) -> None:
    bomb = write_bomb_workbook(tmp_path / "parties.xlsx", party_rows(), BOMB_MB << 20)
    line = one_line(run(env, "screen", str(bomb)))
    assert line.startswith("Error: parties.xlsx: xl/sharedStrings.xml unpacks to 40.0 MB")
    assert line.endswith("refused as a zip bomb")


def test_shared_strings_far_larger_than_their_sheets_are_refused(
    env: dict[str, str], tmp_path: Path
) -> None:
    """Under 64 MB and packed only 20 to 1, yet 20 MB of strings beside a sheet of one row:
    openpyxl would hold them all in memory, about 4 times their size."""
    bomb = write_bomb_workbook(tmp_path / "parties.xlsx", party_rows(), 20 << 20, varied=True)
    line = one_line(run(env, "screen", str(bomb)))
    assert line.startswith("Error: parties.xlsx: xl/sharedStrings.xml unpacks to 20.0 MB, ")
    # The sheet's size varies by a few bytes with the machine's clock and zlib.
    assert re.fullmatch(
        r".*more than the 16\.0 MB allowed beside sheets of \d{3} bytes \(shared strings "
        r"may unpack to 2 times the sheets, 16\.0 MB at least\): refused as a zip bomb",
        line,
    ), line


def test_a_real_workbook_is_within_the_shared_strings_limit(fixtures: Path) -> None:
    from vet.sources.zipfiles import zip_problem

    for name in ("uk/ofsi_conlist_excerpt.xlsx", "au/dfat_consolidated_2026-07-23_excerpt.xlsx"):
        assert zip_problem(fixtures / name) is None


def test_upload_of_a_zip_bomb_is_refused_with_400_and_nothing_saved(
    hostile_client: httpx.Client, tmp_path: Path
) -> None:
    bomb = write_bomb_workbook(tmp_path / "parties.xlsx", party_rows(), BOMB_MB << 20)
    before = hostile_client.get("/screenings").json()["total"]
    response = hostile_client.post(
        "/screenings", files={"file": ("parties.xlsx", bomb.read_bytes())}
    )
    assert response.status_code == 400, response.text
    assert response.json()["detail"].startswith(
        "parties.xlsx: xl/sharedStrings.xml unpacks to 40.0 MB"
    )
    assert hostile_client.get("/screenings").json()["total"] == before


def test_a_truncated_workbook_is_called_damaged_or_truncated(
    env: dict[str, str], tmp_path: Path, fixtures: Path
) -> None:
    whole = (fixtures / "uk" / "ofsi_conlist_excerpt.xlsx").read_bytes()
    cut = tmp_path / "ConList.xlsx"
    cut.write_bytes(whole[: len(whole) // 2])
    line = one_line(run(env, "lists", "import", str(cut)))
    assert line.startswith("Error: ConList.xlsx: damaged or truncated zip archive (XLSX or ZIP)")
    parties = tmp_path / "parties.xlsx"
    parties.write_bytes(whole[: len(whole) // 2])
    line = one_line(run(env, "screen", str(parties)))
    assert line.startswith("Error: parties.xlsx: damaged or truncated zip archive")


def test_a_truncated_enhanced_zip_named_with_source_is_called_damaged(
    env: dict[str, str], tmp_path: Path, fixtures: Path
) -> None:
    whole = (fixtures / "ofac" / "consolidated_enhanced_2025-01-10").glob("*.ZIP")
    data = next(whole).read_bytes()
    cut = tmp_path / "CONS_ENHANCED.ZIP"
    cut.write_bytes(data[: len(data) // 2])
    line = one_line(run(env, "lists", "import", str(cut), "--source", "ofac_enhanced_xml"))
    assert line.startswith("Error: CONS_ENHANCED.ZIP: damaged or truncated zip archive")
