"""The JSON report: the whole screening as data, for programs and archives."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import IO, Any

from vet.report.meta import ListVersionUsed, ReportMeta, list_jurisdictions
from vet.report.rows import (
    authority_matrix,
    count,
    hit_authorities,
    hit_jurisdictions,
    hit_listing_date,
    hit_programs,
    hit_source_urls,
    hit_topics,
    party_status,
)
from vet.report.target import text_target
from vet.resolve import listing_topics
from vet.scoring import Hit
from vet.screen import PartyResult, Review, Screening, SkippedRow


def review_dict(review: Review | None) -> dict[str, Any] | None:
    if review is None:
        return None
    return {
        "decision": review.decision,
        "reviewer": review.reviewer,
        "reason": review.reason,
        "at": review.at.isoformat(timespec="seconds"),
        "record_changed": review.changed,
        "changed_why": review.why or None,
        "awaiting_approval": review.pending,
        "approved_by": review.approved_by,
        "cleared_until": review.cleared_until.isoformat() if review.cleared_until else None,
        "clearance_expired": review.expired,
    }


def hit_dict(
    hit: Hit, review: Review | None = None, recorded: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """A hit as JSON: the listed record, its listings, the score and its explanation."""
    return {
        "entity_id": hit.entity_id,
        "same_as": list(hit.records),
        "name": hit.caption,
        "matched_name": hit.matched_name,
        "query_name": hit.query_name,
        "score": hit.score,
        "match": hit.match,
        "schema": hit.schema,
        "lists": list(hit.lists),
        "authority": hit_authorities(hit),
        "programs": hit_programs(hit),
        "listing_date": hit_listing_date(hit),
        "source_url": next(iter(hit_source_urls(hit)), None),
        "authorities": hit_jurisdictions(hit, recorded),
        "topics": hit_topics(hit),
        "listings": [
            {
                "list": item.list_name,
                "record": item.record or hit.entity_id,
                "authority": item.authority,
                "programs": list(item.programs),
                "topics": list(listing_topics(item)),
                "listing_date": item.listing_date,
                "source_url": item.source_url,
            }
            for item in hit.listings
        ],
        "explanation": hit.explanation,
        "decision": review_dict(review),
    }


def party_dict(result: PartyResult, recorded: Mapping[str, str] | None = None) -> dict[str, Any]:
    """A party as JSON; ``best`` is the closest listed party when none reached the threshold.
    ``recorded``: each list's jurisdiction as recorded for the screening."""
    return {
        "row": result.party.row,
        "input": result.party.input,
        "status": party_status(result),
        "hits": [hit_dict(h, result.review(h), recorded) for h in result.hits],
        "best": hit_dict(result.best, None, recorded) if result.best and not result.hits else None,
        "ownership": [
            {"rule": n.rule, "share": n.share, "detail": n.detail} for n in result.ownership
        ],
        "duplicate_of": result.duplicate_of,
    }


def list_version_dict(meta: ReportMeta, version: ListVersionUsed) -> dict[str, Any]:
    """A list version the screening used, with its age then and any stale warning."""
    fresh = meta.freshness(version)
    return {
        "list": version.list_name,
        "jurisdiction": meta.jurisdiction_of(version.list_name),
        "version": version.version,
        "published": version.published.isoformat() if version.published else None,
        "age_days": fresh.age_days,
        "stale": fresh.stale,
        "warning": fresh.warning,
    }


def screening_dict(screening: Screening, meta: ReportMeta) -> dict[str, Any]:
    counts = count(screening)
    return {
        "name": meta.name,
        "file": screening.file,
        "created": meta.created.isoformat(),
        "vet_version": meta.vet_version,
        "threshold": meta.threshold,
        "columns": screening.columns,
        "list_versions": [list_version_dict(meta, v) for v in meta.list_versions],
        "max_age_days": meta.max_age_days,
        "freshness_warning": meta.freshness_warning(),
        "parties": counts.parties,
        "flagged": counts.flagged,
        "confirmed": counts.confirmed,
        "false_positives": counts.cleared,
        "to_review": counts.open,
        "awaiting_approval": counts.awaiting,
        "skipped": counts.skipped,
    }


def skipped_dict(skipped: SkippedRow) -> dict[str, Any]:
    return {"row": skipped.row, "problem": skipped.problem}


def report_dict(screening: Screening, meta: ReportMeta) -> dict[str, Any]:
    """The whole report as one dict (what :func:`write_json` writes)."""
    recorded = list_jurisdictions(meta.list_versions)
    return {
        "screening": screening_dict(screening, meta),
        "parties": [party_dict(r, recorded) for r in screening.results],
        "skipped": [skipped_dict(s) for s in screening.skipped],
        "authorities": authority_matrix(screening, meta.list_versions).to_dict(),
    }


def _dumps(value: Any, indent: int | None = None) -> str:
    return json.dumps(value, ensure_ascii=False, indent=indent)


def _write_array(stream: IO[str], items: Iterable[dict[str, Any]]) -> None:
    """A JSON array with one compact item per line, written as the items come."""
    separator = "\n"
    stream.write("[")
    for item in items:
        stream.write(separator + _dumps(item))
        separator = ",\n"
    stream.write("\n]")


def write_json(screening: Screening, out: Path | IO[str], *, meta: ReportMeta) -> None:
    """Write the screening as one JSON document, the same as :func:`report_dict`.

    Each party, skipped row and matrix row is one compact line: a large
    screening streams out fast and stays greppable, with no second copy in memory.
    """
    matrix = authority_matrix(screening, meta.list_versions)
    with text_target(out) as stream:
        stream.write('{\n"screening": ' + _dumps(screening_dict(screening, meta), indent=2))
        stream.write(',\n"parties": ')
        recorded = list_jurisdictions(meta.list_versions)
        _write_array(stream, (party_dict(r, recorded) for r in screening.results))
        stream.write(',\n"skipped": ')
        _write_array(stream, (skipped_dict(s) for s in screening.skipped))
        stream.write(',\n"authorities": {"jurisdictions": ' + _dumps(matrix.jurisdiction_dicts()))
        stream.write(',\n"columns": ' + _dumps(matrix.column_dicts()) + ',\n"parties": ')
        _write_array(stream, matrix.party_dicts())
        stream.write("}\n}\n")
