"""What a report states about its screening besides the results: name, time, versions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from vet import __version__
from vet.screen import Screening
from vet.store import Freshness, ListVersion, freshness
from vet.store.screenings import ScreeningInfo


@dataclass(frozen=True)
class ListVersionUsed:
    """One list version a screening ran against."""

    list_name: str
    version: int
    published: date | None


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
            list_versions=tuple(ListVersionUsed(v.list_name, v.id, v.published) for v in versions),
            threshold=screening.threshold,
            max_age_days=max_age_days,
        )

    @classmethod
    def for_saved(cls, info: ScreeningInfo, *, max_age_days: int = 30) -> ReportMeta:
        """Meta of a screening saved in the store, as it was run."""
        return cls(
            name=info.name,
            created=info.created.replace(tzinfo=UTC),
            vet_version=info.vet_version,
            list_versions=tuple(
                ListVersionUsed(
                    v["list_name"],
                    int(v["version"]),
                    date.fromisoformat(v["published"]) if v.get("published") else None,
                )
                for v in info.list_versions
            ),
            threshold=info.threshold,
            max_age_days=max_age_days,
        )
