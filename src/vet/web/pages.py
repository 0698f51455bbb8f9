"""A screening's page, its progress and reports (the home page is in :mod:`vet.web.upload`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from vet.api.downloads import report_response
from vet.api.screening_jobs import ScreeningJobs, get_jobs
from vet.api.screenings import flagged_results
from vet.api.state import State
from vet.report import FORMATS, ReportMeta
from vet.report.rows import (
    LISTED,
    AuthorityMatrix,
    MatrixCell,
    MatrixRow,
    authority_matrix,
    count,
    party_status,
    summary_sentence,
)
from vet.screen import load_screening
from vet.sources import JURISDICTIONS
from vet.store.screenings import COMPLETE, get_screening
from vet.web.access import CurrentViewer
from vet.web.render import render
from vet.web.rescreens import newer_versions
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


@router.get("/screenings/{screening_id}", response_class=HTMLResponse, include_in_schema=False)
def screening_page(
    request: Request,
    screening_id: int,
    viewer: CurrentViewer,
    state: State,
    jobs: Jobs,
    decided: str | None = None,
    decided_row: int | None = None,
) -> Response:
    info = get_screening(state.store, screening_id)
    progress = jobs.progress(info)
    context: dict[str, Any] = {
        "info": info,
        "progress": progress,
        "recorded": recorded_note(decided, decided_row),
        "formats": FORMATS,
        "parent": get_screening(state.store, info.parent_id) if info.parent_id else None,
    }
    if progress.status != COMPLETE:
        return render(request, "screening.html", **context)
    info, screening = load_screening(state.store, screening_id)
    flagged = flagged_results(screening)
    meta = ReportMeta.for_saved(info)
    matrix = authority_matrix(flagged, meta.list_versions)
    results = list(flagged.results)
    context.update(
        summary=summary_sentence(screening),
        counts=count(flagged),
        jurisdictions=JURISDICTIONS,
        matrix=matrix_lines(matrix),
        parties=[{"result": r, "status": party_status(r)} for r in results[:SHOWN]],
        more=max(len(results) - SHOWN, 0),
        list_versions=meta.list_versions,
        columns_read=columns_read(info.columns),
        newer=newer_versions(state, info),
    )
    return render(request, "screening.html", **context)


@router.get("/screenings/{screening_id}/progress", include_in_schema=False)
def progress_json(
    screening_id: int, viewer: CurrentViewer, state: State, jobs: Jobs
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
    screening_id: int, fmt: str, viewer: CurrentViewer, state: State, jobs: Jobs
) -> Response:
    return report_response(state, jobs, screening_id, fmt)
