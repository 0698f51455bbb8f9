"""The one place where library errors get their HTTP status, for the API and the pages alike.

The API answers them as JSON (:mod:`vet.api.errors`), the pages as an error page;
both take the status and headers from here, so they never disagree.
"""

from __future__ import annotations

from vet.errors import (
    ConfigError,
    ImportFailed,
    InputError,
    NetworkError,
    NotFound,
    NotReady,
    SourceError,
    StoreError,
    VetError,
)

STATUSES: tuple[tuple[type[VetError], int], ...] = (
    (NotFound, 404),
    (InputError, 400),
    (SourceError, 400),
    (ImportFailed, 500),
    (StoreError, 503),
    (NetworkError, 502),
    (ConfigError, 500),
    (NotReady, 503),
    (VetError, 500),
)
"""Most specific first: the first class the error is an instance of gives its status."""


def status_for(exc: VetError) -> int:
    return next(status for cls, status in STATUSES if isinstance(exc, cls))


def error_headers(exc: VetError) -> dict[str, str]:
    """Retry-After on a 503 from a server still loading its lists."""
    return {"Retry-After": str(exc.retry_after)} if isinstance(exc, NotReady) else {}
