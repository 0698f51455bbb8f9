"""The CSV report: readable headers, one row per party and hit, formulas escaped, BOM."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from vet.report.csv import write_csv
from vet.report.meta import ReportMeta
from vet.screen import Screening


def read(path: Path) -> list[dict[str, str]]:
    """The table under the ``#`` lines that name the lists screened."""
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with the BOM
    lines = raw.decode("utf-8-sig").splitlines(keepends=True)
    table = "".join(line for line in lines if not line.startswith("#"))
    return list(csv.DictReader(io.StringIO(table, newline="")))


def test_one_row_per_party_and_hit(screening: Screening, meta: ReportMeta, tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    write_csv(screening, path, meta=meta)
    rows = read(path)
    assert [(r["Row"], r["Match"], r["Entity ID"]) for r in rows] == [
        # One listed party: the OFAC non-SDN record and the CSL's Entity List record
        # of Hikvision are joined (same name and country).
        ("2", "yes", "cons-hik"),
        ("3", "no", ""),
        ("4", "skipped", ""),
        ("5", "no", ""),
        ("6", "yes", "ofsi-evil"),
        ("7", "yes", "u-ros"),
    ]
    for header in (
        "Row",
        "Party name",
        "Matched listed name",
        "Score",
        "Match",
        "Lists",
        "Authority",
        "Programs",
        "Listed on",
        "Source",
        "Explanation",
    ):
        assert header in rows[0]
    hikvision = rows[0]
    assert hikvision["Party name"] == "Hikvision"
    assert hikvision["Matched listed name"] == "Hikvision"
    assert hikvision["Score"] == "1.0"
    assert hikvision["Programs"] == "CMIC-EO13959; Entity List"
    assert hikvision["Why listed"] == "Military end use"
    assert hikvision["Listed on"] == "2019-10-09"
    assert rows[1]["Party name"] == "Bäckerei Müller & Söhne"
    assert rows[2]["Explanation"] == "the name is empty"


def test_formula_is_escaped(screening: Screening, meta: ReportMeta, tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    write_csv(screening, path, meta=meta)
    formula_row = next(r for r in read(path) if r["Row"] == "5")
    assert formula_row["Party name"] == '\'=HYPERLINK("http://x","y")'
    for row in read(path):
        assert not any(value.startswith(("=", "+", "-", "@")) for value in row.values())


def test_stream_gets_the_bom_too(screening: Screening, meta: ReportMeta) -> None:
    stream = io.StringIO()
    write_csv(screening, stream, meta=meta)
    assert stream.getvalue().startswith("\ufeff# list us_ofac_sdn version 1: ")
