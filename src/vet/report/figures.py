"""Which pictures a screening gets, drawn from what the report and the page already hold.

:mod:`vet.report.pictures` draws; this module picks the numbers: the lists' freshness
when screened, and what a re-screening changed by kind and reason. The HTML report and
the web pages call the same functions, so both show the same pictures.
"""

from __future__ import annotations

from vet.report.meta import ChangeCounts, ReportMeta
from vet.report.pictures import Link, change_bars, freshness_bars, ownership_graph
from vet.screen import PartyResult
from vet.sources import list_label

FRESHNESS_CAPTION = (
    "How old each list was when screened: a list older than the limit, or undated, may miss "
    "parties listed since"
)
CHANGES_CAPTION = "What changed since the earlier screening: hits by kind of change and reason"


def changes_figure(counts: ChangeCounts) -> str:
    """The re-screening's changes as labelled bars (SVG)."""
    return change_bars(counts.counts)


def freshness_figure(meta: ReportMeta) -> str:
    """How old each list screened was when screened, against the stale limit (SVG), by the
    rule of :func:`vet.store.freshness`."""
    return freshness_bars(
        [(list_label(v.list_name), meta.freshness(v)) for v in meta.list_versions],
        when=" when screened",
    )


OWNERSHIP_CAPTION = (
    "Who owns or controls the party: arrows run from owner to owned with the share held "
    "('controls': control without a known share); listed owners are marked LISTED, and the "
    "rules met are written below"
)


def rule_line(rule: str, share: float | None) -> str:
    """``OFAC 50% rule: 60% counted`` or ``UK ownership or control: control``."""
    return f"{rule}: {f'{share:g}% counted' if share is not None else 'control'}"


def ownership_figure(result: PartyResult) -> str | None:
    """The owners of a party flagged through ownership, up to the listed ones, as a graph
    (SVG); None when it was not so flagged or its screening kept no holdings."""
    notes = [note for note in result.ownership if note.holdings]
    if not notes:
        return None
    links: dict[tuple[str, str], Link] = {}
    listed: dict[str, str] = {}
    for note in notes:
        for h in note.holdings:
            links.setdefault((h.owner, h.owned), Link(h.owner, h.owned, h.share))
            if h.listed_as:
                listed[h.owner] = h.listed_as
    return ownership_graph(
        notes[0].party or result.party.name,
        list(links.values()),
        listed,
        [rule_line(note.rule, note.share) for note in result.ownership],
    )
