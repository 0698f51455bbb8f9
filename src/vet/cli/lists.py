"""``vet lists``: the lists in the store, importing, updating, diffing, exporting."""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from vet.cli import Context, VetGroup, main, pass_context
from vet.store import (
    IMPORT_POLICY,
    UPDATE_POLICY,
    diff_versions,
    import_path,
    rollback,
    update_lists,
)

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
    header = f"{'list':<14} {'version':>7} {'published':<12} {'parties':>8} {'entities':>9}  age"
    click.echo(header)
    warned = False
    for status in statuses:
        active = status.active
        fresh = status.freshness(max_age)
        if active is None or fresh is None:
            click.echo(f"{status.name:<14} {'-':>7}")
            continue
        warned = warned or fresh.stale
        click.echo(
            f"{status.name:<14} {active.id:>7} {fresh.published_text:<12} "
            f"{active.target_count:>8,} {active.entity_count:>9,}  {fresh.age_text}"
            + (f"  {fresh.warning}" if fresh.warning else "")
        )
    if warned:
        click.echo(
            f"\nWarning: some lists are older than {max_age} days or undated; run "
            "`vet lists update` when online.",
            err=True,
        )


def _status_dict(status: Any, max_age: int) -> dict[str, Any]:
    active = status.active
    fresh = status.freshness(max_age)
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
        "age_days": fresh.age_days if fresh else None,
        "stale": fresh.stale if fresh else False,
        "freshness_warning": fresh.warning if fresh else None,
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
@click.option(
    "--allow-shrink",
    is_flag=True,
    help="Import even when the file has less than half the active version's listed parties.",
)
@click.option(
    "--allow-older",
    is_flag=True,
    help="Import even when the file was published before the active version.",
)
@pass_context
def lists_import(
    obj: Context,
    path: Path,
    kind: str | None,
    list_name: str | None,
    force: bool,
    allow_shrink: bool,
    allow_older: bool,
) -> None:
    """Import a list file (or a directory holding a multi-file list) as a new version.

    A file with less than half the listed parties of the list's active version is
    refused (an excerpt or a cut file) unless --allow-shrink is given; a file
    published before the active version, unless --allow-older is given.
    """
    policy = dataclasses.replace(IMPORT_POLICY, allow_older=allow_older)
    if allow_shrink:
        policy = dataclasses.replace(policy, max_drop=None)
    result = import_path(
        obj.store(), path, kind=kind, list_name=list_name, force=force, policy=policy
    )
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
@click.option(
    "--allow-older",
    is_flag=True,
    help="Import a download even when it was published before the active version.",
)
@pass_context
def lists_update(obj: Context, names: tuple[str, ...], allow_older: bool) -> None:
    """Download the official files from each publisher and import what changed.

    A download with fewer listed parties than its format's minimum, with more
    than 20% of the active version's parties gone, or published before the active
    version (unless --allow-older is given) is refused: that list keeps its version
    and the command exits non-zero.
    """
    store = obj.store()
    with _progress_printer() as progress:
        outcomes = update_lists(
            store,
            names=list(names) or None,
            url_overrides=obj.settings.url_overrides,
            timeout=obj.settings.download_timeout,
            progress=progress,
            policy=dataclasses.replace(UPDATE_POLICY, allow_older=allow_older),
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


@lists_group.command("rollback")
@click.argument("name")
@click.argument("version", type=int, required=False)
@pass_context
def lists_rollback(obj: Context, name: str, version: int | None) -> None:
    """Make an earlier VERSION of list NAME active again (default: the previous one).

    Recorded in the audit log; a running server serves it within a minute.
    """
    target = rollback(obj.store(), name, version)
    click.echo(
        f"{name}: version {target.id} is active again ({target.target_count:,} parties"
        f"{', published ' + target.published.isoformat() if target.published else ''})."
    )


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
