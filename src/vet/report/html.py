"""The HTML report: one self-contained page a person can read, print and hand on.

No scripts, no external styles or fonts; the only links are the official
sources named in the list data. Every value from a party file or a list passes
through :func:`esc`, since both come from files vet does not control.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator
from pathlib import Path
from string import Template
from typing import IO

from vet.report.figures import (
    CHANGES_CAPTION,
    FRESHNESS_CAPTION,
    OWNERSHIP_CAPTION,
    changes_figure,
    freshness_figure,
    ownership_figure,
)
from vet.report.meta import ReportMeta
from vet.report.pictures import authority_grid, score_histogram
from vet.report.rows import (
    NOT_SCREENED,
    AuthorityMatrix,
    MatrixRow,
    authority_matrix,
    count,
    hit_authorities,
    hit_listing_date,
    hit_programs,
    hit_source_urls,
    hit_topics,
    party_status,
    summary_sentence,
    topics_sentence,
)
from vet.report.target import text_target
from vet.resolve import topic_title
from vet.scoring import Hit
from vet.screen import PartyResult, Review, Screening
from vet.sources import JURISDICTION_TITLES, JURISDICTIONS, list_label

CSS = """
:root { color: #1b1b1b; background: #fff; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
       max-width: 72rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.6rem; margin-bottom: .25rem; }
h2 { font-size: 1.3rem; border-bottom: 2px solid #1b1b1b; padding-bottom: .2rem; margin-top: 2rem; }
h3 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
h4 { font-size: 1rem; margin: 1rem 0 .4rem; }
.summary { font-size: 1.2rem; font-weight: 600; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; }
dl.meta dt { font-weight: 600; }
dl.meta dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border: 1px solid #8a8a8a; padding: .3rem .5rem; text-align: left; vertical-align: top;
         overflow-wrap: anywhere; }
thead th { background: #e8e8e8; }
tbody th { background: #f4f4f4; font-weight: 600; width: 12rem; }
.listed { color: #8a1414; font-weight: 700; }
.stale { color: #8a1414; font-weight: 700; border-left: 4px solid #8a1414; padding-left: .5rem; }
.not-listed { color: #1b1b1b; }
.not-screened { color: #4a4a4a; font-style: italic; }
details.party { border-top: 1px solid #8a8a8a; padding: .3rem 0; }
details.party > summary { cursor: pointer; padding: .2rem 0; }
details.party > summary .line { color: #4a4a4a; }
details.party.status-open > summary strong, details.party.status-confirmed > summary strong
  { color: #8a1414; }
details.party[open] > summary { font-size: 1.1rem; }
.help { color: #4a4a4a; }
.explanation { background: #f4f4f4; border-left: 4px solid #4a4a4a; padding: .5rem .75rem; }
a { color: #0b4f9c; }
figure.picture { margin: 1rem 0; overflow-x: auto; }
figure.picture figcaption { color: #4a4a4a; font-size: .9rem; }
footer { margin-top: 2rem; color: #4a4a4a; font-size: .9rem; }
@media print {
  body { font-size: 10pt; max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  .hit { break-inside: avoid-page; }
  details.party::details-content { content-visibility: visible; display: contents; }
  details.party > summary { list-style: none; font-weight: 600; }
  thead { display: table-header-group; }
  a { color: #000; }
  thead th, tbody th, .explanation { background: none; }
  figure.picture { overflow: visible; break-inside: avoid; }
  figure.picture svg { max-width: 100%; height: auto; }
}
@page { margin: 15mm; }
"""

HEAD = Template(
    """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="vet $vet_version">
<title>$title</title>
<style>$css</style>
</head>
<body>
<header>
<h1>$title</h1>
<p class="summary">$summary</p>
$freshness
$meta
</header>
<main>
$pictures
"""
)
TAIL = Template(
    """
$lists
$matrix
$skipped
</main>
<footer><p>$footer</p></footer>
</body>
</html>
"""
)


def esc(value: object) -> str:
    """``value`` as HTML text; None is empty."""
    return "" if value is None else html.escape(str(value), quote=True)


def link(url: str) -> str:
    """A link to ``url`` if it is http(s); other schemes (``javascript:``) stay plain text."""
    if url.lower().startswith(("https://", "http://")):
        return f'<a href="{esc(url)}">{esc(url)}</a>'
    return esc(url)


def status_span(status: str) -> str:
    return f'<span class="{status.replace(" ", "-")}">{esc(status)}</span>'


def table(caption: str, headers: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    """A table of already-escaped cells; the first cell of each row heads the row."""
    head = "".join(f'<th scope="col">{h}</th>' for h in headers)
    body = []
    for cells in rows:
        first, *rest = cells
        body.append(
            f'<tr><th scope="row">{first}</th>' + "".join(f"<td>{c}</td>" for c in rest) + "</tr>"
        )
    return (
        f"<table><caption>{caption}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def section(ident: str, title: str, content: str) -> str:
    return (
        f'<section aria-labelledby="{ident}"><h2 id="{ident}">{esc(title)}</h2>{content}</section>'
    )


def meta_block(screening: Screening, meta: ReportMeta) -> str:
    counts = count(screening)
    items: tuple[tuple[str, str], ...] = (
        ("File", screening.file),
        ("Created", meta.created.isoformat(timespec="seconds")),
        ("Parties screened", f"{counts.parties:,}"),
        ("Possible matches", f"{counts.flagged:,} parties, {counts.hits:,} hits"),
        ("Reviewed", f"{counts.confirmed:,} confirmed, {counts.cleared:,} false positives"),
        ("Still to review", f"{counts.open:,} parties"),
        (
            "Awaiting approval",
            f"{counts.awaiting:,} decision{'' if counts.awaiting == 1 else 's'} (four-eyes review)",
        ),
        ("Rows skipped", f"{counts.skipped:,}"),
        ("Threshold", f"{meta.threshold:.2f}"),
        ("vet version", meta.vet_version),
    )
    if not counts.awaiting:
        items = tuple(item for item in items if item[0] != "Awaiting approval")
    return (
        '<dl class="meta">'
        + "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in items)
        + "</dl>"
    )


def freshness_note(meta: ReportMeta) -> str:
    """The stale-list warning, at the top where the verdicts are read."""
    warning = meta.freshness_warning()
    return "" if warning is None else f'<p class="stale" id="stale-lists">{esc(warning)}</p>'


def lists_section(meta: ReportMeta) -> str:
    if not meta.list_versions:
        return section("lists", "Lists screened", "<p>No list versions recorded.</p>")
    rows = []
    for v in meta.list_versions:
        fresh = meta.freshness(v)
        rows.append(
            (
                esc(list_label(v.list_name)),
                esc(v.list_name),
                esc(JURISDICTION_TITLES[meta.jurisdiction_of(v.list_name)]),
                esc(v.version),
                esc(fresh.published_text),
                esc(fresh.age_text),
                f'<span class="stale">{esc(fresh.warning)}</span>' if fresh.warning else "",
            )
        )
    return section(
        "lists",
        "Lists screened",
        table(
            "The list versions this screening used, and how old each was when screened "
            f"(stale after {meta.max_age_days} days)",
            ("List", "Name in vet", "Jurisdiction", "Version", "Published", "Age", "Warning"),
            rows,
        ),
    )


GRID_CAPTION = (
    "Which authorities list each flagged party (n/s: no list of that authority was screened)"
)
HISTOGRAM_CAPTION = (
    "Scores of the hits against the threshold: hits just above it are the borderline ones"
)


def glance_pictures(
    flagged: Iterable[PartyResult], threshold: float, matrix: AuthorityMatrix
) -> tuple[str, str] | None:
    """The authority grid and the score histogram of a screening's flagged parties as SVG
    (what the report and the web page show first); None when no party was flagged."""
    if not matrix.rows:
        return None
    grid = authority_grid(
        [(f"Row {r.row}: {r.party_name}", r.jurisdictions) for r in matrix.rows], JURISDICTIONS
    )
    scores = [hit.score for result in flagged for hit in result.hits]
    return grid, score_histogram(scores, threshold)


def figure(picture: str, caption: str) -> str:
    """A picture with its caption (already escaped)."""
    return f'<figure class="picture">{picture}<figcaption>{caption}</figcaption></figure>'


def pictures_section(screening: Screening, meta: ReportMeta, matrix: AuthorityMatrix) -> str:
    """The screening at a glance: who lists each flagged party, how close the hits are, what
    changed since the earlier screening (for a re-screening), and how old the lists were."""
    figures = []
    pictures = glance_pictures(screening.flagged, meta.threshold, matrix)
    if pictures is not None:
        grid, histogram = pictures
        figures += [figure(grid, GRID_CAPTION), figure(histogram, HISTOGRAM_CAPTION)]
    if meta.changes is not None:
        figures.append(
            f'<p id="changes-summary">A re-screening of {esc(meta.changes.parent)}: '
            f"{meta.changes.total:,} hits changed.</p>"
            + figure(changes_figure(meta.changes), CHANGES_CAPTION)
        )
    if meta.list_versions:
        figures.append(figure(freshness_figure(meta), FRESHNESS_CAPTION))
    return section("at-a-glance", "At a glance", "".join(figures)) if figures else ""


def matrix_section(matrix: AuthorityMatrix) -> str:
    title = "Which authorities list the flagged parties"
    if not matrix.rows:
        return section("authorities", title, "<p>No party was flagged.</p>")
    rows = [
        (
            f'<a href="#row-{r.row}">Row {r.row}: {esc(r.party_name)}</a>',
            *(status_span(s) for s in r.jurisdictions),
        )
        for r in matrix.rows
    ]
    return section(
        "authorities",
        title,
        table(
            "Listed, not listed, or not screened (no list of that authority was used)",
            ("Party", *(esc(JURISDICTION_TITLES[j]) for j in JURISDICTIONS)),
            rows,
        ),
    )


def hit_block(result: PartyResult, number: int, hit: Hit) -> str:
    party = result.party
    sources = "<br>".join(link(u) for u in hit_source_urls(hit))
    rows = [
        ("Name", esc(party.name), esc(hit.caption)),
        ("Name compared", esc(hit.query_name), esc(hit.matched_name)),
        ("Type", esc(party.schema), esc(hit.schema)),
        ("Aliases", esc("; ".join(party.aliases)), ""),
        ("Countries", esc("; ".join(party.countries)), ""),
        ("Birth date", esc(party.birth_date), ""),
        ("Identifiers", esc("; ".join(party.identifiers)), ""),
        ("ID", esc(party.own_id), esc(hit.entity_id)),
        ("Lists", "", esc("; ".join(list_label(n) for n in hit.lists))),
        ("Authority", "", esc("; ".join(hit_authorities(hit)))),
        ("Programs", "", esc("; ".join(hit_programs(hit)))),
        ("Why listed", "", esc("; ".join(topic_title(t) for t in hit_topics(hit)))),
        ("Listed on", "", esc(hit_listing_date(hit))),
        ("Official source", "", sources),
    ]
    return (
        f'<div class="hit" id="row-{party.row}-hit-{number}">'
        f"<h4>Hit {number}: {esc(hit.caption)} (score {hit.score:.2f})</h4>"
        + table(
            f"Row {party.row} beside the listed record {esc(hit.entity_id)}",
            ("Field", "Screened party", "Listed record"),
            [(esc(label), a, b) for label, a, b in rows if a or b],
        )
        + f'<p class="explanation"><strong>Why:</strong> {esc(hit.explanation)}</p>'
        + decision_paragraph(result.review(hit))
        + "</div>"
    )


def decision_paragraph(review: Review | None) -> str:
    if review is None:
        return '<p class="decision"><strong>Decision:</strong> not reviewed yet</p>'
    return f'<p class="decision"><strong>Decision:</strong> {esc(review.describe())}</p>'


def ownership_paragraphs(result: PartyResult) -> str:
    """The ownership rules met, each with its evidence in words, then the owners drawn."""
    graph = ownership_figure(result)
    return "".join(
        f'<p class="ownership"><strong>{esc(note.rule)}:</strong> {esc(note.detail)}</p>'
        for note in result.ownership
    ) + ("" if graph is None else figure(graph, OWNERSHIP_CAPTION))


def authorities_block(matrix: AuthorityMatrix, row: MatrixRow) -> str:
    """Per jurisdiction, each list screened and whether it lists the party."""
    cells = list(zip(matrix.columns, row.cells, strict=True))
    rows = []
    for jurisdiction in JURISDICTIONS:
        title = esc(JURISDICTION_TITLES[jurisdiction])
        if jurisdiction not in matrix.screened:
            rows.append((title, "no list used", status_span(NOT_SCREENED), "", ""))
            continue
        rows.extend(
            (
                title,
                esc(column.label),
                status_span(cell.status),
                esc("; ".join(cell.programs)),
                esc(", ".join(cell.listing_dates)),
            )
            for column, cell in cells
            if column.jurisdiction == jurisdiction
        )
    return "<h4>Which authorities list it</h4>" + table(
        f"Row {row.row} on each list screened",
        ("Jurisdiction", "List", "Status", "Programs", "Listed on"),
        rows,
    )


HITS_LISTED = 3
"""A party with more hits than this gets a table of them, best first, above the records."""


def hits_table(result: PartyResult) -> str:
    """Every hit of a party in one line each, best first, linked to its record below."""
    row = result.party.row
    if len(result.hits) <= HITS_LISTED:
        return ""
    return table(
        f"{len(result.hits)} hits of row {row}, one per listed record, best first",
        ("Hit", "Listed record", "Score", "Lists", "Decision"),
        [
            (
                f'<a href="#row-{row}-hit-{number}">{number}</a>',
                f"{esc(hit.caption)} ({esc(hit.entity_id)})",
                f"{hit.score:.2f}",
                esc("; ".join(list_label(n) for n in hit.lists)),
                esc(review.describe()) if (review := result.review(hit)) else "not reviewed yet",
            )
            for number, hit in enumerate(result.hits, start=1)
        ],
    )


def party_line(result: PartyResult) -> str:
    """What a folded party shows: status, hits, the best one, its decision."""
    status = party_status(result)
    parts = [status]
    if result.hits:
        best = result.hits[0]
        count_text = f"{len(result.hits)} hit" + ("s" if len(result.hits) > 1 else "")
        parts.append(f"{count_text}, best {best.caption} ({best.score:.2f})")
        review = result.review(best)
        parts.append(review.describe() if review is not None else "not reviewed yet")
    if result.ownership:
        parts.append("owned or controlled by listed parties")
    return " · ".join(parts)


def party_article(result: PartyResult, row: MatrixRow, matrix: AuthorityMatrix) -> str:
    """One flagged party, folded to one line (status, best hit, decision); unfolded: its
    hits in a table when many, each hit beside the listed record, then the authorities."""
    party = result.party
    status = party_status(result)
    return (
        f'<details class="party status-{status}" id="row-{party.row}">'
        f'<summary id="row-{party.row}-h"><strong>Row {party.row}: {esc(party.name)}</strong> '
        f'<span class="line">{esc(party_line(result))}</span></summary>'
        + ownership_paragraphs(result)
        + hits_table(result)
        + "".join(hit_block(result, i, hit) for i, hit in enumerate(result.hits, start=1))
        + authorities_block(matrix, row)
        + "</details>\n"
    )


def matches_section(screening: Screening, matrix: AuthorityMatrix) -> Iterator[str]:
    """The flagged parties, one article at a time."""
    yield (
        '<section aria-labelledby="matches"><h2 id="matches">Possible matches</h2>\n'
        '<p class="help">Each flagged party on one line: open it for its hits beside the '
        "listed records, the explanations and the authorities (all are printed).</p>\n"
    )
    flagged = screening.flagged
    for result, row in zip(flagged, matrix.rows, strict=True):
        yield party_article(result, row, matrix)
    if not flagged:
        yield "<p>No party has a possible match at this threshold.</p>"
    yield "</section>"


def skipped_section(screening: Screening) -> str:
    if not screening.skipped:
        return section("skipped", "Skipped rows", "<p>No rows were skipped.</p>")
    return section(
        "skipped",
        "Skipped rows",
        table(
            "Rows of the file that could not be screened",
            ("Row", "Problem"),
            [(esc(s.row), esc(s.problem)) for s in screening.skipped],
        ),
    )


def html_chunks(screening: Screening, meta: ReportMeta) -> Iterator[str]:
    """The report page in pieces, one flagged party at a time."""
    matrix = authority_matrix(screening, meta.list_versions)
    yield HEAD.substitute(
        vet_version=esc(meta.vet_version),
        title=esc(f"Screening report: {meta.name}"),
        css=CSS,
        summary=esc(
            " ".join(filter(None, (summary_sentence(screening), topics_sentence(screening))))
        ),
        freshness=freshness_note(meta),
        meta=meta_block(screening, meta),
        pictures=pictures_section(screening, meta, matrix),
    )
    yield from matches_section(screening, matrix)
    yield TAIL.substitute(
        lists=lists_section(meta),
        matrix=matrix_section(matrix),
        skipped=skipped_section(screening),
        footer=esc(
            f"Screened by vet {meta.vet_version} on {meta.created.date().isoformat()}. "
            "A possible match is a lead to check against the official source, not a finding."
        ),
    )


def render_html(screening: Screening, meta: ReportMeta) -> str:
    """The report page as one string."""
    return "".join(html_chunks(screening, meta))


def write_html(screening: Screening, out: Path | IO[str], *, meta: ReportMeta) -> None:
    """Write the report as one self-contained HTML page."""
    with text_target(out) as stream:
        stream.writelines(html_chunks(screening, meta))
