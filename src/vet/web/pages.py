"""The home page (upload, recent screenings), a screening's page, its progress and reports."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from vet.api.downloads import report_response
from vet.api.screening_jobs import ScreeningJobs, get_jobs
from vet.api.screenings import UPLOAD_SUFFIXES, flagged_results, start_upload
from vet.api.state import ApiState, State
from vet.errors import InputError
from vet.report import FORMATS, ReportMeta
from vet.report.rows import (
    JURISDICTIONS,
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
from vet.store.screenings import COMPLETE, get_screening, list_screenings
from vet.web.access import CurrentViewer, SameOrigin
from vet.web.render import base_path, render
from vet.web.review import recorded_note

Jobs = Annotated[ScreeningJobs, Depends(get_jobs)]
RECENT = 20
SHOWN = 500
"""Most flagged parties listed on a screening's page (the reports hold every one)."""

router = APIRouter()


def recent(state: ApiState, jobs: ScreeningJobs) -> list[dict[str, Any]]:
    items = list_screenings(state.store)[::-1][:RECENT]
    return [{"info": i, "progress": jobs.progress(i)} for i in items]


def home(
    request: Request,
    state: ApiState,
    jobs: ScreeningJobs,
    *,
    error: str | None = None,
    form: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "home.html",
        status_code=status_code,
        screenings=recent(state, jobs),
        threshold=state.matcher.threshold,
        accept=",".join(UPLOAD_SUFFIXES),
        error=error,
        form=form or {},
    )


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home_page(request: Request, viewer: CurrentViewer, state: State, jobs: Jobs) -> Response:
    return home(request, state, jobs)


@router.post("/screenings", include_in_schema=False, dependencies=[SameOrigin])
def upload(
    request: Request,
    viewer: CurrentViewer,
    state: State,
    jobs: Jobs,
    file: Annotated[UploadFile, File()],
    name: Annotated[str, Form(max_length=200)] = "",
    threshold: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    form = {"name": name, "threshold": threshold}
    try:
        value = float(threshold) if threshold.strip() else None
        if value is not None and not 0 <= value <= 1:
            raise ValueError
    except ValueError:
        error = f"Threshold {threshold!r}: give a number from 0 to 1, such as 0.8."
        return home(request, state, jobs, error=error, form=form, status_code=400)
    if not file.filename:
        error = "Choose a file of parties to screen (CSV, XLSX or JSON)."
        return home(request, state, jobs, error=error, form=form, status_code=400)
    try:
        info = start_upload(state, jobs, file, name=name or None, threshold=value)
    except InputError as exc:
        return home(request, state, jobs, error=str(exc), form=form, status_code=400)
    return RedirectResponse(f"{base_path(request)}/screenings/{info.id}", status_code=303)


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
