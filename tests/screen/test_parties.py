"""Reading party files: streaming, row numbers, encodings and every kind of bad input.

Each unusable row must come back as a SkippedRow naming the row and the problem (the
report lists them); a file that cannot be read at all is an InputError naming the file,
the line and the problem.
"""

from __future__ import annotations

import csv
import json
import re
import tracemalloc
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from vet.errors import InputError
from vet.report import ReportMeta, write_report
from vet.scoring import Matcher
from vet.screen import Party, SkippedRow, json_parties, read_parties, screen_file
from vet.screen.parties import MAX_LINE, estimate_rows
from vet.store import Store

Row = Party | SkippedRow


def read(path: Path) -> list[Row]:
    _, rows = read_parties(path)
    return list(rows)


def by_row(rows: list[Row]) -> dict[int, str]:
    """Row number -> the party's name, or the reason the row was skipped."""
    return {r.row: r.name if isinstance(r, Party) else f"skipped: {r.problem}" for r in rows}


@pytest.fixture()
def write(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    def write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8", newline="")
        else:
            path.write_bytes(content)
        return path

    return write


Write = Callable[[str, str | bytes], Path]


# -- rows and columns -------------------------------------------------------------------


def test_rows_are_numbered_by_the_line_they_start_on(write: Write) -> None:
    path = write(
        "parties.csv",
        'name,address,country\nAcme Ltd,"1 Main St\nLondon",GB\n\nBeta GmbH,,DE\n,,\nGamma,x,FR\n',
    )
    rows = read(path)
    assert by_row(rows) == {
        2: "Acme Ltd",
        4: "skipped: empty row",
        5: "Beta GmbH",
        6: "skipped: empty row",
        7: "Gamma",
    }
    acme = rows[0]
    assert isinstance(acme, Party)
    assert acme.input == {"name": "Acme Ltd", "address": "1 Main St\nLondon", "country": "GB"}


def test_semicolons_tabs_and_crlf_are_read(write: Write) -> None:
    path = write("parties.csv", "Company Name;Country\r\nAcme Ltd;GB\r\nBeta;DE\r\n")
    columns, rows = read_parties(path)
    assert columns == {"name": "Company Name", "country": "Country"}
    assert by_row(list(rows)) == {2: "Acme Ltd", 3: "Beta"}
    tabs = write("parties.tsv", "name\tcountry\nAcme Ltd\tGB\n")
    assert by_row(read(tabs)) == {2: "Acme Ltd"}


def test_a_missing_name_column_names_the_columns_there_are(write: Write) -> None:
    path = write("parties.csv", "supplier_code,city\n1,Paris\n")
    with pytest.raises(InputError, match="no name column found among: supplier_code, city"):
        read_parties(path)


def test_a_row_without_a_name_is_skipped_with_the_reason(write: Write) -> None:
    path = write("parties.csv", "name,country\n,GB\nAcme,\n")
    assert by_row(read(path)) == {2: "skipped: the name is empty", 3: "Acme"}


def test_a_repeated_header_does_not_hide_the_first_column(write: Write) -> None:
    path = write("contacts.csv", "name,country,name\nAcme Ltd,GB,John Smith\n")
    columns, rows = read_parties(path)
    party = next(rows)
    assert columns["name"] == "name"
    assert isinstance(party, Party)
    assert party.name == "Acme Ltd"
    assert party.input == {"name": "Acme Ltd", "country": "GB", "name (column 3)": "John Smith"}


def test_extra_fields_skip_the_row_naming_the_counts(write: Write) -> None:
    path = write("parties.csv", "name,country\nAcme,GB,oops\nBeta,DE,\n")
    assert by_row(read(path)) == {2: "skipped: 3 fields, the header has 2", 3: "Beta"}


def test_a_formula_is_screened_as_the_text_it_is(write: Write) -> None:
    path = write(
        "parties.csv",
        'name,country\n"=HYPERLINK(""http://x.example"",""Acme"")",GB\n+Beta,DE\n@Gamma,FR\n',
    )
    assert by_row(read(path)) == {
        2: '=HYPERLINK("http://x.example","Acme")',
        3: "+Beta",
        4: "@Gamma",
    }


def test_a_formula_reaches_the_report_as_text(
    write: Write, matcher: Matcher, store: Store, tmp_path: Path
) -> None:
    path = write("parties.csv", 'name,country\n"=1+2",GB\nAcme,GB\n')
    screening = screen_file(path, matcher)
    assert [r.party.name for r in screening.results] == ["=1+2", "Acme"]
    out = tmp_path / "report.csv"
    write_report(
        screening, out, "csv", ReportMeta.for_screening(screening, store.active_versions())
    )
    with out.open(encoding="utf-8-sig", newline="") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert "'=1+2" in cells
    assert "=1+2" not in cells


# -- bad values ---------------------------------------------------------------------------


def test_a_million_character_value_skips_its_row_only(write: Write) -> None:
    path = write("parties.csv", "name,notes\nAcme," + "x" * 1_000_000 + "\nBeta,short\n")
    assert by_row(read(path)) == {
        2: "skipped: column 'notes' is over 10,000 characters",
        3: "Beta",
    }


def test_a_line_too_long_to_hold_is_refused_naming_the_line(write: Write) -> None:
    path = write("parties.csv", "name\nAcme\n" + "y" * (MAX_LINE + 1) + "\nBeta\n")
    _, rows = read_parties(path)
    assert isinstance(next(rows), Party)
    with pytest.raises(InputError, match=r"parties\.csv line 3: over 10,000,000 characters"):
        next(rows)


@pytest.mark.parametrize("row", ['"Beta,DE', 'Beta,"DE', 'Beta,DE,"x'])
def test_a_quote_left_open_to_the_end_breaks_the_file_off(write: Write, row: str) -> None:
    path = write("parties.csv", f"name,country\nAcme,GB\n{row}\nGamma,FR\nDelta,IT\n")
    _, rows = read_parties(path)
    assert next(rows).row == 2
    with pytest.raises(InputError, match=r"parties\.csv line 3: a quote opened in this row"):
        next(rows)


def test_a_value_over_lines_with_its_quotes_closed_is_read(write: Write) -> None:
    path = write("parties.csv", 'name,address\nAcme,"1 High St\nLondon"\nBeta,x\n')
    assert by_row(read(path)) == {2: "Acme", 4: "Beta"}


def test_a_nul_character_skips_its_row(write: Write) -> None:
    path = write("parties.csv", b"name,country\n" + b"Acme,GB\n" * 600 + b"Be\x00ta,DE\nGamma,FR\n")
    rows = by_row(read(path))
    assert rows[602] == "skipped: column 'name' holds a NUL character (binary data?)"
    assert rows[603] == "Gamma"


def test_a_nul_character_near_the_top_skips_only_its_row(write: Write) -> None:
    path = write("parties.csv", b"name,country\nAcme,GB\nBe\x00ta,DE\nGamma,FR\n")
    assert by_row(read(path)) == {
        2: "Acme",
        3: "skipped: column 'name' holds a NUL character (binary data?)",
        4: "Gamma",
    }


def test_a_binary_file_is_refused(write: Write) -> None:
    path = write("parties.csv", bytes(range(256)) * 4)
    with pytest.raises(InputError, match=r"^parties.csv: binary content, not a CSV file$"):
        read_parties(path)


def test_a_workbook_named_csv_is_refused_with_a_hint(write: Write, tmp_path: Path) -> None:
    book = Workbook()
    book.active.append(["name"])
    book.save(tmp_path / "book.xlsx")
    path = write("parties.csv", (tmp_path / "book.xlsx").read_bytes())
    with pytest.raises(InputError, match=r"binary content.*needs the \.xlsx extension"):
        read_parties(path)


def test_an_empty_file_is_refused(write: Write) -> None:
    for name in ("parties.csv", "parties.json"):
        with pytest.raises(InputError, match=f"{name}: the file is empty"):
            read_parties(write(name, "  \n\n"))


# -- encodings ----------------------------------------------------------------------------

TEXT = "name,country\nSociété Générale,FR\nМосковский банк,RU\nMüller & Söhne,DE\n"
NAMES = {2: "Société Générale", 3: "Московский банк", 4: "Müller & Söhne"}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
def test_unicode_encodings_are_recognised(write: Write, encoding: str) -> None:
    assert by_row(read(write("parties.csv", TEXT.encode(encoding)))) == NAMES


def test_a_windows_1252_file_is_read_as_such(write: Write) -> None:
    text = "name,country\nSociété Générale,FR\nCafé “Zürich”,CH\n"
    rows = read(write("parties.csv", text.encode("cp1252")))
    assert by_row(rows) == {2: "Société Générale", 3: "Café “Zürich”"}


def test_a_stray_byte_in_a_utf8_file_skips_only_its_row(write: Write) -> None:
    content = (
        "name,country\nSociété Générale,FR\n".encode()
        + "Café,FR\n".encode("cp1252")
        + "Müller,DE\n".encode()
    )
    assert by_row(read(write("parties.csv", content))) == {
        2: "Société Générale",
        3: "skipped: column 'name' holds byte 0xE9, which is not valid UTF-8, the file's encoding; "
        "save the file as UTF-8",
        4: "Müller",
    }


def test_a_byte_windows_1252_lacks_skips_its_row(write: Write) -> None:
    content = "name\nCafé\n".encode("cp1252") + b"Bad \x81 byte\n" + "Günther\n".encode("cp1252")
    assert by_row(read(write("parties.csv", content))) == {
        2: "Café",
        3: "skipped: column 'name' holds byte 0x81, which is not valid Windows-1252, the file's "
        "encoding; "
        "save the file as UTF-8",
        4: "Günther",
    }


# -- XLSX ---------------------------------------------------------------------------------


def save_with_cached_values(book: Workbook, path: Path, values: dict[str, str]) -> None:
    """Save ``book`` as Excel would: each formula cell in ``values`` with its computed value.

    openpyxl writes formulas without values; Excel, LibreOffice and most exporters
    save the value beside the formula.
    """
    plain = path.with_suffix(".plain.xlsx")
    book.save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode("utf-8")
                for cell, value in values.items():
                    start = text.index(f'<c r="{cell}"')
                    end = text.index("</c>", start)
                    formula = text[text.index("<f>", start) : text.index("</f>", start) + 4]
                    assert start < text.index("<f>", start) < end
                    text = (
                        f'{text[:start]}<c r="{cell}" t="str">{formula}<v>{value}</v>{text[end:]}'
                    )
                data = text.encode("utf-8")
            target.writestr(item, data)


def test_an_xlsx_formula_gives_its_saved_value(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Name", "Country", "Date of birth"])
    sheet.append(['=UPPER("acme trading ltd")', "GB", None])
    sheet.append(["Ivan Petrov", "RU", datetime(1965, 3, 2)])
    path = tmp_path / "parties.xlsx"
    save_with_cached_values(book, path, {"A2": "ACME TRADING LTD"})
    rows = read(path)
    assert by_row(rows) == {2: "ACME TRADING LTD", 3: "Ivan Petrov"}
    assert isinstance(rows[1], Party)
    assert rows[1].birth_date == "1965-03-02"


def test_an_xlsx_formula_saved_without_its_value_is_reported(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["name", "country"])
    sheet.append(['=CONCAT("Acme", " Ltd")', "GB"])
    sheet.append(['=CONCAT("Beta", " Ltd")', '=LEFT("DE", 2)'])
    sheet.append([None, None])
    sheet.append(["Gamma", "FR"])
    path = tmp_path / "generated.xlsx"
    book.save(path)
    problem = (
        "skipped: the name is a formula (={}) saved without its value; "
        "open and save the file in Excel, or paste the values"
    )
    assert by_row(read(path)) == {
        2: problem.format('CONCAT("Acme", " Ltd")'),
        3: problem.format('CONCAT("Beta", " Ltd")'),
        4: "skipped: empty row",
        5: "Gamma",
    }


def test_a_damaged_xlsx_is_refused(write: Write) -> None:
    with pytest.raises(InputError, match=r"parties\.xlsx: .*XLSX"):
        read_parties(write("parties.xlsx", b"PK\x03\x04 not really a workbook"))


# -- JSON ---------------------------------------------------------------------------------


def test_json_lines_are_numbered_by_line(write: Write) -> None:
    path = write(
        "parties.jsonl",
        '{"name": "Acme", "country": ["GB", "IE"]}\n\n[1]\n{"name": "Beta", "id": 7}\n',
    )
    rows = read(path)
    assert by_row(rows) == {1: "Acme", 3: "skipped: not a JSON object", 4: "Beta"}
    assert isinstance(rows[0], Party) and rows[0].countries == ("GB", "IE")
    assert isinstance(rows[2], Party) and rows[2].own_id == "7"


def test_a_json_array_is_streamed_across_chunks(write: Write) -> None:
    # Numbers last in each object, so some end exactly where a chunk of the file ends.
    records = [{"name": f"Party {i}", "note": "é" * (i % 50), "id": i} for i in range(20_000)]
    records[7] = "not an object"  # type: ignore[call-overload]
    path = write("parties.json", json.dumps(records, ensure_ascii=False, indent=1))
    rows = read(path)
    assert len(rows) == 20_000
    assert rows[7] == SkippedRow(8, "not a JSON object")
    expected = {i + 1: f"Party {i}" for i in range(20_000) if i != 7}
    assert {r.row: r.name for r in rows if isinstance(r, Party)} == expected
    assert all(isinstance(r, SkippedRow) or r.own_id == str(r.row - 1) for r in rows)


def test_a_json_array_cut_anywhere_by_the_reader_gives_the_same_items(
    write: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write("parties.json", '[{"name": "Acme"}, 123456789, true, null,\n{"name": "Beta"} ]')
    for chunk in (1, 2, 3, 5, 8):
        monkeypatch.setattr(json_parties, "SAMPLE", chunk)
        assert by_row(read(path)) == {
            1: "Acme",
            2: "skipped: not a JSON object",
            3: "skipped: not a JSON object",
            4: "skipped: not a JSON object",
            5: "Beta",
        }, chunk


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"name": "Acme"}\n{"name": nope}\n', "line 2: not valid JSON (Expecting value)"),
        ('[{"name": "Acme"},\n\n {"name": "B" "x"}]', "line 3: not valid JSON"),
        ('[{"name": "Acme"},\n{"name": "B"}', "line 2: not valid JSON (the array is not closed)"),
        ('[{"name": "Acme"}]\n[]', "line 2: not valid JSON (extra data after the array)"),
        ("[1, 2]", "no JSON object (party) in the file"),
    ],
)
def test_broken_json_names_the_line_before_any_row_is_read(
    write: Write, content: str, message: str
) -> None:
    with pytest.raises(InputError, match=rf"parties\.json:? {re.escape(message)}"):
        read_parties(write("parties.json", content))


def test_json_values_that_cannot_be_stored_skip_their_row(write: Write) -> None:
    path = write("parties.json", '[{"name": "A\\udc80"}, {"name": "B\\u0000"}, {"name": "C"}]')
    assert by_row(read(path)) == {
        1: "skipped: column 'name' holds an invalid character (a lone UTF-16 surrogate)",
        2: "skipped: column 'name' holds a NUL character (binary data?)",
        3: "C",
    }


# -- memory -------------------------------------------------------------------------------


def peak_while_reading(path: Path) -> tuple[int, int]:
    """(rows read, peak bytes Python allocated while reading them all)."""
    tracemalloc.start()
    try:
        _, rows = read_parties(path)
        count = sum(1 for _ in rows)
        return count, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


NOTE = "Lorem ipsum dolor sit amet, société générale müller " * 18


def test_csv_and_json_lines_are_streamed_in_flat_memory(tmp_path: Path) -> None:
    path = tmp_path / "parties.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("id,name,country,notes\n")
        for i in range(10_000):
            handle.write(f'P{i},Müller Trading {i} GmbH,DE,"{NOTE}"\n')
    lines = tmp_path / "parties.jsonl"
    with lines.open("w", encoding="utf-8") as handle:
        for i in range(10_000):
            record = {"id": i, "name": f"Müller Trading {i}", "notes": NOTE}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    for file in (path, lines):
        size = file.stat().st_size
        assert size > 9_000_000
        count, peak = peak_while_reading(file)
        assert count == 10_000
        assert peak < size / 4, f"{file.name}: peak {peak:,} bytes for a {size:,}-byte file"


@pytest.mark.slow
def test_a_50_mb_file_is_read_in_a_few_megabytes(tmp_path: Path) -> None:
    path = tmp_path / "parties.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("id,name,country,identifiers,notes\n")
        i = 0
        while handle.tell() < 50_000_000:
            i += 1
            handle.write(f"P{i},Société Müller {i} AG,CH,CHE-{i:09},{NOTE[:200]}\n")
    array = tmp_path / "parties.json"
    with array.open("w", encoding="utf-8") as handle:
        handle.write("[")
        for j in range(100_000):
            record = {"id": j, "name": f"Müller {j}", "aliases": ["M", "N"], "notes": NOTE}
            handle.write(("," if j else "") + json.dumps(record, ensure_ascii=False))
        handle.write("]")
    assert estimate_rows(path) == i
    for file, rows in ((path, i), (array, 100_000)):
        count, peak = peak_while_reading(file)
        assert count == rows
        assert peak < 5_000_000, f"{file.name}: peak {peak:,} bytes"


@pytest.mark.parametrize("name", ["parties.json", "parties.jsonl"])
def test_deeply_nested_json_is_refused_naming_the_line(write: Write, name: str) -> None:
    deep = '{"name": "Acme", "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    text = (
        ('[{"name": "Beta"},\n' + deep + "]")
        if name.endswith(".json")
        else ('{"name": "Beta"}\n' + deep + "\n")
    )
    with pytest.raises(InputError, match=rf"{name} line 2: (item 2 )?is nested too deeply"):
        read(write(name, text))
