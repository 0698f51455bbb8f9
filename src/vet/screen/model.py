"""What a screening is made of: parties' results, reviews, the screening itself.

A :class:`Screening` holds its results either in memory (a list) or as a view
over a saved screening in the store, read row batch by row batch, so reports
of a 200,000-party screening never hold it all in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from vet.resolve import listing_topics
from vet.scoring import Hit
from vet.screen.parties import Party, SkippedRow
from vet.vocabulary import DecisionValue


@dataclass(frozen=True)
class Review:
    """A reviewer's decision as it applies to one hit of one screening."""

    decision: DecisionValue
    reviewer: str
    reason: str
    at: datetime
    changed: bool = False
    """True when the listed record changed since the decision: the hit needs review again."""
    why: str = ""
    """What changed, when ``changed``: a listing that joined the listed party, or which of its
    source records changed and how ("uk_ofsi record changed: alias added 'X'")."""
    pending: bool = False
    """Four-eyes review: the decision awaits a second reviewer's approval, so is not final."""
    approved_by: str | None = None
    """Four-eyes review: the second reviewer who approved the decision."""
    cleared_until: date | None = None
    """On the known-good list (a false positive cleared for future screenings) until then."""
    expired: bool = False
    """The known-good clearance expired: the hit needs review again."""

    @property
    def settled(self) -> bool:
        """A final decision that still holds and is not ``unsure``."""
        return (
            not self.changed
            and not self.expired
            and not self.pending
            and self.decision != DecisionValue.UNSURE
        )

    def describe(self) -> str:
        text = f"{self.decision} by {self.reviewer} on {self.at:%Y-%m-%d}"
        if self.reason:
            text += f" ({self.reason})"
        if self.approved_by:
            text += f", approved by {self.approved_by}"
        elif self.pending:
            text += "; awaiting approval by a second reviewer"
        if self.cleared_until is not None and not self.changed:
            if self.expired:
                text += f"; cleared until {self.cleared_until:%Y-%m-%d}, expired: review again"
            else:
                text += f"; on the known-good list until {self.cleared_until:%Y-%m-%d}"
        if self.changed:
            since = f" ({self.why})" if self.why else ""
            text += f"; the listed record changed since{since}: review again"
        return text


@dataclass(frozen=True)
class Holding:
    """One link of the ownership evidence: ``owner`` holds ``share`` percent of ``owned``
    (None: controls it without a known share), as the links name the parties."""

    owner: str
    owned: str
    share: float | None
    control: bool = False
    listed_as: str | None = None
    """How the owner is listed (``OFAC ... (SDN): IRAN``), when it is a listed party."""


@dataclass(frozen=True)
class OwnershipNote:
    """A party flagged because listed parties own or control it (evidence in ``detail``)."""

    rule: str
    share: float | None
    detail: str
    party: str = ""
    """The owned party as the ownership links name it."""
    holdings: tuple[Holding, ...] = ()
    """The links of the evidence (the chains from the listed owners, and the party's direct
    owners), to draw; empty in screenings saved before vet kept them."""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> OwnershipNote:
        """A note as saved (``dataclasses.asdict``)."""
        holdings = tuple(Holding(**h) for h in data.get("holdings", ()))
        return cls(**{**data, "holdings": holdings})


@dataclass(frozen=True)
class PartyResult:
    party: Party
    hits: tuple[Hit, ...]
    """Hits at or above the threshold, best first."""
    best: Hit | None
    """The best-scoring listed party even when below the threshold (for context)."""
    reviews: dict[str, Review] = field(default_factory=dict)
    """Decisions that apply to the hits, by listed entity id."""
    ownership: tuple[OwnershipNote, ...] = ()
    duplicate_of: int | None = None
    """The earlier row of the same file holding the same party, if any."""

    def review(self, hit: Hit) -> Review | None:
        return self.reviews.get(hit.entity_id)

    @property
    def open_hits(self) -> tuple[Hit, ...]:
        """Hits no settled decision covers (undecided, unsure or changed since)."""
        return tuple(h for h in self.hits if not (r := self.review(h)) or not r.settled)

    @property
    def flagged(self) -> bool:
        return bool(self.hits or self.ownership)


@dataclass
class Screening:
    file: str
    threshold: float
    columns: dict[str, str]
    results: Collection[PartyResult] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)
    name: str | None = None
    screening_id: int | None = None

    @property
    def flagged(self) -> list[PartyResult]:
        return [r for r in self.results if r.flagged]


class StoredResults(Collection[PartyResult]):
    """The results of a saved screening, read from the store each time they are iterated."""

    def __init__(self, count: int, read: Callable[[], Iterator[PartyResult]]) -> None:
        self._count = count
        self._read = read

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[PartyResult]:
        return self._read()

    def __contains__(self, item: object) -> bool:
        return any(item == r for r in self)


def keep_topics(screening: Screening, topics: Collection[str]) -> Screening:
    """The screening with only the hits listed for one of ``topics`` (``human_rights``):
    a hit stays when any of its listings carries one of them. Parties flagged by an
    ownership rule alone stay as they are."""
    wanted = set(topics)
    results = [
        replace(
            result,
            hits=tuple(
                hit
                for hit in result.hits
                if wanted & {t for item in hit.listings for t in listing_topics(item)}
            ),
        )
        for result in screening.results
    ]
    return replace(screening, results=results)
