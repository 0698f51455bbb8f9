"""``vet clearances``: the known-good list, parties cleared against a listed party for future
screenings, with a reason and an expiry date."""

from __future__ import annotations

import json
from datetime import datetime

import click

from vet.cli import Context, VetGroup, main, pass_context
from vet.cli.review import REVIEWER_HELP
from vet.screen.clearances import clear_party
from vet.store.clearances import list_clearances


@main.group("clearances", cls=VetGroup)
def clearances_group() -> None:
    """The known-good list: parties cleared against a listed party, with reason and expiry."""


@clearances_group.command("add")
@click.argument("screening")
@click.argument("row", type=int)
@click.argument("entity_id")
@click.option(
    "--until",
    "expires",
    required=True,
    type=click.DateTime(["%Y-%m-%d"]),
    help="Expiry date (YYYY-MM-DD): the hit comes back for review after it.",
)
@click.option("--reason", required=True, help="Why the party is known to be another one.")
@click.option("--reviewer", envvar="VET_REVIEWER", required=True, help=REVIEWER_HELP)
@pass_context
def clearances_add(
    obj: Context, screening: str, row: int, entity_id: str, expires: datetime, reason: str,
    reviewer: str,
) -> None:  # fmt: skip
    """Clear the party on ROW of SCREENING, decided a false positive against the listed
    ENTITY_ID, for future screenings until a date. It comes back for review when the
    clearance expires or the listed record changes."""
    made = clear_party(
        obj.store(with_lists=False), screening, row, entity_id,
        reason=reason, expires=expires.date(), reviewer=reviewer,
    )  # fmt: skip
    click.echo(
        f"Cleared {made.party_name} against {made.listed_name} [{made.entity_id}] until "
        f"{made.expires:%Y-%m-%d} ({made.reason})."
    )


@clearances_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_context
def clearances_list(obj: Context, as_json: bool) -> None:
    """The known-good list, newest first: party, listed party, reason, expiry, state."""
    found = list_clearances(obj.store(with_lists=False))
    if as_json:
        data = [
            {
                "party": c.party_name,
                "entity_id": c.entity_id,
                "listed_name": c.listed_name,
                "reason": c.reason,
                "reviewer": c.reviewer,
                "at": c.at.isoformat(),
                "expires": c.expires.isoformat(),
                "expired": c.expired(),
            }
            for c in found
        ]
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    if not found:
        click.echo("The known-good list is empty (`vet clearances add`).")
    for c in found:
        state = "EXPIRED" if c.expired() else "active"
        click.echo(
            f"{c.party_name} -> {c.listed_name} [{c.entity_id}]: until {c.expires:%Y-%m-%d} "
            f"({state}), by {c.reviewer}: {c.reason}"
        )
