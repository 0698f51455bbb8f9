"""How old a list version is, and whether it is too old to trust.

One rule for every place that shows it: ``vet lists``, the web pages, every report
and the API's ``/catalog``. A list's age counts from its publication date; a file
that carries no publication date has an unknown age, which is never taken for
fresh: it is shown as "date unknown" with a warning, and counts as stale.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

DATE_UNKNOWN = "date unknown"


@dataclass(frozen=True)
class Freshness:
    """A list version's publication date and age on one day, against the stale limit."""

    published: date | None
    age_days: int | None
    """Days from publication to the day asked about; None when the file is undated."""
    max_age_days: int
    """The stale limit (``VET_MAX_AGE_DAYS``)."""

    @property
    def stale(self) -> bool:
        """Older than the limit, or undated (an unknown age is not a fresh one)."""
        return self.age_days is None or self.age_days > self.max_age_days

    @property
    def published_text(self) -> str:
        """``2026-02-27``, or ``date unknown``."""
        return self.published.isoformat() if self.published else DATE_UNKNOWN

    @property
    def age_text(self) -> str:
        """``280 days``, or ``date unknown``."""
        if self.age_days is None:
            return DATE_UNKNOWN
        return f"{self.age_days} day{'' if self.age_days == 1 else 's'}"

    @property
    def warning(self) -> str | None:
        """Why the list may be out of date, or None when it is within the limit."""
        if self.age_days is None:
            return "WARNING: no publication date in the file; it may be out of date"
        if self.age_days > self.max_age_days:
            limit = self.max_age_days
            return f"STALE: older than {limit} day{'' if limit == 1 else 's'}"
        return None

    def describe(self, when: str = "") -> str:
        """``published 2026-02-27; 280 days old; STALE: older than 30 days`` (``when``, such
        as " when screened", follows "old")."""
        if self.published is None:
            lead = DATE_UNKNOWN
        else:
            lead = f"published {self.published.isoformat()}; {self.age_text} old{when}"
        return lead if self.warning is None else f"{lead}; {self.warning}"


def freshness(published: date | None, max_age_days: int, on: date | None = None) -> Freshness:
    """The age of a list published on ``published``, as of ``on`` (default: today).

    A date up to a day ahead (a publisher in another time zone) counts as 0 days old.
    """
    if published is None:
        return Freshness(None, None, max_age_days)
    age = ((on or date.today()) - published).days
    return Freshness(published, max(age, 0), max_age_days)
