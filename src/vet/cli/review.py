"""Review: ``vet review`` (hit by hit in the terminal) and ``vet decisions``: import a
reviewed report, list, decide in bulk, the queue and assignments, four-eyes approvals."""

from __future__ import annotations

import json
import shutil
import textwrap
from collections import Counter
from pathlib import Path
from typing import Any

import click

from vet.cli import Context, VetGroup, main, pass_context
from vet.screen.approvals import approve, approve_all, pending_approvals
from vet.screen.bulk import Selection, decide_selected
from vet.screen.decisions import decide
from vet.screen.queue import QueueFilter, review_queue
from vet.screen.review import ReviewItem, applied_decisions, import_decisions, undecided_hits
from vet.store.assignments import assign
from vet.store.screenings import Decision, get_screening
from vet.vocabulary import DecisionValue, ScreeningStatus

REVIEWER_HELP = "Your name, kept with each decision [VET_REVIEWER]."
CHOICES = {d.value[0]: d for d in DecisionValue}
"""The key a reviewer presses for each decision: m, f, u."""

# -- vet review ------------------------------------------------------------------------


def _join(values: Any, limit: int = 6) -> str:
    values = [v for v in values if v]
    text = "; ".join(values[:limit])
    return text + (f" (+{len(values) - limit} more)" if len(values) > limit else "")


def side_by_side(item: ReviewItem, width: int) -> list[str]:
    """The screened party and the listed record in two columns, one fact a line."""
    party, listed, hit = item.party, item.listed, item.hit
    facts = [
        ("Name", party.name, listed.name),
        (
            "Matched name",
            hit.query_name if hit.query_name != party.name else "",
            listed.matched_name,
        ),
        ("Other names", _join(party.aliases), _join(listed.other_names)),
        ("Type", party.schema or "", listed.schema),
        ("Countries", _join(party.countries), _join(listed.countries)),
        ("Birth date", party.birth_date or "", _join(listed.birth_dates)),
        ("Identifiers", _join(party.identifiers), _join(listed.identifiers)),
        ("ID", party.own_id or "", listed.entity_id),
        ("Lists", "", _join(listed.lists)),
        ("Authority", "", _join(listed.authorities)),
        ("Programs", "", _join(listed.programs)),
        ("Listed on", "", listed.listing_date or ""),
        ("Source", "", _join(listed.source_urls, 2)),
    ]
    label = max(len(f[0]) for f in facts)
    column = max((width - label - 4) // 2, 20)
    lines = [f"{'':<{label}}  {'Screened party':<{column}}  Listed record"]
    for name, left, right in facts:
        if not left and not right:
            continue
        lefts = textwrap.wrap(left, column) or [""]
        # Long words (URLs, identifiers) stay whole, to be copied.
        rights = textwrap.wrap(right, column, break_long_words=False) or [""]
        for i in range(max(len(lefts), len(rights))):
            cells = (
                name if i == 0 else "",
                lefts[i] if i < len(lefts) else "",
                rights[i] if i < len(rights) else "",
            )
            lines.append(f"{cells[0]:<{label}}  {cells[1]:<{column}}  {cells[2]}".rstrip())
    return lines


def show(item: ReviewItem, number: int, total: int, width: int) -> None:
    click.echo()
    click.secho(
        f"Hit {number} of {total}: row {item.row}, {item.listed.name} (score {item.hit.score:.2f})",
        bold=True,
    )
    for line in side_by_side(item, width):
        click.echo(line)
    click.echo(textwrap.fill(item.hit.explanation, width, initial_indent="Why: "))
    if item.previous is not None:
        click.echo(textwrap.fill(item.previous.describe(), width, initial_indent="Earlier: "))


def ask() -> tuple[str, str] | None:
    """``(decision, reason)``, ``("skip", "")``, or None to quit (also at end of input)."""
    try:
        key = click.prompt(
            "[m]atch, [f]alse positive, [u]nsure, [s]kip, [q]uit",
            type=click.Choice(["m", "f", "u", "s", "q"], case_sensitive=False),
            show_choices=False,
        ).lower()
        if key == "q":
            return None
        if key == "s":
            return "skip", ""
        reason = click.prompt("Reason (optional, Enter to skip)", default="", show_default=False)
    except click.Abort:
        click.echo()
        return None
    return CHOICES[key], reason.strip()


@main.command("review")
@click.argument("screening")
@click.option("--reviewer", envvar="VET_REVIEWER", help=REVIEWER_HELP)
@click.option("--unsure", "include_unsure", is_flag=True, help="Show hits decided unsure too.")
@pass_context
def review_command(
    obj: Context, screening: str, reviewer: str | None, include_unsure: bool
) -> None:
    """Decide the undecided hits of a saved SCREENING one by one, each beside the listed record.

    Hits whose listed record changed since their decision come back. Each
    decision is recorded at once: quit any time and run it again to go on.
    """
    store = obj.store(with_lists=False)
    info = get_screening(store, screening)
    items = list(undecided_hits(store, info.id, include_unsure=include_unsure))
    if not items:
        why = "every hit has a decision" if info.hit_count else "it found no possible match"
        click.echo(f"Nothing to review in screening {info.name!r}: {why}.")
        return
    click.echo(f"Screening {info.name!r} (id {info.id}): {len(items)} hit(s) to review.")
    if info.status != ScreeningStatus.COMPLETE:
        click.echo(
            "Note: this screening was interrupted; `vet screen FILE --resume` screens the rest."
        )
    if not reviewer:
        reviewer = click.prompt("Reviewer (your name)")
    width = min(shutil.get_terminal_size((100, 24)).columns, 120)
    made: Counter[str] = Counter()
    for number, item in enumerate(items, start=1):
        show(item, number, len(items), width)
        answer = ask()
        if answer is None:
            break
        decision, reason = answer
        if decision == "skip":
            made["skipped"] += 1
            continue
        decide(
            store,
            info.id,
            item.row,
            item.hit.entity_id,
            decision,
            reviewer=reviewer,
            reason=reason,
            four_eyes=obj.settings.four_eyes,
        )
        made[decision] += 1
        awaiting = "; awaiting a second reviewer's approval" if obj.settings.four_eyes else ""
        click.echo(f"Recorded: {DecisionValue(decision).label}{awaiting}.")
    decided = sum(made[d] for d in CHOICES.values())
    parts = [f"{made[d]} {d.label}" for d in CHOICES.values() if made[d]]
    left = len(items) - decided
    text = f"\nDecided {decided} of {len(items)} hit(s)"
    text += f" ({', '.join(parts)})" if parts else ""
    text += f"; {made['skipped']} skipped" if made["skipped"] else ""
    text += f". {left} still to review: `vet review {info.id}`." if left else ". All reviewed."
    click.echo(text)


# -- vet decisions ---------------------------------------------------------------------


@main.group("decisions", cls=VetGroup)
def decisions_group() -> None:
    """Decisions on a saved screening's hits: import a reviewed report, list them."""


def describe_decision(d: Decision) -> str:
    """``false_positive by Ana on 2026-11-29 14:02 (reason), approved by Ben``."""
    text = f"{d.decision} by {d.reviewer} on {d.at:%Y-%m-%d %H:%M}"
    text += f" ({d.reason})" if d.reason else ""
    if d.approved_by:
        text += f", approved by {d.approved_by}"
    elif d.pending:
        text += "; awaiting approval by a second reviewer"
    return text


@decisions_group.command("import")
@click.argument("screening")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--reviewer", envvar="VET_REVIEWER", help=REVIEWER_HELP)
@pass_context
def decisions_import(obj: Context, screening: str, file: Path, reviewer: str | None) -> None:
    """Record the decisions in FILE, a reviewed CSV or XLSX report of SCREENING.

    FILE needs Row, Entity ID and Decision columns (as `vet report` writes them);
    Reviewer and Reason columns are read when present. Decisions are words like
    match, false positive (FP), unsure. All lines are checked before any is recorded.
    """
    summary = import_decisions(
        obj.store(with_lists=False),
        screening,
        file,
        reviewer=reviewer,
        four_eyes=obj.settings.four_eyes,
    )
    name = summary.screening.name
    click.echo(
        f"Recorded {len(summary.recorded)} decision(s) from {file.name} "
        f"in screening {name!r} (id {summary.screening.id})."
    )
    for d in summary.recorded:
        reason = f" ({d.reason})" if d.reason else ""
        click.echo(f"  row {d.row} / {d.entity_id}: {d.decision} by {d.reviewer}{reason}")
    notes = []
    if summary.unchanged:
        notes.append(f"{summary.unchanged} line(s) repeat decisions already recorded")
    if summary.outdated:
        notes.append(f"{summary.outdated} line(s) show an older decision; the newer one stays")
    if summary.blank:
        notes.append(f"{summary.blank} hit line(s) have no decision")
    if notes:
        click.echo("; ".join(notes).capitalize() + ".")


@decisions_group.command("list")
@click.argument("screening")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_context
def decisions_list(obj: Context, screening: str, as_json: bool) -> None:
    """The decisions that apply to SCREENING's hits (made in it or an earlier screening)."""
    store = obj.store(with_lists=False)
    info = get_screening(store, screening)
    applied = applied_decisions(store, info.id)
    if as_json:
        data = [
            {
                "row": a.row,
                "party": a.party_name,
                "entity_id": a.entity_id,
                "listed_name": a.listed_name,
                "decision": a.decision.decision,
                "reviewer": a.decision.reviewer,
                "reason": a.decision.reason,
                "at": a.decision.at.isoformat(),
                "screening": a.decision.screening_id,
                "changed": a.changed,
                "changed_why": a.why or None,
                "awaiting_approval": a.decision.pending,
                "approved_by": a.decision.approved_by,
            }
            for a in applied
        ]
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    if not applied:
        click.echo(f"No decisions yet on screening {info.name!r}. Run `vet review {info.id}`.")
        return
    for a in applied:
        since = f" ({a.why})" if a.why else ""
        changed = f"; the listed record changed since{since}: review again" if a.changed else ""
        click.echo(
            f"{a.row:>5} {a.party_name} -> {a.listed_name} [{a.entity_id}]: "
            f"{describe_decision(a.decision)}{changed}"
        )


@decisions_group.command("bulk")
@click.argument("screening")
@click.argument("decision")
@click.option("--entity", "entity_id", help="Every hit of this listed party (its entity id).")
@click.option("--list", "list_name", help="Only hits of listed parties on this list.")
@click.option("--below", type=float, help="Only hits scoring below this (with --list or --entity).")
@click.option("--reason", default="", help="One reason, kept with each decision.")
@click.option("--reviewer", envvar="VET_REVIEWER", required=True, help=REVIEWER_HELP)
@pass_context
def decisions_bulk(
    obj: Context,
    screening: str,
    decision: str,
    entity_id: str | None,
    list_name: str | None,
    below: float | None,
    reason: str,
    reviewer: str,
) -> None:
    """Record one DECISION with one reason on many open hits of SCREENING at once:
    every hit of one listed party (--entity), or every hit on one list scoring below a
    score (--list us_ofac_sdn --below 0.85).

    Hits already decided are left as they are; each decision is in the audit log.
    """
    made = decide_selected(
        obj.store(with_lists=False),
        screening,
        Selection(entity_id=entity_id, list_name=list_name, below=below),
        decision,
        reviewer=reviewer,
        reason=reason,
        four_eyes=obj.settings.four_eyes,
    )
    for d in made:
        click.echo(f"  row {d.row} / {d.entity_id}: {describe_decision(d)}")
    click.echo(f"Recorded {len(made)} decision(s).")


@decisions_group.command("queue")
@click.argument("screening")
@click.option(
    "--status",
    type=click.Choice(["open", "awaiting approval", "decided", "all"]),
    default="open",
    show_default=True,
    help="Hits with this review status.",
)
@click.option("--list", "list_name", help="Only hits on this list.")
@click.option("--topic", help="Only hits listed for this topic (e.g. human_rights).")
@click.option("--min-score", type=float, help="Only hits scoring at least this.")
@click.option("--max-score", type=float, help="Only hits scoring below this.")
@click.option("--reviewer", "assigned_to", help="Only parties assigned to this reviewer.")
@pass_context
def decisions_queue(
    obj: Context,
    screening: str,
    status: str,
    list_name: str | None,
    topic: str | None,
    min_score: float | None,
    max_score: float | None,
    assigned_to: str | None,
) -> None:
    """The review queue of SCREENING: its hits by status, list, topic, score band and
    assigned reviewer (`vet decisions assign` assigns parties)."""
    wanted = QueueFilter(
        status=None if status == "all" else status,
        list_name=list_name,
        topic=topic,
        min_score=min_score,
        max_score=max_score,
        reviewer=assigned_to,
    )
    items = review_queue(obj.store(with_lists=False), screening, wanted)
    for item in items:
        who = f"  [{item.assigned_to}]" if item.assigned_to else ""
        click.echo(
            f"{item.row:>5} {item.result.party.name} -> {item.hit.caption} [{item.hit.entity_id}] "
            f"{item.hit.score:.2f} {item.status}{who}"
        )
    click.echo(f"{len(items)} hit(s).")


@decisions_group.command("assign")
@click.argument("screening")
@click.argument("rows", type=int, nargs=-1, required=True)
@click.option("--to", "to", required=True, help="The reviewer ('' unassigns).")
@click.option("--reviewer", envvar="VET_REVIEWER", default="vet", help=REVIEWER_HELP)
@pass_context
def decisions_assign(
    obj: Context, screening: str, rows: tuple[int, ...], to: str, reviewer: str
) -> None:
    """Assign the parties on ROWS of SCREENING to a reviewer (their review queue)."""
    store = obj.store(with_lists=False)
    info = get_screening(store, screening)
    done = assign(store, info.id, rows, to, by=reviewer)
    target = f"to {to}" if to.strip() else "to no one"
    click.echo(f"Assigned {len(done)} party(ies) of screening {info.name!r} {target}.")


@decisions_group.command("pending")
@click.argument("screening")
@pass_context
def decisions_pending(obj: Context, screening: str) -> None:
    """The decisions on SCREENING's hits awaiting a second reviewer's approval (four-eyes)."""
    store = obj.store(with_lists=False)
    info = get_screening(store, screening)
    pending = pending_approvals(store, info.id)
    if not pending:
        click.echo(f"No decision awaits approval in screening {info.name!r}.")
        return
    for a in pending:
        click.echo(
            f"{a.row:>5} {a.party_name} -> {a.listed_name} [{a.entity_id}]: "
            f"{describe_decision(a.decision)}"
        )
    click.echo(
        f"{len(pending)} decision(s) await approval: `vet decisions approve {info.id} ROW "
        "ENTITY_ID` or `--all`, by a reviewer other than the one who decided."
    )


@decisions_group.command("approve")
@click.argument("screening")
@click.argument("row", type=int, required=False)
@click.argument("entity_id", required=False)
@click.option(
    "--all", "every", is_flag=True, help="Every decision awaiting approval not made by you."
)
@click.option("--reviewer", envvar="VET_REVIEWER", required=True, help=REVIEWER_HELP)
@pass_context
def decisions_approve(
    obj: Context,
    screening: str,
    row: int | None,
    entity_id: str | None,
    every: bool,
    reviewer: str,
) -> None:
    """Approve, as a second reviewer, the decision on one hit (ROW, listed ENTITY_ID) of
    SCREENING, or with --all every decision awaiting approval that you did not make.

    Four-eyes review (VET_FOUR_EYES=1): a decision is final only once approved by a
    reviewer other than the one who made it. Each approval is in the audit log.
    """
    store = obj.store(with_lists=False)
    info = get_screening(store, screening)
    if every == (row is not None):
        raise click.UsageError("give ROW and ENTITY_ID, or --all")
    if row is not None and not entity_id:
        raise click.UsageError("give the listed ENTITY_ID after ROW")
    if every:
        made = approve_all(store, info.id, reviewer=reviewer)
    else:
        assert row is not None and entity_id is not None
        made = approve(store, info.id, [(row, entity_id)], reviewer=reviewer)
    left = len(pending_approvals(store, info.id))
    click.echo(
        f"Approved {len(made)} decision(s) in screening {info.name!r} as {reviewer}; "
        f"{left} still await approval."
    )
