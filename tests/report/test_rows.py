"""Rows, formula escaping and the authorities matrix that every report shares."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from vet.index import Listing, build_index
from vet.report.meta import ListVersionUsed, ReportMeta
from vet.report.rows import (
    RESULT_COLUMNS,
    authority_matrix,
    csl_code,
    escape_formula,
    escape_row,
    jurisdiction_of,
    result_rows,
    summary_sentence,
)
from vet.scoring import DEFAULT_CONFIG, Matcher
from vet.screen import Screening, screen_file
from vet.sources import JURISDICTIONS

FORMULA = '=HYPERLINK("http://x","y")'  # a cell of the party file (see conftest)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+31 20 123", "'+31 20 123"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Hikvision", "Hikvision"),
        ("a=b", "a=b"),
        (" =1", " =1"),
        ("", ""),
    ],
)
def test_escape_formula(cell: str, expected: str) -> None:
    assert escape_formula(cell) == expected


def test_escape_row_leaves_numbers_and_blanks() -> None:
    assert escape_row([2, -0.5, None, "=1"]) == [2, -0.5, None, "'=1"]


@pytest.mark.parametrize(
    ("list_name", "jurisdiction"),
    [
        ("us_ofac_sdn", "US"),
        ("us_csl", "US"),
        ("uk_ofsi", "UK"),
        ("eu_fsf", "EU"),
        ("un_sc", "UN"),
        ("au_dfat", "AU"),
        ("ca_sema", "CA"),
        ("user_list", "user"),
        # From the parser's metadata, not the name's prefix: a list the user called
        # "us_suppliers" is theirs, not the US's.
        ("us_suppliers", "user"),
        ("my_list", "user"),
        ("usa_list", "user"),
    ],
)
def test_jurisdiction_of(list_name: str, jurisdiction: str) -> None:
    assert jurisdiction_of(list_name) == jurisdiction


@pytest.mark.parametrize(
    ("listing", "code"),
    [
        (Listing("us_csl", "US Commerce BIS", ("Entity List",), None, None), "EL"),
        (
            Listing(
                "us_csl",
                "US Treasury OFAC",
                ("Specially Designated Nationals List", "SDGT"),
                None,
                None,
            ),
            "SDN",
        ),
        (Listing("us_csl", "US State Department", ("ITAR Debarred List",), None, None), "DTC"),
        (Listing("us_csl", "x", ("Some New List",), None, None), "Some New List"),
        (Listing("us_ofac_sdn", "US Treasury OFAC", ("SDGT",), None, None), None),
    ],
)
def test_csl_code(listing: Listing, code: str | None) -> None:
    assert csl_code(listing) == code


def test_one_row_per_party_and_hit_in_file_order(screening: Screening) -> None:
    rows = [dict(zip(RESULT_COLUMNS, row, strict=True)) for row in result_rows(screening)]
    assert [(r["Row"], r["Entity ID"]) for r in rows] == [
        (2, "cons-hik"),  # one listed party: its OFAC and CSL records joined
        (3, None),
        (5, None),
        (6, "ofsi-evil"),
        (7, "u-ros"),
    ]
    innocent = rows[1]
    assert innocent["Party name"] == "Bäckerei Müller & Söhne"
    assert innocent["Match"] == "no"
    hit_columns = RESULT_COLUMNS[RESULT_COLUMNS.index("Listed name") :]
    assert all(innocent[c] is None for c in hit_columns if c != "Match")
    hikvision = rows[0]
    assert hikvision["Matched listed name"] == "Hikvision"
    assert hikvision["Lists"] == "us_csl; us_ofac_cons"
    assert hikvision["Authority"] == "US Commerce BIS; US Treasury OFAC"
    assert hikvision["Programs"] == "CMIC-EO13959; Entity List"
    assert hikvision["Listed on"] == "2019-10-09"
    assert hikvision["Source"] == (
        "https://ofac.treasury.gov/consolidated-sanctions-list-non-sdn-lists; "
        "https://www.bis.gov/entity-list"
    )
    assert hikvision["Score"] == 1.0
    assert rows[2]["Party name"] == FORMULA  # escaping is the writers' job, at the last step


def test_skipped_rows_in_place_when_asked(screening: Screening) -> None:
    rows = list(result_rows(screening, include_skipped=True))
    assert [r[0] for r in rows] == [2, 3, 4, 5, 6, 7]
    skipped = dict(zip(RESULT_COLUMNS, rows[2], strict=True))
    assert skipped["Match"] == "skipped"
    assert skipped["Explanation"] == "the name is empty"


def test_summary_sentence(screening: Screening) -> None:
    assert summary_sentence(screening) == (
        "3 of 5 parties have possible matches. 1 row was skipped."
    )


def test_summary_sentence_singular(screening: Screening) -> None:
    screening.results = screening.results[:1]
    screening.skipped = []
    assert summary_sentence(screening) == "1 of 1 party has a possible match."


def test_matrix_lists_each_authority_per_flagged_party(
    screening: Screening, meta: ReportMeta
) -> None:
    matrix = authority_matrix(screening, meta.list_versions)
    assert [c.label for c in matrix.columns] == [
        "OFAC SDN",
        "OFAC non-SDN",
        "CSL",
        "CSL EL",
        "OFSI",
        "UN Security Council",
        "my_list",
    ]
    assert [r.row for r in matrix.rows] == [2, 6, 7]
    hikvision = matrix.rows[0]
    assert hikvision.jurisdictions == (
        "listed",
        "not listed",
        "not screened",
        "not listed",
        "not screened",  # AU
        "not screened",  # CA
        "not listed",
    )
    cells = {c.label: cell for c, cell in zip(matrix.columns, hikvision.cells, strict=True)}
    assert cells["OFAC SDN"].status == "not listed"
    assert cells["OFAC non-SDN"].describe() == "listed: CMIC-EO13959 (2021-06-03)"
    assert cells["CSL EL"].entity_ids == ("csl-hik",)
    assert cells["CSL EL"].listing_dates == ("2019-10-09",)
    assert matrix.rows[1].jurisdictions[:2] == ("not listed", "listed")
    assert matrix.rows[2].jurisdictions[-1] == "listed"


def test_matrix_shows_a_hit_list_missing_from_the_meta(screening: Screening) -> None:
    matrix = authority_matrix(screening, [])
    assert {c.list_name for c in matrix.columns} == {"us_ofac_cons", "us_csl", "uk_ofsi", "my_list"}
    assert matrix.rows[0].jurisdictions[3] == "not screened"  # no UN list in this screening


def listed(entity_id: str, name: str, schema: str, program: str) -> list[dict[str, Any]]:
    """A listed party and its Sanction, as FtM dicts."""
    return [
        {"id": entity_id, "schema": schema, "properties": {"name": [name], "topics": ["sanction"]}},
        {
            "id": f"{entity_id}-sanction",
            "schema": "Sanction",
            "properties": {"entity": [entity_id], "program": [program]},
        },
    ]


def test_matrix_has_australia_and_canada(tmp_path: Path) -> None:
    # The Xinjiang PSB as Canada lists it, and a DFAT human-rights listing.
    lists = [
        (
            "ca_sema",
            listed(
                "ca-xpcc",
                "Xinjiang Production and Construction Corps Public Security Bureau",
                "Organization",
                "China",
            ),
        ),
        (
            "au_dfat",
            listed(
                "au-dfat-6832",
                "Alexandra Viktorovna GAUS/GAUSS",
                "Person",
                "Autonomous (Thematic - Human Rights)",
            ),
        ),
    ]
    index = build_index(
        lists,
        key="allies",
        kind_weights=DEFAULT_CONFIG.kind_weights,
        rarity_floor=DEFAULT_CONFIG.rarity_floor,
    )
    path = tmp_path / "invitees.csv"
    path.write_text(
        "name\nXinjiang Production and Construction Corps Public Security Bureau\n", "utf-8"
    )
    screening = screen_file(path, Matcher(index))
    used = [ListVersionUsed("ca_sema", 1, None), ListVersionUsed("au_dfat", 2, None)]
    matrix = authority_matrix(screening, used)
    assert [(c.jurisdiction, c.label) for c in matrix.columns] == [
        ("AU", "DFAT Consolidated List"),
        ("CA", "Canada autonomous sanctions"),
    ]
    statuses = dict(zip(JURISDICTIONS, matrix.rows[0].jurisdictions, strict=True))
    assert statuses == {
        "US": "not screened",
        "UK": "not screened",
        "EU": "not screened",
        "UN": "not screened",
        "AU": "not listed",
        "CA": "listed",
        "user": "not screened",
    }
