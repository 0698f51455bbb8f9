"""``vet audit``: the append-only log of screenings, decisions and list updates, exported
in readable columns (CSV) or as JSON, and its hash chain verified."""

from __future__ import annotations

import csv
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import IO, Any

import click

from vet.cli import Context, VetGroup, main, pass_context
from vet.report import escape_formula
from vet.store.audit import verify_audit

AUDIT_COLUMNS = (
    "Id",
    "Time (UTC)",
    "Action",
    "Actor",
    "Screening",
    "Screening name",
    "File",
    "Row",
    "Entity ID",
    "Decision",
    "Reason",
    "Decision id",
    "List",
    "Version",
    "Counts",
    "Other details",
    "Hash",
)
AUDIT_SUFFIXES = {".csv": "csv", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl"}
COUNT_KEYS = (
    "parties",
    "skipped",
    "flagged",
    "hits",
    "entities",
    "targets",
    "recorded",
    "unchanged",
    "outdated",
    "new_hits",
    "changed",
    "delisted",
    "no_longer_matching",
)
"""Numbers an event reports, shown together in the Counts column in this order."""
SHOWN_KEYS = {
    "screening", "new", "name", "file", "files", "row", "entity_id", "value", "reason",
    "decision", "list", "version", *COUNT_KEYS,
}  # fmt: skip


def readable(value: Any) -> str:
    """A detail value as words: lists joined by commas, objects as ``key value`` pairs."""
    if isinstance(value, dict):
        return ", ".join(f"{k} {readable(v)}" for k, v in value.items() if v not in (None, ""))
    if isinstance(value, list | tuple):
        return ", ".join(readable(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else str(value)


def _files(detail: dict[str, Any]) -> str:
    files = detail.get("files")
    if isinstance(files, list):
        names = [str(f.get("name") or f.get("path") or "") if isinstance(f, dict) else str(f)
                 for f in files]  # fmt: skip
        return ", ".join(n for n in names if n)
    return readable(detail.get("file"))


def audit_row(event: dict[str, Any]) -> list[str]:
    """An audit event as CSV cells, one readable column per fact (no JSON): who, when, which
    screening, row, listed party and decision, the numbers it reports, then anything else."""
    detail = event["detail"] if isinstance(event["detail"], dict) else {"detail": event["detail"]}
    counts = ", ".join(
        f"{key.replace('_', ' ')} {detail[key]}"
        for key in COUNT_KEYS
        if detail.get(key) is not None
    )
    other = "; ".join(
        f"{key.replace('_', ' ')}: {readable(value)}"
        for key, value in sorted(detail.items())
        if key not in SHOWN_KEYS and value not in (None, "", [], {})
    )
    cells = [
        event["id"],
        event["at"],
        event["action"],
        event["actor"],
        detail.get("screening", detail.get("new")),
        detail.get("name") if "screening" in event["action"] else None,
        _files(detail),
        detail.get("row"),
        detail.get("entity_id"),
        detail.get("value"),
        detail.get("reason"),
        detail.get("decision") if isinstance(detail.get("decision"), int) else None,
        detail.get("list"),
        detail.get("version"),
        counts,
        other,
        event.get("hash"),
    ]
    return [escape_formula("" if c is None else str(c)) for c in cells]


def write_audit(events: list[dict[str, Any]], stream: IO[str], fmt: str) -> None:
    if fmt == "csv":
        writer = csv.writer(stream)
        writer.writerow(AUDIT_COLUMNS)
        for event in events:
            writer.writerow(audit_row(event))
    elif fmt == "jsonl":
        for event in events:
            stream.write(json.dumps(event, ensure_ascii=False, default=str) + "\n")
    else:
        json.dump(events, stream, ensure_ascii=False, indent=2, default=str)
        stream.write("\n")


@main.group("audit", cls=VetGroup, invoke_without_command=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file (format from its name unless --format); default: stdout.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "json", "jsonl"]),
    help="csv, a JSON array (json) or JSON lines (jsonl); default: from the file name, else csv.",
)
@click.option(
    "--since",
    type=click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]),
    help="Only events at or after this date (UTC), e.g. 2026-01-01.",
)
@click.pass_context
def audit_command(
    ctx: click.Context, output: Path | None, fmt: str | None, since: datetime | None
) -> None:
    """Export the append-only audit log: screenings, decisions, list imports and updates.

    `vet audit verify` checks that no entry was changed, removed or inserted since.
    """
    if ctx.invoked_subcommand is not None:
        return
    obj: Context = ctx.obj
    events = obj.store(with_lists=False).audit_events(since)
    if output is not None and str(output) != "-":
        fmt = fmt or AUDIT_SUFFIXES.get(output.suffix.lower(), "csv")
        bom = "-sig" if fmt == "csv" else ""
        with output.open("w", encoding=f"utf-8{bom}", newline="") as stream:
            write_audit(events, stream, fmt)
        click.echo(f"Wrote {len(events)} event(s) to {output}.", err=True)
        return
    write_audit(events, sys.stdout, fmt or "csv")


@audit_command.command("verify")
@click.option(
    "--head",
    "noted",
    metavar="HASH",
    help="A head hash noted from an earlier check: it must still be in the chain.",
)
@pass_context
def audit_verify(obj: Context, noted: str | None) -> None:
    """Check the audit log's hash chain and the decisions against it.

    Reports the first entry changed, removed or inserted since it was written, and any
    decision that disagrees with the log; exits 1 if there is one.
    """
    check = verify_audit(obj.store(with_lists=False).engine, head=noted)
    summary = f"{check.entries} entries, {check.decisions} decision(s); head {check.head}"
    if check.intact:
        click.echo(f"Audit log intact: {summary}.")
        return
    click.echo(f"Audit log BROKEN: {summary}.")
    for problem in check.problems:
        click.echo(f"  {problem}")
    sys.exit(1)
