"""US Consolidated Screening List: real rows of trade.gov's consolidated.csv (2022-05 and 2025)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from followthemoney.proxy import EntityProxy
from parsed_helpers import entity

from vet.errors import ParseError
from vet.sources import detect_source
from vet.sources.base import ParsedList
from vet.sources.us_csl import detect, parse

EXCERPT = "consolidated_2022-05_excerpt.csv"
EXCERPT_2025 = "consolidated_excerpt_2025-06.csv"


@pytest.fixture(scope="module")
def parsed(fixtures: Path) -> ParsedList:
    return parse(fixtures / "csl" / EXCERPT)


@pytest.fixture(scope="module")
def parsed_2025(fixtures: Path) -> ParsedList:
    return parse(fixtures / "csl" / EXCERPT_2025)


def related(parsed: ParsedList, schema: str, prop: str, entity_id: str) -> list[EntityProxy]:
    """Entities of ``schema`` whose ``prop`` points at ``entity_id``."""
    return [e for e in parsed.entities if e.schema.name == schema and entity_id in e.get(prop)]


def sanctions(parsed: ParsedList, entity_id: str) -> dict[str, EntityProxy]:
    """The party's Sanctions by list code (programId)."""
    found = related(parsed, "Sanction", "entity", entity_id)
    return {s.first("programId") or "": s for s in found}


# -- the 2022-05 excerpt --------------------------------------------------------------------


def test_excerpt_merges_rows_sharing_an_id(parsed: ParsedList) -> None:
    # 34 rows (one spans two lines); BANCO VTB AFRICA and VTB BANK are each on three
    # OFAC lists, BANK OF KUNLUN twice on CAPTA
    assert parsed.target_count == 29
    assert parsed.published is None
    assert parsed.files[0].name == EXCERPT


def test_one_party_on_three_treasury_lists(parsed: ParsedList) -> None:
    bank = entity(parsed, "csl-18725")
    assert bank.schema.name == "Organization"
    assert bank.get("name") == ["BANCO VTB AFRICA SA"]
    assert bank.get("swiftBic") == ["VTBLAOLU"]
    listed = sanctions(parsed, "csl-18725")
    assert sorted(listed) == ["CAPTA", "SDN", "SSI"]
    sdn = listed["SDN"]
    assert sdn.get("authority") == ["US Treasury OFAC"]
    assert sdn.get("program") == [
        "Specially Designated Nationals List",
        "UKRAINE-EO13662",
        "RUSSIA-EO14024",
    ]
    assert (
        "Secondary sanctions risk: Ukraine-/Russia-Related Sanctions Regulations, 31 CFR "
        "589.201 and/or 589.209"
    ) in sdn.get("provisions")
    links = related(parsed, "UnknownLink", "subject", "csl-18725")
    assert [(link.get("object"), link.get("role")) for link in links] == [
        (["csl-17013"], ["Linked To"])
    ]
    # the same CAPTA listing twice (rows differ only in source_list_url): one Sanction
    assert list(sanctions(parsed, "csl-15268")) == ["CAPTA"]


def test_entity_list_row_with_a_joined_alias(parsed: ParsedList) -> None:
    party_id = "csl-caeb24bb901171744f7b376b17c4ad98a782c827"
    sensetime = entity(parsed, party_id)
    assert sensetime.schema.name == "Company"
    assert sensetime.get("name") == ["Beijing Sensetime Technology Development Co., Ltd."]
    # the file writes "Beijing Shangtang Technology Development Co., Ltd., and Sense Time"
    assert sensetime.get("alias") == [
        "Beijing Shangtang Technology Development Co., Ltd.",
        "Sense Time",
    ]
    assert sensetime.get("topics") == ["export.control"]
    el = sanctions(parsed, party_id)["EL"]
    assert el.get("authority") == ["US Commerce BIS"]
    assert el.get("program") == ["Entity List"]
    assert el.get("listingDate") == ["2019-10-09"]
    assert "84 FR 54002; 85 FR 34505; 85 FR 44159" in el.get("provisions")
    assert any(p.startswith("License policy: Case-by-case review") for p in el.get("provisions"))


def test_question_marks_for_apostrophes_are_repaired_with_one_warning(parsed: ParsedList) -> None:
    donetsk = entity(parsed, "csl-3a6daa204752430dff15419853f9688a7b1a35c4")
    assert donetsk.get("name") == ["Donetsk People's Republic"]
    xian = entity(parsed, "csl-e6a6cfab1b3eb0303b256eff31e65d5a8698557e")
    assert xian.get("name") == ["Xi'an Huawei Technologies Co., Ltd., Xi'an, Shaanxi"]
    changji = entity(parsed, "csl-d0d04d56ef5925756215ce5ce846c8707194d98e")
    assert changji.get("address") == ["56 Yan'an N. Rd., Changji City, XUAR, Changji, 831100, CN"]
    promgaz = entity(parsed, "csl-09d1963d38d11dd8022afaeb70fd21c537df4322")
    assert 'Aktsionernoe Obshchestvo "Gazprom Promgaz"' in promgaz.get("alias")
    summary = [w for w in parsed.warnings if "wrote as '?'" in w]
    assert summary == [
        f"{EXCERPT}: repaired 8 characters the export wrote as '?': 4 apostrophes "
        "(People?s -> People's), 1 pairs of quotation marks and 3 dashes"
    ]


def test_mis_decoded_letters_are_repaired(parsed: ParsedList) -> None:
    # "Xi\x92an" (a Windows-1252 apostrophe read as Latin-1): ftfy's repair
    cast = entity(parsed, "csl-a0370b407aeb2a264477376bad653c57a2a8a94c")
    assert cast.get("name") == ["CAST Xi'an Spaceflight Engine Factory"]
    # DOS code page letters read as Windows-1252: "Co”peratief", "A‚roport", "L‚opold"
    huawei = entity(parsed, "csl-85d272783077139d35428220c37bde57b7bff40b")
    assert huawei.get("name") == ["Huawei Technologies Coöperatief U.A."]
    dart = entity(parsed, "csl-46292738e48031183db07f40ecf143aa52faa114")
    assert "CID Aéroport International Léopold Sedar Senghor Dakar, Yoff, SN" in dart.get("address")
    assert f"{EXCERPT}: repaired 3 letters decoded with the wrong code page " in " ".join(
        parsed.warnings
    )


def test_sdn_individual_with_birth_date_and_documents(parsed: ParsedList) -> None:
    person = entity(parsed, "csl-17291")
    assert person.schema.name == "Person"
    assert person.get("name") == ["'ABD AL-SALAM, 'Abd al-Malik Muhammad Yusuf 'Uthman"]
    assert person.get("lastName") == ["'ABD AL-SALAM"]
    assert person.get("alias") == [
        "'ABD-AL-SALAM, 'Abd al-Malik Muhammad Yusif",
        "'Umar al-Qatari",
        "'Umar al-Tayyar",
    ]
    assert person.get("birthDate") == ["1989-07-13"]
    assert person.get("nationality") == ["jo"]
    # ids: "JO, 2014-08-30, 2009-08-31, K475336, Passport; QA, 28940000602, National ID No."
    (passport,) = related(parsed, "Passport", "holder", "csl-17291")
    assert passport.get("number") == ["K475336"]
    assert passport.get("country") == ["jo"]
    assert passport.get("summary") == ["issued 2009-08-31 expires 2014-08-30"]
    (national_id,) = related(parsed, "Identification", "holder", "csl-17291")
    assert (national_id.get("number"), national_id.get("country")) == (["28940000602"], ["qa"])
    sdn = sanctions(parsed, "csl-17291")["SDN"]
    assert sdn.get("program") == ["Specially Designated Nationals List", "SDGT"]
    assert sdn.get("authorityId") == ["17291"]


def test_vessel_and_aircraft_with_owner_and_operator_links(parsed: ParsedList) -> None:
    vessel = entity(parsed, "csl-27200")
    assert vessel.schema.name == "Vessel"
    assert (vessel.get("flag"), vessel.get("type"), vessel.get("mmsi")) == (
        ["vc"],
        ["Pleasure Craft"],
        ["375311000"],
    )
    (owner,) = related(parsed, "Ownership", "asset", "csl-27200")
    assert owner.get("owner") == ["csl-27194"]  # BERATEX GROUP LIMITED, listed in the file
    plane = entity(parsed, "csl-15445")
    assert plane.schema.name == "Airplane"
    assert (plane.get("model"), plane.get("buildDate")) == (["A300B4-605R"], ["1988-05-17"])
    roles = {
        r
        for link in related(parsed, "UnknownLink", "subject", "csl-15445")
        for r in link.get("role")
        if link.get("object") == ["csl-12927"]
    }  # MAHAN AIR
    assert roles == {"Aircraft operator", "Linked To"}


def test_parents_named_in_entity_list_names_become_ownerships(parsed: ParsedList) -> None:
    envoltek_id = "csl-b2b294fbfd3107a01bc93795eeeab22fbad70762"
    envoltek = entity(parsed, envoltek_id)
    assert envoltek.get("name") == ["Envoltek"]
    assert envoltek.get("notes") == [
        "Listed as: China Electronics Technology Group Corporation 13th Research Institute "
        "(CETC 13). Subordinate Institution - Envoltek"
    ]
    (ownership,) = related(parsed, "Ownership", "asset", envoltek_id)
    assert ownership.get("owner") == ["csl-ead674ea624211884ded22615ed9c69d0789e9fd"]
    # "(a subordinate institute of CETC-7)": the parent found by its bracketed abbreviation
    hongyu_id = "csl-d7e6cfe09e88d7dad781fa83c1c2b126a1e99a31"
    assert entity(parsed, hongyu_id).get("name") == ["Guangzhou Hongyu Technology Co., Ltd."]
    (ownership,) = related(parsed, "Ownership", "asset", hongyu_id)
    assert ownership.get("owner") == ["csl-3bd43731717cbf2318ebb6ee0e885f33aaa1767d"]


def test_aka_fka_and_scope_clauses_are_taken_out_of_names(parsed: ParsedList) -> None:
    fetco_id = "csl-81e505e4c18d6196ade3a1af2f3ed55c95d9b0a8"
    fetco = entity(parsed, fetco_id)
    assert (fetco.get("name"), fetco.get("alias")) == (
        ["Far East Trading Company, Inc."],
        ["FETCO, Inc."],
    )
    assert fetco.get("topics") == ["debarment"]
    assert sanctions(parsed, fetco_id)["DTC"].get("authority") == ["US State Department"]
    promgaz = entity(parsed, "csl-09d1963d38d11dd8022afaeb70fd21c537df4322")
    assert promgaz.get("name") == ["Gazprom Promgaz, AO"]
    assert promgaz.get("previousName") == ["Otkrytoe Aktsionernoe Obshchestvo Gazprom Promgaz"]
    ardis_id = "csl-fbc5ba4566898b8aa7908b7ec6fa2fd32846bb2e"
    assert entity(parsed, ardis_id).get("name") == ["Ardis Group of Companies LLC"]
    isn = sanctions(parsed, ardis_id)["ISN"]
    assert isn.get("program") == ["Nonproliferation Sanctions", "INKSNA"]
    assert "The listing includes any successor, sub-unit, or subsidiary thereof" in isn.get(
        "provisions"
    )
    # "A; B; and C": the "and" is list grammar, not part of the name
    assert "SARL IEAS" in entity(parsed, "csl-46292738e48031183db07f40ecf143aa52faa114").get(
        "alias"
    )


def test_denied_persons_rows_keep_their_own_ids(parsed: ParsedList) -> None:
    ash = [e for e in parsed.entities if e.schema.is_a("Thing") and e.get("name") == ["I. ASH"]]
    assert len(ash) == 3  # three rows, three _ids: the list's own records
    prisoner = entity(parsed, "csl-deb7a1d5743a85c354ca1a2c7f2664e2104b32d7")
    assert prisoner.schema.name == "Person"  # listed at a federal prison
    dpl = sanctions(parsed, "csl-deb7a1d5743a85c354ca1a2c7f2664e2104b32d7")["DPL"]
    assert dpl.get("listingDate") == ["2003-06-19"]
    assert dpl.get("endDate") == ["2056-06-29"]
    assert "Standard order: Y" in dpl.get("provisions")


def test_multi_line_row_and_bad_start_date(parsed: ParsedList) -> None:
    gaobeidian = entity(parsed, "csl-3da5adfe0d93a9e200e7e2a53b60f74d6a9642ab")
    assert gaobeidian.get("name") == ["Gaobeidian Kaituo Precise Instrument Co. Ltd"]
    assert (
        f"{EXCERPT} line 5 record d6a68bd30aed352b043524ccacf9fc8551b786c2: "
        "start_date '0097-06-30' is out of range, dropped"
    ) in parsed.warnings


# -- the 2025 excerpt (newer quoting, "TYPE, NUMBER, COUNTRY" ids) -----------------------------


def test_2025_layout(parsed_2025: ParsedList) -> None:
    assert parsed_2025.target_count == 13
    rim = entity(parsed_2025, "csl-52291")
    assert rim.get("passportNumber") == ["836238033"]
    assert rim.get("gender") == ["male"]
    (passport,) = related(parsed_2025, "Passport", "holder", "csl-52291")
    assert passport.get("country") == ["kp"]
    rosneft = entity(parsed_2025, "csl-18300")
    assert rosneft.get("registrationNumber") == ["C122790"]
    assert rosneft.get("email") == ["hrm@rosneft-sh.com.cy"]
    cetc = entity(parsed_2025, "csl-99ed1b052fdb09695fae1ba87516d8a0882b0df04652e07aeb5ce7be")
    assert "CETC Research Institute 13" in cetc.get("alias")
    assert len(cetc.get("address")) == 3  # "...; and 21 Changsheng Street, ..."
    sinobright = entity(parsed_2025, "csl-233a4d725770c81fb561ffe3842c14010c2201971d6be62eca1e613b")
    assert sinobright.get("name") == ["Sinobright Import and Export Company"]
    codes = Counter(
        s.first("programId") for s in parsed_2025.entities if s.schema.name == "Sanction"
    )
    assert codes == {
        "ISN": 1,
        "UVL": 1,
        "MEU": 1,
        "PLC": 2,
        "SDN": 1,
        "DTC": 1,
        "DPL": 1,
        "SSI": 3,
        "FSE": 1,
        "EL": 1,
    }


def test_detect(fixtures: Path) -> None:
    assert detect(fixtures / "csl" / EXCERPT)
    assert detect(fixtures / "csl" / EXCERPT_2025)
    assert detect_source(fixtures / "csl" / EXCERPT_2025).info.kind == "us_csl"
    assert not detect(fixtures / "csl" / "dpl_2023-11_excerpt.txt")
    assert not detect(fixtures / "csl")


# -- bad input -----------------------------------------------------------------------------


def excerpt_lines(fixtures: Path) -> list[str]:
    return (fixtures / "csl" / EXCERPT).read_text("utf-8").splitlines(keepends=True)


def test_missing_column_is_named(fixtures: Path, tmp_path: Path) -> None:
    lines = excerpt_lines(fixtures)
    lines[0] = lines[0].replace(",name,", ",party_name,")
    path = tmp_path / "consolidated.csv"
    path.write_text("".join(lines), "utf-8")
    with pytest.raises(
        ParseError,
        match=r"consolidated\.csv line 1: missing required "
        r"column\(s\) name;",
    ):
        parse(path)


def test_row_with_too_many_fields(fixtures: Path, tmp_path: Path) -> None:
    lines = excerpt_lines(fixtures)
    lines[2] = lines[2].rstrip("\n") + ",extra\n"
    path = tmp_path / "consolidated.csv"
    path.write_text("".join(lines), "utf-8")
    with pytest.raises(
        ParseError,
        match=r"consolidated\.csv line 3: expected 29 fields as "
        r"in the header, found 30",
    ):
        parse(path)


def test_file_cut_in_a_quoted_field(fixtures: Path, tmp_path: Path) -> None:
    text = (fixtures / "csl" / EXCERPT).read_text("utf-8")
    cut = text.index("Beijing Shangtang")  # inside the quoted alt_names of line 13
    path = tmp_path / "consolidated.csv"
    path.write_text(text[:cut], "utf-8")
    with pytest.raises(
        ParseError,
        match=r"consolidated\.csv line 13: malformed CSV "
        r"\(unexpected end of data\); is the file cut short\?",
    ) as caught:
        parse(path)
    assert caught.value.line == 13


def test_file_cut_between_fields(fixtures: Path, tmp_path: Path) -> None:
    lines = excerpt_lines(fixtures)
    cut = lines[3].index(',,"Dongjiaduan')  # line 4 stops after its name
    path = tmp_path / "consolidated.csv"
    path.write_text("".join(lines[:3]) + lines[3][:cut] + "\n", "utf-8")
    with pytest.raises(
        ParseError,
        match=r"consolidated\.csv line 4: expected 29 fields "
        r"as in the header, found 6",
    ):
        parse(path)


def test_empty_and_header_only_files(tmp_path: Path, fixtures: Path) -> None:
    empty = tmp_path / "consolidated.csv"
    empty.write_bytes(b"")
    with pytest.raises(ParseError, match=r"consolidated\.csv: empty file"):
        parse(empty)
    header = tmp_path / "header.csv"
    header.write_text(excerpt_lines(fixtures)[0], "utf-8")
    with pytest.raises(ParseError, match=r"header\.csv: header but no rows"):
        parse(header)


def test_latin1_file_is_decoded_with_a_warning(fixtures: Path, tmp_path: Path) -> None:
    # the 2025 excerpt's only non-ASCII character is "§", which Latin-1 can encode
    text = (fixtures / "csl" / EXCERPT_2025).read_text("utf-8")
    path = tmp_path / "consolidated.csv"
    path.write_bytes(text.encode("latin-1"))
    result = parse(path)
    assert result.target_count == 13
    assert result.warnings[0] == (
        "consolidated.csv line 4: not UTF-8 (byte 0xA7 at offset 1814); read as Windows-1252"
    )
    meu = sanctions(result, "csl-66f6ab3f26234b75a9093fce79ef0ce0")["MEU"]
    assert any("§744.21(d) and (e)" in p for p in meu.get("provisions"))


# -- the complete bundled list ---------------------------------------------------------------


@pytest.mark.slow
def test_bundled_full_list(bundled: dict[str, Path]) -> None:
    result = parse(bundled["us_csl"])
    # PROVENANCE: 14,160 rows, 14,048 distinct _id
    assert result.target_count == 14_048
    sanction_list = [e for e in result.entities if e.schema.name == "Sanction"]
    assert len(sanction_list) == 14_159  # one CAPTA party is on two identical rows
    parties = Counter(s.first("programId") for s in sanction_list)
    assert parties == {
        "SDN": 10_026, "EL": 2_001, "DTC": 727, "DPL": 462, "SSI": 290, "UVL": 201,
        "ISN": 163, "PLC": 78, "MEU": 71, "CMIC": 68, "CAPTA": 52, "NS-MBS": 17, "FSE": 3,
    }  # fmt: skip
    authorities = Counter(s.first("authority") for s in sanction_list)
    assert authorities == {
        "US Treasury OFAC": 10_534,
        "US Commerce BIS": 2_735,
        "US State Department": 890,
    }
    ownerships = [e for e in result.entities if e.schema.name == "Ownership"]
    assert len(ownerships) == 34  # 33 parents named in Entity List names, 1 vessel owner
    assert any(
        "repaired 260 characters the export wrote as '?': 73 apostrophes" in w
        for w in result.warnings
    )
    assert result.published is None


def test_source_links_are_the_publishers_pages_not_short_links(parsed: ParsedList) -> None:
    # trade.gov writes bit.ly links (http://bit.ly/1L47xrV for the Entity List ...):
    # a reader cannot tell where they lead, so each list's page on its publisher's site
    # stands in their place
    links = {
        code: sanction.get("sourceUrl")
        for party in ("csl-18725", "csl-caeb24bb901171744f7b376b17c4ad98a782c827")
        for code, sanction in sanctions(parsed, party).items()
    }
    assert links == {
        "SDN": [
            "https://ofac.treasury.gov/specially-designated-nationals-and-blocked-persons-list-"
            "sdn-human-readable-lists"
        ],
        "SSI": ["https://ofac.treasury.gov/consolidated-sanctions-list-non-sdn-lists"],
        "CAPTA": ["https://ofac.treasury.gov/consolidated-sanctions-list-non-sdn-lists"],
        "EL": [
            "https://www.bis.doc.gov/index.php/policy-guidance/lists-of-parties-of-concern/"
            "entity-list"
        ],
    }
    every = [url for e in parsed.entities for url in e.get("sourceUrl")]
    assert len(every) >= 29
    assert not [url for url in every if "bit.ly" in url]
