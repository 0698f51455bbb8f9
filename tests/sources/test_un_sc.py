"""UN Security Council Consolidated List XML.

The excerpt holds 9 individuals and 3 entities of the 2026-02-27 list (see the fixtures
README); expected values were read from it. The full 2026 list is bundled, and the
2020-11-24 release is kept xz-compressed so two real versions can be compared.
"""

from __future__ import annotations

import lzma
from datetime import date
from functools import partial
from pathlib import Path

import pytest
from parsed_helpers import edit_excerpt, entity, sanction_of

from vet.errors import ParseError
from vet.sources import un_sc
from vet.sources.base import ParsedList

edited = partial(edit_excerpt, name="consolidated.xml")


EXCERPT = "consolidated_2026-02-27_excerpt.xml"


@pytest.fixture(scope="module")
def excerpt(fixtures: Path) -> Path:
    return fixtures / "un" / EXCERPT


@pytest.fixture(scope="module")
def parsed(excerpt: Path) -> ParsedList:
    return un_sc.parse(excerpt)


def links(parsed: ParsedList) -> set[tuple[str, str, str]]:
    return {
        (e.first("subject") or "", e.first("object") or "", e.first("role") or "")
        for e in parsed.entities
        if e.schema.name == "UnknownLink"
    }


def schema_counts(parsed: ParsedList) -> dict[str, int]:
    counts: dict[str, int] = {}
    for e in parsed.entities:
        if e.get("topics", quiet=True):
            counts[e.schema.name] = counts.get(e.schema.name, 0) + 1
    return counts


def test_excerpt_counts_and_warns_it_is_not_the_whole_list(parsed: ParsedList) -> None:
    assert parsed.published == date(2026, 2, 27)
    assert schema_counts(parsed) == {"Person": 9, "Organization": 3}
    assert (
        f"{EXCERPT}: only 12 listed parties, a complete UN Security Council Consolidated List "
        "has at least 900: is the file an excerpt or truncated?"
    ) in parsed.warnings


def test_individual_with_good_and_low_aliases(parsed: ParsedList) -> None:
    gaston = entity(parsed, "unsc-6907995")  # CDi.003
    assert gaston.get("name") == ["GASTON IYAMUREMYE"]
    assert set(gaston.get("alias")) == {
        "Byiringiro Victor Rumuli",
        "Victor Rumuri",
        "Michel Byiringiro",
    }
    assert gaston.get("weakAlias") == ["Rumuli"]  # QUALITY Low
    assert gaston.get("position") == [
        "FDLR Interim President",
        "FDLR-FOCA 1st Vice-President",
        "FDLR-FOCA Major General",
    ]
    assert gaston.get("nationality") == ["rw"]
    assert gaston.get("gender") == ["male"]
    assert gaston.get("birthDate") == ["1948"]
    assert "Musanze District, Northern Province, Rwanda" in gaston.get("birthPlace")
    assert gaston.get("address") == ["North Kivu Province, Democratic Republic of the Congo"]
    assert gaston.get("country") == ["cd"]
    assert (
        "Address North Kivu Province, Democratic Republic of the Congo: as of June 2016"
        in gaston.get("notes")
    )
    sanction = sanction_of(parsed, "unsc-6907995")
    assert sanction.get("program") == ["DRC"]
    assert sanction.get("listingDate") == ["2010-12-01"]
    assert sanction.get("authorityId") == ["CDi.003"]
    assert sanction.get("unscId") == ["CDi.003"]
    assert sanction.get("recordId") == ["6907995"]
    assert sanction.get("modifiedAt") == ["2016-10-13"]


def test_original_script_name_and_between_dates(parsed: ParsedList) -> None:
    akhund = entity(parsed, "unsc-110577")  # TAi.002
    assert akhund.get("name") == ["MOHAMMAD HASSAN AKHUND"]
    assert akhund.get("alias") == ["محمد حسن آخوند"]
    assert akhund.get("title") == ["Mullah", "Haji"]
    # BETWEEN 1955 and 1958, and BETWEEN 1945 and 1950
    assert sorted(akhund.get("birthDate")) == [
        str(y) for y in (*range(1945, 1951), *range(1955, 1959))
    ]
    assert "Date of birth 1955-1958: Approximately" in akhund.get("notes")
    assert sanction_of(parsed, "unsc-110577").get("program") == ["Taliban"]


def test_approximate_year_and_passport(parsed: ParsedList) -> None:
    mansour = entity(parsed, "unsc-111090")  # TAi.011
    assert mansour.get("name") == ["AKHTAR MOHAMMAD MANSOUR SHAH MOHAMMED"]
    assert set(mansour.get("birthDate")) == {"1960", "1966"}  # APPROXIMATELY 1960, EXACT 1966
    assert mansour.get("weakAlias") == ["Naib Imam"]
    assert mansour.get("passportNumber") == ["SE-011697"]
    passport = entity(parsed, "unsc-111090-passport-se-011697")
    assert passport.get("country") == ["af"]
    assert passport.get("summary") == [
        "issued on 1988-01-25; issued in Kabul; expired on 23 Feb. 2000"
    ]


def test_hijri_note_is_converted_not_read_as_gregorian(parsed: ParsedList) -> None:
    asiri = entity(parsed, "unsc-2962519")  # QDi.291
    assert set(asiri.get("birthDate")) == {"1982-04-18", "1982-04-19", "1982"}
    assert "Date of birth: 24/06/1402 (Hijri Calendar)" in asiri.get("notes")
    assert (
        f"{EXCERPT} record QDi.291: Hijri birth date '24/06/1402 (Hijri Calendar)' "
        "(about 1982-04-19) stored as year 1982"
    ) in parsed.warnings
    assert asiri.get("idNumber") == ["1028745097"]
    assert asiri.get("passportNumber") == ["F654645"]
    assert set(asiri.get("weakAlias")) == {"Abu Saleh", "Abosslah", "Abu-Salaah"}
    assert "إبراهيم حسن طالع العسيري" in asiri.get("alias")


def test_female_with_addresses_and_dated_passport(parsed: ParsedList) -> None:
    aqsa = entity(parsed, "unsc-6908473")  # QDi.356
    assert aqsa.get("gender") == ["female"]
    assert aqsa.get("nationality") == ["gb"]
    assert set(aqsa.get("country")) == {"sy", "gb"}
    assert "Address Syrian Arab Republic: as at Nov. 2013" in aqsa.get("notes")
    assert aqsa.get("birthDate") == ["1994-05-11"]
    assert aqsa.get("birthPlace") == [
        "Glasgow, Scotland, United Kingdom of Great Britain and Northern Ireland"
    ]
    passport = entity(parsed, "unsc-6908473-passport-720134834")
    assert passport.get("country") == ["gb"]
    assert passport.get("summary") == ["issued on 2012-06-27; expires on 27 Jun. 2022"]


def test_spanish_document_type_is_a_passport(parsed: ParsedList) -> None:
    paek = entity(parsed, "unsc-690747")  # KPi.006: "Número de pasaporte"
    assert paek.get("passportNumber") == ["381420754"]


def test_entity_with_fka_and_aka(parsed: ParsedList) -> None:
    aqap = entity(parsed, "unsc-2881836")  # QDe.129
    assert aqap.schema.name == "Organization"
    assert aqap.get("name") == ["AL-QAIDA IN THE ARABIAN PENINSULA (AQAP)"]
    assert aqap.get("previousName") == ["Al-Qaida in Yemen (AQY)"]  # f.k.a.
    assert "القاعدة في جزيرة العرب" in aqap.get("alias")
    assert "Ansar al-Shari'a (AAS)" in aqap.get("alias")  # a.k.a.
    bank = entity(parsed, "unsc-690752")  # KPe.003
    assert set(bank.get("previousName")) == {
        "CHANGGWANG CREDIT BANK",
        "KOREA CHANGGWANG CREDIT BANK",
    }
    assert bank.get("country") == ["kp"]
    assert sanction_of(parsed, "unsc-690752").get("program") == ["DPRK"]


def test_reference_numbers_in_comments_become_links(parsed: ParsedList) -> None:
    assert links(parsed) == {
        ("unsc-2881836", "unsc-2962519", "associated"),  # QDi.291 names AQAP (QDe.129)
        ("unsc-113966", "unsc-6908473", "associated"),  # QDi.356 names AQI (QDe.115)
        ("unsc-110577", "unsc-110579", "associated"),  # TAi.002 names TAi.004
    }
    # QDi.282 is not in the excerpt: the mention stays text only
    assert any(
        "Qasim Yahya Mahdi al-Rimi (QDi.282)" in n
        for n in entity(parsed, "unsc-2962519").get("notes")
    )


def test_misspelt_reference_still_links(excerpt: Path, tmp_path: Path) -> None:
    path = edited(
        excerpt, tmp_path, "Mullah Mohammed Omar (TAi.004)", "Mullah Mohammed Omar (tai. 004)"
    )
    assert ("unsc-110577", "unsc-110579", "associated") in links(un_sc.parse(path))


def test_detect(excerpt: Path, fixtures: Path) -> None:
    assert un_sc.detect(excerpt)
    assert not un_sc.detect(fixtures / "eu" / "eu_fsf_xml_1_1_excerpt_2026-08-05.xml")
    assert not un_sc.detect(fixtures / "un")


# -- full lists --------------------------------------------------------------------------


@pytest.mark.slow
def test_bundled_list(bundled: dict[str, Path]) -> None:
    parsed = un_sc.parse(bundled["un_sc"])
    # The bundled release is 2026-08-01 (it replaced 2026-02-27: 730 people, 273 entities).
    assert parsed.published == date(2026, 8, 1)
    assert schema_counts(parsed) == {"Person": 736, "Organization": 275}
    assert parsed.warnings == [
        f"{bundled['un_sc'].name} record QDi.291: Hijri birth date '24/06/1402 (Hijri Calendar)' "
        "(about 1982-04-19) stored as year 1982"
    ]
    assert len(links(parsed)) == 424  # 455 in the 2026-02-27 release


@pytest.mark.slow
def test_2020_release_and_stable_ids(
    fixtures: Path, tmp_path: Path, bundled: dict[str, Path]
) -> None:
    path = tmp_path / "consolidated.xml"
    path.write_bytes(
        lzma.decompress((fixtures / "un" / "consolidated_2020-11-24.xml.xz").read_bytes())
    )
    old = un_sc.parse(path)
    assert old.published == date(2020, 11, 24)
    assert schema_counts(old) == {"Person": 713, "Organization": 305}
    new = un_sc.parse(bundled["un_sc"])
    old_ids = {e.id for e in old.entities if e.get("topics", quiet=True)}
    new_ids = {e.id for e in new.entities if e.get("topics", quiet=True)}
    # DATAIDs outlive list versions: 904 parties in both 2020-11-24 and 2026-08-01,
    # 107 added, 114 removed (against 2026-02-27 it was 911, 92 and 107)
    assert (len(old_ids & new_ids), len(new_ids - old_ids), len(old_ids - new_ids)) == (
        904,
        107,
        114,
    )
    ri = entity(old, "unsc-6908555")  # KPi.033, in both versions
    assert ri.get("name") == ["RI WON HO"]
    assert ri.get("passportNumber") == ["381310014"]
    # QDi.057 was born <DATE>1966-02-02-05:00</DATE>: an xs:date with a time zone keeps its day
    assert entity(old, "unsc-111639").get("birthDate") == ["1966-02-02"]


# -- bad input -------------------------------------------------------------------------


def test_truncated_file(excerpt: Path, tmp_path: Path) -> None:
    data = excerpt.read_bytes()
    path = tmp_path / "consolidated.xml"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ParseError, match=r"consolidated\.xml line \d+: malformed XML") as err:
        un_sc.parse(path)
    assert err.value.line is not None and err.value.line > 100


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "consolidated.xml"
    path.write_bytes(b"")
    with pytest.raises(ParseError, match=r"consolidated\.xml"):
        un_sc.parse(path)


def test_eu_file_is_refused(fixtures: Path) -> None:
    with pytest.raises(
        ParseError,
        match=r"eu_fsf_xml_1_1_excerpt_2026-08-05\.xml: root element is <export>, expected "
        r"<CONSOLIDATED_LIST>: not a UN Security Council Consolidated List file",
    ):
        un_sc.parse(fixtures / "eu" / "eu_fsf_xml_1_1_excerpt_2026-08-05.xml")


def test_record_without_dataid(excerpt: Path, tmp_path: Path) -> None:
    path = edited(excerpt, tmp_path, "<DATAID>690752</DATAID>", "")
    with pytest.raises(
        ParseError, match=r"consolidated\.xml record ENTITY #1: ENTITY without DATAID"
    ):
        un_sc.parse(path)


def test_duplicate_dataid(excerpt: Path, tmp_path: Path) -> None:
    path = edited(excerpt, tmp_path, "<DATAID>690752</DATAID>", "<DATAID>6907995</DATAID>")
    with pytest.raises(ParseError, match=r"record KPe\.003: DATAID 6907995 appears twice"):
        un_sc.parse(path)


def test_no_records(tmp_path: Path) -> None:
    path = tmp_path / "consolidated.xml"
    path.write_text(
        '<CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:09.554Z"><INDIVIDUALS/><ENTITIES/>'
        "</CONSOLIDATED_LIST>",
        "utf-8",
    )
    with pytest.raises(ParseError, match=r"no listed parties found"):
        un_sc.parse(path)


def test_external_entity_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "consolidated.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE c [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
        '<CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:09.554Z"><INDIVIDUALS><INDIVIDUAL>'
        "<DATAID>1</DATAID><FIRST_NAME>&secret;</FIRST_NAME></INDIVIDUAL></INDIVIDUALS>"
        "</CONSOLIDATED_LIST>",
        "utf-8",
    )
    with pytest.raises(ParseError, match=r"consolidated\.xml: refused unsafe XML"):
        un_sc.parse(path)


def test_billion_laughs_is_refused(tmp_path: Path) -> None:
    entities = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    path = tmp_path / "consolidated.xml"
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE c [<!ENTITY l0 "lol">{entities}]>\n'
        '<CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:09.554Z"><INDIVIDUALS><INDIVIDUAL>'
        "<DATAID>1</DATAID><FIRST_NAME>&l9;</FIRST_NAME></INDIVIDUAL></INDIVIDUALS>"
        "</CONSOLIDATED_LIST>",
        "utf-8",
    )
    with pytest.raises(ParseError, match=r"consolidated\.xml: refused unsafe XML"):
        un_sc.parse(path)
