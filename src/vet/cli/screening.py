"""``vet search`` and ``vet screen``: one name or a whole file against the active lists."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from vet.cli import Context, main, pass_context, split_names
from vet.match import Hit
from vet.report import FORMATS, ReportMeta, format_for, write_report
from vet.screen import screen_file

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
        lists=split_names(lists),
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
    selected = split_names(lists)
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
