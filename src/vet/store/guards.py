"""What a parsed list must pass before it may become the active version of its list.

A new version changes what every screening answers, and a running server serves
it within a minute. A file much smaller than the version it replaces (a cut
download, an excerpt imported under a full list's name), one dated in the future,
one published before the active version (an old copy imported by mistake), or a list
of one authority under the name of another authority's list is
therefore refused before the store is touched, with one line naming the file and
the problem.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from vet.errors import ImportRefused
from vet.sources import ParsedList, declared_list
from vet.store.db import ListVersion


@dataclass(frozen=True)
class ImportPolicy:
    """How far a new version may fall short of the active one before it is refused."""

    max_drop: float | None = 0.5
    """Largest share of the active version's listed parties the new file may lack
    (0.5: more than half gone is refused); None accepts any drop."""
    require_complete: bool = False
    """Refuse a file with fewer listed parties than its format's declared minimum."""
    override: str = "--allow-shrink"
    """What the user can do to import the file anyway, named in the refusal."""
    allow_older: bool = False
    """Accept a file published before the active version (``--allow-older``)."""


IMPORT_POLICY = ImportPolicy()
"""``vet lists import``: a user's own file; only a drop of more than half is refused."""

UPDATE_POLICY = ImportPolicy(
    max_drop=0.2,
    require_complete=True,
    override="check the file, then `vet lists import FILE --allow-shrink`",
)
"""``vet lists update``: an official download must be whole and close to the active size."""


def check_size(
    parsed: ParsedList, active: ListVersion | None, policy: ImportPolicy, *, file: str
) -> None:
    """Refuse ``parsed`` when it is smaller than ``policy`` allows; the store is untouched."""
    count = parsed.target_count
    minimum = parsed.info.min_entities
    if policy.require_complete and count < minimum:
        raise ImportRefused(
            file,
            f"only {count:,} listed parties, a complete {parsed.info.title} has at least "
            f"{minimum:,} (truncated download?); not imported, "
            f"{_stays(active)} ({policy.override})",
        )
    if active is None or policy.max_drop is None or active.target_count == 0:
        return
    gone = active.target_count - count
    if gone / active.target_count > policy.max_drop:
        raise ImportRefused(
            file,
            f"{count:,} listed parties where active version {active.id} has "
            f"{active.target_count:,} ({gone / active.target_count:.0%} gone, more than "
            f"{policy.max_drop:.0%} allowed); not imported, {_stays(active)} ({policy.override})",
        )


def _stays(active: ListVersion | None) -> str:
    return "no version added" if active is None else f"version {active.id} stays active"


def check_name(parsed: ParsedList, name: str, *, file: str) -> None:
    """Refuse a list under the name vet gives another authority's list (a list of your own
    named ``us_csl``): reports take a list's authority and label from its parser's
    declaration for that name, so the list would be reported as the other authority's."""
    declared = declared_list(name)
    info = parsed.info
    if declared is not None and (declared.jurisdiction, declared.label) != (
        info.jurisdiction,
        info.label,
    ):
        raise ImportRefused(
            file,
            f"{name!r} is the name of the {declared.title} ({declared.jurisdiction}); "
            "not imported: give this list another name (--name)",
        )


def check_date(parsed: ParsedList, *, file: str, today: date | None = None) -> None:
    """Refuse a publication date more than a day in the future (a typo such as 3033)."""
    latest = (today or date.today()) + timedelta(days=1)
    if parsed.published is not None and parsed.published > latest:
        raise ImportRefused(
            file,
            f"publication date {parsed.published.isoformat()} is in the future; "
            "not imported (check the file's date)",
        )


def check_not_older(
    parsed: ParsedList, active: ListVersion | None, policy: ImportPolicy, *, file: str
) -> None:
    """Refuse a file published before the active version, unless ``policy.allow_older``.

    Either date unknown: nothing to compare, so nothing is refused.
    """
    if policy.allow_older or active is None or active.published is None:
        return
    if parsed.published is None or parsed.published >= active.published:
        return
    raise ImportRefused(
        file,
        f"published {parsed.published.isoformat()}, before active version {active.id} "
        f"(published {active.published.isoformat()}); not imported, {_stays(active)} "
        "(--allow-older to import the older file anyway)",
    )
