"""The app factory: one store, the lists served, the routers, limits and error handling."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import anyio.to_thread
from fastapi import FastAPI
from fastapi.responses import RedirectResponse

from vet import __version__
from vet.api import lists as list_routes
from vet.api import match, reconcile, review, screenings
from vet.api.errors import install_error_handlers
from vet.api.middleware import LimitsMiddleware, LoopbackHostMiddleware, RequestLogMiddleware
from vet.api.reload import ListReloader
from vet.names import load_person_name_data
from vet.scoring import Matcher
from vet.service.auth import KeyChecker
from vet.service.screening_jobs import ScreeningJobs
from vet.service.state import ApiSettings, ApiState
from vet.store import Store

DESCRIPTION = """Screen names against official sanctions and export-control lists.

* `POST /match/{dataset}`: yente's matching API (yente clients work unchanged).
* `/reconcile/{dataset}`: W3C Reconciliation API 0.2, for OpenRefine.
* `/catalog`, `/search/{dataset}`, `/entities/{id}`: the lists and their entities.
* `/screenings`: upload a party file, follow its screening, decide its hits, get its reports.
* `/web/`: the same as pages for people (upload, review, reports, lists).

`dataset` is `default` (every active list) or a list name from `/catalog`.
Unless the server listens on loopback only, send an API key:
`Authorization: ApiKey <key>` (create one with `vet keys create NAME`).
"""


def create_app(
    store: Store,
    matcher: Matcher | None,
    settings: ApiSettings | None = None,
    *,
    lists: list[str] | tuple[str, ...] | None = None,
    cache_dir: Path | None = None,
) -> FastAPI:
    """The API app serving ``matcher`` (built on the active versions of ``lists``, all by
    default) and ``store``. When the store's active versions change, the app loads a
    matcher for them like ``matcher`` was (``Matcher.from_store`` with ``lists`` and
    ``cache_dir``) and serves it once ready.

    With ``matcher`` None the app answers at once and loads the lists in the background
    once started (importing the bundled snapshot into an empty store): ``/readyz``
    says what is loading, and requests needing the lists get a 503 until then."""
    settings = settings or ApiSettings()
    threads = settings.threads

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Plain-function endpoints run in anyio's thread pool (40 threads by default).
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        # Before the first connection is accepted, so that no first match waits for it.
        # (A server that loads its lists in the background loads it with them,
        # before /readyz says ready.)
        if app.state.vet.ready:
            load_person_name_data()
        reloader.start()
        yield
        await anyio.to_thread.run_sync(reloader.stop)
        await anyio.to_thread.run_sync(jobs.stop)  # the batch under way is saved first

    # No /docs or /redoc: FastAPI's pages load their scripts from a CDN, and machines
    # running vet may be offline. The schema is at /openapi.json.
    app = FastAPI(
        title="vet",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    names = tuple(lists) if lists else None
    app.state.vet = (
        ApiState.create(store, matcher, settings, names)
        if matcher is not None
        else ApiState.starting(store, settings)
    )
    app.state.reloader = reloader = ListReloader(app.state.vet, lists=names, cache_dir=cache_dir)
    app.state.keys = (
        KeyChecker(store, settings.key_cache_seconds) if settings.require_keys else None
    )
    jobs = app.state.screenings = ScreeningJobs(store)
    install_error_handlers(app)
    app.include_router(match.router)
    app.include_router(reconcile.router)
    app.include_router(list_routes.router)
    app.include_router(list_routes.health)
    app.include_router(screenings.router)
    app.include_router(review.router)
    # The composition root: the one place the API knows the pages (see tests/test_layers.py).
    from vet.web import create_web_app

    app.mount("/web", create_web_app(app.state.vet, app.state.keys, jobs))

    @app.get("/", include_in_schema=False)
    async def home() -> RedirectResponse:
        return RedirectResponse("/web/", status_code=307)

    app.add_middleware(LimitsMiddleware, settings=settings)
    if app.state.keys is None:
        app.add_middleware(LoopbackHostMiddleware)
    app.add_middleware(RequestLogMiddleware)  # outermost: refused requests are logged too
    return app
