"""The SparkSession vet runs on: the one already active, a cluster master, or local mode.

Local mode is bound to the loopback address and runs its Python workers with the
interpreter vet runs in, so executors import the same vet as the driver.

PySpark starts its workers with ``$PYSPARK_PYTHON``, else ``python3`` from ``PATH``,
read from the environment when the SparkContext starts; the ``spark.pyspark.python``
setting only reaches a driver that ``spark-submit`` starts. A vet run from a virtual
environment that is not activated (or installed with pipx) would otherwise have its
workers start another Python, without vet.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from pyspark.errors import PySparkRuntimeError
from pyspark.sql import SparkSession

from vet.errors import ConfigError

DEFAULT_MASTER = "local[2]"
LOCAL_SETTINGS = {
    "spark.driver.host": "127.0.0.1",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": "8",
}


def launched_by_spark_submit() -> bool:
    """True in a driver started by ``spark-submit`` (its master comes from there)."""
    return "PYSPARK_GATEWAY_PORT" in os.environ


def spark_session(
    master: str | None = None,
    *,
    app_name: str = "vet",
    driver_memory: str | None = None,
    config: dict[str, str] | None = None,
) -> SparkSession:
    """The active session, else a new one on ``master``.

    ``master=None`` means the master ``spark-submit`` was given, or ``local[2]``
    outside ``spark-submit``. ``driver_memory`` only applies when this call starts
    the JVM (local mode).
    """
    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    if master is None and not launched_by_spark_submit():
        master = DEFAULT_MASTER
    builder = SparkSession.builder.appName(app_name)
    if master is not None:
        builder = builder.master(master)
    if master is not None and master.startswith("local"):
        for key, value in LOCAL_SETTINGS.items():
            builder = builder.config(key, value)
        os.environ["PYSPARK_PYTHON"] = sys.executable
    if driver_memory is not None:
        builder = builder.config("spark.driver.memory", driver_memory)
    for key, value in (config or {}).items():
        builder = builder.config(key, value)
    try:
        return builder.getOrCreate()
    except PySparkRuntimeError as exc:
        raise ConfigError(
            f"Spark could not start ({exc.getErrorClass() or exc}); it needs Java 17 or later "
            "(`java -version`, or JAVA_HOME)"
        ) from exc


@contextmanager
def session_for(
    spark: SparkSession | None = None, master: str | None = None
) -> Iterator[SparkSession]:
    """``spark``, else the active session, else a new one on ``master``, stopped at the end."""
    session = spark or SparkSession.getActiveSession()
    if session is not None:
        yield session
        return
    session = spark_session(master)
    try:
        yield session
    finally:
        session.stop()
