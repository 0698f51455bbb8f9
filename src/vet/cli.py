"""The ``vet`` command: a thin layer that parses options, calls the library, prints results."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import click

from vet import __version__
from vet.errors import VetError
from vet.match import Hit, Matcher
from vet.report import FORMATS, ReportMeta, format_for, write_report
from vet.screen import screen_file
from vet.settings import Settings, load_settings
from vet.store import (
    Store,
    diff_versions,
    ensure_lists,
    import_path,
    update_lists,
)

F = TypeVar("F", bound=Callable[..., Any])


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

    def matcher(self, lists: list[str] | None = None) -> Matcher:
        """A matcher over the active lists, its index cached under ``$VET_HOME/index``."""
        return Matcher.from_store(self.store(), lists=lists, cache_dir=self.settings.home / "index")


class VetGroup(click.Group):
    """Turns library errors into one clean line and a non-zero exit (traceback with --debug)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except VetError as exc:
            obj = ctx.find_object(Context)
            if obj is not None and obj.debug:
                raise
            click.echo(f"Error: {exc}", err=True)
            sys.exit(1)


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


# -- lists ------------------------------------------------------------------


@main.group("lists", cls=VetGroup, invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.pass_context
def lists_group(ctx: click.Context, as_json: bool) -> None:
    """Show the lists in the store: active version, date, counts and age."""
    if ctx.invoked_subcommand is not None:
        return
    obj: Context = ctx.obj
    statuses = obj.store().list_statuses()
    max_age = obj.settings.max_age_days
    if as_json:
        click.echo(json.dumps([_status_dict(s, max_age) for s in statuses], indent=2))
        return
    if not statuses:
        click.echo("No lists in the store. Import one with `vet lists import PATH`.")
        return
    header = f"{'list':<14} {'version':>7} {'published':<10} {'parties':>8} {'entities':>9}  age"
    click.echo(header)
    for status in statuses:
        active = status.active
        if active is None:
            click.echo(f"{status.name:<14} {'-':>7}")
            continue
        age = status.age_days() or 0
        published = active.published.isoformat() if active.published else "undated"
        stale = f"  STALE: older than {max_age} days" if age > max_age else ""
        click.echo(
            f"{status.name:<14} {active.id:>7} {published:<10} {active.target_count:>8,} "
            f"{active.entity_count:>9,}  {age} days{stale}"
        )
    if any((s.age_days() or 0) > max_age for s in statuses):
        click.echo(
            f"\nWarning: some lists are older than {max_age} days; run `vet lists update` "
            "when online.",
            err=True,
        )


def _status_dict(status: Any, max_age: int) -> dict[str, Any]:
    active = status.active
    age = status.age_days()
    return {
        "name": status.name,
        "title": status.title,
        "kind": status.kind,
        "jurisdiction": status.jurisdiction,
        "authority": status.authority,
        "licence": status.licence,
        "attribution": status.attribution,
        "versions": status.version_count,
        "active_version": None
        if active is None
        else {
            "id": active.id,
            "published": active.published.isoformat() if active.published else None,
            "imported_at": active.imported_at.isoformat(),
            "parties": active.target_count,
            "entities": active.entity_count,
            "files": list(active.files),
            "origin": active.origin,
            "warnings": list(active.warnings),
        },
        "age_days": age,
        "stale": age is not None and age > max_age,
    }


@lists_group.command("sources")
def lists_sources() -> None:
    """Show the list formats vet can read, with their publishers and licences."""
    from vet.sources import all_sources

    for kind, source in all_sources().items():
        info = source.info
        click.echo(f"{kind:<18} {info.title}")
        click.echo(f"{'':<18} publisher: {info.publisher}; licence: {info.licence}")
        for item in info.downloads:
            click.echo(f"{'':<18} {item.url}")


@lists_group.command("import")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--source", "kind", help="Parser kind (see `vet lists sources`); detected if omitted."
)
@click.option("--name", "list_name", help="Name of the list in the store.")
@click.option("--force", is_flag=True, help="Import even when the files are unchanged.")
@pass_context
def lists_import(
    obj: Context, path: Path, kind: str | None, list_name: str | None, force: bool
) -> None:
    """Import a list file (or a directory holding a multi-file list) as a new version."""
    result = import_path(obj.store(), path, kind=kind, list_name=list_name, force=force)
    _print_warnings(result.warnings)
    if result.unchanged:
        click.echo(
            f"{result.list_name}: files unchanged since version "
            f"{result.version.id if result.version else '?'}; nothing imported."
        )
        return
    version = result.version
    assert version is not None
    click.echo(
        f"{result.list_name}: imported version {version.id} "
        f"({version.target_count:,} listed parties, {version.entity_count:,} entities"
        f"{', published ' + version.published.isoformat() if version.published else ''})."
    )


def _print_warnings(warnings: list[str], limit: int = 10) -> None:
    for message in warnings[:limit]:
        click.echo(f"Warning: {message}", err=True)
    if len(warnings) > limit:
        click.echo(
            f"... and {len(warnings) - limit} more warnings "
            "(see `vet lists --json` or run with --debug).",
            err=True,
        )


@contextmanager
def _progress_printer() -> Iterator[Callable[[str, int, int | None], None]]:
    """A progress bar per downloaded file, on stderr."""
    bars: dict[str, Any] = {}
    done_so_far: dict[str, int] = {}

    def progress(name: str, done: int, total: int | None) -> None:
        bar = bars.get(name)
        if bar is None:
            bar = click.progressbar(length=total or 0, label=f"Downloading {name}", file=sys.stderr)
            bar.__enter__()
            bars[name] = bar
            done_so_far[name] = 0
        bar.update(done - done_so_far[name])
        done_so_far[name] = done

    try:
        yield progress
    finally:
        for bar in bars.values():
            bar.__exit__(None, None, None)


@lists_group.command("update")
@click.argument("names", nargs=-1)
@pass_context
def lists_update(obj: Context, names: tuple[str, ...]) -> None:
    """Download the official files from each publisher and import what changed."""
    store = obj.store()
    with _progress_printer() as progress:
        outcomes = update_lists(
            store,
            names=list(names) or None,
            url_overrides=obj.settings.url_overrides,
            timeout=obj.settings.download_timeout,
            progress=progress,
        )
    failed = 0
    for outcome in outcomes:
        if outcome.skipped:
            click.echo(f"{outcome.list_name}: skipped ({outcome.skipped}).")
        elif outcome.error:
            failed += 1
            click.echo(
                f"{outcome.list_name}: not updated ({outcome.error}); "
                "the current version stays active."
            )
        elif outcome.result and outcome.result.unchanged:
            click.echo(f"{outcome.list_name}: unchanged.")
        elif outcome.result and outcome.result.version:
            v = outcome.result.version
            click.echo(f"{outcome.list_name}: new version {v.id} ({v.target_count:,} parties).")
    if failed:
        sys.exit(1)


@lists_group.command("diff")
@click.argument("name")
@click.argument("old", type=int, required=False)
@click.argument("new", type=int, required=False)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--limit", default=50, show_default=True, help="Rows shown per section.")
@pass_context
def lists_diff(
    obj: Context, name: str, old: int | None, new: int | None, as_json: bool, limit: int
) -> None:
    """Parties added, removed and changed between two versions of list NAME.

    Without OLD and NEW, compares the active version with the one before it.
    """
    result = diff_versions(obj.store(), name, old, new)
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        return
    click.echo(
        f"{name}: version {result.old.id} -> {result.new.id}: "
        f"{len(result.added)} added, {len(result.removed)} removed, "
        f"{len(result.changed)} changed"
    )
    for title, rows in (("Added", result.added), ("Removed", result.removed)):
        if rows:
            click.echo(f"\n{title}:")
            for change in rows[:limit]:
                click.echo(f"  {change.entity_id}  {change.schema:<12} {change.caption}")
            if len(rows) > limit:
                click.echo(f"  ... {len(rows) - limit} more")
    if result.changed:
        click.echo("\nChanged:")
        for change in result.changed[:limit]:
            click.echo(f"  {change.entity_id}  {change.caption}")
            for f in change.changes:
                removed = "; ".join(f.removed)
                added = "; ".join(f.added)
                click.echo(f"      {f.field}: -[{removed}] +[{added}]")
        if len(result.changed) > limit:
            click.echo(f"  ... {len(result.changed) - limit} more")


@lists_group.command("export")
@click.option("--format", "fmt", type=click.Choice(["ftm"]), default="ftm", show_default=True)
@click.option("--list", "list_names", multiple=True, help="Only these lists (repeatable).")
@click.option(
    "-o",
    "--output",
    type=click.File("w", encoding="utf-8"),
    default="-",
    help="Output file ('-' for stdout).",
)
@pass_context
def lists_export(obj: Context, fmt: str, list_names: tuple[str, ...], output: Any) -> None:
    """Write the active lists' entities as FollowTheMoney JSON lines."""
    store = obj.store()
    count = 0
    for version in store.active_versions(list_names or None):
        for data in store.raw_entities(version.id):
            data["datasets"] = [version.list_name]
            output.write(json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n")
            count += 1
    if output is not sys.stdout:
        click.echo(f"Wrote {count:,} entities.", err=True)


# -- search and screen --------------------------------------------------------


def _hit_dict(hit: Hit) -> dict[str, Any]:
    return {
        "entity_id": hit.entity_id,
        "name": hit.caption,
        "matched_name": hit.matched_name,
        "score": hit.score,
        "match": hit.match,
        "schema": hit.schema,
        "lists": list(hit.lists),
        "authority": sorted({item.authority for item in hit.listings if item.authority}),
        "programs": sorted({p for item in hit.listings for p in item.programs}),
        "listing_date": min((i.listing_date for i in hit.listings if i.listing_date), default=None),
        "source_url": next((i.source_url for i in hit.listings if i.source_url), None),
        "explanation": hit.explanation,
    }


def _split_lists(value: str | None) -> list[str] | None:
    return [v.strip() for v in value.split(",") if v.strip()] if value else None


@main.command("search")
@click.argument("name")
@click.option(
    "--schema",
    type=click.Choice(["Person", "Organization", "Company", "LegalEntity", "Vessel", "Airplane"]),
    help="Kind of party.",
)
@click.option("--country", "countries", multiple=True, help="Country name or code (repeatable).")
@click.option("--birth-date", help="Birth date or year (persons).")
@click.option("--id", "identifiers", multiple=True, help="Identifier (repeatable).")
@click.option("--limit", default=5, show_default=True)
@click.option("--threshold", type=float, help="Match threshold (default: calibrated).")
@click.option("--lists", help="Only these lists, comma-separated.")
@click.option("--all", "show_all", is_flag=True, help="Show candidates below the threshold too.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_context
def search(
    obj: Context,
    name: str,
    schema: str | None,
    countries: tuple[str, ...],
    birth_date: str | None,
    identifiers: tuple[str, ...],
    limit: int,
    threshold: float | None,
    lists: str | None,
    show_all: bool,
    as_json: bool,
) -> None:
    """Search the active lists for NAME and explain each hit."""
    matcher = obj.matcher()
    hits = matcher.match(
        name,
        schema=schema,
        countries=countries,
        birth_date=birth_date,
        identifiers=identifiers,
        limit=limit,
        threshold=threshold,
        lists=_split_lists(lists),
        include_below=show_all,
    )
    if as_json:
        click.echo(
            json.dumps(
                {
                    "query": name,
                    "threshold": threshold or matcher.threshold,
                    "hits": [_hit_dict(h) for h in hits],
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    if not hits:
        click.echo(
            f"No listed party matches {name!r} at threshold {threshold or matcher.threshold:.2f}."
        )
        return
    for hit in hits:
        flag = "MATCH" if hit.match else "below"
        click.echo(
            f"{hit.score:.2f} {flag:<5} {hit.caption}  [{', '.join(hit.lists)}] {hit.entity_id}"
        )
        click.echo(f"      {hit.explanation}")


@main.command("screen")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to this file (format from its name unless --format).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", *FORMATS]),
    default=None,
    help="Report format (default: from the output file name, else text).",
)
@click.option("--threshold", type=float, help="Match threshold (default: calibrated).")
@click.option("--lists", help="Only these lists, comma-separated.")
@click.option("--name", "screening_name", help="Name of the screening in its report.")
@click.option(
    "--map",
    "mappings",
    multiple=True,
    help="Map a field to a column: --map 'name=Company Name' (repeatable).",
)
@pass_context
def screen(
    obj: Context,
    file: Path,
    output: Path | None,
    fmt: str | None,
    threshold: float | None,
    lists: str | None,
    screening_name: str | None,
    mappings: tuple[str, ...],
) -> None:
    """Screen every party in FILE (CSV, XLSX, JSON) against the active lists."""
    mapping = {}
    for item in mappings:
        fld, sep, column = item.partition("=")
        if not sep:
            raise click.BadParameter(f"{item!r}: expected FIELD=COLUMN", param_hint="--map")
        mapping[fld.strip()] = column.strip()
    selected = _split_lists(lists)
    matcher = obj.matcher(selected)
    result = screen_file(file, matcher, threshold=threshold, mapping=mapping, lists=selected)
    fmt = fmt or (format_for(output) if output is not None else None) or "text"
    if fmt != "text":
        meta = ReportMeta.for_screening(
            result, obj.store().active_versions(selected), name=screening_name
        )
        if output is None:
            if fmt == "xlsx":
                raise click.BadParameter("XLSX needs an output file (-o report.xlsx)")
            write_report(result, sys.stdout, fmt, meta)
        else:
            write_report(result, output, fmt, meta)
            click.echo(
                f"Wrote {output} ({len(result.flagged)} of {len(result.results)} parties flagged).",
                err=True,
            )
        return
    lines = [
        f"{len(result.flagged)} of {len(result.results)} parties have possible "
        f"matches (threshold {result.threshold:.2f})."
    ]
    for r in result.results:
        best = r.best
        mark = "MATCH" if r.hits else "     "
        if best is None:
            lines.append(f"{r.party.row:>5} {mark} {r.party.name}  (no candidate)")
            continue
        lines.append(
            f"{r.party.row:>5} {mark} {r.party.name}  ->  {best.caption} "
            f"[{', '.join(best.lists)}] {best.score:.2f}"
        )
    for s in result.skipped:
        lines.append(f"{s.row:>5} SKIPPED: {s.problem}")
    text = "\n".join(lines)
    if output is None:
        click.echo(text)
    else:
        output.write_text(text + "\n", encoding="utf-8")
