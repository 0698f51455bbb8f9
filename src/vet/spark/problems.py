"""Spark's failures as one line a user can act on, and stopping it quietly.

A Spark job that fails (a Parquet file cut short, an executor lost, an error in a
Python worker) raises py4j's or PySpark's exceptions, whose text is a JVM stack
trace. :func:`spark_problems` turns them into a :class:`vet.errors.VetError`
naming the file and the cause, so the CLI prints one line and a saved screening
is marked failed with it. :func:`stop_on_signals` stops a run on SIGTERM or Ctrl-C
without PySpark's tracebacks.
"""

from __future__ import annotations

import re
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from py4j.protocol import Py4JError, Py4JJavaError
from pyspark.errors import PySparkException
from pyspark.sql import SparkSession

from vet.errors import Stopped, VetError

SPARK_ERRORS = (Py4JError, PySparkException)
MAX_PROBLEM = 400
"""Characters kept of a cause: enough for a file name and a reason."""

_ERROR_CLASS = re.compile(r"^\[[A-Z_.]+\]\s*")
_SQLSTATE = re.compile(r"\s*SQLSTATE: \w+\s*$")
_JAVA_CLASS = re.compile(r"^(?:[a-z]\w*\.)+[A-Z]\w*(?:Exception|Error): ")
_FOLDERS = re.compile(r"\bfile:/+(?:[^\s/]+/)+")
"""The folders of a local file Spark names: the file name is enough beside the input's."""


def _tidy(line: str) -> str:
    line = _SQLSTATE.sub("", _ERROR_CLASS.sub("", line.strip()))
    return _FOLDERS.sub("", _JAVA_CLASS.sub("", line))


def _summary(text: str) -> str:
    """A Python worker's error is the last line of its traceback; anything else, its first."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return ""
    if any("Traceback (most recent call last)" in line for line in lines):
        return _tidy(lines[-1])
    return _tidy(lines[0])


def describe(exc: BaseException) -> str:
    """What went wrong, in one line: the failure and, for the JVM's, its root cause."""
    if isinstance(exc, Py4JJavaError):
        java = exc.java_exception
        cause = java
        while cause.getCause() is not None:
            cause = cause.getCause()
        top = _summary(str(java.getMessage() or java.toString()))
        root = _summary(str(cause.getMessage() or cause.toString()))
        text = top if cause.equals(java) or root in top else f"{top} ({root})"
    else:
        text = _summary(str(exc))
    return text[:MAX_PROBLEM] or type(exc).__name__


@contextmanager
def spark_problems(path: str | Path) -> Iterator[None]:
    """Raise a Spark failure inside the block as a VetError naming ``path``."""
    try:
        yield
    except SPARK_ERRORS as exc:
        raise VetError(f"{Path(str(path)).name}: the Spark job failed: {describe(exc)}") from exc


STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


@contextmanager
def stop_on_signals(session: SparkSession) -> Iterator[Callable[[], None]]:
    """SIGTERM or Ctrl-C (SIGINT) cancels Spark's jobs, quietly; the block then stops at a
    safe point (PySpark's own Ctrl-C handler, which raises in the middle of a call to the
    JVM with a traceback, is replaced while the block runs).

    Yields ``check``, which raises :class:`Stopped` once a signal came: call it where
    stopping is safe (between batches, after a job that failed). Raising from the
    signal handler itself, as elsewhere in vet, would cut a call to the JVM short
    and leave py4j's connections half-read, with tracebacks on the way out. The
    jobs are cancelled from another thread (its own connection to the JVM), with
    Spark's log silenced first: the tasks it kills are no news. Only in the main
    thread, where signals arrive.
    """
    requested: list[Stopped] = []

    def check() -> None:
        if requested:
            raise requested[0]

    if threading.current_thread() is not threading.main_thread():
        yield check
        return
    context = session.sparkContext

    def cancel() -> None:
        context.setLogLevel("OFF")
        context.cancelAllJobs()

    def stop(signum: int, _frame: object) -> None:
        for name in STOP_SIGNALS:  # once is enough while stopping
            signal.signal(name, signal.SIG_IGN)
        requested.append(Stopped(signal.Signals(signum).name, signum))
        threading.Thread(target=cancel, name="vet-spark-stop", daemon=True).start()

    previous = {name: signal.signal(name, stop) for name in STOP_SIGNALS}
    try:
        yield check
    finally:
        for name, handler in previous.items():
            signal.signal(name, handler)
