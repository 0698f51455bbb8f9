"""Reading a user's text file: one rule for every file vet reads as text.

Party files (CLI, upload, Spark), list files (simple CSV, CSL, DPL, OFAC CSV, OFSI CSV,
FtM JSON), reviewed reports (``vet decisions import``) and ownership files are all
decoded here, the same way:

1. A byte-order mark decides: UTF-8, UTF-16 LE or UTF-16 BE (the mark is dropped).
2. Without one, UTF-16 is told by its zero bytes (a spreadsheet's "Unicode text").
3. A file that starts like a workbook, archive or PDF, or whose first 4 KB hold a NUL
   among many other control bytes (over 1 in 100), is refused as binary. A NUL here and
   there is not binary: it names its row.
4. Otherwise the file is UTF-8, unless most of its non-ASCII bytes are not valid UTF-8:
   then it is read as Windows-1252 (what Excel saves as "CSV"), with a warning naming
   the line and offset of the first byte that is not UTF-8.
5. A byte that is not valid in the encoding chosen, and a NUL character, are never
   guessed at: :func:`value_problem` names them, and the reader names their row. A
   screening skips such a row and lists it in the report; an import that is all or
   nothing (a list, a reviewed report, an ownership file) is refused at that line
   (:func:`read_text`).

Every refusal reads ``FILE line N: problem`` (``FILE: problem`` for the whole file); it is
an :class:`~vet.errors.InputError`, or the caller's own kind (a list's ``ParseError``).
"""

from __future__ import annotations

import codecs
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import TextIO

from vet.errors import InputError, VetError

log = logging.getLogger(__name__)

MAX_LINE = 10_000_000
"""Characters in one CSV line or value, or one JSON record: past this the file is refused
rather than read into memory."""
CHUNK = 1 << 18
"""Bytes or characters read at a time."""
SAMPLE = 8192
"""Characters a CSV delimiter is sniffed from."""
HEAD = 4096
"""Bytes the byte-order mark, UTF-16 and binary content are told from."""
SIGNATURES = {
    b"PK\x03\x04": "an XLSX workbook or a ZIP archive; an XLSX file needs the .xlsx extension",
    b"\xd0\xcf\x11\xe0": "an old Excel .xls workbook; save it as .xlsx or CSV",
    b"%PDF": "a PDF document",
}
"""Leading bytes of files people try to read that are not text."""
ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16",
    "utf-16-be": "UTF-16",
    "cp1252": "Windows-1252",
}
NUL = "holds a NUL character (binary data?)"
ESCAPED = re.compile("[\udc80-\udcff]")
"""An undecodable byte, as the ``surrogateescape`` error handler keeps it."""
NON_SPACE = re.compile(r"[^ \t\n\r]")
TEXT_BYTES = bytes(range(0x20, 0x100)) + b"\t\n\r\f\x1a\x1b"
"""Bytes that occur in text files: all but most control characters (0x1A ends OFAC files)."""

Refusal = Callable[[Path, str, "int | None"], VetError]
"""Makes the error for (file, problem, line): the message is always ``FILE line N: problem``."""


def input_error(path: Path, problem: str, line: int | None = None) -> InputError:
    """The refusal for party files, reviewed reports and ownership files."""
    return InputError(f"{path.name}{'' if line is None else f' line {line}'}: {problem}")


@dataclass(frozen=True)
class Encoding:
    """The codec a file is read with, and why it is not UTF-8 when it fell back."""

    codec: str
    fallback: tuple[int, int, int] | None = None
    """(line, offset, byte) of the first byte that is not UTF-8, when read as Windows-1252."""

    @property
    def label(self) -> str:
        return ENCODING_NAMES[self.codec]

    def warning(self, name: str) -> str | None:
        """``FILE line N: not UTF-8 (...); read as Windows-1252``, or None."""
        if self.fallback is None:
            return None
        line, offset, byte = self.fallback
        return (
            f"{name} line {line}: not UTF-8 (byte 0x{byte:02X} at offset {offset}); "
            "read as Windows-1252"
        )


@dataclass(frozen=True)
class Text:
    """A whole file decoded: its text (byte-order mark dropped) and encoding."""

    text: str
    encoding: Encoding


def utf16_codec(head: bytes) -> str | None:
    """``utf-16`` (with a BOM), ``utf-16-le``/``-be`` (ASCII text with a zero byte in every
    other byte), or None for text that is not UTF-16."""
    if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return "utf-16"
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) >= len(odd) / 2 and even.count(0) <= len(even) / 20:
        return "utf-16-le"
    if even.count(0) >= len(even) / 2 and odd.count(0) <= len(odd) / 20:
        return "utf-16-be"
    return None


def _utf8_fallback(chunks: Iterator[bytes]) -> tuple[int, int, int] | None:
    """(line, offset, byte) of the first byte that is not UTF-8, when most non-ASCII bytes
    of ``chunks`` are not UTF-8; None when the text is UTF-8 (a stray byte or two aside)."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="surrogateescape")
    valid = invalid = offset = lines = 0
    first: tuple[int, int, int] | None = None
    for chunk in chain(chunks, [b""]):
        carried = decoder.getstate()[0]
        if chunk.isascii() and chunk and not carried:
            offset += len(chunk)
            lines += chunk.count(b"\n")
            continue
        text = decoder.decode(chunk, final=not chunk)
        if not text.isascii():
            escaped = len(ESCAPED.findall(text))
            if escaped and first is None:
                first = _first_bad(carried + chunk, offset - len(carried), lines)
            invalid += escaped
            valid += len(text) - len(text.encode("ascii", "ignore")) - escaped
        offset += len(chunk)
        lines += chunk.count(b"\n")
    return first if invalid and invalid >= valid else None


def _first_bad(data: bytes, start: int, lines: int) -> tuple[int, int, int]:
    """(line, offset, byte) where UTF-8 breaks in ``data``, which starts at file offset
    ``start`` after ``lines`` line breaks."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        at = exc.start
        return (lines + data[:at].count(b"\n") + 1, start + at, data[at])
    return (lines + 1, start, data[0] if data else 0)


def _head_encoding(head: bytes, path: Path, kind: str, refuse: Refusal) -> str | None:
    """The codec the first bytes decide (a byte-order mark, UTF-16), or None; refuses binary."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return "utf-16"  # before the signatures: a BOM may look like nothing else
    for magic, what in SIGNATURES.items():
        if head.startswith(magic):
            raise refuse(path, f"binary content, not a {kind} file (it looks like {what})", None)
    if b"\x00" in head:
        if utf16 := utf16_codec(head):
            return utf16
        # A stray NUL in one cell names its row; binary data is full of control bytes.
        if len(head.translate(None, TEXT_BYTES)) > max(8, len(head) // 100):
            raise refuse(path, f"binary content, not a {kind} file", None)
    return None


def choose_encoding(path: Path, kind: str = "CSV", refuse: Refusal = input_error) -> Encoding:
    """How ``path`` is read (see the module's rule); a first pass over the file, in chunks."""
    with path.open("rb") as handle:
        head = handle.read(HEAD)
        if codec := _head_encoding(head, path, kind, refuse):
            return Encoding(codec)
        handle.seek(0)
        fallback = _utf8_fallback(iter(lambda: handle.read(CHUNK), b""))
    return Encoding("cp1252", fallback) if fallback else Encoding("utf-8")


def detect_encoding(path: Path, kind: str = "CSV") -> str:
    """The codec of :func:`choose_encoding`, logging the fallback's warning."""
    encoding = choose_encoding(path, kind)
    if warning := encoding.warning(path.name):
        log.warning("%s", warning)
    return encoding.codec


def value_problem(value: str, encoding: str) -> str | None:
    """Why a decoded value cannot be read (a NUL, a byte not valid in ``encoding``), or None.

    Read after ``column 'NAME'``: "holds a NUL character (binary data?)".
    """
    if "\x00" in value:
        return NUL
    if not value.isascii() and (bad := ESCAPED.search(value)):
        byte = ord(bad.group()) - 0xDC00
        return (
            f"holds byte 0x{byte:02X}, which is not valid {ENCODING_NAMES[encoding]}, "
            "the file's encoding; save the file as UTF-8"
        )
    return None


def row_problem(values: Iterable[tuple[str, str]], encoding: str) -> str | None:
    """Why a row of (column, value) cannot be read: ``column 'name' holds ...``, or None."""
    for column, value in values:
        if problem := value_problem(value, encoding):
            return f"column {column!r} {problem}"
    return None


def read_text(path: Path, kind: str = "CSV", refuse: Refusal = input_error) -> Text:
    """The whole of ``path`` decoded, for an import that is all or nothing.

    The first NUL or undecodable byte refuses the file, naming its line.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise refuse(path, f"cannot read ({exc.strerror})", None) from exc
    codec = _head_encoding(raw[:HEAD], path, kind, refuse)
    fallback = None if codec else _utf8_fallback(iter([raw]))
    encoding = Encoding(codec or ("cp1252" if fallback else "utf-8"), fallback)
    try:
        text = raw.decode(encoding.codec, errors="surrogateescape")
    except UnicodeDecodeError as exc:  # UTF-16's handler cannot escape an odd byte
        raise refuse(path, f"not valid UTF-16 text ({exc.reason})", None) from exc
    text = text.removeprefix("\ufeff")
    bad = ESCAPED.search(text) if not text.isascii() else None
    found = [i for i in (text.find("\x00"), bad.start() if bad else -1) if i >= 0]
    if found:
        at = min(found)
        problem = value_problem(text[at], encoding.codec)
        line = text.count("\n", 0, at) + 1
        raise refuse(path, f"a value {problem}", line)
    return Text(text, encoding)


def load_text(path: Path, kind: str = "CSV") -> str:
    """The text of :func:`read_text`, logging the fallback's warning."""
    text = read_text(path, kind)
    if warning := text.encoding.warning(path.name):
        log.warning("%s", warning)
    return text.text


def decode_head(head: bytes) -> str:
    """The first bytes of a file as text, for telling formats apart (never refuses)."""
    return head.decode(utf16_codec(head) or "utf-8", errors="replace").lstrip("\ufeff")


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
            problem = f"over {MAX_LINE:,} characters on one line; is this a party file?"
            raise InputError(f"{name} line {line_no}: {problem}")
        yield line


def first_char(path: Path, encoding: str) -> str:
    """The first character of the file that is not white space ('' if none)."""
    with open_text(path, encoding) as handle:
        while chunk := handle.read(SAMPLE):
            if match := NON_SPACE.search(chunk):
                return match.group()
    return ""
