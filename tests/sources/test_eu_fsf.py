"""EU Financial Sanctions Files, XML 1.1.

Only a 5-entity excerpt of the official file exists in ``shared/data`` (logicalIds 191,
521, 3822, 6106, 6177; see the fixtures README); expected values were read from it.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path

import pytest
from parsed_helpers import edit_excerpt, entity, sanction_of

from vet.errors import ParseError
from vet.sources import eu_fsf
from vet.sources.base import ParsedList

edited = partial(edit_excerpt, name="xmlFullSanctionsList_1_1.xml")


EXCERPT = "eu_fsf_xml_1_1_excerpt_2026-08-05.xml"
ISLAMIC_BIRTHDATE = (
    'calendarType="ISLAMIC" city="" zipCode="" birthdate="1982-04-19" dayOfMonth="24" '
    'monthOfYear="6" year="1402"'
)


@pytest.fixture(scope="module")
def excerpt(fixtures: Path) -> Path:
    return fixtures / "eu" / EXCERPT


@pytest.fixture(scope="module")
def parsed(excerpt: Path) -> ParsedList:
    return eu_fsf.parse(excerpt)


def test_excerpt_counts_and_warns_it_is_not_the_whole_list(parsed: ParsedList) -> None:
    assert parsed.published == date(2026, 8, 5)
    assert parsed.target_count == 5
    listed = {e.id: e.schema.name for e in parsed.entities if e.get("topics", quiet=True)}
    assert listed == {
        "eu-191": "Person",
        "eu-521": "Person",
        "eu-3822": "Organization",
        "eu-6106": "Person",
        "eu-6177": "Person",
    }
    assert (
        f"{EXCERPT}: only 5 listed parties, a complete EU Financial Sanctions Files "
        "(consolidated list) has at least 4000: is the file an excerpt or truncated?"
    ) in parsed.warnings


def test_every_name_alias_is_kept(parsed: ParsedList) -> None:
    names = [
        name
        for e in parsed.entities
        if e.get("topics", quiet=True)
        for prop in ("name", "alias", "weakAlias")
        for name in e.get(prop)
    ]
    assert len(names) == 45  # the excerpt's 45 <nameAlias>


def test_person_main_name_is_the_structured_entry(parsed: ParsedList) -> None:
    ksm = entity(parsed, "eu-191")
    # The first strong alias is a French spelling; the entry with a split last name wins.
    assert ksm.get("name") == ["Khalid Sheikh MOHAMMED"]
    assert ksm.get("firstName") == ["Khalid Sheikh"]
    assert ksm.get("lastName") == ["MOHAMMED"]
    assert set(ksm.get("alias")) == {
        "Bin Khalid Fahd Bin Adballah",
        "Wadood Khalid Adbul",
        "Henin Ashraf Refaat Nabith",
        "Bin Khalid Fahd Bin Abdallah",
        "Wadood Khalid Abdul",
        "Ali Salem",
    }
    assert ksm.get("gender") == ["male"]
    assert set(ksm.get("birthDate")) == {"1965-04-14", "1964-03-01"}
    assert ksm.get("birthCountry") == ["pk"]
    assert ksm.get("birthPlace") == ["Pakistan"]  # city "-" is the list's placeholder
    assert ksm.get("passportNumber") == ["488555"]
    passport = entity(parsed, "eu-191-passport-488555")
    assert passport.get("country") == []  # countryIso2Code "00": unknown
    sanction = sanction_of(parsed, "eu-191")
    assert sanction.get("program") == ["TERR"]
    assert sanction.get("authorityId") == ["EU.3579.2"]
    assert sanction.get("provisions") == ["2025/206 (L 202500206)"]
    assert sanction.get("sourceUrl") == [
        "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=OJ:L_202500206"
    ]
    assert sanction.get("modifiedAt") == ["2025-01-31"]
    assert sanction.get("listingDate") == []  # no designationDate in the record


def test_person_with_year_range_and_function(parsed: ParsedList) -> None:
    jan = entity(parsed, "eu-521")
    assert jan.get("name") == ["Ahmed Jan Akhundzada Wazir"]
    assert set(jan.get("alias")) == {"Haji Ahmad Jan", "Ahmed Jan Akhund"}
    assert jan.get("title") == ["Maulavi"]
    assert jan.get("position") == ["Minister of Water and Electricity under the Taliban regime"]
    assert jan.get("citizenship") == ["af"]
    assert sorted(jan.get("birthDate")) == ["1953", "1954", "1955", "1956", "1957", "1958"]
    assert set(jan.get("birthPlace")) == {
        "Tirin Kot District, Uruzgan Province, Afghanistan",
        "Kandahar province, Afghanistan",
    }
    assert any(
        n.startswith("Believed to be in Afghanistan/ Pakistan border area.")
        for n in jan.get("notes")
    )
    sanction = sanction_of(parsed, "eu-521")
    assert sanction.get("program") == ["AFG"]
    assert sanction.get("listingDate") == ["2001-01-25"]


def test_enterprise_keeps_every_script_and_address(parsed: ParsedList) -> None:
    pci = entity(parsed, "eu-3822")
    assert pci.schema.name == "Organization"
    assert pci.get("name") == ["Parchin Chemical Industries (PCI)"]
    aliases = set(pci.get("alias"))
    assert len(aliases) == 15
    assert {
        "صنایع شیمیایی پارچین",  # Persian
        "Parcsini Vegyipari Vállalat",
        "Industrias Químicas Parchin",
        "Parchin-Militärbasis",
        "Tionscail Ceimiceán Parchin",
    } <= aliases
    assert "Pasdaran Square, P.O. Box 16765/358, Tehran, Iran" in pci.get("address")
    assert len(pci.get("address")) == 6
    assert pci.get("country") == ["ir"]
    assert pci.get("website") == ["http://icig.ir/"]
    assert pci.get("registrationNumber") == ["892"]
    assert "PCF: Parchin Chemical Factories" in pci.get("notes")
    assert (
        "Address Parchin Forked Rd., 35th km. Khavaran Rd., Pakdasht, Tehran, Iran: Factory"
        in pci.get("notes")
    )
    sanction = sanction_of(parsed, "eu-3822")
    assert sanction.get("program") == ["IRN"]
    assert sanction.get("listingDate") == ["2008-06-23"]
    assert sanction.get("summary") == ["UN designation:24/03/2007 (no longer valid)"]


def test_un_listed_person_with_passport(parsed: ParsedList) -> None:
    dorda = entity(parsed, "eu-6106")
    assert dorda.get("name") == ["Abu Zayd Umar DORDA"]
    assert "ABÚ ZAJD UMAR DÚRDA" in dorda.get("alias")
    assert dorda.get("birthDate") == ["1944-04-04"]
    assert dorda.get("birthPlace") == ["Alrhaybat"]
    assert dorda.get("country") == ["ly"]
    assert "Address Libya: Libya (Believed status/location: residing in Egypt)" in dorda.get(
        "notes"
    )
    passport = entity(parsed, "eu-6106-passport-fk117rk0")
    assert passport.get("country") == ["ly"]
    assert passport.get("summary") == [
        "National passport; issued in Tripoli; issued on 2018-11-25; valid to 2026-11-24"
    ]
    sanction = sanction_of(parsed, "eu-6106")
    assert sanction.get("unscId") == ["LYi.006"]
    assert sanction.get("program") == ["LBY"]


def test_hijri_birth_date_is_not_stored_as_gregorian(parsed: ParsedList) -> None:
    asiri = entity(parsed, "eu-6177")
    assert asiri.get("name") == ["Ibrahim Hassan Tali Al-Asiri"]
    # 24/6/1402 AH is 19 April 1982, the Gregorian date the file gives beside it.
    assert set(asiri.get("birthDate")) == {"1982-04-18", "1982-04-19"}
    assert "Birth date in the Islamic calendar: 24/6/1402" in asiri.get("notes")
    assert (
        f"{EXCERPT} record EU.3092.36: Islamic-calendar birth date 24/6/1402 stored as its "
        "Gregorian date 1982-04-19"
    ) in parsed.warnings


def test_arabic_names_and_low_quality_aliases(parsed: ParsedList) -> None:
    asiri = entity(parsed, "eu-6177")
    assert {"إبراهيم حسن طالع عسيري", "إبراهيم حسن طالع العسيري"} <= set(asiri.get("alias"))
    # strong="true" everywhere, but the remark says "low quality alias"
    assert set(asiri.get("weakAlias")) == {"Abu-Salaah", "Abosslah", "Abu Saleh"}
    assert asiri.get("citizenship") == ["sa"]
    assert asiri.get("idNumber") == ["1028745097"]
    assert asiri.get("passportNumber") == ["F654645"]
    passport = entity(parsed, "eu-6177-passport-f654645")
    assert passport.get("summary")[0].startswith(
        "National passport; issued on 2005-04-30; valid to 2010-03-07; known expired"
    )
    assert sanction_of(parsed, "eu-6177").get("program") == ["TAQA"]


def test_strong_false_is_a_weak_alias(excerpt: Path, tmp_path: Path) -> None:
    path = edited(
        excerpt,
        tmp_path,
        'wholeName="Ali Salem" function="" gender="M" title="" nameLanguage="" strong="true"',
        'wholeName="Ali Salem" function="" gender="M" title="" nameLanguage="" strong="false"',
    )
    ksm = entity(eu_fsf.parse(path), "eu-191")
    assert ksm.get("weakAlias") == ["Ali Salem"]
    assert "Ali Salem" not in ksm.get("alias")


def test_hijri_date_without_gregorian_equivalent_keeps_only_the_year(
    excerpt: Path, tmp_path: Path
) -> None:
    path = edited(
        excerpt,
        tmp_path,
        ISLAMIC_BIRTHDATE,
        ISLAMIC_BIRTHDATE.replace('birthdate="1982-04-19"', 'birthdate="1402-06-24"'),
    )
    parsed = eu_fsf.parse(path)
    assert "1402-06-24" not in entity(parsed, "eu-6177").get("birthDate")
    assert any(
        "Islamic-calendar birth date 24/6/1402 (about 1982-04-19) stored as year 1982" in w
        for w in parsed.warnings
    )


def test_hijri_year_only_gives_both_gregorian_years(excerpt: Path, tmp_path: Path) -> None:
    path = edited(
        excerpt,
        tmp_path,
        ISLAMIC_BIRTHDATE,
        'calendarType="ISLAMIC" city="" zipCode="" year="1402"',
    )
    asiri = entity(eu_fsf.parse(path), "eu-6177")
    # 1 Muharram 1402 = 30 Oct 1981; the year ends in Oct 1982
    assert {"1981", "1982"} <= set(asiri.get("birthDate"))


def test_other_calendars_are_dropped_with_a_warning(excerpt: Path, tmp_path: Path) -> None:
    path = edited(
        excerpt, tmp_path, ISLAMIC_BIRTHDATE, ISLAMIC_BIRTHDATE.replace("ISLAMIC", "ETHIOPIC")
    )
    parsed = eu_fsf.parse(path)
    assert set(entity(parsed, "eu-6177").get("birthDate")) == {"1982-04-18", "1982-04-19"}
    assert (
        "xmlFullSanctionsList_1_1.xml record EU.3092.36: birth date in the ETHIOPIC calendar "
        "not converted, dropped"
    ) in parsed.warnings


def test_hijri_conversion() -> None:
    assert eu_fsf.hijri_to_gregorian(1402, 6, 24) == date(1982, 4, 19)
    assert eu_fsf.hijri_to_gregorian(1431, 3, 21) == date(2010, 3, 7)
    assert eu_fsf.hijri_to_gregorian(1445, 1, 1) == date(2023, 7, 19)


def test_download_url_needs_a_configured_token() -> None:
    (download,) = eu_fsf.INFO.downloads
    assert download.url.startswith(
        "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content?token="
    )
    assert download.url.endswith(eu_fsf.TOKEN_PLACEHOLDER)
    assert "VET_SOURCES_FILE" in (eu_fsf.__doc__ or "")


def test_detect(excerpt: Path, fixtures: Path) -> None:
    assert eu_fsf.detect(excerpt)
    assert not eu_fsf.detect(fixtures / "un" / "consolidated_2026-02-27_excerpt.xml")
    assert not eu_fsf.detect(fixtures / "eu")


# -- bad input -------------------------------------------------------------------------


def test_entity_without_logical_id(excerpt: Path, tmp_path: Path) -> None:
    path = edited(excerpt, tmp_path, 'euReferenceNumber="EU.3953.70" logicalId="3822"', "")
    with pytest.raises(
        ParseError,
        match=r"xmlFullSanctionsList_1_1\.xml record #3: sanctionEntity without logicalId",
    ):
        eu_fsf.parse(path)


def test_entity_without_names(excerpt: Path, tmp_path: Path) -> None:
    text = excerpt.read_text("utf-8")
    start = text.index('<sanctionEntity designationDate="2011-02-26"')
    end = text.index("</sanctionEntity>", start)
    record = text[start:end]
    kept = "\n".join(line for line in record.split("\n") if "nameAlias" not in line)
    path = tmp_path / "xmlFullSanctionsList_1_1.xml"
    path.write_text(text[:start] + kept + text[end:], "utf-8")
    with pytest.raises(ParseError, match=r"record EU\.3886\.3: sanctionEntity without a name"):
        eu_fsf.parse(path)


def test_truncated_file(excerpt: Path, tmp_path: Path) -> None:
    data = excerpt.read_bytes()
    path = tmp_path / "xmlFullSanctionsList_1_1.xml"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(
        ParseError, match=r"xmlFullSanctionsList_1_1\.xml line \d+: malformed XML"
    ) as err:
        eu_fsf.parse(path)
    assert err.value.line is not None and err.value.line > 50


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "xmlFullSanctionsList_1_1.xml"
    path.write_bytes(b"")
    with pytest.raises(ParseError, match=r"xmlFullSanctionsList_1_1\.xml"):
        eu_fsf.parse(path)


def test_un_file_is_refused(fixtures: Path) -> None:
    with pytest.raises(
        ParseError,
        match=r"consolidated_2026-02-27_excerpt\.xml: root element is <CONSOLIDATED_LIST>, "
        r"expected <export> \(EU Financial Sanctions Files XML 1\.1\)",
    ):
        eu_fsf.parse(fixtures / "un" / "consolidated_2026-02-27_excerpt.xml")


def test_no_entities(tmp_path: Path) -> None:
    path = tmp_path / "xmlFullSanctionsList_1_1.xml"
    path.write_text(
        f'<export xmlns="{eu_fsf.NAMESPACE}" generationDate="2026-08-05T16:47:04.449+02:00" '
        'globalFileId="1"/>',
        "utf-8",
    )
    with pytest.raises(ParseError, match=r"no listed parties found"):
        eu_fsf.parse(path)


def test_external_entity_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "xmlFullSanctionsList_1_1.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE export [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
        f'<export xmlns="{eu_fsf.NAMESPACE}" generationDate="2026-08-05T00:00:00"><sanctionEntity '
        'logicalId="1"><remark>&secret;</remark></sanctionEntity></export>',
        "utf-8",
    )
    with pytest.raises(ParseError, match=r"xmlFullSanctionsList_1_1\.xml: refused unsafe XML"):
        eu_fsf.parse(path)


def test_billion_laughs_is_refused(tmp_path: Path) -> None:
    entities = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    path = tmp_path / "xmlFullSanctionsList_1_1.xml"
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE export [<!ENTITY l0 "lol">{entities}]>\n'
        f'<export xmlns="{eu_fsf.NAMESPACE}" generationDate="&l9;"/>',
        "utf-8",
    )
    with pytest.raises(ParseError, match=r"xmlFullSanctionsList_1_1\.xml: refused unsafe XML"):
        eu_fsf.parse(path)
