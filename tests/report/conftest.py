"""A small real screening for the report tests: a tiny index, a party file with traps."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from vet.index import build_index
from vet.report import ListVersionUsed, ReportMeta
from vet.scoring import DEFAULT_CONFIG, Matcher
from vet.screen import Screening, screen_file

SCRIPT_NAME = "Evil <script>alert(1)</script> Trading LLC"
FORMULA = '=HYPERLINK("http://x","y")'
OFSI_URL = "https://www.gov.uk/ofsi?a=1&b=2"


def listed(
    entity_id: str,
    names: list[str],
    *,
    authority: str,
    program: list[str],
    date: str | None = None,
    url: str | None = None,
    schema: str = "Company",
    **props: list[str],
) -> list[dict[str, Any]]:
    """A listed party and its Sanction, as FtM dicts."""
    sanction: dict[str, list[str]] = {
        "entity": [entity_id],
        "authority": [authority],
        "program": program,
    }
    if date:
        sanction["listingDate"] = [date]
    if url:
        sanction["sourceUrl"] = [url]
    properties = {"name": names[:1], "alias": names[1:], "topics": ["sanction"], **props}
    return [
        {"id": entity_id, "schema": schema, "properties": properties},
        {"id": f"{entity_id}-sanction", "schema": "Sanction", "properties": sanction},
    ]


HIKVISION = ["Hangzhou Hikvision Digital Technology Co., Ltd.", "Hikvision"]
LISTS = [
    (
        "us_ofac_sdn",
        listed(
            "sdn-bnc",
            ["Banco Nacional de Cuba"],
            authority="US Treasury OFAC",
            program=["CUBA"],
            date="1962-07-08",
        ),
    ),
    (
        "us_ofac_cons",
        listed(
            "cons-hik",
            HIKVISION,
            authority="US Treasury OFAC",
            program=["CMIC-EO13959"],
            date="2021-06-03",
            url="https://ofac.treasury.gov/consolidated-sanctions-list-non-sdn-lists",
            country=["cn"],
        ),
    ),
    (
        "us_csl",
        listed(
            "csl-hik",
            HIKVISION,
            authority="US Commerce BIS",
            program=["Entity List"],
            date="2019-10-09",
            url="https://www.bis.gov/entity-list",
            country=["cn"],
        ),
    ),
    (
        "uk_ofsi",
        listed(
            "ofsi-evil",
            [SCRIPT_NAME],
            authority="HM Treasury OFSI",
            program=["Russia"],
            date="2022-03-01",
            url=OFSI_URL,
        ),
    ),
    (
        "un_sc",
        listed(
            "un-kp",
            ["Korea Mining Development Trading Corporation"],
            authority="UN SC",
            program=["DPRK"],
        ),
    ),
    (
        "my_list",
        listed(
            "u-ros",
            ["Rosoboronexport"],
            authority="Acme compliance team",
            program=["internal"],
            url="javascript:alert(1)",
        ),
    ),
]

PARTIES = f"""id,name,country
A1,Hikvision,CN
A2,Bäckerei Müller & Söhne,DE
A3,,DE
A4,"{FORMULA.replace('"', '""')}",US
A5,{SCRIPT_NAME},RU
A6,Rosoboronexport,RU
"""


@pytest.fixture(scope="session")
def matcher() -> Matcher:
    index = build_index(
        LISTS,
        key="report",
        kind_weights=DEFAULT_CONFIG.kind_weights,
        rarity_floor=DEFAULT_CONFIG.rarity_floor,
    )
    return Matcher(index)


@pytest.fixture
def screening(matcher: Matcher, tmp_path: Path) -> Screening:
    path = tmp_path / "exhibitors.csv"
    path.write_text(PARTIES, encoding="utf-8")
    return screen_file(path, matcher)


@pytest.fixture
def meta(screening: Screening) -> ReportMeta:
    """Every list above except the EU, which this screening did not use."""
    return ReportMeta(
        name="Trade fair 2026",
        created=datetime(2026, 11, 29, 9, 30, tzinfo=UTC),
        vet_version="0.1.0",
        list_versions=tuple(
            ListVersionUsed(name, number, date(2025, 12, number))
            for number, (name, _) in enumerate(LISTS, start=1)
        ),
        threshold=screening.threshold,
    )
