"""Reading party files as text: the encoding (byte-order mark, UTF-16 by its zero bytes,
else UTF-8 unless most non-ASCII bytes are not, then Windows-1252), lines with a length
limit, and undecodable bytes kept so their row can be skipped with the byte named."""

from __future__ import annotations

import codecs
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from vet.errors import InputError
from vet.screen.columns import ESCAPED
from vet.sources.encodings import utf16_codec

log = logging.getLogger(__name__)

MAX_LINE = 10_000_000
"""Characters in one CSV line or value, or one JSON record: past this the file is refused
rather than read into memory."""
CHUNK = 1 << 18
"""Bytes or characters read at a time."""
SAMPLE = 8192
"""Characters the CSV delimiter is sniffed from."""
SIGNATURES = {
    b"PK\x03\x04": "an XLSX workbook or a ZIP archive; an XLSX file needs the .xlsx extension",
    b"\xd0\xcf\x11\xe0": "an old Excel .xls workbook; save it as .xlsx or CSV",
    b"%PDF": "a PDF document",
}
"""Leading bytes of files people try to screen that are not text."""
ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16",
    "utf-16-be": "UTF-16",
    "cp1252": "Windows-1252",
}
NON_SPACE = re.compile(r"[^ \t\n\r]")
TEXT_BYTES = bytes(range(0x20, 0x100)) + b"\t\n\r\f\x1b"
"""Bytes that occur in text files: all but most control characters."""


def _utf8_counts(path: Path) -> tuple[int, int]:
    """Non-ASCII characters of ``path`` that are valid UTF-8, and bytes that are not."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="surrogateescape")
    valid = invalid = 0
    with path.open("rb") as handle:
        while True:
            chunk = handle.read(CHUNK)
            if chunk.isascii() and chunk and not decoder.getstate()[0]:
                continue
            text = decoder.decode(chunk, final=not chunk)
            if not text.isascii():
                escaped = len(ESCAPED.findall(text)) if ESCAPED.search(text) else 0
                invalid += escaped
                valid += len(text) - len(text.encode("ascii", "ignore")) - escaped
            if not chunk:
                return valid, invalid


def detect_encoding(path: Path, kind: str = "CSV") -> str:
    """The codec ``path`` is written in; :class:`InputError` for a binary file.

    A byte-order mark decides; then UTF-16 by its zero bytes; then UTF-8 unless
    most non-ASCII bytes are not UTF-8 (a first pass over the file, in chunks),
    in which case Windows-1252, the usual encoding of CSV files saved by Excel.
    """
    with path.open("rb") as handle:
        head = handle.read(4096)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return "utf-16"  # before the signatures: a BOM may look like nothing else
    for magic, what in SIGNATURES.items():
        if head.startswith(magic):
            raise InputError(
                f"{path.name}: binary content, not a {kind} file (it looks like {what})"
            )
    if b"\x00" in head:
        if utf16 := utf16_codec(head):
            return utf16
        # A stray NUL in one cell skips its row (see to_party); binary data is full of
        # control bytes.
        if len(head.translate(None, TEXT_BYTES)) > max(8, len(head) // 100):
            raise InputError(f"{path.name}: binary content, not a {kind} file")
    valid, invalid = _utf8_counts(path)
    if invalid and invalid >= valid:
        log.info("%s is not UTF-8: reading it as Windows-1252", path.name)
        return "cp1252"
    return "utf-8"


def open_text(path: Path, encoding: str) -> TextIO:
    # Undecodable bytes become lone surrogates (U+DC80-U+DCFF), so their row can be
    # skipped with the byte named instead of the whole file failing or being guessed at.
    return path.open(encoding=encoding, errors="surrogateescape", newline="")


def read_lines(handle: TextIO, name: str) -> Iterator[str]:
    """The lines of ``handle``, refusing one too long to hold before it is read whole."""
    line_no = 0
    while line := handle.readline(MAX_LINE + 1):
        line_no += 1
        if len(line) > MAX_LINE:
            raise InputError(
                f"{name} line {line_no}: over {MAX_LINE:,} characters on one line; "
                "is this a party file?"
            )
        yield line


def first_char(path: Path, encoding: str) -> str:
    """The first character of the file that is not white space ('' if none)."""
    with open_text(path, encoding) as handle:
        while chunk := handle.read(SAMPLE):
            if match := NON_SPACE.search(chunk):
                return match.group()
    return ""
