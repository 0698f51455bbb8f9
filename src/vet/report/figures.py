"""Which pictures a screening gets, drawn from what the report and the page already hold.

:mod:`vet.report.pictures` draws; this module picks the numbers: the lists' freshness
when screened, and what a re-screening changed by kind and reason. The HTML report and
the web pages call the same functions, so both show the same pictures.
"""

from __future__ import annotations

from vet.report.meta import ChangeCounts, ReportMeta
from vet.report.pictures import change_bars, freshness_bars
from vet.report.rows import LIST_LABELS

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
        [
            (LIST_LABELS.get(v.list_name, v.list_name), meta.freshness(v))
            for v in meta.list_versions
        ],
        when=" when screened",
    )
