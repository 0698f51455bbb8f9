"""Screening on Spark: the index built once on the driver, broadcast, parties scored per partition.

Executors build a :class:`vet.scoring.Matcher` from the broadcast index and call
:func:`vet.screen.screen_party`, the function the local engine calls for each
party: there is no second scorer, so the same parties and list versions give
the same hits and scores on both engines.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyspark import RDD, Broadcast, SparkContext
from pyspark.sql import DataFrame
from pyspark.sql.types import (
    ArrayType,
    BooleanType,
    DoubleType,
    LongType,
    StringType,
    StructField,
    StructType,
)

from vet.index import Index
from vet.report.rows import hit_authorities, hit_listing_date, hit_programs, hit_source_urls
from vet.scoring import Hit, MatchConfig, Matcher
from vet.screen import Party, PartyResult, SkippedRow, screen_party
from vet.spark.parties import detect_frame_columns, party_rdd
from vet.store import Store

DEFAULT_LIMIT: int | None = None
"""Hits kept per party: every hit at or above the threshold, as the local engine keeps."""

HIT_SCHEMA = StructType(
    [
        StructField("row", LongType()),
        StructField("own_id", StringType()),
        StructField("name", StringType()),
        StructField("entity_id", StringType()),
        StructField("caption", StringType()),
        StructField("matched_name", StringType()),
        StructField("score", DoubleType()),
        StructField("match", BooleanType()),
        StructField("lists", ArrayType(StringType())),
        StructField("programs", ArrayType(StringType())),
        StructField("authority", ArrayType(StringType())),
        StructField("listing_date", StringType()),
        StructField("source_url", StringType()),
        StructField("explanation", StringType()),
    ]
)
"""One row per (party, hit): the party's row, own id and name, then the hit.

Columns are nullable, as Parquet reads them back."""

HitRow = tuple[Any, ...]


def hit_row(party: Party, hit: Hit) -> HitRow:
    """The :data:`HIT_SCHEMA` row of one hit, with the facts the reports show."""
    return (
        party.row,
        party.own_id,
        party.name,
        hit.entity_id,
        hit.caption,
        hit.matched_name,
        hit.score,
        hit.match,
        list(hit.lists),
        hit_programs(hit),
        hit_authorities(hit),
        hit_listing_date(hit),
        next(iter(hit_source_urls(hit)), None),
        hit.explanation,
    )


def hit_rows(item: PartyResult | SkippedRow) -> list[HitRow]:
    if isinstance(item, SkippedRow):
        return []
    return [hit_row(item.party, hit) for hit in item.hits]


# -- the index, on the driver and on executors --------------------------------

IndexPayload = tuple[Index, MatchConfig]


def driver_matcher(
    *,
    matcher: Matcher | None = None,
    store: Store | None = None,
    cache_dir: Path | None = None,
    lists: list[str] | None = None,
) -> Matcher:
    """The matcher whose index is broadcast: given, built from ``store``, or vet's default.

    The default is the store named by ``VET_DB``/``VET_HOME`` with its index cache,
    as ``vet.match`` uses.
    """
    if matcher is not None:
        return matcher
    if store is not None:
        return Matcher.from_store(store, lists=lists, cache_dir=cache_dir)
    from vet import default_matcher

    return default_matcher(lists)


def broadcast_index(context: SparkContext, matcher: Matcher) -> Broadcast[IndexPayload]:
    """Ship the matcher's index and config to every executor, once."""
    return context.broadcast((matcher.index, matcher.config))


def broadcast_size(broadcast: Broadcast[Any]) -> int | None:
    """Bytes of the pickled broadcast value (the file PySpark wrote on the driver)."""
    path = getattr(broadcast, "_path", None)
    return os.path.getsize(path) if isinstance(path, str) and os.path.isfile(path) else None


@dataclass(frozen=True)
class ScreenPartition:
    """Scores one partition of parties with a matcher over the broadcast index."""

    index: Broadcast[IndexPayload]
    threshold: float
    lists: tuple[str, ...] | None
    limit: int | None

    def __call__(self, items: Iterable[Party | SkippedRow]) -> Iterator[PartyResult | SkippedRow]:
        index, config = self.index.value
        matcher = Matcher(index, config)
        lists = list(self.lists) if self.lists else None
        for item in items:
            if isinstance(item, SkippedRow):
                yield item
            else:
                yield screen_party(
                    matcher, item, threshold=self.threshold, lists=lists, limit=self.limit
                )


# -- entry points -----------------------------------------------------------------


def spread(parties: RDD[Party | SkippedRow]) -> RDD[Party | SkippedRow]:
    """Enough partitions to keep every core busy (a small CSV is read as one partition)."""
    parallelism = parties.context.defaultParallelism
    if parties.getNumPartitions() >= parallelism:
        return parties
    return parties.repartition(parallelism * 4)


ROWS_PER_PARTITION = 10_000
"""Most parties in one partition when results come back to the driver in row order: it
holds one partition's results at a time."""


def in_row_order(parties: RDD[Party | SkippedRow]) -> RDD[Party | SkippedRow]:
    """The parties sorted by row into partitions of at most :data:`ROWS_PER_PARTITION`,
    and enough of them to keep every core busy: partition by partition, row by row."""
    total = parties.count()
    partitions = max(parties.context.defaultParallelism * 4, -(-total // ROWS_PER_PARTITION))
    return parties.sortBy(_row_of, numPartitions=partitions)


def _row_of(item: Party | SkippedRow) -> int:
    return item.row


def screen_results(
    parties: RDD[Party | SkippedRow],
    index: Broadcast[IndexPayload],
    *,
    threshold: float,
    lists: list[str] | None = None,
    limit: int | None = DEFAULT_LIMIT,
    ordered: bool = False,
) -> RDD[PartyResult | SkippedRow]:
    """Each party's :class:`PartyResult` (skipped rows pass through), as the local engine's.

    With ``ordered``, the results are in row order (see :func:`in_row_order`);
    otherwise in no particular order.
    """
    task = ScreenPartition(index, threshold, tuple(lists) if lists else None, limit)
    return (in_row_order(parties) if ordered else spread(parties)).mapPartitions(task)


def screen(
    parties_df: DataFrame,
    *,
    lists: list[str] | None = None,
    threshold: float | None = None,
    matcher: Matcher | None = None,
    store: Store | None = None,
    cache_dir: Path | None = None,
    mapping: dict[str, str] | None = None,
    limit: int | None = DEFAULT_LIMIT,
    first_row: int = 1,
) -> DataFrame:
    """Hits of every party of ``parties_df``, one row per (party, hit), as :data:`HIT_SCHEMA`.

    Columns are detected from the DataFrame's column names as in a party file
    (``mapping`` maps fields to columns explicitly). The index is ``matcher``'s,
    else built from ``store`` over ``lists`` (cached in ``cache_dir``), else vet's
    default store's. Parties are numbered from ``first_row`` in the DataFrame's
    order. Nothing runs until the result is used.
    """
    columns = detect_frame_columns(parties_df, mapping)
    chosen = driver_matcher(matcher=matcher, store=store, cache_dir=cache_dir, lists=lists)
    index = broadcast_index(parties_df.sparkSession.sparkContext, chosen)
    results = screen_results(
        party_rdd(parties_df, columns, first_row=first_row),
        index,
        threshold=chosen.threshold if threshold is None else threshold,
        lists=lists,
        limit=limit,
    )
    return parties_df.sparkSession.createDataFrame(results.flatMap(hit_rows), HIT_SCHEMA)
