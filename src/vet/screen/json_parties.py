"""Party files in JSON: an array of objects or JSON lines, streamed either way, after a
first pass that checks the file and collects the keys."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from vet.errors import InputError
from vet.screen.columns import Party, SkippedRow, detect_columns, to_party
from vet.textfile import (
    MAX_LINE,
    NON_SPACE,
    SAMPLE,
    detect_encoding,
    first_char,
    open_text,
    read_lines,
)

TOO_DEEP = "is nested too deeply to be a party (objects or arrays inside each other)"
MAX_KEYS = 1_000
"""Distinct keys in a JSON file's records: more means the records are not parties."""


class _ArrayItems:
    """The items of a JSON array, decoded from a text stream a chunk at a time."""

    def __init__(self, handle: TextIO, name: str) -> None:
        self.handle, self.name = handle, name
        self.buffer, self.pos, self.line = "", 0, 1
        self.decoder = json.JSONDecoder()

    def _fill(self) -> bool:
        """Read on; False at the end of the file."""
        chunk = self.handle.read(SAMPLE)
        if not chunk:
            return False
        self.buffer = self.buffer[self.pos :] + chunk
        self.pos = 0
        return True

    def _advance(self, to: int) -> None:
        self.line += self.buffer.count("\n", self.pos, to)
        self.pos = to

    def _error(self, problem: str, at: int | None = None) -> InputError:
        line = self.line + self.buffer.count("\n", self.pos, self.pos if at is None else at)
        return InputError(f"{self.name} line {line}: not valid JSON ({problem})")

    def _peek(self) -> str:
        """The next character that is not white space ('' at the end), left unread."""
        while not (match := NON_SPACE.search(self.buffer, self.pos)):
            self._advance(len(self.buffer))
            if not self._fill():
                return ""
        self._advance(match.start())
        return match.group()

    def _take(self) -> str:
        char = self._peek()
        self.pos += len(char)
        return char

    def _value(self, index: int) -> Any:
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buffer, self.pos)
            except RecursionError:
                raise InputError(f"{self.name} line {self.line}: item {index} {TOO_DEEP}") from None
            except json.JSONDecodeError as exc:
                if len(self.buffer) - self.pos > MAX_LINE:
                    raise InputError(
                        f"{self.name} line {self.line}: item {index} is over "
                        f"{MAX_LINE:,} characters or not valid JSON ({exc.msg})"
                    ) from exc
                if self._fill():
                    continue
                raise self._error(exc.msg, exc.pos) from exc
            # A number at the end of the buffer may go on in the next chunk.
            if end == len(self.buffer) and self._fill():
                continue
            self._advance(end)
            return value

    def __iter__(self) -> Iterator[tuple[int, Any]]:
        """(item number from 1, value)."""
        if self._take() != "[":
            raise self._error("expected '['")
        index = 0
        if self._peek() == "]":
            self._take()
        else:
            while True:
                index += 1
                if not self._peek():
                    raise self._error("the array is not closed")
                yield index, self._value(index)
                separator = self._take()
                if separator == "]":
                    break
                if not separator:
                    raise self._error("the array is not closed")
                if separator != ",":
                    raise self._error("expected ',' or ']' after an item")
        if self._peek():
            raise self._error("extra data after the array")


def _json_records(path: Path, encoding: str, array: bool) -> Iterator[tuple[int, Any]]:
    """(row, value): JSON lines numbered by line, the items of an array from 1."""
    with open_text(path, encoding) as handle:
        if array:
            yield from _ArrayItems(handle, path.name)
            return
        for line_no, line in enumerate(read_lines(handle, path.name), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except RecursionError:
                raise InputError(f"{path.name} line {line_no}: {TOO_DEEP}") from None
            except json.JSONDecodeError as exc:
                raise InputError(f"{path.name} line {line_no}: not valid JSON ({exc.msg})") from exc
            yield line_no, record


def _flatten(record: dict[str, Any]) -> dict[str, str]:
    return {
        k: "; ".join(map(str, v)) if isinstance(v, list) else ("" if v is None else str(v))
        for k, v in record.items()
    }


def read_json(
    path: Path, mapping: dict[str, str] | None = None
) -> tuple[dict[str, str], Iterator[Party | SkippedRow]]:
    """A JSON array of objects, or JSON lines (one object per line), streamed either way.

    A first pass checks the file and collects the keys, so a broken record fails
    before any party is screened.
    """
    encoding = detect_encoding(path, "JSON")
    first = first_char(path, encoding)
    if not first:
        raise InputError(f"{path.name}: the file is empty")
    array = first == "["
    keys: dict[str, None] = {}
    for row_no, record in _json_records(path, encoding, array):
        if isinstance(record, dict):
            keys.update(dict.fromkeys(record))
            if len(keys) > MAX_KEYS:
                raise InputError(
                    f"{path.name} row {row_no}: over {MAX_KEYS:,} different keys; "
                    "each party should be an object with the same keys (name, country...)"
                )
    if not keys:
        raise InputError(f"{path.name}: no JSON object (party) in the file")
    columns = detect_columns(list(keys), mapping)

    def rows() -> Iterator[Party | SkippedRow]:
        for row_no, record in _json_records(path, encoding, array):
            if not isinstance(record, dict):
                yield SkippedRow(row_no, "not a JSON object")
                continue
            yield to_party(row_no, _flatten(record), columns)

    return columns, rows()
