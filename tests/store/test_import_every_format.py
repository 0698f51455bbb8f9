"""`vet lists import PATH` recognises and imports every official format vet reads."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from vet.cli import main
from vet.sources import detect_source

# (fixture path, parser kind detected, list it lands in)
FORMATS = [
    ("ofac/sdn_2023-12-28/sdn.csv", "ofac_sdn_csv", "us_ofac_sdn"),
    ("ofac/sdn_2023-12-28", "ofac_sdn_csv", "us_ofac_sdn"),
    ("ofac/consolidated_2025-12-19/cons_prim.csv", "ofac_cons_csv", "us_ofac_cons"),
    ("ofac/consolidated_2018-04-06/consolidated.xml", "ofac_xml", "us_ofac_cons"),
    (
        "ofac/consolidated_enhanced_2025-01-10/CONS_ENHANCED.ZIP",
        "ofac_enhanced_xml",
        "us_ofac_cons",
    ),
    ("csl/consolidated_2022-05_excerpt.csv", "us_csl", "us_csl"),
    ("csl/consolidated_excerpt_2025-06.csv", "us_csl", "us_csl"),
    ("csl/dpl_2023-11_excerpt.txt", "bis_dpl", "us_bis_dpl"),
    ("uk/ofsi_conlist_excerpt.xlsx", "uk_ofsi", "uk_ofsi"),
    ("uk/ofsi_conlist_excerpt.csv", "uk_ofsi", "uk_ofsi"),
    ("uk/uk_sanctions_list_xml_excerpt_2026-09-10.xml", "uk_fcdo_xml", "uk_fcdo"),
    ("eu/eu_fsf_xml_1_1_excerpt_2026-08-05.xml", "eu_fsf_xml", "eu_fsf"),
    ("un/consolidated_2026-02-27_excerpt.xml", "un_sc_xml", "un_sc"),
    ("opensanctions/zala_entities.ftm.json", "ftm_json", "ftm"),
    ("user/forced_labour.csv", "simple_csv", "user_list"),
]


@pytest.mark.parametrize(("relative", "kind", "list_name"), FORMATS)
def test_format_is_detected_and_imported(
    fixtures: Path, tmp_path: Path, relative: str, kind: str, list_name: str
) -> None:
    path = fixtures / relative
    assert detect_source(path).info.kind == kind
    env = {"VET_HOME": str(tmp_path), "VET_AUTO_BUNDLE": "0"}
    result = CliRunner().invoke(main, ["lists", "import", str(path)], env=env)
    assert result.exit_code == 0, result.output
    assert f"{list_name}: imported version 1" in result.stdout
