"""Spark screenings saved in vet's store, as the local engine saves its own.

:func:`run_screening_spark` is :func:`vet.screen.run.run_screening` with the scoring
on Spark. The screening record is the same (name, file, sha256, columns, threshold,
lists, list versions, vet version), and so are its rows: each party with its hits
and the listed records, saved by the local engine's functions, which also mark
repeated parties and attach ownership findings on the driver. Review, decisions,
reports and re-screening then treat it like any other screening.

How the results reach the store: the parties are sorted by row into partitions
(:func:`vet.spark.engine.in_row_order`), scored on every executor at once and kept
there (memory, then disk); the driver then reads them back one partition at a
time, in row order, and saves them batch by batch, each batch in its own
transaction. The hits can be written as Parquet as well, from the same results.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from itertools import islice
from pathlib import Path

from pyspark import RDD, StorageLevel
from pyspark.sql import SparkSession

from vet.scoring import Matcher
from vet.screen import PartyResult, SkippedRow
from vet.screen.columns import EMPTY_ROW
from vet.screen.run import BATCH, Ownership, file_sha256, open_screening, save_batches
from vet.spark.engine import DEFAULT_LIMIT, broadcast_index, broadcast_size, screen_results
from vet.spark.files import SparkScreening, Tally, check_output, write_hits
from vet.spark.parties import (
    detect_frame_columns,
    input_kind,
    is_remote,
    party_rdd,
    read_parties_df,
)
from vet.spark.problems import spark_problems, stop_on_signals
from vet.spark.session import session_for
from vet.store import Store
from vet.store.screenings import finish_screening


def local_sha256(path: str | Path) -> str | None:
    """The file's sha256, for a local file (not a directory, not a cluster path)."""
    if is_remote(path) or not Path(path).is_file():
        return None
    return file_sha256(Path(path))


def _reported(item: PartyResult | SkippedRow) -> bool:
    return not (isinstance(item, SkippedRow) and item.problem == EMPTY_ROW)


def row_batches(
    results: RDD[PartyResult | SkippedRow], size: int, path: str | Path
) -> Iterator[list[PartyResult | SkippedRow]]:
    """The results in row order, ``size`` at a time, one partition on the driver at once."""
    with spark_problems(path):
        items = filter(_reported, results.toLocalIterator())
        while batch := list(islice(items, size)):
            yield batch


def run_screening_spark(
    store: Store,
    matcher: Matcher,
    path: str | Path,
    *,
    name: str | None = None,
    threshold: float | None = None,
    mapping: dict[str, str] | None = None,
    lists: list[str] | None = None,
    resume: bool = False,
    ownership: Ownership | None = None,
    output: str | Path | None = None,
    overwrite: bool = False,
    master: str | None = None,
    spark: SparkSession | None = None,
    limit: int | None = DEFAULT_LIMIT,
    batch_size: int = BATCH,
    progress: Callable[[int], None] | None = None,
) -> SparkScreening:
    """Screen a Parquet or CSV file on Spark and save the screening in ``store``.

    The arguments are :func:`vet.screen.run.run_screening`'s (``resume`` goes on
    after the last row an interrupted screening of the same local file saved),
    plus ``output``, where the hits are also written as Parquet, and the Spark
    ``master`` or ``spark`` session (see :func:`vet.spark.screen_file_spark`). A
    failure once the screening is saved (a file Spark cannot read on, a lost
    executor, a VetError while saving) marks it failed with the problem, and is
    raised; SIGTERM or Ctrl-C (in the main thread) cancels the jobs and marks it
    interrupted (:func:`~vet.spark.problems.stop_on_signals`). The rows saved so far
    stay, for ``resume``.
    """
    started = time.perf_counter()
    input_kind(path)  # a missing or unreadable file fails before Spark starts
    if output is not None:
        check_output(output, overwrite)
    with session_for(spark, master) as session:
        with spark_problems(path):
            frame, first_row = read_parties_df(session, path)
            columns = detect_frame_columns(frame, mapping)
        versions = store.active_versions(lists)
        info, done = open_screening(
            store,
            Path(str(path)),
            file_sha256=local_sha256(path),
            columns=columns,
            threshold=matcher.threshold if threshold is None else threshold,
            lists=lists,
            versions=versions,
            name=name,
            resume=resume,
        )
        context = session.sparkContext
        index = broadcast_index(context, matcher)
        tally = Tally.start(context)
        scored: list[RDD[PartyResult | SkippedRow]] = []

        def batches() -> Iterator[list[PartyResult | SkippedRow]]:
            """Score every party (one job, results kept on the executors), then hand them
            over in row order: inside :func:`save_batches`, so a failure or a stop at any
            point marks the screening failed or interrupted."""
            try:
                with spark_problems(path):
                    parties = party_rdd(frame, columns, first_row=first_row)
                    results = screen_results(
                        parties.filter(lambda item: item.row > done) if done else parties,
                        index,
                        threshold=info.threshold,
                        lists=list(info.lists) if info.lists is not None else None,
                        limit=limit,
                        ordered=True,
                    ).persist(StorageLevel.MEMORY_AND_DISK)
                    scored.append(results)
                    if output is None:
                        results.foreach(tally.count)
                    else:
                        write_hits(session, results.flatMap(tally), output, overwrite=overwrite)
                for batch in row_batches(results, batch_size, path):
                    check_stop()
                    yield batch
                    check_stop()
                check_stop()  # a cancelled job may end the results early
            except Exception:
                check_stop()  # the job failed because a stop cancelled it
                raise

        try:
            with stop_on_signals(session) as check_stop:
                save_batches(
                    store,
                    info,
                    batches(),
                    versions={v.id: v.list_name for v in versions},
                    ownership=ownership,
                    progress=progress,
                )
        finally:
            for results in scored:
                results.unpersist()
            index_bytes = broadcast_size(index)
            index.destroy()
        return SparkScreening(
            file=Path(str(path)).name,
            output=None if output is None else str(output),
            master=context.master or "",
            threshold=info.threshold,
            columns=columns,
            parties=tally.parties.value,
            flagged=tally.flagged.value,
            hits=tally.hits.value,
            skipped=tally.skipped_rows(),
            skipped_count=tally.skipped_count.value,
            seconds=round(time.perf_counter() - started, 3),
            index_bytes=index_bytes,
            screening=finish_screening(store, info.id),
        )
