"""A screening's page, its progress and reports (the home page is in :mod:`vet.web.upload`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from vet.report import FORMATS, ReportMeta
from vet.report.figures import (
    FRESHNESS_CAPTION,
    OWNERSHIP_CAPTION,
    freshness_figure,
    ownership_figure,
)
from vet.report.html import GRID_CAPTION, HISTOGRAM_CAPTION, glance_pictures
from vet.report.meta import list_jurisdictions
from vet.report.rows import (
    LISTED,
    AuthorityMatrix,
    MatrixCell,
    MatrixRow,
    authority_matrix,
    count,
    hit_jurisdictions,
    hit_topics,
    party_status,
    summary_sentence,
    topic_counts,
)
from vet.resolve import topic_title
from vet.scoring import Hit
from vet.screen import PartyResult, Screening, load_screening
from vet.screen.approvals import pending_approvals
from vet.screen.consistency import parse_topics
from vet.screen.model import keep_topics
from vet.screen.review import undecided_hits
from vet.service.downloads import report_response
from vet.service.screening_jobs import ScreeningJobs, get_jobs
from vet.service.screenings import ScreeningId, flagged_results
from vet.service.state import ApiState, State
from vet.sources import JURISDICTION_TITLES, JURISDICTIONS, list_label
from vet.store.screenings import get_screening
from vet.vocabulary import ScreeningStatus
from vet.web.access import REVIEWER_COOKIE, CurrentViewer, Viewer
from vet.web.render import render
from vet.web.rescreens import newer_versions
from vet.web.review import CHOICES as DECISION_CHOICES
from vet.web.review import recorded_note
from vet.web.upload import FIELD_HELP

Jobs = Annotated[ScreeningJobs, Depends(get_jobs)]
SHOWN = 500
"""Most flagged parties listed on a screening's page (the reports hold every one)."""

router = APIRouter()


@dataclass(frozen=True)
class MatrixLine:
    """One flagged party in the matrix: per jurisdiction, the lists that hold it."""

    row: MatrixRow
    cells: tuple[tuple[str, tuple[str, ...]], ...]
    """Per jurisdiction: its status, and ``label: programs (dates)`` of each list holding it."""


def describe_listing(label: str, cell: MatrixCell) -> str:
    """``OFAC SDN: CUBA (1962-07-08)``."""
    text = label
    if cell.programs:
        text += ": " + "; ".join(cell.programs)
    if cell.listing_dates:
        text += " (" + ", ".join(cell.listing_dates) + ")"
    return text


def matrix_lines(matrix: AuthorityMatrix) -> list[MatrixLine]:
    lines = []
    for row in matrix.rows:
        cells = []
        for jurisdiction, status in zip(JURISDICTIONS, row.jurisdictions, strict=True):
            found = tuple(
                describe_listing(column.label, cell)
                for column, cell in zip(matrix.columns, row.cells, strict=True)
                if column.jurisdiction == jurisdiction and cell.status == LISTED
            )
            cells.append((status, found))
        lines.append(MatrixLine(row, tuple(cells)))
    return lines


def columns_read(columns: dict[str, str]) -> list[tuple[str, str]]:
    """``(field as the form calls it, the file's header)``, in the form's order."""
    order = {field: i for i, field in enumerate(FIELD_HELP)}
    return [
        (FIELD_HELP.get(field, (field, ""))[0], header)
        for field, header in sorted(columns.items(), key=lambda c: order.get(c[0], len(order)))
    ]


def pictures(results: list[PartyResult], threshold: float, matrix: AuthorityMatrix) -> list[Any]:
    """``(svg, caption)`` of the authority grid and the score histogram (none if no party
    was flagged); the SVG is made and escaped by :mod:`vet.report.pictures`."""
    drawn = glance_pictures(results, threshold, matrix)
    if drawn is None:
        return []
    grid, histogram = drawn
    return [(Markup(grid), GRID_CAPTION), (Markup(histogram), HISTOGRAM_CAPTION)]


def ownership_pictures(results: list[PartyResult]) -> list[tuple[PartyResult, Markup]]:
    """Each party flagged through ownership with the graph of its owners (SVG made and
    escaped by :mod:`vet.report.pictures`)."""
    drawn = []
    for result in results:
        graph = ownership_figure(result)
        if graph is not None:
            drawn.append((result, Markup(graph)))
    return drawn


def bulk_choices(results: list[PartyResult]) -> dict[str, list[tuple[str, str]]]:
    """What the "decide several hits" form offers: the listed parties found, and the lists."""
    parties: dict[str, str] = {}
    lists: set[str] = set()
    for result in results:
        for hit in result.hits:
            parties.setdefault(hit.entity_id, hit.caption)
            lists.update(hit.lists)
    return {
        "entities": sorted(parties.items(), key=lambda p: (p[1].casefold(), p[0])),
        "lists": [(name, list_label(name)) for name in sorted(lists)],
    }


@dataclass(frozen=True)
class WhyListed:
    """What the page shows beside a hit: why the listed party is listed, and by whom."""

    topics: tuple[str, ...]
    """The topics' titles (``Human rights``), from every listing of the listed party."""
    authorities: tuple[tuple[str, str], ...]
    """``(code, title)`` of each authority listing it: ``("UN", "United Nations")``."""


def why_listed(hit: Hit, recorded: Mapping[str, str]) -> WhyListed:
    """``recorded``: each list's jurisdiction as recorded for the screening."""
    return WhyListed(
        topics=tuple(topic_title(t) for t in hit_topics(hit)),
        authorities=tuple(
            (code, JURISDICTION_TITLES.get(code, code)) for code in hit_jurisdictions(hit, recorded)
        ),
    )


@dataclass(frozen=True)
class TopicFilter:
    """The page's filter of flagged parties by topic, as ``vet screen --topics`` filters."""

    choices: tuple[tuple[str, str, int], ...]
    """``(topic, title, parties)`` of each topic some flagged party is listed for."""
    chosen: tuple[str, ...]
    """The topics asked for; none: every flagged party is shown."""
    shown: int
    flagged: int

    @property
    def titles(self) -> str:
        """``Human rights or Terrorism``."""
        return " or ".join(topic_title(t) for t in self.chosen)


def filter_by_topics(flagged: Screening, topics: list[str] | None) -> tuple[Screening, TopicFilter]:
    """The flagged parties with a hit listed for one of ``topics`` (all without topics), and
    what the filter form shows; InputError for a topic outside the vocabulary."""
    chosen = parse_topics(",".join(topics)) if topics else None
    shown = flagged
    if chosen:
        kept = keep_topics(flagged, chosen)
        shown = replace(kept, results=[r for r in kept.results if r.flagged])
    choices = tuple((t, topic_title(t), n) for t, n in topic_counts(flagged).items())
    return shown, TopicFilter(choices, chosen or (), len(shown.results), len(flagged.results))


@router.get("/screenings/{screening_id}", response_class=HTMLResponse, include_in_schema=False)
def screening_page(
    request: Request,
    screening_id: ScreeningId,
    viewer: CurrentViewer,
    state: State,
    jobs: Jobs,
    decided: str | None = None,
    decided_row: int | None = None,
    done: str | None = None,
    topic: Annotated[list[str] | None, Query()] = None,
) -> Response:
    return screening_view(
        request, state, jobs, viewer, screening_id, recorded=recorded_note(decided, decided_row),
        done=done if done in DONE_NOTES else None, topics=topic,
    )  # fmt: skip


DONE_NOTES = {
    "approved": "Approved: the decisions are final.",
    "bulk": "Recorded one decision on each selected hit.",
}
"""Notes the team forms come back with (a fixed text, so a link cannot make the page say
anything else)."""


def screening_view(
    request: Request,
    state: ApiState,
    jobs: ScreeningJobs,
    viewer: Viewer,
    screening_id: int,
    *,
    recorded: tuple[str, int] | None = None,
    done: str | None = None,
    team_error: str | None = None,
    team_form: dict[str, str] | None = None,
    status_code: int = 200,
    topics: list[str] | None = None,
) -> HTMLResponse:
    """The screening's page; the team forms (approvals, bulk) come back here with their
    ``team_error`` and what was typed. With ``topics``, the authorities matrix and the
    flagged parties show only parties with a hit listed for one of them."""
    info = get_screening(state.store, screening_id)
    progress = jobs.progress(info)
    context: dict[str, Any] = {
        "info": info,
        "progress": progress,
        "recorded": recorded,
        "formats": FORMATS,
        "parent": get_screening(state.store, info.parent_id) if info.parent_id else None,
        "done": DONE_NOTES.get(done or ""),
        "team_error": team_error,
        "team_form": team_form or {"reviewer": request.cookies.get(REVIEWER_COOKIE, "")},
    }
    if progress.status != ScreeningStatus.COMPLETE:
        return render(request, "screening.html", status_code=status_code, **context)
    info, screening = load_screening(state.store, screening_id)
    flagged = flagged_results(screening)
    meta = ReportMeta.for_saved(info, max_age_days=state.settings.max_age_days)
    matrix = authority_matrix(flagged, meta.list_versions)
    recorded_lists = list_jurisdictions(meta.list_versions)
    results = list(flagged.results)
    shown, topic_filter = filter_by_topics(flagged, topics)
    listed = list(shown.results)
    context.update(
        summary=summary_sentence(screening),
        counts=count(flagged),
        jurisdictions=JURISDICTIONS,
        matrix=matrix_lines(authority_matrix(shown, meta.list_versions) if topics else matrix),
        parties=[
            {
                "result": r,
                "status": party_status(r),
                "why": {hit.entity_id: why_listed(hit, recorded_lists) for hit in r.hits},
            }
            for r in listed[:SHOWN]
        ],
        more=max(len(listed) - SHOWN, 0),
        topic_filter=topic_filter,
        list_versions=meta.list_versions,
        list_ages=[(v, meta.freshness(v)) for v in meta.list_versions],
        stale_warning=meta.freshness_warning(),
        max_age_days=meta.max_age_days,
        freshness_picture=(Markup(freshness_figure(meta)), FRESHNESS_CAPTION),
        ownership_pictures=ownership_pictures(results[:SHOWN]),
        ownership_caption=OWNERSHIP_CAPTION,
        columns_read=columns_read(info.columns),
        newer=newer_versions(state, info),
        pictures=pictures(results, info.threshold, matrix),
        four_eyes=state.settings.four_eyes,
        pending=pending_approvals(state.store, info.id),
        to_decide=next(undecided_hits(state.store, info.id), None) is not None,
        bulk=bulk_choices(results),
        decisions=DECISION_CHOICES,
    )
    return render(request, "screening.html", status_code=status_code, **context)


@router.get("/screenings/{screening_id}/progress", include_in_schema=False)
def progress_json(
    screening_id: ScreeningId, viewer: CurrentViewer, state: State, jobs: Jobs
) -> dict[str, Any]:
    """For the page's progress script: status and rows done."""
    progress = jobs.progress(get_screening(state.store, screening_id))
    return {
        "status": progress.status,
        "rows_done": progress.rows_done,
        "rows_total": progress.rows_total,
        "error": progress.error,
    }


@router.get("/screenings/{screening_id}/report.{fmt}", include_in_schema=False)
def report(
    screening_id: ScreeningId, fmt: str, viewer: CurrentViewer, state: State, jobs: Jobs
) -> Response:
    return report_response(state, jobs, screening_id, fmt)
