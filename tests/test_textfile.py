"""One decoder for every text file a user gives vet: a table of encodings x entry points.

The same two names are written in each encoding into a party file (read by the CLI's
reader and uploaded to a real API server), a list kept as a simple CSV, a reviewed report
(``vet decisions import``) and an ownership file; every entry point must read the same
names, or name the same line and problem. A screening skips a row it cannot read and
lists it; an import, all or nothing, is refused at that line.
"""

from __future__ import annotations

import codecs
import logging
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from vet.api import BackgroundServer, create_app
from vet.errors import VetError
from vet.scoring import Matcher
from vet.screen.parties import Party, read_parties
from vet.screen.reviewed import read_reviewed
from vet.sources import simple_csv
from vet.spark.parties import csv_options
from vet.store import Store, import_path
from vet.store.ownership import read_ownership

FIRST, SECOND = "Société Générale", "Müller GmbH"
TEMPLATES = {
    "party file": "name,country\n{0},FR\n{1},DE\n",
    "upload": "name,country\n{0},FR\n{1},DE\n",
    "list": "id,name\na1,{0}\na2,{1}\n",
    "decisions": "Row,Entity ID,Decision,Reason\n2,x-1,match,{0}\n3,x-2,unsure,{1}\n",
    "ownership": "owner,owned,percentage\n{0},Acme Ltd,50\n{1},Acme Ltd,20\n",
}
SKIPS = {"party file", "upload"}
"""Entry points that skip a row they cannot read (the others refuse the file)."""


def utf16_bom_be(text: str) -> bytes:
    return codecs.BOM_UTF16_BE + text.encode("utf-16-be")


ENCODINGS: dict[str, Callable[[str], bytes]] = {
    "UTF-8": lambda t: t.encode("utf-8"),
    "UTF-8 with BOM": lambda t: t.encode("utf-8-sig"),
    "UTF-16 LE with BOM": lambda t: t.encode("utf-16"),
    "UTF-16 BE with BOM": utf16_bom_be,
    "UTF-16 LE": lambda t: t.encode("utf-16-le"),
    "UTF-16 BE": lambda t: t.encode("utf-16-be"),
    "Windows-1252": lambda t: t.encode("cp1252"),
}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    folder = tmp_path_factory.mktemp("textfile")
    listed = folder / "listed.csv"
    listed.write_text("id,name,schema\nb1,Beta Trading,Company\n", encoding="utf-8")
    store = Store(f"sqlite:///{folder / 'vet.db'}")
    import_path(store, listed, kind="simple_csv", list_name="mine")
    return store


@pytest.fixture(scope="module")
def server(store: Store) -> Iterator[str]:
    with BackgroundServer(create_app(store, Matcher.from_store(store))) as url:
        yield url


def upload(server: str, path: Path) -> list[str]:
    """What the API read of ``path``: each row's name, or its line and why it was skipped."""
    with httpx.Client(base_url=server, timeout=30) as http:
        started = http.post("/screenings", files={"file": (path.name, path.read_bytes())})
        if started.status_code != 202:
            raise RuntimeError(started.json()["detail"])
        sid = started.json()["id"]
        deadline = time.monotonic() + 30
        while http.get(f"/screenings/{sid}").json()["status"] in ("queued", "running"):
            assert time.monotonic() < deadline
            time.sleep(0.05)
        report = http.get(f"/screenings/{sid}/report.json").json()
    rows = {p["row"]: p["input"]["name"] for p in report["parties"]}
    rows |= {s["row"]: f"line {s['row']}: {s['problem']}" for s in report["skipped"]}
    return [rows[row] for row in sorted(rows)]


def read(entry: str, path: Path, store: Store, server: str) -> list[str]:
    """The two names as ``entry`` reads them (or a skipped row as 'line N: problem')."""
    if entry == "party file":
        _, rows = read_parties(path)
        return [r.name if isinstance(r, Party) else f"line {r.row}: {r.problem}" for r in rows]
    if entry == "upload":
        return upload(server, path)
    if entry == "list":
        parsed = simple_csv.parse(path)
        return [e.first("name") or "" for e in parsed.entities if e.schema.is_a("LegalEntity")]
    if entry == "decisions":
        return [line.reason for line in read_reviewed(path).lines]
    return [link.owner_name for link in read_ownership(store, path)]


def outcome(entry: str, path: Path, store: Store, server: str) -> list[str]:
    try:
        return read(entry, path, store, server)
    except (VetError, RuntimeError) as exc:
        return [f"refused: {exc}"]


@pytest.mark.parametrize("entry", TEMPLATES)
@pytest.mark.parametrize("encoding", ENCODINGS)
def test_every_entry_point_reads_every_encoding_alike(
    tmp_path: Path, store: Store, server: str, entry: str, encoding: str
) -> None:
    path = tmp_path / "mine.csv"
    path.write_bytes(ENCODINGS[encoding](TEMPLATES[entry].format(FIRST, SECOND)))
    assert outcome(entry, path, store, server) == [FIRST, SECOND]


@pytest.mark.parametrize("entry", TEMPLATES)
def test_windows_1252_is_read_with_a_warning_naming_line_and_byte(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, store: Store, server: str, entry: str
) -> None:
    path = tmp_path / "mine.csv"
    text = TEMPLATES[entry].format(FIRST, SECOND)
    path.write_bytes(text.encode("cp1252"))
    offset = text.encode("cp1252").index(b"\xe9")
    warning = f"mine.csv line 2: not UTF-8 (byte 0xE9 at offset {offset}); read as Windows-1252"
    with caplog.at_level(logging.WARNING):
        if entry == "list":
            assert warning in simple_csv.parse(path).warnings
        else:
            assert outcome(entry, path, store, server) == [FIRST, SECOND]
            assert warning in caplog.messages


BAD_ROWS = {
    "a NUL": (b"M\x00ller GmbH", "holds a NUL character (binary data?)"),
    "a byte Windows-1252 lacks": (
        b"M\x81ller GmbH",
        "holds byte 0x81, which is not valid Windows-1252, the file's encoding; "
        "save the file as UTF-8",
    ),
}


@pytest.mark.parametrize("entry", TEMPLATES)
@pytest.mark.parametrize("bad", BAD_ROWS)
def test_a_row_that_cannot_be_read_is_named_by_its_line(
    tmp_path: Path, store: Store, server: str, entry: str, bad: str
) -> None:
    raw, problem = BAD_ROWS[bad]
    path = tmp_path / "mine.csv"
    first, second = TEMPLATES[entry].encode("cp1252").split(b"{0}")
    head, tail = second.split(b"{1}")
    path.write_bytes(first + FIRST.encode("cp1252") + head + raw + tail)
    if entry in SKIPS:
        expected = [FIRST, f"line 3: column 'name' {problem}"]
    else:
        expected = [f"refused: mine.csv line 3: a value {problem}"]
    assert outcome(entry, path, store, server) == expected


@pytest.mark.parametrize("entry", TEMPLATES)
def test_binary_content_is_refused_alike(
    tmp_path: Path, store: Store, server: str, entry: str
) -> None:
    path = tmp_path / "mine.csv"
    path.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 4)
    kind = "list" if entry == "list" else "CSV"
    assert outcome(entry, path, store, server) == [
        f"refused: mine.csv: binary content, not a {kind} file (it looks like an XLSX "
        "workbook or a ZIP archive; an XLSX file needs the .xlsx extension)"
    ]


@pytest.mark.parametrize(
    ("encoding", "charset"),
    [
        ("UTF-8", "UTF-8"),
        ("UTF-8 with BOM", "UTF-8"),
        ("UTF-16 LE with BOM", "UTF-16"),
        ("UTF-16 BE with BOM", "UTF-16"),
        ("UTF-16 LE", "UTF-16LE"),
        ("UTF-16 BE", "UTF-16BE"),
        ("Windows-1252", "windows-1252"),
    ],
)
def test_spark_reads_a_party_file_in_the_encoding_the_local_reader_chooses(
    tmp_path: Path, encoding: str, charset: str
) -> None:
    path = tmp_path / "parties.csv"
    path.write_bytes(ENCODINGS[encoding](TEMPLATES["party file"].format(FIRST, SECOND)))
    assert csv_options(path)["encoding"] == charset


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_json_lines_party_file_reads_every_encoding_alike(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "parties.jsonl"
    path.write_bytes(ENCODINGS[encoding](f'{{"name": "{FIRST}"}}\n{{"name": "{SECOND}"}}\n'))
    _, rows = read_parties(path)
    assert [r.name if isinstance(r, Party) else r.problem for r in rows] == [FIRST, SECOND]


def test_a_json_lines_row_with_a_nul_is_skipped_alike(tmp_path: Path) -> None:
    # JSON decodes a byte that is not text, and a "\udc80" written in the file, to the same
    # character, so its row is skipped as holding a lone surrogate rather than a byte.
    raw, problem = BAD_ROWS["a NUL"]
    path = tmp_path / "parties.jsonl"
    raw = raw.replace(b"\x00", b"\\u0000")  # a NUL in JSON text is written escaped
    path.write_bytes(f'{{"name": "{FIRST}"}}\n'.encode("cp1252") + b'{"name": "' + raw + b'"}\n')
    _, rows = read_parties(path)
    assert [r.name if isinstance(r, Party) else f"line {r.row}: {r.problem}" for r in rows] == [
        FIRST,
        f"line 2: column 'name' {problem}",
    ]
