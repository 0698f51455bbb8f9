"""Zip-bomb workbooks for the hostile-input tests and ``bench/zipbomb.py``, generated, never stored.

``write_bomb_workbook`` writes a real, readable XLSX (openpyxl's own parts) whose shared
strings carry ``padding`` extra bytes of one repeated string that deflate packs about
1000 to 1: 3 GB become about 3 MB, as in the OFSI-like workbook of issue 16.
``declare_size`` rewrites the size a member declares in the central directory, for a
bomb that lies about its size (or one that declares gigabytes without the work of
packing them).

Run as a script to write one: ``python tests/hostile/make_zipbomb.py out.xlsx 3000`` (MB).
"""

from __future__ import annotations

import base64
import io
import os
import struct
import sys
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from openpyxl import Workbook

from vet.sources.uk_ofsi import COLUMNS

OFSI_HEADER = COLUMNS
PARTY_HEADER = ("name", "country")
CHUNK = 1 << 20
SHARED = "xl/sharedStrings.xml"
SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SST_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def ofsi_rows() -> list[Sequence[str]]:
    """The first lines of an OFSI ConList workbook: date, header, one designation."""
    row = dict.fromkeys(OFSI_HEADER, "")
    row.update({"Name 6": "HOSTILE TRADING", "Group Type": "Entity", "Alias Type": "Primary name"})
    row.update({"Regime": "Russia", "Listed On": "01/01/2024", "Group ID": "1"})
    return [("Last Updated", "10/04/2025"), OFSI_HEADER, tuple(row.values())]


def party_rows() -> list[Sequence[str]]:
    return [PARTY_HEADER, ("Hostile Trading Ltd", "GB")]


def varied_pieces(count: int) -> Iterator[bytes]:
    """Shared strings of 1,000 letters that deflate packs only about 20 to 1 (each a
    different 40-letter run, repeated): under the limit on how far a member may be packed."""
    for _ in range(count):
        unit = base64.b32encode(os.urandom(25))
        yield b"<si><t>" + unit * 25 + b"</t></si>"


def write_bomb_workbook(
    path: Path, rows: list[Sequence[str]], padding: int, level: int = 9, *, varied: bool = False
) -> Path:
    """An XLSX of ``rows`` whose shared strings are padded with ``padding`` bytes (of one
    repeated string, or with ``varied`` of :func:`varied_pieces`)."""
    book = Workbook()
    for row in rows:
        book.active.append(list(row))
    plain = io.BytesIO()
    book.save(plain)
    with (
        zipfile.ZipFile(plain) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as target,
    ):
        for member in source.infolist():
            data = source.read(member).decode()
            if member.filename == "[Content_Types].xml":
                data = data.replace(
                    "</Types>", f'<Override PartName="/{SHARED}" ContentType="{SST_TYPE}"/></Types>'
                )
            elif member.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    "</Relationships>",
                    f'<Relationship Id="rIdBomb" Type="{SST_REL}" Target="sharedStrings.xml"/>'
                    "</Relationships>",
                )
            target.writestr(member.filename, data)
        with target.open(SHARED, "w", force_zip64=True) as out:
            out.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            piece = b"<si><t>" + b"A" * 1000 + b"</t></si>"
            if varied:
                for varied_piece in varied_pieces(padding // len(piece)):
                    out.write(varied_piece)
                padding = 0
            block = piece * (CHUNK // len(piece))
            pieces = padding // len(piece)
            while pieces > 0:
                count = min(pieces, CHUNK // len(piece))
                out.write(block[: count * len(piece)])
                pieces -= count
            out.write(b"</sst>")
    return path


def declare_size(path: Path, member: str, size: int) -> None:
    """Make ``member`` declare ``size`` bytes uncompressed in the central directory."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member)
    name = info.filename.encode()
    at = -1
    while (at := data.find(b"PK\x01\x02", at + 1)) >= 0:
        (name_len,) = struct.unpack_from("<H", data, at + 28)
        if data[at + 46 : at + 46 + name_len] == name:
            struct.pack_into("<I", data, at + 24, size)
            path.write_bytes(bytes(data))
            return
    raise LookupError(member)


if __name__ == "__main__":
    target, megabytes = Path(sys.argv[1]), int(sys.argv[2])
    write_bomb_workbook(target, ofsi_rows(), megabytes << 20)
    print(f"{target}: {target.stat().st_size:,} bytes")
