"""``write_report``: every format to a path or a stream; unknown formats refused."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from vet.errors import InputError
from vet.report import FORMATS, ReportMeta, format_for, write_report
from vet.screen import Screening


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_to_a_path(
    fmt: str, screening: Screening, meta: ReportMeta, tmp_path: Path
) -> None:
    path = tmp_path / f"report.{fmt}"
    write_report(screening, path, fmt, meta)
    assert path.stat().st_size > 0
    assert format_for(path) == fmt


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_to_a_stream(fmt: str, screening: Screening, meta: ReportMeta) -> None:
    stream: io.BytesIO | io.StringIO = io.BytesIO() if fmt == "xlsx" else io.StringIO()
    write_report(screening, stream, fmt, meta)
    assert stream.getvalue()


def test_unknown_format(screening: Screening, meta: ReportMeta) -> None:
    with pytest.raises(InputError, match="unknown report format 'pdf'"):
        write_report(screening, io.StringIO(), "pdf", meta)
    assert format_for(Path("report.PDF")) is None
    assert format_for(Path("report.HTM")) == "html"
