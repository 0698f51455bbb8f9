"""vet's HTTP API: yente-style matching, W3C reconciliation, lists and entities.

:func:`create_app` builds the FastAPI app around one store and the lists served
(a matcher and its list versions, swapped for newer versions imported while the
server runs: :mod:`vet.api.reload`); :func:`run_server` serves it with uvicorn
(``vet serve``). One router per area:
``match`` (``/match``, ``/algorithms``), ``reconcile`` (``/reconcile``),
``lists`` (``/catalog``, ``/search``, ``/entities``, ``/healthz``, ``/readyz``),
``screenings`` (``/screenings``: uploads screened on a background thread, hits,
decisions, reports); the web pages (:mod:`vet.web`) are mounted at ``/web``.

Matching is CPU-bound Python: the endpoints are plain functions, which FastAPI
runs in a thread pool, so the event loop keeps accepting connections and
answering health checks while queries are scored; two threads per process score
at once (more would only share one core under Python's GIL). Throughput beyond
one core comes from worker processes (``vet serve --workers N``), each loading
the index from the disk cache and, on Linux, listening on its own socket.
"""

from vet.api.app import create_app
from vet.api.server import BackgroundServer, ServeConfig, run_server
from vet.service.auth import keys_required
from vet.service.state import ApiSettings, ApiState

__all__ = [
    "ApiSettings",
    "ApiState",
    "BackgroundServer",
    "ServeConfig",
    "create_app",
    "keys_required",
    "run_server",
]
