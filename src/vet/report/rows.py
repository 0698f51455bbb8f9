"""What every report says, computed once: result rows, hit facts, the authorities matrix.

The writers only lay these out, so CSV, XLSX, JSON and HTML cannot disagree.

- :func:`result_rows` flattens a screening into one row per party and hit (a
  party without a hit gets one row with empty hit columns), in file order.
- :func:`escape_formula` is the one place that defuses cells a spreadsheet would
  run as a formula; CSV and XLSX pass every cell through it.
- :func:`authority_matrix` says, for each flagged party, which authorities list
  it (US, UK, EU, UN, user lists), on which lists, with programs and dates, and
  which do not, or were not screened at all.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from vet.index import Listing
from vet.report.meta import ListVersionUsed, list_jurisdictions
from vet.resolve import TOPICS, listing_topics, topic_title
from vet.scoring import Hit
from vet.screen import PartyResult, Review, Screening, SkippedRow
from vet.sources import JURISDICTION_TITLES, JURISDICTIONS, jurisdiction_of, list_label
from vet.sources.us_csl import LISTS as CSL_LISTS
from vet.vocabulary import DecisionValue

Cell = str | int | float | None

# A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Control characters XML 1.0 (so XLSX) cannot hold; openpyxl refuses them.
ILLEGAL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def escape_formula(text: str) -> str:
    """``text`` as a spreadsheet cell: control characters a workbook cannot hold removed,
    then a leading apostrophe if a spreadsheet would read what is left as a formula.

    Cleaning comes first, so ``"\\x01=HYPERLINK(...)"`` cannot become a formula once the
    control character is gone; CSV, XLSX and the audit export all go through here.
    """
    text = ILLEGAL_CHARACTERS.sub("", text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def escape_row(values: Iterable[Cell]) -> list[Cell]:
    """Every text cell of a row through :func:`escape_formula`; numbers stay numbers."""
    return [escape_formula(v) if isinstance(v, str) else v for v in values]


# -- facts about one hit ------------------------------------------------------


def hit_authorities(hit: Hit) -> list[str]:
    return sorted({item.authority for item in hit.listings if item.authority})


def hit_topics(hit: Hit) -> list[str]:
    """Why the party is listed: the topics of all its listings, in vocabulary order."""
    found = {t for item in hit.listings for t in listing_topics(item)}
    if len(found) > 1:
        found.discard("other")
    return [t for t in TOPICS if t in found]


def topic_counts(screening: Screening) -> dict[str, int]:
    """Topic -> how many screened parties have a hit listed for it, in vocabulary order."""
    found: dict[str, int] = {}
    for result in screening.flagged:
        for topic in {t for hit in result.hits for t in hit_topics(hit)}:
            found[topic] = found.get(topic, 0) + 1
    return {t: found[t] for t in TOPICS if t in found}


def topics_sentence(screening: Screening) -> str | None:
    """``Parties listed per topic: Human rights 2, Terrorism 1.``; None without hits."""
    counts = topic_counts(screening)
    if not counts:
        return None
    return (
        "Parties listed per topic: "
        + ", ".join(f"{topic_title(t)} {n:,}" for t, n in counts.items())
        + "."
    )


def hit_jurisdictions(hit: Hit, recorded: Mapping[str, str] | None = None) -> list[str]:
    """The authorities (``US``, ``UK``...) whose lists carry the party: each list's
    ``recorded`` jurisdiction (:func:`list_jurisdictions`), else its parser's declaration."""
    recorded = recorded or {}
    return sorted(
        {recorded.get(item.list_name) or jurisdiction_of(item.list_name) for item in hit.listings}
    )


def hit_programs(hit: Hit) -> list[str]:
    return sorted({p for item in hit.listings for p in item.programs})


def hit_listing_date(hit: Hit) -> str | None:
    """The earliest listing date of any of the hit's listings."""
    return min((item.listing_date for item in hit.listings if item.listing_date), default=None)


def hit_source_urls(hit: Hit) -> list[str]:
    return list(dict.fromkeys(item.source_url for item in hit.listings if item.source_url))


# -- counts --------------------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    parties: int
    flagged: int
    hits: int
    skipped: int
    confirmed: int = 0
    """Flagged parties with at least one hit decided a match."""
    cleared: int = 0
    """Flagged parties whose every hit was decided a false positive."""
    open: int = 0
    """Flagged parties still to review (undecided, unsure, or the listed record changed)."""
    duplicates: int = 0
    awaiting: int = 0
    """Decisions awaiting a second reviewer's approval (four-eyes review)."""


def party_status(result: PartyResult) -> str:
    """``confirmed``, ``cleared``, ``open`` (flagged) or ``clear`` (not flagged)."""
    if not result.flagged:
        return "clear"
    reviews = [result.review(h) for h in result.hits]
    if any(r is not None and r.decision == DecisionValue.MATCH and r.settled for r in reviews):
        return "confirmed"
    if result.hits and not result.ownership and not result.open_hits:
        return "cleared"
    return "open"


def count(screening: Screening) -> Counts:
    """The screening's counts, in one pass over its results."""
    tally = {"parties": 0, "flagged": 0, "hits": 0, "confirmed": 0, "cleared": 0, "open": 0}
    duplicates = awaiting = 0
    for result in screening.results:
        tally["parties"] += 1
        tally["hits"] += len(result.hits)
        duplicates += result.duplicate_of is not None
        awaiting += sum(1 for r in result.reviews.values() if r.pending and not r.changed)
        status = party_status(result)
        if status != "clear":
            tally["flagged"] += 1
            tally[status] += 1
    return Counts(skipped=len(screening.skipped), duplicates=duplicates, awaiting=awaiting, **tally)


def summary_sentence(screening: Screening) -> str:
    """``9 of 300 parties have possible matches: 3 confirmed, 4 false positives, 2 to review.``"""
    counts = count(screening)
    noun = "party" if counts.parties == 1 else "parties"
    verb = "has a possible match" if counts.flagged == 1 else "have possible matches"
    text = f"{counts.flagged} of {counts.parties} {noun} {verb}"
    if counts.confirmed or counts.cleared:
        parts = [f"{counts.confirmed} confirmed"] if counts.confirmed else []
        if counts.cleared:
            parts.append(f"{counts.cleared} false positive" + ("s" if counts.cleared != 1 else ""))
        parts.append(f"{counts.open} to review")
        text += ": " + ", ".join(parts)
    text += "."
    if counts.awaiting:
        decisions = "decision awaits" if counts.awaiting == 1 else "decisions await"
        text += f" {counts.awaiting} {decisions} a second reviewer's approval."
    if counts.duplicates:
        rows = "row repeats" if counts.duplicates == 1 else "rows repeat"
        text += f" {counts.duplicates} {rows} an earlier party."
    if counts.skipped:
        rows = "row was" if counts.skipped == 1 else "rows were"
        text += f" {counts.skipped} {rows} skipped."
    return text


# -- result rows -----------------------------------------------------------------

RESULT_COLUMNS = (
    "Row",
    "Your ID",
    "Party name",
    "Listed name",
    "Matched listed name",
    "Score",
    "Match",
    "Lists",
    "Authority",
    "Programs",
    "Why listed",
    "Listed on",
    "Source",
    "Explanation",
    "Entity ID",
    "Decision",
)


def decision_text(review: Review | None) -> str | None:
    """``false_positive by Ana on 2026-11-29 (different birth year)``, or None."""
    return review.describe() if review is not None else None


def _hit_cells(hit: Hit, review: Review | None = None) -> tuple[Cell, ...]:
    return (
        hit.caption,
        hit.matched_name,
        hit.score,
        "yes",
        "; ".join(hit.lists),
        "; ".join(hit_authorities(hit)),
        "; ".join(hit_programs(hit)),
        "; ".join(topic_title(t) for t in hit_topics(hit)),
        hit_listing_date(hit),
        "; ".join(hit_source_urls(hit)),
        hit.explanation,
        hit.entity_id,
        decision_text(review),
    )


_NO_HIT: tuple[Cell, ...] = (None, None, None, "no", *([None] * 9))


def party_rows(result: PartyResult) -> Iterator[tuple[Cell, ...]]:
    """One row per hit of the party, or one row with empty hit columns."""
    party = result.party
    head: tuple[Cell, ...] = (party.row, party.own_id, party.name)
    for note in result.ownership:
        cells: list[Cell] = [*head, *_NO_HIT]
        cells[RESULT_COLUMNS.index("Match")] = "owned by listed parties"
        cells[RESULT_COLUMNS.index("Explanation")] = f"{note.rule}: {note.detail}"
        yield tuple(cells)
    if not result.hits and not result.ownership:
        cells = [*head, *_NO_HIT]
        if result.duplicate_of is not None:
            cells[RESULT_COLUMNS.index("Explanation")] = f"same party as row {result.duplicate_of}"
        yield tuple(cells)
    for hit in result.hits:
        yield head + _hit_cells(hit, result.review(hit))


def skipped_row(skipped: SkippedRow) -> tuple[Cell, ...]:
    cells: list[Cell] = [None] * len(RESULT_COLUMNS)
    cells[0] = skipped.row
    cells[RESULT_COLUMNS.index("Match")] = "skipped"
    cells[RESULT_COLUMNS.index("Explanation")] = skipped.problem
    return tuple(cells)


def result_rows(
    screening: Screening, *, include_skipped: bool = False
) -> Iterator[tuple[Cell, ...]]:
    """Rows aligned with :data:`RESULT_COLUMNS`, in the order of the screened file.

    With ``include_skipped``, skipped rows appear in place with Match "skipped"
    and the problem as explanation (for formats with a single table).
    """
    items: Iterable[PartyResult | SkippedRow] = screening.results
    if include_skipped:
        items = heapq.merge(
            screening.results,
            screening.skipped,
            key=lambda item: item.party.row if isinstance(item, PartyResult) else item.row,
        )
    for item in items:
        if isinstance(item, SkippedRow):
            yield skipped_row(item)
        else:
            yield from party_rows(item)


# -- which authorities list each flagged party -----------------------------------

# The CSL merges many US lists; its Sanctions carry the merged list's title as first program.
CSL_CODES = {item.title: item.code for item in CSL_LISTS.values()}

LISTED, NOT_LISTED, NOT_SCREENED = "listed", "not listed", "not screened"


def csl_code(listing: Listing) -> str | None:
    """The CSL source list (``EL``, ``SDN``...) of a ``us_csl`` listing, else None."""
    if listing.list_name != "us_csl" or not listing.programs:
        return None
    title = listing.programs[0]
    return CSL_CODES.get(title, title)


@dataclass(frozen=True)
class MatrixColumn:
    """One list (or, for the CSL, one of the lists it merges) in the matrix."""

    jurisdiction: str
    list_name: str
    csl_code: str | None = None

    @property
    def label(self) -> str:
        base = list_label(self.list_name)
        return f"{base} {self.csl_code}" if self.csl_code else base

    def holds(self, listing: Listing) -> bool:
        if listing.list_name != self.list_name:
            return False
        return self.csl_code is None or csl_code(listing) == self.csl_code


@dataclass(frozen=True)
class MatrixCell:
    status: str
    """``listed``, ``not listed`` or ``not screened``."""
    programs: tuple[str, ...] = ()
    listing_dates: tuple[str, ...] = ()
    entity_ids: tuple[str, ...] = ()

    def describe(self) -> str:
        """``listed: SDGT (2019-05-16)``, ``not listed`` or ``not screened``."""
        text = self.status
        if self.status == LISTED and self.programs:
            text += ": " + "; ".join(self.programs)
        if self.status == LISTED and self.listing_dates:
            text += " (" + ", ".join(self.listing_dates) + ")"
        return text

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "programs": list(self.programs),
            "listing_dates": list(self.listing_dates),
            "entity_ids": list(self.entity_ids),
        }


@dataclass(frozen=True)
class MatrixRow:
    row: int
    party_name: str
    jurisdictions: tuple[str, ...]
    """Status per jurisdiction, aligned with :data:`JURISDICTIONS`."""
    cells: tuple[MatrixCell, ...]
    """Aligned with the matrix's columns."""


@dataclass(frozen=True)
class AuthorityMatrix:
    columns: tuple[MatrixColumn, ...]
    rows: tuple[MatrixRow, ...]
    screened: frozenset[str]
    """Jurisdictions with at least one list in the screening."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "jurisdictions": self.jurisdiction_dicts(),
            "columns": self.column_dicts(),
            "parties": list(self.party_dicts()),
        }

    def jurisdiction_dicts(self) -> list[dict[str, Any]]:
        return [
            {"code": j, "title": JURISDICTION_TITLES[j], "screened": j in self.screened}
            for j in JURISDICTIONS
        ]

    def column_dicts(self) -> list[dict[str, Any]]:
        return [
            {
                "jurisdiction": c.jurisdiction,
                "list": c.list_name,
                "csl_code": c.csl_code,
                "label": c.label,
            }
            for c in self.columns
        ]

    def party_dicts(self) -> Iterator[dict[str, Any]]:
        for r in self.rows:
            yield {
                "row": r.row,
                "name": r.party_name,
                "jurisdictions": dict(zip(JURISDICTIONS, r.jurisdictions, strict=True)),
                "lists": [
                    {"label": c.label, **cell.to_dict()}
                    for c, cell in zip(self.columns, r.cells, strict=True)
                ],
            }


def matrix_columns(
    screening: Screening, list_versions: Iterable[ListVersionUsed]
) -> tuple[MatrixColumn, ...]:
    """The lists screened, by jurisdiction; the CSL followed by each merged list it was hit on."""
    list_versions = tuple(list_versions)
    recorded = list_jurisdictions(list_versions)
    list_names = list(dict.fromkeys(v.list_name for v in list_versions))
    codes: set[str] = set()
    for result in screening.flagged:
        for hit in result.hits:
            for listing in hit.listings:
                # A hit on a list missing from the meta still shows, rather than vanish.
                if listing.list_name not in list_names:
                    list_names.append(listing.list_name)
                code = csl_code(listing)
                if code:
                    codes.add(code)
    columns: list[MatrixColumn] = []
    for jurisdiction in JURISDICTIONS:
        for name in list_names:
            if (recorded.get(name) or jurisdiction_of(name)) != jurisdiction:
                continue
            columns.append(MatrixColumn(jurisdiction, name))
            if name == "us_csl":
                columns.extend(MatrixColumn(jurisdiction, name, code) for code in sorted(codes))
    return tuple(columns)


def _cell(column: MatrixColumn, hits: tuple[Hit, ...]) -> MatrixCell:
    found = [(hit, item) for hit in hits for item in hit.listings if column.holds(item)]
    if not found:
        return MatrixCell(NOT_LISTED)
    return MatrixCell(
        LISTED,
        programs=tuple(sorted({p for _, item in found for p in item.programs})),
        listing_dates=tuple(sorted({item.listing_date for _, item in found if item.listing_date})),
        entity_ids=tuple(dict.fromkeys(item.record or hit.entity_id for hit, item in found)),
    )


def authority_matrix(
    screening: Screening, list_versions: Iterable[ListVersionUsed]
) -> AuthorityMatrix:
    """For each flagged party: which authorities list it, on which lists, since when."""
    columns = matrix_columns(screening, list_versions)
    screened = frozenset(c.jurisdiction for c in columns)
    rows = []
    for result in screening.flagged:
        cells = tuple(_cell(column, result.hits) for column in columns)
        statuses = []
        for jurisdiction in JURISDICTIONS:
            mine = [
                cell
                for column, cell in zip(columns, cells, strict=True)
                if column.jurisdiction == jurisdiction
            ]
            if any(cell.status == LISTED for cell in mine):
                statuses.append(LISTED)
            else:
                statuses.append(NOT_LISTED if jurisdiction in screened else NOT_SCREENED)
        rows.append(MatrixRow(result.party.row, result.party.name, tuple(statuses), cells))
    return AuthorityMatrix(columns, tuple(rows), screened)
