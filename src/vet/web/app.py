"""The pages as an app of their own, mounted under ``/web`` by :func:`vet.api.create_app`.

Its own app, so that errors become pages rather than JSON; it shares the API's
state (store, matcher, keys, background screenings), so both see the same.
"""

from __future__ import annotations

import logging
from importlib.resources import files
from pathlib import Path
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from vet.errors import NotReady, VetError
from vet.service.auth import KeyChecker
from vet.service.screening_jobs import ScreeningJobs
from vet.service.state import ApiState
from vet.service.statuses import error_headers, status_for
from vet.web import access, lists, pages, queue, rescreens, review, team, upload
from vet.web.render import SECURITY_HEADERS, base_path, render

log = logging.getLogger(__name__)

STATIC = Path(str(files("vet.web") / "static"))


class SecurityHeaders:
    """Adds :data:`SECURITY_HEADERS` to every answer (pages, downloads, static files)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    if name not in headers:
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)


def error_page(request: Request, status: int, message: str) -> Response:
    return render(request, "error.html", status_code=status, status=status, message=message)


async def _login_required(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, access.LoginRequired)
    target = access.safe_target(base_path(request), exc.target)
    return RedirectResponse(
        f"{base_path(request)}/login?{urlencode({'next': target})}",
        status_code=303,
    )


async def _vet_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, VetError)
    status = status_for(exc)
    if isinstance(exc, NotReady):
        message = (
            f"vet could not load its lists: {exc.loading}."
            if exc.failed
            else f"vet is starting ({exc.loading}). Try again in a minute."
        )
        response = error_page(request, status, message)
        response.headers.update(error_headers(exc))
        return response
    if status >= 500:
        log.error("%s %s failed: %s", request.method, request.url.path, type(exc).__name__)
        return error_page(request, status, "Something went wrong; the server log has the details.")
    return error_page(request, status, str(exc))


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return error_page(request, exc.status_code, str(exc.detail))


async def _invalid(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    problems = "; ".join(
        f"{'.'.join(str(p) for p in e.get('loc', ())[1:])}: {e.get('msg', '')}"
        for e in exc.errors()
    )
    return error_page(request, 422, f"The request was not understood ({problems}).")


async def _unexpected(request: Request, exc: Exception) -> Response:
    log.exception("%s %s failed", request.method, request.url.path)
    return error_page(request, 500, "Something went wrong; the server log has the details.")


def create_web_app(state: ApiState, keys: KeyChecker | None, screenings: ScreeningJobs) -> FastAPI:
    """The pages over the API's ``state``; ``keys`` None serves them without sign-in."""
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    app.state.vet = state
    app.state.keys = keys
    app.state.screenings = screenings
    app.include_router(upload.router)
    app.include_router(pages.router)
    app.include_router(rescreens.router)
    app.include_router(review.router)
    app.include_router(team.router)
    app.include_router(queue.router)
    app.include_router(lists.router)
    app.include_router(access.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_exception_handler(access.LoginRequired, _login_required)
    app.add_exception_handler(VetError, _vet_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(Exception, _unexpected)
    app.add_middleware(SecurityHeaders)
    return app
