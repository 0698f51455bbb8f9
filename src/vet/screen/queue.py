"""A team's review queue over a saved screening: its hits, filtered, with who is to review them.

Each hit has a queue status: ``open`` (no decision, ``unsure``, or the listed record
changed since), ``awaiting approval`` (four-eyes review) or ``decided``. A queue is
narrowed by status, list, topic (why the party is listed), score band and assigned
reviewer; parties are assigned to reviewers with :func:`vet.store.assignments.assign`.
"""

from __future__ import annotations

from dataclasses import dataclass

from vet.errors import InputError
from vet.resolve.topics import listing_topics
from vet.scoring import Hit
from vet.screen.model import PartyResult, Review
from vet.screen.saved import iter_results
from vet.store import Store
from vet.store.assignments import assigned
from vet.store.screenings import get_screening
from vet.vocabulary import DecisionValue

OPEN, AWAITING, DECIDED = "open", "awaiting approval", "decided"
STATUSES = (OPEN, AWAITING, DECIDED)
UNASSIGNED = "(unassigned)"


def queue_status(review: Review | None) -> str:
    if (
        review is None
        or review.changed
        or review.expired
        or review.decision == DecisionValue.UNSURE
    ):
        return OPEN
    return AWAITING if review.pending else DECIDED


def hit_topic_set(hit: Hit) -> set[str]:
    return {t for listing in hit.listings for t in listing_topics(listing)}


@dataclass(frozen=True)
class QueueFilter:
    """What a queue shows; every field given must hold."""

    status: str | None = OPEN
    """``open``, ``awaiting approval``, ``decided``; None: all."""
    list_name: str | None = None
    topic: str | None = None
    min_score: float | None = None
    max_score: float | None = None
    """The score band: at least ``min_score``, below ``max_score``."""
    reviewer: str | None = None
    """Assigned to this reviewer (``(unassigned)``: to no one)."""

    def check(self) -> None:
        if self.status is not None and self.status not in STATUSES:
            raise InputError(f"status {self.status!r}: expected one of {', '.join(STATUSES)}")
        for score in (self.min_score, self.max_score):
            if score is not None and not 0 <= score <= 1:
                raise InputError(f"score {score}: give a score between 0 and 1")

    def holds(self, item: QueueItem) -> bool:
        hit = item.hit
        return (
            (self.status is None or item.status == self.status)
            and (self.list_name is None or self.list_name in hit.lists)
            and (self.topic is None or self.topic in hit_topic_set(hit))
            and (self.min_score is None or hit.score >= self.min_score)
            and (self.max_score is None or hit.score < self.max_score)
            and (self.reviewer is None or (item.assigned_to or UNASSIGNED) == self.reviewer)
        )


@dataclass(frozen=True)
class QueueItem:
    result: PartyResult
    hit: Hit
    review: Review | None
    status: str
    assigned_to: str | None

    @property
    def row(self) -> int:
        return self.result.party.row


def review_queue(store: Store, screening: int | str, wanted: QueueFilter) -> list[QueueItem]:
    """The screening's hits the filter keeps, in file order, best hit of a party first."""
    wanted.check()
    info = get_screening(store, screening)
    owners = assigned(store, info.id)
    found = []
    for result in iter_results(store, info.id):
        if not isinstance(result, PartyResult):
            continue
        for hit in result.hits:
            review = result.review(hit)
            item = QueueItem(
                result, hit, review, queue_status(review), owners.get(result.party.row)
            )
            if wanted.holds(item):
                found.append(item)
    return found
