"""What a report states about its screening besides the results: name, time, versions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from vet import __version__
from vet.errors import NotFound
from vet.screen import Screening
from vet.screen.rescreen import (
    CHANGED,
    DELISTED,
    NEW,
    NO_LONGER,
    REASONS,
    HitChange,
    compare_screenings,
)
from vet.sources import jurisdiction_of
from vet.store import Freshness, ListVersion, Store, freshness
from vet.store.screenings import ScreeningInfo, get_screening


@dataclass(frozen=True)
class ListVersionUsed:
    """One list version a screening ran against."""

    list_name: str
    version: int
    published: date | None
    jurisdiction: str | None = None
    """Who imposes the list, as the store recorded it; None for screenings saved before
    vet recorded it (the parser's declaration for the list's name is used then)."""


def list_jurisdictions(versions: Iterable[ListVersionUsed]) -> dict[str, str]:
    """Each list's recorded jurisdiction, for the versions that carry one."""
    return {v.list_name: v.jurisdiction for v in versions if v.jurisdiction}


CHANGE_TITLES = (
    (NEW, "New hits"),
    (CHANGED, "Changed listed records"),
    (DELISTED, "Delisted"),
    (NO_LONGER, "No longer matching"),
)
"""Each kind of change a re-screening reports, as the pictures and pages name it."""


@dataclass(frozen=True)
class ChangeCounts:
    """What a re-screening changed, counted: hits per kind of change and reason."""

    parent: str
    """The name of the screening this one re-screened."""
    counts: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]
    """Per kind of change (:data:`CHANGE_TITLES` order): its title and ``(reason, hits)``
    for each reason found."""

    @property
    def total(self) -> int:
        return sum(n for _, reasons in self.counts for _, n in reasons)


def count_changes(parent: str, changes: Iterable[HitChange]) -> ChangeCounts:
    """The changes of a re-screening of ``parent``, counted by kind and reason."""
    found: dict[tuple[str, str], int] = {}
    for change in changes:
        found[(change.kind, change.reason)] = found.get((change.kind, change.reason), 0) + 1
    return ChangeCounts(
        parent,
        tuple(
            (
                title,
                tuple(
                    (reason, found[(kind, reason)]) for reason in REASONS if (kind, reason) in found
                ),
            )
            for kind, title in CHANGE_TITLES
        ),
    )


@dataclass(frozen=True)
class ReportMeta:
    """The facts a report needs to be reproduced and defended later."""

    name: str
    created: datetime
    vet_version: str
    list_versions: tuple[ListVersionUsed, ...]
    threshold: float
    max_age_days: int = 30
    """Age after which a list counts as stale (``VET_MAX_AGE_DAYS``)."""
    changes: ChangeCounts | None = None
    """For a re-screening: what changed since the screening it re-screened."""

    def jurisdiction_of(self, list_name: str) -> str:
        """Who imposes ``list_name``: as recorded for the screening, else as its parser
        declares for that name (``user`` for a name no parser declares)."""
        return list_jurisdictions(self.list_versions).get(list_name) or jurisdiction_of(list_name)

    def freshness(self, version: ListVersionUsed) -> Freshness:
        """How old ``version`` was when the screening ran (the rule ``vet lists`` uses)."""
        return freshness(version.published, self.max_age_days, self.created.date())

    def freshness_warning(self) -> str | None:
        """One sentence naming the lists that were stale or undated when screened, if any."""
        stale = [v.list_name for v in self.list_versions if self.freshness(v).stale]
        if not stale:
            return None
        return (
            f"{len(stale)} of {len(self.list_versions)} lists were older than "
            f"{self.max_age_days} days or undated when screened ({' '.join(stale)}): "
            "a party found on none of them may be listed in a newer version."
        )

    @classmethod
    def for_screening(
        cls,
        screening: Screening,
        versions: Iterable[ListVersion],
        *,
        name: str | None = None,
        created: datetime | None = None,
        max_age_days: int = 30,
    ) -> ReportMeta:
        """Meta for ``screening`` run against ``versions`` (the store's active versions)."""
        return cls(
            name=name or screening.file,
            created=created or datetime.now(UTC),
            vet_version=__version__,
            list_versions=tuple(
                ListVersionUsed(v.list_name, v.id, v.published, v.jurisdiction) for v in versions
            ),
            threshold=screening.threshold,
            max_age_days=max_age_days,
        )

    @classmethod
    def for_saved(
        cls, info: ScreeningInfo, *, max_age_days: int = 30, store: Store | None = None
    ) -> ReportMeta:
        """Meta of a screening saved in the store, as it was run; given the ``store``, a
        re-screening's meta also counts what changed since its earlier screening."""
        return cls(
            name=info.name,
            created=info.created.replace(tzinfo=UTC),
            vet_version=info.vet_version,
            list_versions=tuple(
                ListVersionUsed(
                    v["list_name"],
                    int(v["version"]),
                    date.fromisoformat(v["published"]) if v.get("published") else None,
                    v.get("jurisdiction"),
                )
                for v in info.list_versions
            ),
            threshold=info.threshold,
            max_age_days=max_age_days,
            changes=None if store is None else changes_since_parent(store, info),
        )


def recorded_jurisdictions(info: ScreeningInfo) -> dict[str, str]:
    """Each list's jurisdiction as recorded for the saved screening ``info``."""
    return list_jurisdictions(ReportMeta.for_saved(info).list_versions)


def changes_since_parent(store: Store, info: ScreeningInfo) -> ChangeCounts | None:
    """What changed since the screening ``info`` re-screened; None for a first screening
    (or when the earlier one was deleted since)."""
    if info.parent_id is None:
        return None
    try:
        parent = get_screening(store, info.parent_id)
    except NotFound:
        return None
    return count_changes(parent.name, compare_screenings(store, parent, info))
