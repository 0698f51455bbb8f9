"""``ReportMeta.for_screening``: meta from a screening and the store's list versions."""

from __future__ import annotations

from datetime import UTC, date, datetime

from vet.report import ReportMeta
from vet.screen import Screening
from vet.store import ListVersion


def test_meta_for_screening(screening: Screening) -> None:
    version = ListVersion(
        id=7,
        list_name="us_ofac_sdn",
        kind="ofac_sdn_csv",
        origin="bundle",
        files=(),
        published=date(2023, 12, 28),
        imported_at=datetime(2026, 1, 1, tzinfo=UTC),
        entity_count=1,
        target_count=1,
        warnings=(),
        vet_version="0.1.0",
    )
    meta = ReportMeta.for_screening(screening, [version])
    assert meta.name == "exhibitors.csv"
    assert meta.threshold == screening.threshold
    assert meta.list_versions[0].version == 7
    assert meta.list_versions[0].published == date(2023, 12, 28)
    assert meta.created.tzinfo is not None
