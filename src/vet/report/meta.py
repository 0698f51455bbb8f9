"""What a report states about its screening besides the results: name, time, versions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from vet import __version__
from vet.screen import Screening
from vet.store import ListVersion
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

    @classmethod
    def for_screening(
        cls,
        screening: Screening,
        versions: Iterable[ListVersion],
        *,
        name: str | None = None,
        created: datetime | None = None,
    ) -> ReportMeta:
        """Meta for ``screening`` run against ``versions`` (the store's active versions)."""
        return cls(
            name=name or screening.file,
            created=created or datetime.now(UTC),
            vet_version=__version__,
            list_versions=tuple(ListVersionUsed(v.list_name, v.id, v.published) for v in versions),
            threshold=screening.threshold,
        )

    @classmethod
    def for_saved(cls, info: ScreeningInfo) -> ReportMeta:
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
        )
