"""Reports of saved screenings as downloads, for the API and the pages alike.

A report is written to a temporary file that has no name on disk and streamed
from it, so no copy of the screened parties stays behind on the server, even
when a download is cut short.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from collections.abc import Iterator
from typing import IO
from urllib.parse import quote

from fastapi.responses import Response, StreamingResponse
from starlette.exceptions import HTTPException

from vet.report import FORMATS, ReportMeta, write_report
from vet.screen import Screening, load_screening
from vet.service.screening_jobs import ScreeningJobs, require_complete
from vet.service.state import ApiState
from vet.store.screenings import ScreeningInfo

MEDIA_TYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
}
_UNSAFE = re.compile(r"[^A-Za-z0-9._ -]+")


def report_filename(info: ScreeningInfo, fmt: str) -> str:
    return f"{_UNSAFE.sub('_', info.name).strip(' ._') or 'screening'}.{fmt}"


def attachment(filename: str, disposition: str = "attachment") -> str:
    """A Content-Disposition header value offering ``filename`` as a download (or, with
    ``disposition`` ``inline``, shown in the browser under that name when saved)."""
    quoted = quote(filename)
    if quoted == filename:
        return f'{disposition}; filename="{filename}"'
    return f"{disposition}; filename*=utf-8''{quoted}"


INLINE = frozenset({"html"})
"""Formats a browser shows rather than downloads: the HTML report is a page to read."""

REPORT_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; "
    "base-uri 'none'; form-action 'none'"
)
"""The HTML report has no scripts and only its own inline styles and SVG: shown in the
browser on the server's origin, it is held to that, so a name that slipped past escaping
still could not run."""


def report_headers(filename: str, fmt: str, size: int) -> dict[str, str]:
    """Headers of a report response: the HTML report inline (with a strict policy), the
    other formats as downloads."""
    headers = {
        "Content-Disposition": attachment(filename, "inline" if fmt in INLINE else "attachment"),
        "Content-Length": str(size),
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "no-store",
    }
    if fmt in INLINE:
        headers["Content-Security-Policy"] = REPORT_CSP
    return headers


def written_report(screening: Screening, fmt: str, meta: ReportMeta) -> IO[bytes]:
    """The report in a temporary file that has no name on disk: it vanishes when closed."""
    out = tempfile.TemporaryFile()  # noqa: SIM115  (handed to the response, which closes it)
    try:
        if fmt == "xlsx":
            write_report(screening, out, fmt, meta)
        else:
            text = io.TextIOWrapper(out, encoding="utf-8", newline="")
            write_report(screening, text, fmt, meta)
            text.flush()
            text.detach()
    except BaseException:
        out.close()
        raise
    out.seek(0)
    return out


def stream_file(handle: IO[bytes], chunk: int = 1 << 16) -> Iterator[bytes]:
    try:
        while data := handle.read(chunk):
            yield data
    finally:
        handle.close()


def report_response(state: ApiState, jobs: ScreeningJobs, ref: int, fmt: str) -> Response:
    """The screening's report in ``fmt``, with the decisions made since: a page to read
    for HTML, a download for the other formats."""
    if fmt not in FORMATS:
        raise HTTPException(404, f"no report format {fmt!r} (formats: {', '.join(FORMATS)})")
    info, screening = load_screening(state.store, ref)
    require_complete(info, jobs)
    meta = ReportMeta.for_saved(info, max_age_days=state.settings.max_age_days, store=state.store)
    handle = written_report(screening, fmt, meta)
    size = os.fstat(handle.fileno()).st_size
    return StreamingResponse(
        stream_file(handle),
        media_type=MEDIA_TYPES[fmt],
        headers=report_headers(report_filename(info, fmt), fmt, size),
    )
