"""Screening beyond one machine: the local engine's scorer on Spark partitions.

``screen(parties_df, ...)`` returns the hits of a Spark DataFrame of parties, one
row per (party, hit). A Parquet or CSV file goes through one pipeline
(:func:`vet.spark.pipeline.screen_on_spark`) used two ways:
``run_screening_spark(store, matcher, path)`` saves the screening in vet's store, as
``vet.screen.run_screening`` does (``output=`` also writes the hits as Parquet);
``screen_file_spark(path, output=...)`` only writes the hits as Parquet. The list
index is built once on the driver and broadcast; each partition scores its parties
with :func:`vet.screen.screen_party`, as the local engine does.

Needs the ``spark`` extra (``pip install 'vet[spark]'``) and Java 17 or later.
"""

from __future__ import annotations

from vet.errors import ConfigError

try:
    import pyspark  # noqa: F401
except ImportError as exc:  # pragma: no cover - depends on the installed extras
    raise ConfigError(
        "the Spark engine needs pyspark: pip install 'vet[spark]' (and Java 17 or later)"
    ) from exc

from vet.spark.engine import HIT_SCHEMA, broadcast_index, screen, screen_results
from vet.spark.parties import party_rdd, read_parties_df
from vet.spark.pipeline import SparkScreening, run_screening_spark, screen_file_spark
from vet.spark.session import spark_session

__all__ = [
    "HIT_SCHEMA",
    "SparkScreening",
    "broadcast_index",
    "party_rdd",
    "read_parties_df",
    "run_screening_spark",
    "screen",
    "screen_file_spark",
    "screen_results",
    "spark_session",
]
