"""The ``vet`` command: a thin layer that parses options, calls the library, prints results.

One module per area registers its commands on :data:`main`: ``lists`` (list
data), ``screening`` (search, screen and what follows a screening).
"""

from __future__ import annotations

import logging
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import click

from vet import __version__
from vet.errors import Stopped, VetError
from vet.match import Matcher
from vet.screen.ownership import assess_ownership
from vet.screen.run import Ownership
from vet.settings import Settings, load_settings
from vet.store import Store, ensure_lists


@dataclass
class Context:
    settings: Settings
    debug: bool = False
    _store: Store | None = field(default=None, repr=False)

    def store(self, *, with_lists: bool = True) -> Store:
        """The store; on first use of an empty store, the bundled snapshot is imported."""
        if self._store is None:
            self._store = Store(self.settings.db_url)
        if with_lists:
            results = ensure_lists(self._store, auto_bundle=self.settings.auto_bundle)
            if results:
                total = sum(r.version.target_count for r in results if r.version)
                warnings = sum(len(r.warnings) for r in results)
                click.echo(
                    f"First use: imported the bundled snapshot ({len(results)} lists, "
                    f"{total:,} listed parties; {warnings} data warnings, see "
                    "`vet lists --json`).",
                    err=True,
                )
        return self._store

    def ownership(self, matcher: Matcher, lists: list[str] | None = None) -> Ownership | None:
        """Ownership findings for screened parties, when any party is owned by listed ones."""
        findings = assess_ownership(self.store(), matcher, lists=lists)
        return findings.notes_for if findings.flagged else None

    def matcher(self, lists: list[str] | None = None) -> Matcher:
        """A matcher over the active lists, its index cached under ``$VET_HOME/index``."""
        return Matcher.from_store(self.store(), lists=lists, cache_dir=self.settings.home / "index")


@contextmanager
def stop_on_sigterm() -> Iterator[None]:
    """SIGTERM raises :class:`Stopped` in the main thread, as Ctrl-C raises KeyboardInterrupt,
    so a screening under way is marked interrupted (and resumable) before the process ends."""

    def stop(signum: int, _frame: object) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # once is enough while stopping
        raise Stopped(signal.Signals(signum).name, signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class VetGroup(click.Group):
    """Turns library errors into one clean line and a non-zero exit (traceback with --debug);
    a stop (SIGTERM, Ctrl-C) into one line and the exit status a shell gives that signal."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except VetError as exc:
            obj = ctx.find_object(Context)
            if obj is not None and obj.debug:
                raise
            click.echo(f"Error: {exc}", err=True)
            sys.exit(1)
        except Stopped as exc:
            click.echo(f"Stopped: {exc}", err=True)
            sys.exit(128 + exc.signal_number)


pass_context = click.make_pass_decorator(Context)


@click.group(cls=VetGroup)
@click.version_option(__version__, prog_name="vet")
@click.option("--db", envvar="VET_DB", help="SQLite file or database URL of the store [VET_DB].")
@click.option("--home", envvar="VET_HOME", help="Directory for vet's data [VET_HOME].")
@click.option("--debug", is_flag=True, help="Show tracebacks and debug logging.")
@click.pass_context
def main(ctx: click.Context, db: str | None, home: str | None, debug: bool) -> None:
    """Screen organisations and people against official sanctions and export-control lists."""
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        settings = load_settings(db=db, home=home)
    except VetError as exc:
        raise click.ClickException(str(exc)) from exc
    ctx.obj = Context(settings=settings, debug=debug)


def split_names(value: str | None) -> list[str] | None:
    """``"a, b"`` -> ``["a", "b"]``; None or empty -> None."""
    return [v.strip() for v in value.split(",") if v.strip()] if value else None


# Each area's module registers its commands on ``main`` when imported.
from vet.cli import compare, lists, ownership, review, screening, serve  # noqa: E402

__all__ = [
    "Context",
    "VetGroup",
    "compare",
    "lists",
    "main",
    "ownership",
    "pass_context",
    "review",
    "screening",
    "serve",
    "split_names",
    "stop_on_sigterm",
]
