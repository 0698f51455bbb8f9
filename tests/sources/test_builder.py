"""The shared value clean-ups every parser relies on."""

from __future__ import annotations

from pathlib import Path

import pytest

from vet.sources.builder import ListBuilder, clean_text, parse_date, slug
from vet.sources.simple_csv import INFO


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("01 Jan 1970", "1970-01-01"),
        ("circa 1960", "1960"),
        ("1960 to 1962", "1960"),
        ("Feb 1959", "1959-02"),
        ("2003-06-19", "2003-06-19"),
        ("2026-02-27T00:00:09.554Z", "2026-02-27"),
        ("0097-06-30", "0097-06-30"),
        ("not a date", None),
    ],
)
def test_parse_date_keeps_the_precision_given(text: str, expected: str | None) -> None:
    assert parse_date(text) == expected


def test_out_of_range_dates_warn_with_file_and_line(tmp_path: Path) -> None:
    builder = ListBuilder(INFO, tmp_path / "dpl.txt", prefix="x")
    entity = builder.make("Person", "1")
    builder.add(entity, "birthDate", "3033-09-30", line=316)
    builder.add(entity, "birthDate", "0097-06-30", line=317)
    assert entity.get("birthDate") == []
    assert builder.warnings == [
        "dpl.txt line 316: birthDate '3033-09-30' is out of range, dropped",
        "dpl.txt line 317: birthDate '0097-06-30' is out of range, dropped",
    ]


def test_child_ids_do_not_repeat_the_prefix(tmp_path: Path) -> None:
    builder = ListBuilder(INFO, tmp_path / "x.csv", prefix="ofac")
    party = builder.make("Person", "306")
    sanction = builder.sanction(party, program="CUBA")
    assert party.id == "ofac-306"
    assert sanction.id == "ofac-306-sanction"
    assert party.get("topics") == ["sanction"]


def test_clean_text_repairs_mojibake_and_spaces() -> None:
    assert clean_text("GÃ¼nther\u00a0  Müller ") == "Günther Müller"
    assert clean_text("   ") is None
    assert slug("UN", "QDi.001") == "un-qdi-001"
