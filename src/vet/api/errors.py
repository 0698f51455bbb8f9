"""The one place where errors become HTTP answers: a status and a JSON body.

Library errors (:mod:`vet.errors`) map to statuses by class
(:mod:`vet.service.statuses`, shared with the pages); HTTP errors raised
by the API itself (401, 404, 413...) and invalid requests (422) get the same
body, ``{"detail": "...", "error": "..."}``. Unexpected errors are logged with
their traceback and answered with a 500 that reveals nothing.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from vet.api.models import ErrorResponse
from vet.errors import NotReady, VetError
from vet.service.statuses import error_headers, status_for

log = logging.getLogger(__name__)


def error_body(detail: str, error: str, **extra: Any) -> dict[str, Any]:
    return {"detail": detail, "error": error, **extra}


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase.replace(" ", "")
    except ValueError:
        return "Error"


def _location(loc: tuple[Any, ...]) -> str:
    where, *path = loc
    names = {
        "query": "query parameter",
        "path": "path parameter",
        "body": "body",
        "header": "header",
    }
    dotted = ".".join(str(p) for p in path)
    return f"{names.get(str(where), str(where))} {dotted}".strip()


async def _vet_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, VetError)
    status = status_for(exc)
    if status >= 500 and not isinstance(exc, NotReady):
        log.error("%s %s failed: %s", request.method, request.url.path, exc)
    return JSONResponse(
        error_body(str(exc), type(exc).__name__), status_code=status, headers=error_headers(exc)
    )


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    return JSONResponse(
        error_body(str(exc.detail), _phrase(exc.status_code)),
        status_code=exc.status_code,
        headers=exc.headers,
    )


async def _invalid_request(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
        for e in exc.errors()
    ]
    detail = "; ".join(f"{_location(tuple(e['loc']))}: {e['msg']}" for e in errors)
    return JSONResponse(error_body(detail, "InvalidRequest", errors=errors), status_code=422)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("%s %s failed", request.method, request.url.path)
    return JSONResponse(
        error_body("internal error; the server log has the details", "InternalError"),
        status_code=500,
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(VetError, _vet_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(Exception, _unexpected)


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": description}
    for status, description in (
        (400, "Unusable query (the detail says which and why)"),
        (401, "API key missing, unknown or revoked"),
        (404, "No such dataset or entity"),
        (413, "Request too large"),
        (422, "Request does not follow the schema"),
        (503, "The server is still loading its lists (see /readyz); retry after Retry-After"),
    )
}
"""The error answers every router documents in the OpenAPI schema."""
