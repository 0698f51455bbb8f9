"""Progress on stderr for the long first steps: importing the bundled lists (one line per
list) and building the name index (one line, updated in place). Shown only on a terminal
and without ``--quiet``, so pipes and logs stay clean."""

from __future__ import annotations

import time

import click

from vet.store import ImportResult


class ImportLines:
    """One line per imported list: its name, its place in the run, its parties and time."""

    def __init__(self) -> None:
        self._started = time.perf_counter()

    def __call__(self, name: str, position: int, count: int, result: ImportResult | None) -> None:
        if result is None:
            self._started = time.perf_counter()
            click.echo(f"Importing {name} ({position}/{count})...", nl=False, err=True)
            return
        parties = result.version.target_count if result.version else 0
        took = time.perf_counter() - self._started
        click.echo(f" {parties:,} listed parties, {took:.1f} s", err=True)


class IndexLine:
    """One line for the index build, rewritten as each stage moves on."""

    def __init__(self) -> None:
        self._started: float | None = None
        self._width = 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self._started is None:
            self._started = time.perf_counter()
        if stage == "lookup tables" and done == total:
            took = time.perf_counter() - self._started
            self._write(f"Built the name index in {took:.1f} s", end=True)
            return
        counted = f" {done:,}/{total:,}" if total > 1 else ""
        self._write(f"Building the name index (once per list change): {stage}{counted}")

    def _write(self, text: str, *, end: bool = False) -> None:
        click.echo("\r" + text.ljust(self._width), nl=end, err=True)
        self._width = len(text)
