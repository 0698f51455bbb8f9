"""Where a report goes: a path (opened and closed here) or a stream the caller owns."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


@contextmanager
def text_target(out: Path | IO[str], *, bom: bool = False) -> Iterator[IO[str]]:
    """A text stream for ``out``; with ``bom``, a UTF-8 byte order mark comes first."""
    if isinstance(out, Path):
        with out.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as stream:
            yield stream
    else:
        if bom:
            out.write("\ufeff")
        yield out
        out.flush()
