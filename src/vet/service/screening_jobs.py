"""Screenings run by the server in the background, one at a time.

One thread per server process runs the submitted work in order: the uploaded
screenings, and re-screenings. One at a time, because matching holds Python's
GIL (a second screening would only slow the first) and SQLite takes one writer
at a time; each batch of rows is saved in its own short transaction, so
reviewers' decisions go in between. Work is scored in the thread itself
(``workers=1``): the server's other cores belong to its other worker processes.

The store says how far a screening got (its counts grow batch by batch), so
any worker process can answer a progress request; this process adds what only
it knows: queued or failed, and the file's estimated row count.

Nothing personal is logged: screenings are named by id, never by file or party.
"""

from __future__ import annotations

import logging
import shutil
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from fastapi import Request
from starlette.exceptions import HTTPException

from vet.errors import VetError
from vet.scoring import Matcher
from vet.screen.staged import StartedScreening, fill_started, ownership_rule
from vet.store import Store
from vet.store.screenings import (
    ScreeningInfo,
    fail_screening,
    get_screening,
    interrupt_screening,
)
from vet.vocabulary import ScreeningStatus

log = logging.getLogger(__name__)

T = TypeVar("T")

BATCH = 50
"""Parties per saved batch: small, so progress shows often on small files too."""


class Stopped(Exception):
    """The server is stopping: the screening stays as far as it got (resumable with the CLI)."""


@dataclass(frozen=True)
class JobState:
    """What this process knows of a screening it runs."""

    status: ScreeningStatus
    rows_total: int | None = None
    error: str | None = None


@dataclass(frozen=True)
class Progress:
    """A screening's state as a client sees it."""

    status: ScreeningStatus
    rows_done: int
    rows_total: int | None
    error: str | None


class ScreeningJobs:
    """The background thread of one server process and what it is doing."""

    def __init__(self, store: Store, *, batch_size: int = BATCH) -> None:
        self.store = store
        self.batch_size = batch_size
        self.started_at = datetime.now(UTC).replace(tzinfo=None)
        self._states: dict[int, JobState] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._executor: ThreadPoolExecutor | None = None
        self._uploads: dict[int, Path] = {}

    def _submit(self, work: Callable[[], T]) -> Future[T]:
        with self._lock:
            if self._stopping.is_set():
                raise HTTPException(503, "the server is stopping; try again when it is back")
            if self._executor is None:
                self._executor = ThreadPoolExecutor(1, thread_name_prefix="vet-screening")
            return self._executor.submit(work)

    def _set(self, screening_id: int, status: ScreeningStatus, error: str | None = None) -> None:
        with self._lock:
            state = self._states[screening_id]
            self._states[screening_id] = replace(state, status=status, error=error)

    def submit(
        self, started: StartedScreening, matcher: Matcher, upload_dir: Path | None = None
    ) -> None:
        """Queue a started screening, to be filled by ``matcher`` (built on the versions the
        screening records, even if the server serves newer ones by then); ``upload_dir``
        (the uploaded file) is removed after."""
        screening_id = started.info.id
        with self._lock:
            self._states[screening_id] = JobState(ScreeningStatus.QUEUED, rows_total=started.total)
            if upload_dir is not None:
                self._uploads[screening_id] = upload_dir

        def check(rows: int) -> None:
            if self._stopping.is_set():
                raise Stopped

        def work() -> None:
            try:
                self._set(screening_id, ScreeningStatus.RUNNING)
                log.info("screening %d started", screening_id)
                lists = started.info.lists
                ownership = ownership_rule(self.store, matcher, lists, started.versions)
                info = fill_started(
                    self.store,
                    matcher,
                    started,
                    ownership=ownership,
                    progress=check,
                    batch_size=self.batch_size,
                )
                self._set(screening_id, ScreeningStatus.COMPLETE)
                log.info(
                    "screening %d complete: %d parties, %d flagged",
                    screening_id,
                    info.party_count,
                    info.flagged_count,
                )
            except Stopped:
                self._set(screening_id, ScreeningStatus.INTERRUPTED, "the server stopped")
                interrupt_screening(self.store, screening_id, "the server stopped")
                log.warning("screening %d interrupted: the server stopped", screening_id)
            except VetError as exc:
                self._fail(screening_id, str(exc))
                log.warning("screening %d failed (%s)", screening_id, type(exc).__name__)
            except Exception as exc:
                self._fail(screening_id, "internal error; see the server log")
                log.exception("screening %d failed (%s)", screening_id, type(exc).__name__)
            finally:
                self._remove_upload(screening_id)

        try:
            self._submit(work)
        except BaseException:
            self._remove_upload(screening_id)
            raise

    def _fail(self, screening_id: int, error: str) -> None:
        """Failed, here and in the store (so every worker process, and a restarted server,
        says so); bad input met while filling it is in the store already."""
        self._set(screening_id, ScreeningStatus.FAILED, error)
        if get_screening(self.store, screening_id).status != ScreeningStatus.FAILED:
            fail_screening(self.store, screening_id, error)

    def _remove_upload(self, screening_id: int) -> None:
        with self._lock:
            upload_dir = self._uploads.pop(screening_id, None)
        if upload_dir is not None:
            shutil.rmtree(upload_dir, ignore_errors=True)

    def run(self, work: Callable[[], T]) -> Future[T]:
        """Run ``work`` on the background thread after what is queued (re-screenings)."""
        return self._submit(work)

    def progress(self, info: ScreeningInfo) -> Progress:
        """How far ``info``'s screening got, as the store and this process know it."""
        done = info.party_count + info.skipped_count
        with self._lock:
            state = self._states.get(info.id)
        if info.status == ScreeningStatus.COMPLETE:
            return Progress(ScreeningStatus.COMPLETE, done, done, None)
        if info.status == ScreeningStatus.FAILED:
            return Progress(ScreeningStatus.FAILED, done, None, info.error)
        if info.status == ScreeningStatus.INTERRUPTED:  # its process stopped, or is gone
            return Progress(
                ScreeningStatus.INTERRUPTED, done, None, info.error or "its process stopped"
            )
        if state is not None:
            total = max(state.rows_total, done) if state.rows_total is not None else None
            # Finished here after ``info`` was read: its counts are from before, so say
            # "running" until the next read shows the finished screening with its counts.
            status = (
                ScreeningStatus.RUNNING
                if state.status == ScreeningStatus.COMPLETE
                else state.status
            )
            return Progress(status, done, total, state.error)
        # Running in the store but not here: another worker process runs it, or a run
        # that stopped before this server started (resume it with `vet screen --resume`).
        status = (
            ScreeningStatus.INTERRUPTED
            if info.created < self.started_at
            else ScreeningStatus.RUNNING
        )
        return Progress(status, done, None, None)

    def stop(self) -> None:
        """Stop after the batch under way; queued work is dropped."""
        self._stopping.set()
        with self._lock:
            executor = self._executor
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)
        with self._lock:
            queued = [
                i for i, state in self._states.items() if state.status == ScreeningStatus.QUEUED
            ]
        for screening_id in queued:  # never started: their files go, they stay resumable
            self._set(screening_id, ScreeningStatus.INTERRUPTED, "the server stopped")
            interrupt_screening(self.store, screening_id, "the server stopped")
            self._remove_upload(screening_id)


async def get_jobs(request: Request) -> ScreeningJobs:
    jobs: ScreeningJobs = request.app.state.screenings
    return jobs


def require_complete(info: ScreeningInfo, jobs: ScreeningJobs) -> None:
    progress = jobs.progress(info)
    if progress.status == ScreeningStatus.COMPLETE:
        return
    if progress.status in (ScreeningStatus.QUEUED, ScreeningStatus.RUNNING):
        total = f" of about {progress.rows_total:,}" if progress.rows_total else ""
        raise HTTPException(
            409,
            f"screening {info.id} is {progress.status} ({progress.rows_done:,}{total} rows "
            "done): ask again when its status is 'complete'",
        )
    raise HTTPException(
        409, f"screening {info.id} did not complete ({progress.status}: {progress.error or ''})"
    )
