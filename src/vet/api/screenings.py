"""``/screenings``: upload a party file, follow the screening, review its hits, get its reports.

``POST /screenings`` answers 202 with the new screening's id at once; the
screening runs on the server's background thread (:mod:`vet.service.screening_jobs`)
and ``GET /screenings/{id}`` tells how far it got. What the pages do
alike (uploads, flagged parties, re-screening) is in :mod:`vet.service.screenings`.
"""

from __future__ import annotations

import asyncio
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import Response

from vet.api.errors import ERROR_RESPONSES
from vet.api.models import ErrorResponse, Listing
from vet.api.screening_models import (
    DecisionModel,
    DecisionRequest,
    Feature,
    FlaggedParty,
    HitModel,
    HitsResponse,
    ListVersionUsed,
    OwnershipModel,
    RecordedDecision,
    ReportLinks,
    RescreenResponse,
    ReviewCounts,
    ScreeningList,
    ScreeningModel,
)
from vet.errors import InputError
from vet.report import FORMATS
from vet.report.rows import count, party_status, summary_sentence
from vet.scoring import Hit
from vet.screen import PartyResult, Review, load_screening
from vet.screen.decisions import decide
from vet.service.auth import key_name, require_api_key, require_loopback_host
from vet.service.downloads import MEDIA_TYPES, report_response
from vet.service.screening_jobs import ScreeningJobs, get_jobs, require_complete
from vet.service.screenings import (
    ScreeningId,
    flagged_results,
    parse_mapping,
    rescreen_saved,
    start_upload,
)
from vet.service.state import State
from vet.store.screenings import (
    Decision,
    ScreeningInfo,
    get_screening,
    list_screenings,
)
from vet.vocabulary import ScreeningStatus

Jobs = Annotated[ScreeningJobs, Depends(get_jobs)]

router = APIRouter(
    prefix="/screenings",
    tags=["Screenings"],
    dependencies=[Depends(require_loopback_host), Depends(require_api_key)],
    responses={
        **ERROR_RESPONSES,
        409: {"model": ErrorResponse, "description": "The screening is not complete (yet)"},
    },
)

# -- starting a screening --------------------------------------------------------------


def split_lists(value: str | None) -> list[str] | None:
    names = [v.strip() for v in (value or "").split(",") if v.strip()]
    return names or None


# -- answers ---------------------------------------------------------------------------


def report_links(screening_id: int, prefix: str = "") -> ReportLinks:
    return ReportLinks.model_validate(
        {fmt: f"{prefix}/screenings/{screening_id}/report.{fmt}" for fmt in FORMATS}
    )


def screening_model(info: ScreeningInfo, jobs: ScreeningJobs) -> ScreeningModel:
    progress = jobs.progress(info)
    return ScreeningModel(
        id=info.id,
        name=info.name,
        status=progress.status,
        created=info.created,
        finished=info.finished,
        file=info.file,
        threshold=info.threshold,
        lists=list(info.lists) if info.lists is not None else None,
        list_versions=[ListVersionUsed.model_validate(v) for v in info.list_versions],
        parent=info.parent_id,
        rows_done=progress.rows_done,
        rows_total=progress.rows_total,
        parties=info.party_count,
        skipped=info.skipped_count,
        flagged=info.flagged_count,
        hits=info.hit_count,
        error=progress.error,
        reports=report_links(info.id) if progress.status == ScreeningStatus.COMPLETE else None,
    )


def decision_model(review: Review) -> DecisionModel:
    return DecisionModel(
        decision=review.decision,
        reviewer=review.reviewer,
        reason=review.reason,
        at=review.at,
        changed=review.changed,
        changed_why=review.why or None,
        awaiting_approval=review.pending,
        approved_by=review.approved_by,
    )


def hit_model(hit: Hit, review: Review | None) -> HitModel:
    return HitModel.model_validate(
        {
            "entity_id": hit.entity_id,
            "caption": hit.caption,
            "schema": hit.schema,
            "score": hit.score,
            "matched_name": hit.matched_name,
            "query_name": hit.query_name,
            "lists": list(hit.lists),
            "listings": [
                Listing(
                    list_name=i.list_name,
                    authority=i.authority,
                    programs=list(i.programs),
                    listing_date=i.listing_date,
                    source_url=i.source_url,
                )
                for i in hit.listings
            ],
            "explanation": hit.explanation,
            "features": [
                Feature(feature=f.feature, adjustment=f.adjustment, detail=f.detail)
                for f in hit.features
            ],
            "decision": decision_model(review) if review is not None else None,
        }
    )


def flagged_party(result: PartyResult) -> FlaggedParty:
    party = result.party
    return FlaggedParty(
        row=party.row,
        name=party.name,
        own_id=party.own_id,
        status=party_status(result),  # type: ignore[arg-type]
        hits=[hit_model(h, result.review(h)) for h in result.hits],
        ownership=[
            OwnershipModel(rule=n.rule, share=n.share, detail=n.detail) for n in result.ownership
        ],
        duplicate_of=result.duplicate_of,
    )


def reviewer_for(request: Request, given: str | None) -> str:
    """The key's name with API keys; else the reviewer the client names."""
    name = key_name(request)
    given = (given or "").strip() or None
    if name is not None:
        if given is not None and given != name:
            raise InputError(
                f"reviewer {given!r}: with an API key, decisions are made in the key's name "
                f"({name!r}); leave 'reviewer' out"
            )
        return name
    if given is None:
        raise InputError("a decision needs a reviewer: set 'reviewer' to your name")
    return given


# -- routes ----------------------------------------------------------------------------


@router.post(
    "",
    status_code=202,
    response_model=ScreeningModel,
    summary="Screen a party file",
    response_model_by_alias=True,
)
def create(
    state: State,
    jobs: Jobs,
    file: Annotated[
        UploadFile,
        File(description="Parties as CSV (any delimiter), XLSX or JSON (array or lines)."),
    ],
    name: Annotated[
        str | None,
        Form(max_length=200, description="Unique name (default: file name and time)."),
    ] = None,
    threshold: Annotated[
        float | None,
        Form(ge=0, le=1, description="Score from which a candidate is a hit (default 0.80)."),
    ] = None,
    lists: Annotated[
        str | None,
        Form(description="Only these lists, comma-separated (default: every served list)."),
    ] = None,
    map_: Annotated[
        list[str] | None,
        Form(
            alias="map",
            description="Map a field to a column, FIELD=COLUMN (repeatable); fields: name, "
            "aliases, country, schema, birth_date, identifiers, id.",
        ),
    ] = None,
) -> ScreeningModel:
    """Start screening the uploaded file; answers at once with the screening's id.

    Columns are checked first (a file without a name column, unreadable or of
    another format is refused with 400 naming the problem). Then poll
    `GET /screenings/{id}` until `status` is `complete`.
    """
    info = start_upload(
        state,
        jobs,
        file.filename,
        file.file,
        name=name,
        threshold=threshold,
        lists=split_lists(lists),
        mapping=parse_mapping(map_ or []),
    )
    return screening_model(info, jobs)


@router.get("", response_model=ScreeningList, summary="Saved screenings")
def list_all(
    state: State,
    jobs: Jobs,
    limit: Annotated[int, Query(ge=1, le=1000, description="Most screenings returned.")] = 50,
) -> ScreeningList:
    """The saved screenings, newest first (those run with `vet screen` too)."""
    items = list_screenings(state.store)
    newest = items[::-1][:limit]
    return ScreeningList(screenings=[screening_model(i, jobs) for i in newest], total=len(items))


@router.get("/{screening_id}", response_model=ScreeningModel, summary="A screening's progress")
def progress(screening_id: ScreeningId, state: State, jobs: Jobs) -> ScreeningModel:
    """Status, rows done and counts so far; the report links once it is complete."""
    return screening_model(get_screening(state.store, screening_id), jobs)


@router.get(
    "/{screening_id}/report.{fmt}",
    summary="A screening's report",
    response_class=Response,
    responses={
        200: {
            "description": "The report, with the decisions made since the screening.",
            "content": {media: {} for media in MEDIA_TYPES.values()},
        }
    },
)
def report(
    screening_id: ScreeningId,
    fmt: Literal["json", "csv", "xlsx", "html"],
    state: State,
    jobs: Jobs,
) -> Response:
    """JSON, CSV, XLSX or HTML: the same report `vet report` writes."""
    return report_response(state, jobs, screening_id, fmt)


@router.get("/{screening_id}/hits", response_model=HitsResponse, summary="Flagged parties")
def hits(
    screening_id: ScreeningId,
    state: State,
    jobs: Jobs,
    status: Annotated[
        Literal["all", "open", "confirmed", "cleared"],
        Query(description="Only parties with this review status."),
    ] = "all",
    offset: Annotated[int, Query(ge=0, description="Parties to skip.")] = 0,
    limit: Annotated[int, Query(ge=1, le=1000, description="Most parties returned.")] = 100,
) -> HitsResponse:
    """The flagged parties in file order, each hit with its explanation and decision."""
    info, screening = load_screening(state.store, screening_id)
    require_complete(info, jobs)
    flagged = flagged_results(screening)
    counts = count(flagged)
    wanted = [r for r in flagged.results if status == "all" or party_status(r) == status]
    return HitsResponse(
        screening=info.id,
        summary=summary_sentence(screening),
        counts=ReviewCounts(
            parties=info.party_count,
            flagged=counts.flagged,
            confirmed=counts.confirmed,
            cleared=counts.cleared,
            open=counts.open,
            awaiting_approval=counts.awaiting,
            skipped=info.skipped_count,
        ),
        total=len(wanted),
        offset=offset,
        parties=[flagged_party(r) for r in wanted[offset : offset + limit]],
    )


@router.post(
    "/{screening_id}/decisions",
    status_code=201,
    response_model=RecordedDecision,
    summary="Decide a hit",
)
def create_decision(
    screening_id: ScreeningId, body: DecisionRequest, request: Request, state: State
) -> RecordedDecision:
    """Record a decision on one hit; the latest decision on a hit is the one in force.

    It follows the party into later screenings while the listed record stays unchanged.
    """
    made = decide(
        state.store,
        screening_id,
        body.row,
        body.entity_id,
        body.decision,
        reviewer=reviewer_for(request, body.reviewer),
        reason=body.reason,
        four_eyes=state.settings.four_eyes,
    )
    return recorded_decision(made)


def recorded_decision(made: Decision) -> RecordedDecision:
    return RecordedDecision(
        decision=made.decision,
        reviewer=made.reviewer,
        reason=made.reason,
        at=made.at,
        row=made.row or 0,
        entity_id=made.entity_id,
        screening=made.screening_id or 0,
        awaiting_approval=made.pending,
        approved_by=made.approved_by,
    )


@router.post("/{screening_id}/rescreen", response_model=RescreenResponse, summary="Screen again")
async def rescreen_screening(screening_id: ScreeningId, state: State, jobs: Jobs) -> dict[str, Any]:
    """Screen the screening's parties again on the served lists, saved as a new screening
    (after any screening under way); answers with only what changed: new hits, changed
    listed records, delisted parties and hits no longer matching."""
    result = await asyncio.wrap_future(rescreen_saved(state, jobs, screening_id))
    return result.to_dict()
