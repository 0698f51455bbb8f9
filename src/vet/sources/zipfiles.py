"""Zip archives (XLSX workbooks, OFAC's enhanced-XML zip) checked before anything is read.

A zip bomb packs gigabytes into a few megabytes: an OFSI-like workbook whose shared
strings unpack to 3 GB from 10 MB made ``vet lists import``, ``vet screen`` and the
server's upload grow to several GB. :func:`zip_problem` looks at the central directory
only (no decompression) and names the first member that unpacks to more than allowed
or is compressed far more than real spreadsheets and list files are (they compress
5 to 20 to 1). The declared size is also what is read: Python's :mod:`zipfile`, which
openpyxl reads through, stops a member at its declared size and refuses it when the
bytes do not match their CRC, so a member cannot unpack to more than it declares.
:func:`copy_member` counts the bytes actually unpacked as a second guard.

Every reader of a zip calls :func:`zip_problem` first and raises its own error
(``ParseError`` for a list file, ``InputError`` for a party file) with the message.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import BinaryIO

MAX_MEMBER = 1 << 30
"""Bytes one member may unpack to (a streamed worksheet or XML file)."""
MAX_HELD = 64 << 20
"""Bytes a member read whole into memory may unpack to (a workbook's shared strings):
openpyxl holds them all as Python strings (250 MB of them, just under the former 256 MB
limit, took ``vet screen`` from 119 to 476 MB; bench/RESULTS.md). Real shared strings are
a fraction of their sheets (OFSI's ConList: 4 MB beside a 12.8 MB sheet)."""
HELD_FLOOR = 16 << 20
"""Shared strings may always unpack to this much, however small the sheets."""
HELD_PER_SHEET_BYTE = 2
"""Beyond :data:`HELD_FLOOR`, shared strings may unpack to this many times the workbook's
sheets: each string a sheet uses is named in one of its cells, so strings far larger than
the cells (rows) naming them are padding."""
SHEETS = "xl/worksheets/"
MAX_TOTAL = 2 << 30
"""Bytes all members together may unpack to."""
MAX_RATIO = 100
"""Most a member over :data:`RATIO_FROM` may be compressed (unpacked / packed size)."""
RATIO_FROM = 16 << 20
"""Members unpacking to fewer bytes than this may be compressed any amount."""
HELD = ("xl/sharedstrings.xml",)
"""Members (lower case) that readers hold in memory whole rather than stream."""
CHUNK = 1 << 20


def _size(n: int) -> str:
    return f"{n / (1 << 20):,.1f} MB" if n >= 1 << 20 else f"{n:,} bytes"


def member_problem(member: zipfile.ZipInfo) -> str | None:
    """Why one member may not be unpacked, or None."""
    unpacked, packed = member.file_size, member.compress_size
    held = member.filename.lower() in HELD
    limit = MAX_HELD if held else MAX_MEMBER
    if unpacked > limit:
        return (
            f"{member.filename} unpacks to {_size(unpacked)}, more than the {_size(limit)} allowed"
        )
    if unpacked > RATIO_FROM and unpacked > MAX_RATIO * max(packed, 1):
        return (
            f"{member.filename} unpacks to {_size(unpacked)} from {_size(packed)} "
            f"({unpacked // max(packed, 1):,} to 1; real files are under {MAX_RATIO} to 1)"
        )
    return None


def held_problem(member: zipfile.ZipInfo, members: list[zipfile.ZipInfo]) -> str | None:
    """Why a member read whole (shared strings) is too large for the sheets beside it."""
    if member.filename.lower() not in HELD:
        return None
    sheets = sum(m.file_size for m in members if m.filename.lower().startswith(SHEETS))
    limit = max(HELD_FLOOR, HELD_PER_SHEET_BYTE * sheets)
    if member.file_size <= limit:
        return None
    return (
        f"{member.filename} unpacks to {_size(member.file_size)}, more than the "
        f"{_size(limit)} allowed beside sheets of {_size(sheets)} (shared strings may unpack "
        f"to {HELD_PER_SHEET_BYTE} times the sheets, {_size(HELD_FLOOR)} at least)"
    )


def zip_problem(path: Path) -> str | None:
    """Why the zip at ``path`` may not be read (a zip bomb, or damaged), or None.

    The message is one line naming the member; the caller adds the file's name.
    """
    if not looks_like_zip(path):
        return "not a zip archive, as an XLSX workbook is"
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
        return f"damaged or truncated zip archive (XLSX or ZIP): {exc}"
    total = 0
    for member in members:
        if problem := member_problem(member) or held_problem(member, members):
            return f"{problem}: refused as a zip bomb"
        total += member.file_size
    if total > MAX_TOTAL:
        return (
            f"unpacks to {_size(total)} in all, more than the {_size(MAX_TOTAL)} allowed: refused"
        )
    return None


def looks_like_zip(path: Path) -> bool:
    """The file starts as a zip archive does (an XLSX workbook is one), damaged or not."""
    try:
        with open(path, "rb") as handle:
            return handle.read(4) == b"PK\x03\x04"
    except OSError:
        return False


def copy_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, output: BinaryIO) -> None:
    """Unpack ``member`` into ``output``, stopping past its declared size or :data:`MAX_MEMBER`.

    ``ValueError`` names the member when it unpacks to more than it declared.
    """
    limit = min(member.file_size, MAX_MEMBER)
    copied = 0
    with archive.open(member) as source:
        while chunk := source.read(CHUNK):
            copied += len(chunk)
            if copied > limit:
                raise ValueError(
                    f"{member.filename} unpacks to more than the {_size(limit)} it declares"
                )
            output.write(chunk)
