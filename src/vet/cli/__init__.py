"""The ``vet`` command: a thin layer that parses options, calls the library, prints results.

One module per area registers its commands on :data:`main`: ``lists`` (list
data), ``screening`` (search, screen and what follows a screening), and so on.
A module is imported only when one of its commands runs (:data:`COMMANDS` says
which module holds which command), so ``vet --version`` and ``vet --help`` start
at once and ``vet lists`` does not load the web server.
"""

from __future__ import annotations

import logging
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import import_module
from typing import TYPE_CHECKING, Any

import click

from vet import __version__
from vet.errors import Stopped, VetError
from vet.settings import Settings, load_settings

if TYPE_CHECKING:
    from vet.scoring import Matcher
    from vet.screen.run import Ownership
    from vet.store import Store

# Top-level command -> (module under vet.cli, first line of its help). The help line is
# what ``vet --help`` lists without importing the module; a test keeps it equal to the
# command's own docstring.
COMMANDS: dict[str, tuple[str, str]] = {
    "audit": (
        "audit",
        "Export the append-only audit log: screenings, decisions, list imports and updates.",
    ),
    "clearances": (
        "clearances",
        "The known-good list: parties cleared against a listed party, with reason and expiry.",
    ),
    "compare": (
        "compare",
        "Parties one authority lists and the other does not, matched by identifiers and names.",
    ),
    "decide": (
        "screening",
        "Record a DECISION on one hit (ROW, listed ENTITY_ID) of a saved SCREENING.",
    ),
    "decisions": (
        "review",
        "Decisions on a saved screening's hits: import a reviewed report, list them.",
    ),
    "keys": ("serve", "API keys for `vet serve` (stored hashed; a key is shown once)."),
    "lists": ("lists", "Show the lists in the store: active version, date, counts and age."),
    "ownership": (
        "ownership",
        "Ownership links, and parties owned or controlled by listed parties (50% rules).",
    ),
    "report": (
        "screening",
        "Write the report of a saved SCREENING (name or id), with the decisions made since.",
    ),
    "rescreen": (
        "screening",
        "Screen a saved SCREENING's parties again on the active lists; show only what changed.",
    ),
    "review": (
        "review",
        "Decide the undecided hits of a saved SCREENING one by one, each beside the listed record.",
    ),
    "screen": (
        "screening",
        "Screen every party in FILE (CSV, XLSX, JSON) against the active lists and save it.",
    ),
    "screenings": (
        "screening",
        "The saved screenings: when, which file, how many parties and possible matches.",
    ),
    "search": ("screening", "Search the active lists for NAME and explain each hit."),
    "serve": (
        "serve",
        "Serve the HTTP API: /match (yente), /reconcile (OpenRefine), /catalog, /entities.",
    ),
}


@dataclass
class Context:
    settings: Settings
    debug: bool = False
    quiet: bool = False
    _store: Store | None = field(default=None, repr=False)

    def store(self, *, with_lists: bool = True) -> Store:
        """The store; on first use of an empty store, the bundled snapshot is imported."""
        from vet.store import Store, ensure_lists

        if self._store is None:
            self._store = Store(self.settings.db_url)
        if with_lists:
            from vet.cli.progress import ImportLines

            results = ensure_lists(
                self._store,
                auto_bundle=self.settings.auto_bundle,
                progress=ImportLines() if self.show_progress else None,
            )
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
        from vet.screen.ownership import assess_ownership

        findings = assess_ownership(self.store(), matcher, lists=lists)
        return findings.notes_for if findings.flagged else None

    def matcher(self, lists: list[str] | None = None) -> Matcher:
        """A matcher over the active lists, its index cached under ``$VET_HOME/index``."""
        from vet.cli.progress import IndexLine
        from vet.scoring import Matcher

        return Matcher.from_store(
            self.store(),
            lists=lists,
            cache_dir=self.settings.home / "index",
            progress=IndexLine() if self.show_progress else None,
        )

    @property
    def show_progress(self) -> bool:
        """Progress lines go to stderr when it is a terminal, unless ``--quiet``."""
        return not self.quiet and sys.stderr.isatty()


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


class LazyVetGroup(VetGroup):
    """The top-level group: imports a command's module only when that command is used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(COMMANDS) | set(self.commands))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            import_module(f"vet.cli.{COMMANDS[cmd_name][0]}")
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # Listing uses the help lines in COMMANDS, so ``vet --help`` imports nothing.
        listed = {
            name: self.commands.get(name) or click.Command(name, help=COMMANDS[name][1])
            for name in self.list_commands(ctx)
        }
        limit = formatter.width - 6 - max(len(name) for name in listed)
        rows = [(name, command.get_short_help_str(limit)) for name, command in listed.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def load_commands() -> click.Group:
    """The ``vet`` group with every command module imported (for docs and tests)."""
    for module in sorted({module for module, _ in COMMANDS.values()}):
        import_module(f"vet.cli.{module}")
    return main


pass_context = click.make_pass_decorator(Context)


@click.group(cls=LazyVetGroup)
@click.version_option(__version__, prog_name="vet")
@click.option("--db", envvar="VET_DB", help="SQLite file or database URL of the store [VET_DB].")
@click.option("--home", envvar="VET_HOME", help="Directory for vet's data [VET_HOME].")
@click.option("--debug", is_flag=True, help="Show tracebacks and debug logging.")
@click.option(
    "-q",
    "--quiet",
    is_flag=True,
    help="No progress lines on stderr (they show only on a terminal anyway).",
)
@click.pass_context
def main(ctx: click.Context, db: str | None, home: str | None, debug: bool, quiet: bool) -> None:
    """Screen organisations and people against official sanctions and export-control lists."""
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        settings = load_settings(db=db, home=home)
    except VetError as exc:
        raise click.ClickException(str(exc)) from exc
    ctx.obj = Context(settings=settings, debug=debug, quiet=quiet)


def split_names(value: str | None) -> list[str] | None:
    """``"a, b"`` -> ``["a", "b"]``; None or empty -> None."""
    return [v.strip() for v in value.split(",") if v.strip()] if value else None


__all__ = [
    "COMMANDS",
    "Context",
    "LazyVetGroup",
    "VetGroup",
    "load_commands",
    "main",
    "pass_context",
    "split_names",
    "stop_on_sigterm",
]
