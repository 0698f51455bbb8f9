"""The home page: the upload form (file, name, threshold, lists, columns) and recent screenings.

The form sends what the API's ``POST /screenings`` takes, and is checked by the
same functions (:func:`vet.service.screenings.start_upload`, ``parse_mapping``,
``pick_versions``, ``detect_columns``): a problem comes back on the form, with
the person's entries kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from vet.errors import InputError
from vet.screen.parties import FIELDS, SYNONYMS
from vet.service.screening_jobs import ScreeningJobs, get_jobs
from vet.service.screenings import UPLOAD_SUFFIXES, parse_mapping, start_upload
from vet.service.state import ApiState, State
from vet.store import Freshness, ListVersion, freshness
from vet.store.screenings import list_screenings
from vet.web.access import CurrentViewer, SameOrigin
from vet.web.render import base_path, render

Jobs = Annotated[ScreeningJobs, Depends(get_jobs)]
RECENT = 20
MAX_COLUMN = 200
"""Characters in a column name typed on the form."""
MAX_LIST_NAME = 100
EXAMPLES = 4
"""Recognised headers shown per field in the form's help."""

FIELD_HELP: dict[str, tuple[str, str]] = {
    "name": ("Name", "Each party's name; the one column a file must have"),
    "aliases": ("Other names", "Aliases or trading names, several separated by ; or |"),
    "country": ("Country", "Countries or nationalities, as names or codes"),
    "schema": ("Type", "Person, company, organisation, vessel or aircraft"),
    "birth_date": ("Birth date", "A person's date of birth, such as 1965-03-14"),
    "identifiers": ("Identifiers", "Registration, tax, LEI, IMO or passport numbers"),
    "id": ("Your reference", "Your own ID for the party, carried into the reports"),
}
"""What the form calls each field of :data:`vet.screen.parties.FIELDS`, and what it holds."""

router = APIRouter()


@dataclass(frozen=True)
class ListChoice:
    """A list this server screens against, as a box to tick."""

    name: str
    title: str
    authority: str
    version: ListVersion
    freshness: Freshness

    @property
    def dated(self) -> str:
        """``published 2026-02-27; 280 days old; STALE: older than 30 days``, or
        ``date unknown; WARNING: ...`` for an undated version."""
        return self.freshness.describe()


@dataclass(frozen=True)
class ColumnField:
    """A field of a party the person may name a column for."""

    field: str
    label: str
    help: str
    recognised: tuple[str, ...]
    """Some of the headers found without being named."""


def list_choices(state: ApiState) -> list[ListChoice]:
    """The served lists, by title."""
    choices = []
    for name, version in state.served.items():
        status = state.store.list_status(name)
        fresh = freshness(version.published, state.settings.max_age_days)
        choices.append(ListChoice(name, status.title or name, status.authority, version, fresh))
    return sorted(choices, key=lambda c: c.title.lower())


def column_fields() -> list[ColumnField]:
    return [
        ColumnField(
            field,
            *FIELD_HELP.get(field, (field, "")),
            recognised=SYNONYMS.get(field, ())[:EXAMPLES],
        )
        for field in FIELDS
    ]


async def column_entries(request: Request) -> dict[str, str]:
    """The column typed for each field (``column_name`` and so on), blank ones included."""
    form = await request.form()
    entries = {}
    for field in FIELDS:
        value = form.get(f"column_{field}")
        entries[field] = value.strip() if isinstance(value, str) else ""
    return entries


def column_mapping(entries: dict[str, str]) -> dict[str, str]:
    """The API's mapping from the columns typed on the form (blank: found from the header)."""
    for field, column in entries.items():
        if len(column) > MAX_COLUMN:
            label = FIELD_HELP.get(field, (field, ""))[0]
            raise InputError(f"Column for {label}: at most {MAX_COLUMN} characters.")
    return parse_mapping([f"{field}={column}" for field, column in entries.items() if column])


def chosen_lists(state: ApiState, ticked: list[str]) -> list[str] | None:
    """The lists to screen against; None for every served list (the API's default)."""
    if not state.served:
        return None
    if not ticked:
        raise InputError("Tick at least one list to screen against.")
    if any(len(name) > MAX_LIST_NAME for name in ticked):
        raise InputError("A ticked list has no such name here: reload the page and tick again.")
    if set(ticked) == set(state.served):
        return None
    return ticked


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
    ticked: Iterable[str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """The home page; after a refused upload, ``form`` and ``ticked`` are what was sent."""
    form = form or {}
    return render(
        request,
        "home.html",
        status_code=status_code,
        screenings=recent(state, jobs),
        threshold=state.matcher.threshold,
        accept=",".join(UPLOAD_SUFFIXES),
        error=error,
        form=form,
        lists=list_choices(state),
        ticked=None if ticked is None else set(ticked),
        columns=column_fields(),
        columns_open=any(form.get(f"column_{f}") for f in FIELDS),
    )


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home_page(request: Request, viewer: CurrentViewer, state: State, jobs: Jobs) -> Response:
    return home(request, state, jobs)


def parse_threshold(text: str) -> float | None:
    try:
        value = float(text) if text.strip() else None
        if value is not None and not 0 <= value <= 1:
            raise ValueError
    except ValueError:
        raise InputError(f"Threshold {text!r}: give a number from 0 to 1, such as 0.8.") from None
    return value


@router.post("/screenings", include_in_schema=False, dependencies=[SameOrigin])
def upload(
    request: Request,
    viewer: CurrentViewer,
    state: State,
    jobs: Jobs,
    file: Annotated[UploadFile, File()],
    columns: Annotated[dict[str, str], Depends(column_entries)],
    name: Annotated[str, Form(max_length=200)] = "",
    threshold: Annotated[str, Form(max_length=20)] = "",
    lists: Annotated[list[str] | None, Form()] = None,
) -> Response:
    ticked = lists or []
    form = {"name": name, "threshold": threshold}
    form.update({f"column_{field}": column for field, column in columns.items()})
    try:
        value = parse_threshold(threshold)
        if not file.filename:
            raise InputError("Choose a file of parties to screen (CSV, XLSX or JSON).")
        info = start_upload(
            state,
            jobs,
            file.filename,
            file.file,
            name=name or None,
            threshold=value,
            lists=chosen_lists(state, ticked),
            mapping=column_mapping(columns),
        )
    except InputError as exc:
        return home(request, state, jobs, error=str(exc), form=form, ticked=ticked, status_code=400)
    return RedirectResponse(f"{base_path(request)}/screenings/{info.id}", status_code=303)
