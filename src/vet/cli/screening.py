"""Screening: ``vet search`` (one name), ``vet screen`` (a file, saved), ``vet screenings``,
``vet report``, ``vet rescreen`` and ``vet decide`` on saved screenings."""

from __future__ import annotations

import io
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from vet.cli import Context, main, pass_context, split_names, stop_on_sigterm
from vet.report import FORMATS, ReportMeta, format_for, write_report
from vet.report.rows import party_status, summary_sentence, topics_sentence
from vet.scoring import Hit
from vet.scoring.query import Query
from vet.screen import Screening, load_screening, rescreen, run_screening
from vet.screen.consistency import parse_topics
from vet.screen.decisions import decide
from vet.screen.model import keep_topics
from vet.screen.parties import estimate_rows
from vet.store import Store
from vet.store.screenings import ScreeningInfo, get_screening, list_screenings
from vet.vocabulary import DECISIONS, ScreeningStatus

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
@click.option(
    "--limit",
    type=int,
    help="Show at most this many (default: every hit; with --all, the best 10 candidates).",
)
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
    limit: int | None,
    threshold: float | None,
    lists: str | None,
    show_all: bool,
    as_json: bool,
) -> None:
    """Search the active lists for NAME and explain each hit."""
    matcher = obj.matcher()
    query = Query.of(
        name, schema=schema, countries=countries, birth_date=birth_date, identifiers=identifiers
    )
    hits = matcher.match(
        query,
        limit=None,
        threshold=threshold,
        lists=split_names(lists),
        include_below=show_all,
    )
    limit = limit if limit is not None else (10 if show_all else None)
    left_out = sum(1 for h in hits[limit:] if h.match) if limit is not None else 0
    hits = hits[:limit]
    if as_json:
        click.echo(
            json.dumps(
                {
                    "query": name,
                    "threshold": threshold or matcher.threshold,
                    "hits": [_hit_dict(h) for h in hits],
                    "hits_left_out": left_out,
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
    if left_out:
        click.echo(f"... and {left_out} more hits at or above the threshold (raise --limit).")


def _mapping(mappings: tuple[str, ...]) -> dict[str, str]:
    mapping = {}
    for item in mappings:
        fld, sep, column = item.partition("=")
        if not sep:
            raise click.BadParameter(f"{item!r}: expected FIELD=COLUMN", param_hint="--map")
        mapping[fld.strip()] = column.strip()
    return mapping


def _write(
    screening: Screening,
    info: ScreeningInfo,
    output: Path | None,
    fmt: str,
    max_age_days: int,
    store: Store | None = None,
) -> None:
    """Write a saved screening's report (``text``: the flagged parties, for the terminal);
    lists older than ``max_age_days`` are flagged as stale. Given the ``store``, a
    re-screening's report says what changed since the earlier screening."""
    if fmt == "text":
        text = screening_text(screening, info)
        if output is None:
            click.echo(text)
        else:
            output.write_text(text + "\n", encoding="utf-8")
        return
    meta = ReportMeta.for_saved(info, max_age_days=max_age_days, store=store)
    if output is None:
        if fmt == "xlsx":
            raise click.BadParameter("XLSX needs an output file (-o report.xlsx)")
        write_report(screening, sys.stdout, fmt, meta)
        return
    write_report(screening, output, fmt, meta)
    click.echo(f"Wrote {output}.", err=True)


def screening_text(screening: Screening, info: ScreeningInfo, *, all_rows: int = 50) -> str:
    """The summary, then every party (small files) or the flagged ones, then skipped rows."""
    lines = [f"{summary_sentence(screening)} (threshold {screening.threshold:.2f})"]
    by_topic = topics_sentence(screening)
    if by_topic is not None:
        lines.append(by_topic)
    show_all = info.party_count <= all_rows
    for r in screening.results:
        if not show_all and not r.flagged:
            continue
        best = r.best
        mark = {"confirmed": "MATCH", "cleared": "clear", "open": "CHECK"}.get(
            party_status(r), "     "
        )
        if r.ownership and not r.hits:
            lines.append(f"{r.party.row:>5} {mark} {r.party.name}  ->  {r.ownership[0].detail}")
        elif best is None:
            lines.append(f"{r.party.row:>5} {mark} {r.party.name}  (no candidate)")
        else:
            review = r.review(best) if r.hits else None
            decided = (
                f"  [{review.decision}{', changed' if review.changed else ''}]" if review else ""
            )
            more = f"  (+{len(r.hits) - 1} more hits)" if len(r.hits) > 1 else ""
            lines.append(
                f"{r.party.row:>5} {mark} {r.party.name}  ->  {best.caption} "
                f"[{', '.join(best.lists)}] {best.score:.2f}{decided}{more}"
            )
    for s in screening.skipped:
        lines.append(f"{s.row:>5} SKIPPED: {s.problem}")
    lines.append(saved_hint(info))
    return "\n".join(lines)


def saved_hint(info: ScreeningInfo) -> str:
    """Where the screening was saved, and what to do with it next."""
    return (
        f"Saved as screening {info.name!r} (id {info.id}). Next: `vet review {info.id}`, "
        f"`vet report {info.id} -o report.html`, after a list update `vet rescreen {info.id}`."
    )


def _progress(total: int | None) -> Any:
    """A progress bar on stderr for long runs (quiet for small files and non-terminals)."""
    show = total is not None and total > 2000 and sys.stderr.isatty()
    return click.progressbar(
        length=total or 0, label="Screening", file=sys.stderr if show else io.StringIO()
    )


@main.command("screen")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to this file (format from its name unless --format); "
    "with --engine spark, the hits as Parquet.",
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
@click.option(
    "--topics",
    help="Show and report only hits listed for these topics, comma-separated "
    "(human_rights,forced_labour); the saved screening keeps every hit.",
)
@click.option("--name", "screening_name", help="Name of the saved screening (default: file+time).")
@click.option(
    "--map",
    "mappings",
    multiple=True,
    help="Map a field to a column: --map 'name=Company Name' (repeatable).",
)
@click.option("--workers", type=int, help="Processes scoring parties (default: all cores).")
@click.option(
    "--resume", is_flag=True, help="Continue an interrupted or failed screening of this file."
)
@click.option(
    "--engine",
    type=click.Choice(["local", "spark"]),
    default="local",
    show_default=True,
    help="local: this machine. spark: Apache Spark (FILE as CSV or Parquet). Both save the "
    "screening in the store.",
)
@click.option("--master", help="Spark master URL (default: spark-submit's, else local[2]).")
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="With --engine spark: also write a report (.json, .csv, .xlsx, .html).",
)
@click.option(
    "--no-save",
    is_flag=True,
    help="With --engine spark: only write the hits to -o as Parquet; save no screening.",
)
@pass_context
def screen(
    obj: Context,
    file: Path,
    output: Path | None,
    fmt: str | None,
    threshold: float | None,
    lists: str | None,
    topics: str | None,
    screening_name: str | None,
    mappings: tuple[str, ...],
    workers: int | None,
    resume: bool,
    engine: str,
    master: str | None,
    report_path: Path | None,
    no_save: bool,
) -> None:
    """Screen every party in FILE (CSV, XLSX, JSON) against the active lists and save it.

    With --engine spark, FILE is CSV or Parquet and the parties are scored on
    Spark; the screening is saved the same way, and -o writes the hits as
    Parquet too (with --no-save, only that).
    """
    selected = split_names(lists)
    wanted = parse_topics(topics)
    if engine == "spark":
        if wanted is not None:
            raise click.BadParameter("not with --engine spark", param_hint="--topics")
        _screen_on_spark(
            obj,
            file,
            output,
            selected,
            SparkOptions(
                name=screening_name,
                threshold=threshold,
                mapping=_mapping(mappings),
                resume=resume,
                master=master,
                report=report_path,
                save=not no_save,
            ),
        )
        return
    if no_save:
        raise click.BadParameter("only the Spark engine can skip saving", param_hint="--no-save")
    matcher = obj.matcher(selected)
    store = obj.store()
    with stop_on_sigterm(), _progress(estimate_rows(file)) as bar:
        info = run_screening(
            store,
            matcher,
            file,
            name=screening_name,
            threshold=threshold,
            mapping=_mapping(mappings),
            lists=selected,
            workers=workers,
            resume=resume,
            ownership=obj.ownership(matcher, selected),
            progress=bar.update,
        )
    _, screening = load_screening(store, info.id)
    if wanted is not None:
        screening = keep_topics(screening, wanted)
    fmt = fmt or (format_for(output) if output else None) or "text"
    _write(screening, info, output, fmt, obj.settings.max_age_days)


@dataclass(frozen=True)
class SparkOptions:
    """What ``vet screen --engine spark`` was asked to do, beside the file and lists."""

    name: str | None
    threshold: float | None
    mapping: dict[str, str]
    resume: bool
    master: str | None
    report: Path | None
    save: bool


def _screen_on_spark(
    obj: Context, file: Path, output: Path | None, lists: list[str] | None, opts: SparkOptions
) -> None:
    if output is not None and format_for(output) is not None:
        raise click.BadParameter(
            f"with --engine spark, -o names the Parquet of hits (hits.parquet), not a "
            f"{format_for(output)} report: give the report as --report {output}",
            param_hint="-o",
        )
    if opts.report is not None and format_for(opts.report) is None:
        raise click.BadParameter("--report takes a .json, .csv, .xlsx or .html file name")
    if not opts.save:
        _screen_on_spark_unsaved(obj, file, output, lists, opts)
        return
    from vet.spark import run_screening_spark

    store = obj.store()
    matcher = obj.matcher(lists)
    with stop_on_sigterm():
        result = run_screening_spark(
            store,
            matcher,
            file,
            name=opts.name,
            threshold=opts.threshold,
            mapping=opts.mapping,
            lists=lists,
            resume=opts.resume,
            ownership=obj.ownership(matcher, lists),
            output=output,
            master=opts.master,
        )
    info = result.screening
    assert info is not None
    written = f"; hits written to {output}" if output is not None else ""
    click.echo(
        _spark_summary(info.flagged_count, info.party_count, info.hit_count, info.skipped_count)
        + f" in {result.seconds:.0f} s on {result.master}{written}."
    )
    if opts.report is not None:
        _, screening = load_screening(store, info.id)
        fmt = format_for(opts.report) or "json"
        _write(screening, info, opts.report, fmt, obj.settings.max_age_days)
    click.echo(saved_hint(info))


def _spark_summary(flagged: int, parties: int, hits: int, skipped: int) -> str:
    """``3 of 200 parties have possible matches (4 hits, 1 row skipped)``."""
    noun = "party" if parties == 1 else "parties"
    verb = "has a possible match" if flagged == 1 else "have possible matches"
    return (
        f"{flagged:,} of {parties:,} {noun} {verb} ({hits:,} hit{'' if hits == 1 else 's'}, "
        f"{skipped:,} row{'' if skipped == 1 else 's'} skipped)"
    )


def _screen_on_spark_unsaved(
    obj: Context, file: Path, output: Path | None, lists: list[str] | None, opts: SparkOptions
) -> None:
    from vet.spark import screen_file_spark

    if output is None:
        raise click.BadParameter("with --no-save, Spark only writes its hits: give -o hits.parquet")
    matcher = obj.matcher(lists)
    result = screen_file_spark(
        file,
        output=output,
        master=opts.master,
        lists=lists,
        threshold=opts.threshold,
        mapping=opts.mapping,
        matcher=matcher,
        collect=opts.report is not None,
    )
    click.echo(
        _spark_summary(result.flagged, result.parties, result.hits, result.skipped_count)
        + f" in {result.seconds:.0f} s on {result.master}; hits written to {output}; "
        "not saved in the store."
    )
    if opts.report is not None:
        screening = Screening(
            file=file.name,
            threshold=result.threshold,
            columns=result.columns,
            results=list(result.results or ()),
            skipped=list(result.skipped),
        )
        meta = ReportMeta.for_screening(
            screening,
            obj.store().active_versions(lists),
            max_age_days=obj.settings.max_age_days,
        )
        write_report(screening, opts.report, format_for(opts.report) or "json", meta)
        click.echo(f"Wrote {opts.report}.", err=True)


@main.command("screenings")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_context
def screenings_command(obj: Context, as_json: bool) -> None:
    """The saved screenings: when, which file, how many parties and possible matches."""
    items = list_screenings(obj.store(with_lists=False))
    if as_json:
        click.echo(json.dumps([_info_dict(i) for i in items], indent=2, ensure_ascii=False))
        return
    if not items:
        click.echo("No screenings yet. Run `vet screen FILE`.")
        return
    click.echo(f"{'id':>4}  {'created':<16}  {'status':<11} {'parties':>8} {'flagged':>7}  name")
    for i in items:
        click.echo(
            f"{i.id:>4}  {i.created:%Y-%m-%d %H:%M}  {i.status:<11} {i.party_count:>8,} "
            f"{i.flagged_count:>7,}  {i.name}"
            + (f" (rescreen of {i.parent_id})" if i.parent_id else "")
        )
        resume = f"`vet screen {i.file} --resume` goes on from here"
        if i.status == ScreeningStatus.INTERRUPTED:
            rows = i.party_count + i.skipped_count
            why = i.error or "its process is gone"
            click.echo(f"      interrupted after {rows:,} rows ({why}); {resume}")
        elif i.error:
            click.echo(f"      failed: {i.error} ({resume})")


def _info_dict(info: ScreeningInfo) -> dict[str, Any]:
    return {
        "id": info.id,
        "name": info.name,
        "status": info.status,
        "error": info.error,
        "created": info.created.isoformat(),
        "file": info.file,
        "file_sha256": info.file_sha256,
        "threshold": info.threshold,
        "lists": list(info.lists) if info.lists is not None else None,
        "list_versions": list(info.list_versions),
        "vet_version": info.vet_version,
        "parent": info.parent_id,
        "parties": info.party_count,
        "skipped": info.skipped_count,
        "flagged": info.flagged_count,
        "hits": info.hit_count,
    }


@main.command("report")
@click.argument("screening")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", *FORMATS]), default=None)
@pass_context
def report(obj: Context, screening: str, output: Path | None, fmt: str | None) -> None:
    """Write the report of a saved SCREENING (name or id), with the decisions made since."""
    store = obj.store(with_lists=False)
    info, saved = load_screening(store, screening)
    fmt = fmt or (format_for(output) if output else None) or "text"
    _write(saved, info, output, fmt, obj.settings.max_age_days, store)


@main.command("rescreen")
@click.argument("screening")
@click.option("--name", "new_name", help="Name of the new screening.")
@click.option("--json", "as_json", is_flag=True, help="Print the changes as JSON.")
@click.option("--workers", type=int, help="Processes scoring parties (default: all cores).")
@pass_context
def rescreen_command(
    obj: Context, screening: str, new_name: str | None, as_json: bool, workers: int | None
) -> None:
    """Screen a saved SCREENING's parties again on the active lists; show only what changed."""
    store = obj.store()
    old = get_screening(store, screening)
    matcher = obj.matcher(list(old.lists) if old.lists is not None else None)
    lists = list(old.lists) if old.lists is not None else None
    with stop_on_sigterm():
        result = rescreen(
            store,
            matcher,
            old.id,
            name=new_name,
            workers=workers,
            ownership=obj.ownership(matcher, lists),
        )
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        return
    click.echo(result.summary())
    for change in result.changes:
        click.echo("  " + change.describe())


@main.command("decide")
@click.argument("screening")
@click.argument("row", type=int)
@click.argument("entity_id")
@click.argument("decision", type=click.Choice(DECISIONS))
@click.option(
    "--reviewer", required=True, envvar="VET_REVIEWER", help="Who decides [VET_REVIEWER]."
)
@click.option("--reason", default="", help="Why (kept in the audit log).")
@pass_context
def decide_command(
    obj: Context,
    screening: str,
    row: int,
    entity_id: str,
    decision: str,
    reviewer: str,
    reason: str,
) -> None:
    """Record a DECISION on one hit (ROW, listed ENTITY_ID) of a saved SCREENING."""
    made = decide(
        obj.store(with_lists=False),
        screening,
        row,
        entity_id,
        decision,
        reviewer=reviewer,
        reason=reason,
        four_eyes=obj.settings.four_eyes,
    )
    text = f"Recorded: row {row} / {entity_id}: {made.decision} by {made.reviewer}"
    if made.pending:
        text += (
            f"; awaiting approval by a second reviewer "
            f"(`vet decisions approve {screening} {row} {entity_id}`)"
        )
    click.echo(text + ".")
