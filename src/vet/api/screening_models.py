"""Request and response bodies of ``/screenings``; descriptions and examples feed /openapi.json."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from vet.api.models import Listing
from vet.service.screenings import MAX_ID
from vet.vocabulary import DecisionValue, ScreeningStatus

PartyStatus = Literal["confirmed", "cleared", "open"]


class ListVersionUsed(BaseModel):
    list_name: str = Field(description="vet list name.", examples=["us_ofac_sdn"])
    version: int = Field(description="Version id in the store (see /catalog).", examples=[3])
    published: date | None = Field(default=None, description="When the authority published it.")
    jurisdiction: str | None = Field(
        default=None,
        description="Who imposes the list (US, UK, EU, UN, AU, CA or user), as recorded when "
        "the list was imported; absent for screenings saved before vet recorded it.",
        examples=["US"],
    )


class ReportLinks(BaseModel):
    """Where the screening's reports are, one per format."""

    json_: str = Field(alias="json", examples=["/screenings/7/report.json"])
    csv: str = Field(examples=["/screenings/7/report.csv"])
    xlsx: str = Field(examples=["/screenings/7/report.xlsx"])
    html: str = Field(examples=["/screenings/7/report.html"])


class ScreeningModel(BaseModel):
    """A saved screening: where it came from, how far it got, what it found so far."""

    id: int = Field(description="The screening's id.", examples=[7])
    name: str = Field(description="Unique name.", examples=["suppliers 2026-11-29 10:42"])
    status: ScreeningStatus = Field(
        description="'queued' or 'running' until 'complete'. 'failed': see `error`. "
        "'interrupted': the process running it stopped or is gone (the server stopped, a "
        "`vet screen` was killed); resume it with `vet screen FILE --resume --name NAME`."
    )
    created: datetime = Field(description="When it was started (UTC).")
    finished: datetime | None = Field(default=None, description="When it completed (UTC).")
    file: str = Field(description="Name of the screened file.", examples=["suppliers.csv"])
    threshold: float = Field(description="Score from which a candidate is a hit.", examples=[0.8])
    lists: list[str] | None = Field(
        default=None, description="The lists asked for; null for every served list."
    )
    list_versions: list[ListVersionUsed] = Field(description="The list versions screened against.")
    parent: int | None = Field(default=None, description="The screening this one re-screened.")
    rows_done: int = Field(description="Rows of the file screened so far.", examples=[200])
    rows_total: int | None = Field(
        default=None, description="About how many rows the file holds, when known."
    )
    parties: int = Field(description="Parties screened so far.", examples=[198])
    skipped: int = Field(description="Rows that could not be screened (see the reports).")
    flagged: int = Field(description="Parties with at least one hit (or listed owners).")
    hits: int = Field(description="Hits in all.", examples=[12])
    error: str | None = Field(default=None, description="Why the screening failed.")
    reports: ReportLinks | None = Field(
        default=None, description="The reports, once the screening is complete."
    )


class ScreeningList(BaseModel):
    screenings: list[ScreeningModel] = Field(description="Newest first.")
    total: int = Field(description="Saved screenings in all.")


class DecisionModel(BaseModel):
    """A reviewer's decision on one hit."""

    decision: DecisionValue = Field(description="What the reviewer decided.")
    reviewer: str = Field(description="Who decided.", examples=["ana"])
    reason: str = Field(description="Why, in the reviewer's words.", examples=["born 1980"])
    at: datetime = Field(description="When (UTC).")
    changed: bool = Field(
        default=False,
        description="The listed record changed since the decision: the hit needs review again.",
    )
    changed_why: str | None = Field(
        default=None,
        description="What changed since the decision: a listing that joined or left the "
        "listed party, or which of its source records changed and how.",
        examples=["uk_ofsi record changed: alias added 'KOREA RYONBONG GROUP'"],
    )
    awaiting_approval: bool = Field(
        default=False,
        description="Four-eyes review: not final until a second, different reviewer approves it.",
    )
    approved_by: str | None = Field(
        default=None, description="Four-eyes review: who approved it.", examples=["ben"]
    )


class Feature(BaseModel):
    feature: str = Field(description="What the feature checks.", examples=["country_mismatch"])
    adjustment: float = Field(description="What it added to or took from the score.")
    detail: str = Field(description="What it found.", examples=["countries GB vs IR"])


class HitModel(BaseModel):
    """A listed party found for a screened party, why, and the decision on it."""

    entity_id: str = Field(description="The listed entity's id.", examples=["unsc-690752"])
    caption: str = Field(description="The listed name.", examples=["TANCHON COMMERCIAL BANK"])
    schema_: str = Field(alias="schema", description="FollowTheMoney schema.", examples=["Company"])
    score: float = Field(description="0 to 1.", examples=[0.97])
    matched_name: str = Field(description="The listed name (or alias) that matched.")
    query_name: str = Field(description="The screened name (or alias) that matched.")
    lists: list[str] = Field(description="Lists holding the party.", examples=[["un_sc"]])
    listings: list[Listing] = Field(description="Who lists it, under which programs, since when.")
    explanation: str = Field(description="Why it is a hit, in words.")
    features: list[Feature] = Field(description="The scorer's evidence, one line each.")
    decision: DecisionModel | None = Field(default=None, description="The decision in force.")


class OwnershipModel(BaseModel):
    rule: str = Field(description="The ownership rule applied.", examples=["OFAC 50%"])
    share: float | None = Field(default=None, description="Listed owners' combined share.")
    detail: str = Field(description="The chain of owners, as evidence.")


class FlaggedParty(BaseModel):
    """A screened party with possible matches."""

    row: int = Field(description="Row of the screened file (the header is row 1).", examples=[2])
    name: str = Field(description="The screened name.", examples=["Tanchon Commercial Bank"])
    own_id: str | None = Field(default=None, description="The file's own id for the party.")
    status: PartyStatus = Field(
        description="'confirmed': a hit was decided a match. 'cleared': every hit was decided "
        "a false positive. 'open': still to review."
    )
    hits: list[HitModel] = Field(description="Best first.")
    ownership: list[OwnershipModel] = Field(description="Listed owners, if any.")
    duplicate_of: int | None = Field(default=None, description="Earlier row of the same party.")


class ReviewCounts(BaseModel):
    parties: int = Field(description="Parties screened.")
    flagged: int = Field(description="Parties with possible matches.")
    confirmed: int = Field(description="Flagged parties with a hit decided a match.")
    cleared: int = Field(description="Flagged parties whose every hit is a false positive.")
    open: int = Field(description="Flagged parties still to review.")
    awaiting_approval: int = Field(
        default=0, description="Decisions awaiting a second reviewer's approval (four-eyes)."
    )
    skipped: int = Field(description="Rows that could not be screened.")


class HitsResponse(BaseModel):
    """The flagged parties of a screening with their hits and decisions."""

    screening: int = Field(description="The screening's id.", examples=[7])
    summary: str = Field(
        description="One sentence.",
        examples=["3 of 4 parties have possible matches: 1 false positive, 2 to review."],
    )
    counts: ReviewCounts
    total: int = Field(description="Parties matching the `status` filter.")
    offset: int
    parties: list[FlaggedParty]


class DecisionRequest(BaseModel):
    """A decision on one hit: the row of the screened file and the listed entity."""

    row: int = Field(ge=1, le=MAX_ID, description="Row of the screened file.", examples=[2])
    entity_id: str = Field(
        min_length=1, max_length=200, description="The hit's entity id.", examples=["unsc-690752"]
    )
    decision: DecisionValue = Field(description="'match', 'false_positive' or 'unsure'.")
    reason: str = Field(
        default="", max_length=2000, description="Why (kept in the audit log).", examples=[""]
    )
    reviewer: str | None = Field(
        default=None,
        max_length=100,
        description="Who decides. Needed without API keys (a server on loopback); with a key, "
        "the key's name is the reviewer and this field must be absent or equal to it.",
        examples=["ana"],
    )


class RecordedDecision(DecisionModel):
    row: int = Field(description="Row of the screened file.")
    entity_id: str = Field(description="The hit's entity id.")
    screening: int = Field(description="The screening's id.")


class HitRef(BaseModel):
    """One hit of a screening: the row of the screened file and the listed entity."""

    row: int = Field(ge=1, description="Row of the screened file.", examples=[2])
    entity_id: str = Field(
        min_length=1, max_length=200, description="The hit's entity id.", examples=["unsc-690752"]
    )


class BulkDecisionRequest(BaseModel):
    """One decision with one reason on every open hit the selection covers (the selection's
    fields all apply; give at least one of entity_id, list, hits)."""

    decision: DecisionValue = Field(description="'match', 'false_positive' or 'unsure'.")
    reason: str = Field(default="", max_length=2000, description="Why, kept with each decision.")
    entity_id: str | None = Field(
        default=None, max_length=200, description="Every hit of this listed party."
    )
    list_name: str | None = Field(
        default=None,
        alias="list",
        max_length=100,
        description="Only hits on this list.",
        examples=["un_sc"],
    )
    below: float | None = Field(
        default=None, gt=0, le=1, description="Only hits scoring below this.", examples=[0.85]
    )
    hits: list[HitRef] = Field(default=[], max_length=1000, description="Only these hits.")
    reviewer: str | None = Field(
        default=None,
        max_length=100,
        description="Who decides; as for a single decision (with an API key, the key's reviewer).",
    )


class BulkDecisionResponse(BaseModel):
    recorded: int = Field(description="Decisions recorded.")
    decisions: list[RecordedDecision]


class ApprovalRequest(BaseModel):
    """Approve decisions awaiting a second reviewer: the given hits, or ``all`` of them that
    the approving reviewer did not make."""

    hits: list[HitRef] = Field(default=[], max_length=1000, description="The hits to approve.")
    all: bool = Field(default=False, description="Every decision awaiting approval not yours.")
    reviewer: str | None = Field(
        default=None,
        max_length=100,
        description="Who approves; as for a decision (with an API key, the key's reviewer).",
    )


class PendingDecision(RecordedDecision):
    party: str = Field(description="The screened name.")
    listed_name: str = Field(description="The listed name.")


class ApprovalsResponse(BaseModel):
    """Decisions awaiting a second reviewer's approval (four-eyes review)."""

    four_eyes: bool = Field(description="Whether this server records decisions for approval.")
    approved: int = Field(default=0, description="Approvals recorded by this request.")
    pending: list[PendingDecision]


class FieldChangeModel(BaseModel):
    field: str = Field(description="The listed record's field.", examples=["un_sc.alias"])
    removed: list[str]
    added: list[str]


class HitChangeModel(BaseModel):
    """One hit that appeared, changed or went away since the screening."""

    kind: Literal["new", "changed", "delisted", "no longer matches"]
    reason: Literal[
        "list added",
        "list removed",
        "new record",
        "record changed",
        "record removed",
        "score rose",
        "score fell",
        "not kept before",
    ] = Field(
        description="Why: the list was added or removed; the listed record is new, changed "
        "or removed from the new version; the record is unchanged and its score rose or fell; "
        "or it was a hit before but not kept (screenings saved by earlier vet kept 5 per party)."
    )
    why: str = Field(
        description="The reason in a sentence, naming the lists, versions and scores.",
        examples=["a new record: not on un_sc version 1, on un_sc version 2"],
    )
    row: int
    party: str = Field(description="The screened name.")
    entity_id: str
    caption: str = Field(description="The listed name.")
    lists: list[str]
    score_before: float | None
    score_after: float | None
    changes: list[FieldChangeModel] = Field(description="For 'changed': what changed.")
    previous_decision: str | None = Field(
        description="For 'changed': the decision that no longer applies."
    )


class ScreeningRef(BaseModel):
    id: int
    name: str


class RescreenResponse(BaseModel):
    """The new screening and what changed against the old one."""

    old: ScreeningRef
    new: ScreeningRef
    summary: str = Field(
        examples=[
            "Re-screened 4 parties of 'fair' as 'fair (rescreen)' (lists changed: un_sc 1 -> 2): "
            "1 new hits (1 new record), 0 changed, 0 delisted, 0 no longer matching."
        ]
    )
    list_changes: list[str] = Field(
        description="List versions that differ from the earlier screening's.",
        examples=[["un_sc 1 -> 2", "added watch (version 5)"]],
    )
    changes: list[HitChangeModel]


class QueueHit(BaseModel):
    row: int = Field(description="Row of the screened file.")
    party: str = Field(description="The screened name.")
    entity_id: str
    caption: str = Field(description="The listed name.")
    score: float
    lists: list[str]
    status: Literal["open", "awaiting approval", "decided"]
    assigned_to: str | None = Field(default=None, description="The reviewer it is assigned to.")
    decision: DecisionModel | None = None


class QueueResponse(BaseModel):
    """A screening's review queue, filtered."""

    total: int
    hits: list[QueueHit]


class AssignmentRequest(BaseModel):
    rows: list[int] = Field(min_length=1, max_length=10_000, description="Rows of the parties.")
    reviewer: str = Field(max_length=200, description="Who is to review them ('' unassigns).")
    by: str | None = Field(
        default=None, max_length=100, description="Who assigns (with an API key: its reviewer)."
    )


class AssignmentResponse(BaseModel):
    rows: list[int]
    reviewer: str | None


class ClearanceRequest(BaseModel):
    row: int = Field(ge=1, description="Row of the screened file.", examples=[2])
    entity_id: str = Field(min_length=1, max_length=200, examples=["unsc-690752"])
    reason: str = Field(min_length=1, max_length=2000, description="Why it is another party.")
    expires: date = Field(description="The hit comes back for review after this date.")
    reviewer: str | None = Field(default=None, max_length=100, description="As for a decision.")


class ClearanceModel(BaseModel):
    """A party on the known-good list."""

    party: str
    entity_id: str
    listed_name: str
    reason: str
    reviewer: str
    expires: date
