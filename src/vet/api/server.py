"""Serving the app with uvicorn: in the foreground (``vet serve``) or from a thread.

The server listens before its lists are loaded: the app loads them on a thread
once started (:mod:`vet.api.reload`). With several workers, each worker process
builds its own app from a :class:`ServeConfig` and loads the lists itself (one
imports and builds the index, the others wait and load it from the disk cache)
and, on Linux, listens on its own socket so connections spread evenly.
"""

from __future__ import annotations

import asyncio
import copy
import json
import logging
import multiprocessing
import multiprocessing.connection
import os
import signal
import socket
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

import uvicorn
from fastapi import FastAPI
from uvicorn.config import LOGGING_CONFIG

from vet.api.app import create_app
from vet.errors import ConfigError
from vet.service.state import ApiSettings
from vet.store import Store

log = logging.getLogger(__name__)

CONFIG_ENV = "VET_SERVE_CONFIG"
"""Internal: how ``vet serve --workers N`` hands its configuration to worker processes."""


@dataclass(frozen=True)
class ServeConfig:
    """Everything a worker process needs to build the same app."""

    db_url: str
    cache_dir: str
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    lists: tuple[str, ...] | None = None
    log_level: str = "info"
    settings: ApiSettings = field(default_factory=ApiSettings)

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> ServeConfig:
        data = json.loads(text)
        data["settings"] = ApiSettings(**data["settings"])
        data["lists"] = tuple(data["lists"]) if data["lists"] is not None else None
        return cls(**data)

    def build_app(self) -> FastAPI:
        """The app, answering at once; it loads its lists once started."""
        store = Store(self.db_url)
        lists = list(self.lists) if self.lists else None
        return create_app(store, None, self.settings, lists=lists, cache_dir=Path(self.cache_dir))


def app_from_environment() -> FastAPI:
    """The app of one worker process (uvicorn calls this factory in each worker)."""
    return ServeConfig.from_json(os.environ[CONFIG_ENV]).build_app()


class CancelledRequests(logging.Filter):
    """A request cancelled as the server stops (see :data:`STOP_SECONDS`) is one line in
    the log, not a traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], asyncio.CancelledError):
            record.msg, record.args = "a request under way was cancelled: the server stopped", ()
            record.exc_info = record.exc_text = None
        return True


def log_config(level: str) -> dict[str, Any]:
    """uvicorn's logging set-up plus vet's loggers (the request log among them)."""
    config = copy.deepcopy(LOGGING_CONFIG)
    config["filters"] = {"cancelled": {"()": CancelledRequests}}
    config["loggers"]["uvicorn.error"]["filters"] = ["cancelled"]
    config["loggers"]["vet"] = {
        "handlers": ["default"],
        "level": level.upper(),
        "propagate": False,
    }
    config["loggers"]["uvicorn"]["level"] = level.upper()
    return config


STOP_SECONDS = 5
"""How long a stopping server (SIGTERM, Ctrl-C) waits for requests under way before it
cancels them: an upload still arriving from a slow client would otherwise hold it for as
long as the client takes, with the screenings in the background running on meanwhile."""


def uvicorn_options(config: ServeConfig) -> dict[str, Any]:
    """Uvicorn's access log stays off: it would log query strings, where names travel."""
    return {
        "access_log": False,
        "log_config": log_config(config.log_level),
        "server_header": False,
        "timeout_graceful_shutdown": STOP_SECONDS,
    }


def run_server(config: ServeConfig, app: FastAPI | None = None) -> None:
    """Serve until interrupted (Ctrl-C or SIGTERM)."""
    if config.workers > 1 and BALANCED_WORKERS:
        run_workers(config)
    elif config.workers > 1:
        os.environ[CONFIG_ENV] = config.to_json()
        uvicorn.run(
            "vet.api.server:app_from_environment",
            factory=True,
            workers=config.workers,
            host=config.host,
            port=config.port,
            **uvicorn_options(config),
        )
    else:
        uvicorn.run(
            app or config.build_app(), host=config.host, port=config.port, **uvicorn_options(config)
        )


# -- worker processes with their own sockets ----------------------------------------
# uvicorn's workers share one listening socket: whichever wakes first accepts every
# connection waiting, so a few keep-alive clients connecting together can all land on
# one worker while the others idle. With SO_REUSEPORT (Linux) each worker listens on
# its own socket and the kernel spreads new connections across them.

BALANCED_WORKERS = sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")
STARTUP_SECONDS = 60.0
"""A worker that exits sooner than this after starting is not restarted: it cannot start."""


def listening_socket(host: str, port: int, *, reuse_port: bool) -> socket.socket:
    name = host.strip("[]")
    family = socket.AF_INET6 if ":" in name else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if reuse_port:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    try:
        sock.bind((name, port))
    except OSError as exc:
        sock.close()
        raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror}") from exc
    return sock


def serve_worker(config_json: str) -> None:
    """One worker process: its own socket on the shared port, its own app."""
    config = ServeConfig.from_json(config_json)
    sock = listening_socket(config.host, config.port, reuse_port=True)
    server = uvicorn.Server(uvicorn.Config(config.build_app(), **uvicorn_options(config)))
    server.run(sockets=[sock])


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def run_workers(config: ServeConfig) -> None:
    """Start ``config.workers`` worker processes, restart any that dies, stop all on exit."""
    probe = listening_socket(config.host, config.port, reuse_port=True)  # port free?
    context = multiprocessing.get_context("spawn")
    started: dict[int, float] = {}

    def start() -> multiprocessing.process.BaseProcess:
        process = context.Process(target=serve_worker, args=(config.to_json(),))
        process.start()
        started[process.pid or 0] = time.monotonic()
        return process

    previous = signal.signal(signal.SIGTERM, _stop)
    workers = [start() for _ in range(config.workers)]
    probe.close()
    try:
        while True:
            multiprocessing.connection.wait([w.sentinel for w in workers])
            for i, worker in enumerate(workers):
                if worker.is_alive():
                    continue
                if time.monotonic() - started.get(worker.pid or 0, 0.0) < STARTUP_SECONDS:
                    raise ConfigError(
                        f"an API worker exited while starting (exit code {worker.exitcode}); "
                        "see the messages above"
                    )
                log.warning(
                    "API worker %s exited (code %s); starting another", worker.pid, worker.exitcode
                )
                workers[i] = start()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        for worker in workers:
            if worker.is_alive():
                worker.terminate()  # SIGTERM: uvicorn finishes the requests under way
        for worker in workers:
            worker.join(timeout=30)


class BackgroundServer:
    """uvicorn serving an app from a thread on a free loopback port (tests, benchmarks).

    ``with BackgroundServer(app) as url:`` gives ``http://127.0.0.1:<port>``.
    """

    def __init__(self, app: FastAPI, host: str = "127.0.0.1") -> None:
        self.app = app
        self.host = host
        self.server = uvicorn.Server(
            uvicorn.Config(app, access_log=False, log_config=None, lifespan="on")
        )
        self.thread: threading.Thread | None = None
        self.url = ""

    def __enter__(self) -> str:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, 0))
        port = sock.getsockname()[1]
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [sock]}, daemon=True
        )
        self.thread.start()
        deadline = time.monotonic() + 120
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the API server did not start")
            time.sleep(0.01)
        self.url = f"http://{self.host}:{port}"
        return self.url

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.server.should_exit = True
        if self.thread is not None:
            self.thread.join(timeout=10)
