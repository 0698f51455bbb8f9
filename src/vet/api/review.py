"""Review as a team over the API: decide many hits at once, four-eyes approvals, the review
queue and its assignments, and the known-good list.

The reviewer is the one the request's API key names (``vet keys create --reviewer``);
on a server without keys, the ``reviewer`` the client gives.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request

from vet.api.errors import ERROR_RESPONSES
from vet.api.screening_models import (
    ApprovalRequest,
    ApprovalsResponse,
    AssignmentRequest,
    AssignmentResponse,
    BulkDecisionRequest,
    BulkDecisionResponse,
    ClearanceModel,
    ClearanceRequest,
    PendingDecision,
    QueueHit,
    QueueResponse,
)
from vet.api.screenings import decision_model, recorded_decision, reviewer_for
from vet.errors import InputError
from vet.screen.approvals import approve, approve_all, pending_approvals
from vet.screen.bulk import Selection, decide_selected
from vet.screen.clearances import clear_party
from vet.screen.queue import QueueFilter, review_queue
from vet.service.auth import require_api_key, require_loopback_host
from vet.service.screenings import ScreeningId
from vet.service.state import ApiState, State
from vet.store.assignments import assign
from vet.store.screenings import get_screening

router = APIRouter(
    prefix="/screenings",
    tags=["Review"],
    dependencies=[Depends(require_loopback_host), Depends(require_api_key)],
    responses=ERROR_RESPONSES,
)


@router.post(
    "/{screening_id}/decisions/bulk",
    status_code=201,
    response_model=BulkDecisionResponse,
    summary="Decide many hits at once",
)
def create_bulk_decision(
    screening_id: ScreeningId, body: BulkDecisionRequest, request: Request, state: State
) -> BulkDecisionResponse:
    """Record one decision with one reason on every open hit the selection covers: all hits
    of one listed party (`entity_id`), all hits on one `list` scoring `below` a score, or
    the given `hits`. Hits already decided are left as they are; 400 when none is open."""
    made = decide_selected(
        state.store,
        screening_id,
        Selection(
            entity_id=body.entity_id,
            list_name=body.list_name,
            below=body.below,
            hits=tuple((h.row, h.entity_id) for h in body.hits),
        ),
        body.decision,
        reviewer=reviewer_for(request, body.reviewer),
        reason=body.reason,
        four_eyes=state.settings.four_eyes,
    )
    return BulkDecisionResponse(recorded=len(made), decisions=[recorded_decision(d) for d in made])


def approvals_response(state: ApiState, screening_id: int, approved: int = 0) -> ApprovalsResponse:
    return ApprovalsResponse(
        four_eyes=state.settings.four_eyes,
        approved=approved,
        pending=[
            PendingDecision(
                **recorded_decision(a.decision).model_dump(),
                party=a.party_name,
                listed_name=a.listed_name,
            )
            for a in pending_approvals(state.store, screening_id)
        ],
    )


@router.get(
    "/{screening_id}/approvals",
    response_model=ApprovalsResponse,
    summary="Decisions awaiting approval",
)
def list_approvals(screening_id: ScreeningId, state: State) -> ApprovalsResponse:
    """Four-eyes review: the decisions on the screening's hits that a second, different
    reviewer has still to approve before they are final."""
    return approvals_response(state, get_screening(state.store, screening_id).id)


@router.post(
    "/{screening_id}/approvals",
    response_model=ApprovalsResponse,
    summary="Approve decisions",
)
def create_approvals(
    screening_id: ScreeningId, body: ApprovalRequest, request: Request, state: State
) -> ApprovalsResponse:
    """Approve, as a second reviewer, the decisions on the given `hits` (all or none: 400
    naming the problem), or with `all` every decision awaiting approval not made by you.
    The reviewer who made a decision cannot approve it."""
    reviewer = reviewer_for(request, body.reviewer)
    if body.all == bool(body.hits):
        raise InputError("give the hits to approve, or 'all': true")
    if body.all:
        made = approve_all(state.store, screening_id, reviewer=reviewer)
    else:
        made = approve(
            state.store,
            screening_id,
            [(h.row, h.entity_id) for h in body.hits],
            reviewer=reviewer,
        )
    return approvals_response(state, screening_id, len(made))


@router.get("/{screening_id}/queue", response_model=QueueResponse, summary="The review queue")
def queue(
    screening_id: ScreeningId,
    state: State,
    status: Annotated[
        Literal["open", "awaiting approval", "decided", "all"],
        Query(description="Hits with this review status."),
    ] = "open",
    list_name: Annotated[
        str | None, Query(alias="list", description="Only hits on this list.")
    ] = None,
    topic: Annotated[str | None, Query(description="Only hits listed for this topic.")] = None,
    min_score: Annotated[float | None, Query(ge=0, le=1, description="Scoring at least.")] = None,
    max_score: Annotated[float | None, Query(ge=0, le=1, description="Scoring below.")] = None,
    reviewer: Annotated[
        str | None, Query(description="Assigned to this reviewer ('(unassigned)': no one).")
    ] = None,
) -> QueueResponse:
    """The screening's hits by review status, list, topic, score band and assigned reviewer,
    in file order."""
    items = review_queue(
        state.store,
        screening_id,
        QueueFilter(
            status=None if status == "all" else status,
            list_name=list_name,
            topic=topic,
            min_score=min_score,
            max_score=max_score,
            reviewer=reviewer,
        ),
    )
    return QueueResponse(
        total=len(items),
        hits=[
            QueueHit(
                row=item.row,
                party=item.result.party.name,
                entity_id=item.hit.entity_id,
                caption=item.hit.caption,
                score=item.hit.score,
                lists=list(item.hit.lists),
                status=item.status,  # type: ignore[arg-type]
                assigned_to=item.assigned_to,
                decision=decision_model(item.review) if item.review else None,
            )
            for item in items
        ],
    )


@router.post(
    "/{screening_id}/assignments", response_model=AssignmentResponse, summary="Assign parties"
)
def create_assignments(
    screening_id: ScreeningId, body: AssignmentRequest, request: Request, state: State
) -> AssignmentResponse:
    """Assign the parties on `rows` to `reviewer` (empty: unassign them); audit-logged."""
    info = get_screening(state.store, screening_id)
    by = reviewer_for(request, body.by)
    rows = assign(state.store, info.id, body.rows, body.reviewer, by=by)
    return AssignmentResponse(rows=rows, reviewer=body.reviewer.strip() or None)


@router.post(
    "/{screening_id}/clearances",
    status_code=201,
    response_model=ClearanceModel,
    summary="Clear a party (known good)",
)
def create_clearance(
    screening_id: ScreeningId, body: ClearanceRequest, request: Request, state: State
) -> ClearanceModel:
    """Put the party on `row`, decided a false positive against `entity_id`, on the
    known-good list until `expires`: it comes back for review when the clearance expires
    or the listed record changes."""
    made = clear_party(
        state.store,
        screening_id,
        body.row,
        body.entity_id,
        reason=body.reason,
        expires=body.expires,
        reviewer=reviewer_for(request, body.reviewer),
    )
    return ClearanceModel(
        party=made.party_name,
        entity_id=made.entity_id,
        listed_name=made.listed_name,
        reason=made.reason,
        reviewer=made.reviewer,
        expires=made.expires,
    )
