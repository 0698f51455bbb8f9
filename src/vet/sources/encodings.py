"""UTF-16 told from its byte-order mark or its zero bytes: shared by list and party files.

A spreadsheet program's "Unicode text" export is UTF-16; read as UTF-8 its header is
unrecognisable ("missing required column(s) id, name"), so every text reader asks here
first.
"""

from __future__ import annotations

import codecs


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
