"""The JSON report: fields present, values right, the matrix included."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from vet.report.json import report_dict, write_json
from vet.report.meta import ReportMeta
from vet.screen import Screening

HIT_FIELDS = {
    "entity_id",
    "name",
    "matched_name",
    "score",
    "match",
    "schema",
    "lists",
    "authority",
    "programs",
    "listing_date",
    "source_url",
    "explanation",
    "decision",
}


def report(screening: Screening, meta: ReportMeta) -> dict[str, Any]:
    stream = io.StringIO()
    write_json(screening, stream, meta=meta)
    data: dict[str, Any] = json.loads(stream.getvalue())
    return data


def test_screening_header(screening: Screening, meta: ReportMeta) -> None:
    head = report(screening, meta)["screening"]
    assert head["name"] == "Trade fair 2026"
    assert head["created"] == "2026-11-29T09:30:00+00:00"
    assert head["vet_version"] == "0.1.0"
    assert head["threshold"] == screening.threshold
    assert head["list_versions"][0] == {
        "list": "us_ofac_sdn",
        "jurisdiction": "US",
        "version": 1,
        "published": "2025-12-01",
        "age_days": 363,  # on 2026-11-29, when screened
        "stale": True,
        "warning": "STALE: older than 30 days",
    }
    assert len(head["list_versions"]) == 6
    assert (head["parties"], head["flagged"], head["skipped"]) == (5, 3, 1)


def test_parties_and_hits(screening: Screening, meta: ReportMeta) -> None:
    data = report(screening, meta)
    parties = {p["row"]: p for p in data["parties"]}
    assert sorted(parties) == [2, 3, 5, 6, 7]
    assert parties[5]["input"] == {
        "id": "A4",
        "name": '=HYPERLINK("http://x","y")',
        "country": "US",
    }
    assert parties[3]["hits"] == []
    hits = parties[2]["hits"]
    # One listed party: the OFAC non-SDN record, with the CSL's Entity List record joined.
    assert [h["entity_id"] for h in hits] == ["cons-hik"]
    assert hits[0]["same_as"] == ["csl-hik"]
    for hit in hits:
        assert set(hit) >= HIT_FIELDS
        assert hit["decision"] is None
    party = hits[0]
    assert party["name"] == "Hangzhou Hikvision Digital Technology Co., Ltd."
    assert party["matched_name"] == "Hikvision"
    assert party["score"] == 1.0 and party["match"] is True
    assert party["schema"] == "Company"
    assert party["lists"] == ["us_csl", "us_ofac_cons"]
    assert party["authority"] == ["US Commerce BIS", "US Treasury OFAC"]
    assert party["programs"] == ["CMIC-EO13959", "Entity List"]
    assert party["listing_date"] == "2019-10-09"
    assert [(item["list"], item["record"]) for item in party["listings"]] == [
        ("us_ofac_cons", "cons-hik"),
        ("us_csl", "csl-hik"),
    ]
    # Why listed: the CMIC list is a military end-use list.
    assert party["topics"] == ["military_end_use"]
    assert party["authorities"] == ["US"]
    assert "CMIC-EO13959" in party["explanation"]


def test_skipped_rows(screening: Screening, meta: ReportMeta) -> None:
    assert report(screening, meta)["skipped"] == [{"row": 4, "problem": "the name is empty"}]


def test_authorities_matrix(screening: Screening, meta: ReportMeta) -> None:
    matrix = report(screening, meta)["authorities"]
    unscreened = [j["code"] for j in matrix["jurisdictions"] if not j["screened"]]
    assert unscreened == ["EU", "AU", "CA"]
    evil = next(p for p in matrix["parties"] if p["row"] == 6)
    assert evil["jurisdictions"] == {
        "US": "not listed",
        "UK": "listed",
        "EU": "not screened",
        "UN": "not listed",
        "AU": "not screened",
        "CA": "not screened",
        "user": "not listed",
    }
    ofsi = next(item for item in evil["lists"] if item["label"] == "OFSI")
    assert ofsi == {
        "label": "OFSI",
        "status": "listed",
        "programs": ["Russia"],
        "listing_dates": ["2022-03-01"],
        "entity_ids": ["ofsi-evil"],
    }


def test_writes_utf8_to_a_path(screening: Screening, meta: ReportMeta, tmp_path: Path) -> None:
    path = tmp_path / "report.json"
    write_json(screening, path, meta=meta)
    data = json.loads(path.read_text("utf-8"))
    assert data["parties"][1]["input"]["name"] == "Bäckerei Müller & Söhne"


def test_streamed_document_equals_report_dict(screening: Screening, meta: ReportMeta) -> None:
    assert report(screening, meta) == report_dict(screening, meta)


def test_best_candidate_only_for_parties_without_hits(
    screening: Screening, meta: ReportMeta
) -> None:
    parties = {p["row"]: p for p in report(screening, meta)["parties"]}
    assert parties[2]["best"] is None  # its hits say it all
