"""``vet ownership``: importing who owns whom, and the parties listed owners own or control."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click

from vet.cli import Context, VetGroup, main, pass_context, split_names
from vet.screen.ownership import OwnershipFinding, OwnershipFindings, assess_ownership
from vet.store.ownership import import_ownership, ownership_links


@main.group("ownership", cls=VetGroup)
def ownership_group() -> None:
    """Ownership links, and parties owned or controlled by listed parties (50% rules)."""


def _findings(obj: Context, lists: str | None, threshold: float | None) -> OwnershipFindings:
    names = split_names(lists)
    return assess_ownership(obj.store(), obj.matcher(names), lists=names, threshold=threshold)


def _finding_dict(finding: OwnershipFinding) -> dict[str, Any]:
    data = asdict(finding)
    data["owners"] = [
        {**asdict(step), "listed": asdict(listed) if listed else None}
        for step, listed in finding.owners
    ]
    data["flagged"] = finding.flagged
    data["explanation"] = finding.explanation
    return data


def _echo_finding(finding: OwnershipFinding) -> None:
    ids = [f"{k} {v}" for k, v in (("id", finding.own_id), ("entity", finding.entity_id)) if v]
    where = f"  ({', '.join(ids)})" if ids else ""
    click.echo(f"{finding.name}{where}: {'FLAGGED' if finding.flagged else 'not flagged'}")
    for rule in finding.rules:
        click.echo(f"  {rule.rule}: {rule.explanation}")
    if not finding.rules:
        click.echo(f"  {finding.explanation}")
    click.echo("  Direct owners known:")
    for step, listed in finding.owners:
        share = f"{step.percentage:g}%" if step.percentage is not None else "control"
        if step.control and step.percentage is not None:
            share += " and control"
        who = listed.describe(step.owner) if listed else f"{step.owner} (not listed)"
        click.echo(f"    {share:>14}  {who}  [{'; '.join(step.sources)}]")


@ownership_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Replace every link imported before.")
@pass_context
def import_command(obj: Context, file: Path, replace: bool) -> None:
    """Import ownership links from a CSV with columns owner, owned, percentage, source.

    Optional columns: owner_id (a listed entity id) and owned_id (your own id of
    the owned party). Percentages are in percent (51 or 51%); an empty percentage
    means control without a known share. One bad row and nothing is imported.
    """
    result = import_ownership(obj.store(), file, replace=replace)
    replaced = f", replacing {result.replaced}" if replace else ""
    click.echo(
        f"{file.name}: imported {result.count} ownership links (batch {result.batch}{replaced}). "
        "See `vet ownership list --flagged`."
    )


@ownership_group.command("check")
@click.argument("name")
@click.option("--id", "own_id", help="Your own id of the party (as in the owned_id column).")
@click.option("--lists", help="Only these lists, comma-separated.")
@click.option("--threshold", type=float, help="Name match threshold for owners.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_context
def check(
    obj: Context,
    name: str,
    own_id: str | None,
    lists: str | None,
    threshold: float | None,
    as_json: bool,
) -> None:
    """Whether listed parties own or control NAME, with the chains of holdings as evidence."""
    found = _findings(obj, lists, threshold).find(name, own_id)
    if as_json:
        click.echo(
            json.dumps(
                [_finding_dict(f) for f in found], indent=2, ensure_ascii=False, default=sorted
            )
        )
        return
    if not found:
        click.echo(
            f"No ownership link names {name!r} as owned (import links with "
            "`vet ownership import FILE`)."
        )
        return
    for finding in found:
        _echo_finding(finding)


@ownership_group.command("list")
@click.option("--flagged", is_flag=True, help="The parties the rules flag, with their evidence.")
@click.option("--lists", help="With --flagged: only these lists, comma-separated.")
@click.option("--threshold", type=float, help="With --flagged: name match threshold for owners.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_context
def list_command(
    obj: Context, flagged: bool, lists: str | None, threshold: float | None, as_json: bool
) -> None:
    """The imported ownership links; with --flagged, the parties listed ones own or control."""
    if flagged:
        findings = _findings(obj, lists, threshold).flagged
        if as_json:
            data = [_finding_dict(f) for f in findings]
            click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=sorted))
        elif not findings:
            click.echo("No party is owned or controlled by listed parties under the known links.")
        for finding in findings if not as_json else ():
            _echo_finding(finding)
        return
    links = ownership_links(obj.store(with_lists=False))
    if as_json:
        click.echo(
            json.dumps([asdict(k) for k in links], indent=2, ensure_ascii=False, default=str)
        )
        return
    if not links:
        click.echo("No ownership links imported. Import a CSV with `vet ownership import FILE`.")
        return
    for link in links:
        share = f"{link.percentage:g}%" if link.percentage is not None else "control"
        click.echo(
            f"{link.owner_name} -> {share} -> {link.owned_name}  [{link.source}; {link.where}]"
        )
