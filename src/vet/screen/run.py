"""Running a screening: every party of a file against the active lists."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from vet.errors import InputError
from vet.match import Hit, Matcher
from vet.screen.parties import Party, SkippedRow, read_parties


@dataclass(frozen=True)
class PartyResult:
    party: Party
    hits: tuple[Hit, ...]
    """Hits at or above the threshold, best first."""
    best: Hit | None
    """The best-scoring listed party even when below the threshold (for context)."""


@dataclass
class Screening:
    file: str
    threshold: float
    columns: dict[str, str]
    results: list[PartyResult] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)

    @property
    def flagged(self) -> list[PartyResult]:
        return [r for r in self.results if r.hits]


def screen_party(
    matcher: Matcher,
    party: Party,
    *,
    threshold: float,
    lists: list[str] | None = None,
    limit: int = 5,
) -> PartyResult:
    """Score one party; hits at or above ``threshold`` plus the best candidate."""
    try:
        found = matcher.match(
            party.name,
            aliases=party.aliases,
            schema=party.schema,
            countries=party.countries,
            birth_date=party.birth_date,
            identifiers=party.identifiers,
            limit=limit,
            threshold=threshold,
            lists=lists,
            include_below=True,
        )
    except InputError:
        found = []
    hits = tuple(h for h in found if h.match)
    return PartyResult(party, hits, found[0] if found else None)


def iter_screen(
    matcher: Matcher,
    rows: Iterator[Party | SkippedRow],
    *,
    threshold: float,
    lists: list[str] | None = None,
) -> Iterator[PartyResult | SkippedRow]:
    for row in rows:
        if isinstance(row, SkippedRow):
            yield row
        else:
            yield screen_party(matcher, row, threshold=threshold, lists=lists)


def screen_file(
    path: Path,
    matcher: Matcher,
    *,
    threshold: float | None = None,
    mapping: dict[str, str] | None = None,
    lists: list[str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> Screening:
    """Screen every party in ``path``; skipped rows are kept with their reason."""
    threshold = matcher.threshold if threshold is None else threshold
    columns, rows = read_parties(path, mapping)
    screening = Screening(file=path.name, threshold=threshold, columns=columns)
    for item in iter_screen(matcher, rows, threshold=threshold, lists=lists):
        if isinstance(item, SkippedRow):
            if item.problem != "empty row":
                screening.skipped.append(item)
        else:
            screening.results.append(item)
        if progress is not None:
            progress(1)
    return screening
