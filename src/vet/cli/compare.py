"""``vet compare``: where two authorities' lists disagree, or per topic who lists whom."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from vet.cli import Context, main, pass_context, split_names
from vet.errors import InputError
from vet.report.comparison import (
    COMPARISON_FORMATS,
    comparison_format_for,
    summary_sentence,
    write_comparison,
)
from vet.report.consistency import topic_sentence, write_consistency
from vet.screen.compare import compare_authorities
from vet.screen.consistency import compare_many, parse_topics
from vet.store.screenings import screening_hit_ids


@main.command("compare")
@click.option(
    "--authorities",
    default="US,UK",
    show_default=True,
    help="Authorities, comma-separated: a jurisdiction (US, UK, EU, UN, AU, CA, user) or a "
    "list name. Two are compared party by party; three or more (or --topics) give, per "
    "topic, who lists which parties.",
)
@click.option(
    "--topics",
    help="Only these topics, comma-separated (human_rights,forced_labour): for each, who "
    "lists which parties for it, for other reasons, or not at all.",
)
@click.option("--lists", help="Only these lists take part, comma-separated (us_ofac_sdn,uk_ofsi).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(COMPARISON_FORMATS),
    help="Output format [default: from the -o file's suffix, else text].",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE ('-': standard output)."
)
@click.option(
    "--screening",
    help="Only the listed parties a saved screening hit (name or id), instead of every party.",
)
@pass_context
def compare_command(
    obj: Context,
    authorities: str,
    lists: str | None,
    topics: str | None,
    fmt: str | None,
    output: str | None,
    screening: str | None,
) -> None:
    """Parties one authority lists and the other does not, matched by identifiers and names.

    Each party of one authority is looked for among the other's by a shared strong
    identifier (IMO, passport, registration number ...) or a strict name match on
    which kind of party, birth year and country agree. Prints (or writes) the
    parties listed by one side only and the pairs on both, with how they matched.
    """
    codes = split_names(authorities) or []
    if len(codes) < 2:
        raise InputError(f"--authorities takes two or more, e.g. US,UK (got {authorities!r})")
    target = Path(output) if output and output != "-" else None
    fmt = fmt or (comparison_format_for(target) if target else None) or "text"
    store = obj.store()
    started = time.monotonic()
    if len(codes) > 2 or topics is not None:
        wanted = parse_topics(topics)
        click.echo(f"Comparing the lists of {', '.join(codes)} per topic ...", err=True)
        many = compare_many(
            store,
            obj.matcher,
            codes,
            lists=split_names(lists),
            topics=wanted,
            entity_ids=screening_hit_ids(store, screening) if screening else None,
        )
        # Without --topics the text shows the counts only: every party would be thousands.
        write_consistency(many, target or sys.stdout, fmt, parties=wanted is not None)
        if target is not None:
            for topic in many.topics:
                click.echo(topic_sentence(many, topic))
            click.echo(f"Wrote {target}")
        click.echo(f"Compared in {time.monotonic() - started:.0f} s.", err=True)
        return
    click.echo(f"Comparing the lists of {codes[0]} and {codes[1]} ...", err=True)
    entity_ids = screening_hit_ids(store, screening) if screening else None
    result = compare_authorities(
        store, obj.matcher, codes[0], codes[1], lists=split_names(lists), entity_ids=entity_ids
    )
    seconds = time.monotonic() - started
    if target is None:
        write_comparison(result, sys.stdout, fmt)
    else:
        write_comparison(result, target, fmt)
        click.echo(summary_sentence(result))
        click.echo(f"Wrote {target}")
    click.echo(f"Compared in {seconds:.0f} s.", err=True)
