"""The one Spark pipeline: a Parquet or CSV file of parties screened on Spark, its hits
written as Parquet, saved in vet's store as the local engine saves its screenings, or both.

:func:`screen_on_spark` reads the file, detects its columns, broadcasts the list index,
scores every party on the executors (:func:`vet.spark.engine.screen_results`, the local
engine's scorer) and counts the results there, writing the hits as Parquet on the way.
Where the results must reach the driver (``save``, ``collect``), the parties are sorted
by row into partitions (:func:`vet.spark.engine.in_row_order`), the results kept on the
executors (memory, then disk) and read back one partition at a time, in row order:
with ``save``, into the store batch by batch, each batch in its own transaction, by
the local engine's functions (:func:`vet.screen.run.save_batches`, which also mark
repeated parties and attach ownership findings on the driver); with ``collect``,
into memory for a report.

:func:`screen_file_spark` (hits as Parquet only) and :func:`run_screening_spark`
(:func:`vet.screen.run.run_screening` with the scoring on Spark) are its two uses.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from pyspark import RDD, Accumulator, AccumulatorParam, SparkContext, StorageLevel
from pyspark.sql import SparkSession

from vet.errors import InputError, Stopped
from vet.scoring import Matcher
from vet.screen import PartyResult, SkippedRow
from vet.screen.columns import EMPTY_ROW
from vet.screen.run import BATCH, Ownership, file_sha256, open_screening, save_batches
from vet.spark.engine import (
    DEFAULT_LIMIT,
    HIT_SCHEMA,
    HitRow,
    broadcast_index,
    broadcast_size,
    driver_matcher,
    hit_rows,
    screen_results,
)
from vet.spark.parties import (
    csv_options,
    detect_frame_columns,
    input_kind,
    is_remote,
    party_rdd,
    read_parties_df,
)
from vet.spark.problems import spark_problems, stop_on_signals
from vet.spark.session import session_for
from vet.store import Store
from vet.store.screenings import ScreeningInfo, finish_screening

MAX_SKIPPED_KEPT = 1000
"""Skipped rows kept with their reason in the summary; all are counted."""


@dataclass(frozen=True)
class SparkScreening:
    """What a Spark screening did: counts, time, where the hits went, the saved screening."""

    file: str
    output: str | None
    """Where the hits were written as Parquet, if anywhere."""
    master: str
    threshold: float
    columns: dict[str, str]
    parties: int
    """Parties screened (skipped rows not counted)."""
    flagged: int
    """Parties with at least one hit."""
    hits: int
    """Hits found: rows written to ``output``, one per (party, hit)."""
    skipped: tuple[SkippedRow, ...]
    """Unusable rows with their reason, the first :data:`MAX_SKIPPED_KEPT` by row."""
    skipped_count: int
    seconds: float
    index_bytes: int | None
    """Size of the broadcast index, pickled."""
    results: tuple[PartyResult, ...] | None = None
    """Every party's result in row order, when collected for a report."""
    screening: ScreeningInfo | None = None
    """The screening saved in the store, when it was saved."""


class _KeptRows(AccumulatorParam[list[tuple[int, str]]]):
    def zero(self, value: list[tuple[int, str]]) -> list[tuple[int, str]]:
        return []

    def addInPlace(
        self, value1: list[tuple[int, str]], value2: list[tuple[int, str]]
    ) -> list[tuple[int, str]]:
        value1.extend(value2[: max(0, MAX_SKIPPED_KEPT - len(value1))])
        return value1


@dataclass(frozen=True)
class Tally:
    """Counts parties, hits and skipped rows on the executors while hit rows are made."""

    parties: Accumulator[int]
    flagged: Accumulator[int]
    hits: Accumulator[int]
    skipped_count: Accumulator[int]
    skipped: Accumulator[list[tuple[int, str]]]

    @classmethod
    def start(cls, context: SparkContext) -> Tally:
        return cls(
            context.accumulator(0),
            context.accumulator(0),
            context.accumulator(0),
            context.accumulator(0),
            context.accumulator([], _KeptRows()),
        )

    def count(self, item: PartyResult | SkippedRow) -> None:
        if isinstance(item, SkippedRow):
            # As in the local engine, blank rows are not reported.
            if item.problem != EMPTY_ROW:
                self.skipped_count.add(1)
                self.skipped.add([(item.row, item.problem)])
            return
        self.parties.add(1)
        if item.hits:
            self.flagged.add(1)
            self.hits.add(len(item.hits))

    def __call__(self, item: PartyResult | SkippedRow) -> list[HitRow]:
        """Count ``item`` and return its hit rows."""
        self.count(item)
        return hit_rows(item)

    def skipped_rows(self) -> tuple[SkippedRow, ...]:
        return tuple(SkippedRow(row, problem) for row, problem in sorted(self.skipped.value))


def check_output(output: str | Path, overwrite: bool) -> None:
    """InputError when a local ``output`` exists and may not be replaced."""
    if overwrite or is_remote(output):
        return
    if Path(output).exists():
        raise InputError(f"{output}: already exists; remove it or choose another output")


def write_hits(
    session: SparkSession,
    rows: RDD[HitRow] | list[HitRow],
    output: str | Path,
    *,
    overwrite: bool,
) -> None:
    """Write hit rows (:data:`HIT_SCHEMA`) to ``output`` as Parquet."""
    mode = "overwrite" if overwrite else "errorifexists"
    session.createDataFrame(rows, HIT_SCHEMA).write.mode(mode).parquet(str(output))


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


@dataclass(frozen=True)
class SaveTo:
    """Where and how :func:`screen_on_spark` saves the screening: the arguments of
    :func:`vet.screen.run.run_screening` that are not about scoring."""

    store: Store
    name: str | None = None
    resume: bool = False
    """Go on after the last row an interrupted screening of the same local file saved."""
    ownership: Ownership | None = None
    batch_size: int = BATCH
    progress: Callable[[int], None] | None = None


def screen_on_spark(
    path: str | Path,
    matcher: Matcher,
    *,
    threshold: float | None = None,
    mapping: dict[str, str] | None = None,
    lists: list[str] | None = None,
    limit: int | None = DEFAULT_LIMIT,
    output: str | Path | None = None,
    overwrite: bool = False,
    master: str | None = None,
    spark: SparkSession | None = None,
    save: SaveTo | None = None,
    collect: bool = False,
) -> SparkScreening:
    """Screen every party of a Parquet or CSV file on Spark with ``matcher``'s index.

    The hits go to ``output`` as Parquet (when given); with ``save`` the screening is
    saved in ``save.store``; with ``collect`` every party's result comes back to the
    driver in row order. Once the screening is saved, a failure (a file Spark cannot
    read on, a lost executor, a VetError while saving) marks it failed with the
    problem, and is raised; SIGTERM (in the main thread) cancels the jobs and marks
    it interrupted, as Ctrl-C does (:func:`~vet.spark.problems.stop_on_signals`); without ``save``
    either stops the run quietly. The rows saved so far stay, for resuming.
    """
    started = time.perf_counter()
    input_kind(path)  # a missing or unreadable file fails before Spark starts
    if output is not None:
        check_output(output, overwrite)
    with session_for(spark, master) as session:
        with spark_problems(path):
            frame, first_row = read_parties_df(session, path)
            columns = detect_frame_columns(frame, mapping)
        local_csv = input_kind(path) == "csv" and not is_remote(path)
        sep = csv_options(Path(str(path))).get("sep", ",") if local_csv else ","
        threshold = matcher.threshold if threshold is None else threshold
        info: ScreeningInfo | None = None
        done = 0
        if save is not None:
            versions = save.store.active_versions(lists)
            info, done = open_screening(
                save.store,
                Path(str(path)),
                file_sha256=local_sha256(path),
                columns=columns,
                threshold=threshold,
                lists=lists,
                versions=versions,
                name=save.name,
                resume=save.resume,
            )
            threshold = info.threshold
            lists = list(info.lists) if info.lists is not None else None
        in_order = save is not None or collect  # the results reach the driver, in row order
        context = session.sparkContext
        index = broadcast_index(context, matcher)
        tally = Tally.start(context)
        kept: list[RDD[PartyResult | SkippedRow]] = []

        def batches(check: Callable[[], None]) -> Iterator[list[PartyResult | SkippedRow]]:
            """Score every party (one job, counted and written on the executors), then, if
            wanted, hand the results over in row order; ``check`` raises once a stop came.
            A generator, so that when saving, a failure or a stop at any point marks the
            screening failed or interrupted (:func:`vet.screen.run.save_batches`)."""
            try:
                with spark_problems(path):
                    parties = party_rdd(frame, columns, first_row=first_row, delimiter=sep)
                    results = screen_results(
                        parties.filter(lambda item: item.row > done) if done else parties,
                        index,
                        threshold=threshold,
                        lists=lists,
                        limit=limit,
                        ordered=in_order,
                    )
                    if in_order:
                        results = results.persist(StorageLevel.MEMORY_AND_DISK)
                        kept.append(results)
                    if output is None:
                        results.foreach(tally.count)
                    else:
                        write_hits(session, results.flatMap(tally), output, overwrite=overwrite)
                if in_order:
                    size = save.batch_size if save is not None else BATCH
                    for batch in row_batches(results, size, path):
                        check()
                        yield batch
                        check()
                check()  # a cancelled job may end the results early
            except Exception:
                check()  # the job failed because a stop cancelled it
                raise

        collected: list[PartyResult] = []
        try:
            with stop_on_signals(session) as check_stop:
                if save is None or info is None:
                    try:
                        for batch in batches(check_stop):
                            collected.extend(i for i in batch if isinstance(i, PartyResult))
                    except Stopped as stopped:
                        cut = "" if output is None else f", and {output} is not complete"
                        stopped.message += f": nothing saved (--no-save){cut}"
                        raise
                else:
                    save_batches(
                        save.store,
                        info,
                        batches(check_stop),
                        versions={v.id: v.list_name for v in versions},
                        ownership=save.ownership,
                        progress=save.progress,
                    )
        finally:
            for results in kept:
                results.unpersist()
            index_bytes = broadcast_size(index)
            index.destroy()
        saved = None if save is None or info is None else finish_screening(save.store, info.id)
        return SparkScreening(
            file=Path(str(path)).name,
            output=None if output is None else str(output),
            master=context.master or "",
            threshold=threshold,
            columns=columns,
            parties=tally.parties.value,
            flagged=tally.flagged.value,
            hits=tally.hits.value,
            skipped=tally.skipped_rows(),
            skipped_count=tally.skipped_count.value,
            seconds=round(time.perf_counter() - started, 3),
            index_bytes=index_bytes,
            results=tuple(collected) if collect else None,
            screening=saved,
        )


def screen_file_spark(
    path: str | Path,
    *,
    output: str | Path,
    master: str | None = None,
    lists: list[str] | None = None,
    threshold: float | None = None,
    mapping: dict[str, str] | None = None,
    matcher: Matcher | None = None,
    store: Store | None = None,
    cache_dir: Path | None = None,
    limit: int | None = DEFAULT_LIMIT,
    overwrite: bool = False,
    collect: bool = False,
    spark: SparkSession | None = None,
) -> SparkScreening:
    """Screen every party of a Parquet or CSV file on Spark; hits go to ``output`` as Parquet.

    Nothing is saved in vet's store (:func:`run_screening_spark` saves).
    ``master`` is a Spark master URL (default: the one ``spark-submit`` was given,
    else ``local[2]``); ``spark`` an existing session to use instead. The index is
    ``matcher``'s, else built from ``store`` over ``lists``, else vet's default
    store's. With ``collect``, every party's result also comes back to the driver
    (for the usual reports: keep it to files of modest size).
    """
    return screen_on_spark(
        path,
        driver_matcher(matcher=matcher, store=store, cache_dir=cache_dir, lists=lists),
        threshold=threshold,
        mapping=mapping,
        lists=lists,
        limit=limit,
        output=output,
        overwrite=overwrite,
        master=master,
        spark=spark,
        collect=collect,
    )


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
    ``master`` or ``spark`` session (see :func:`screen_file_spark`). The screening
    record and its rows are the local engine's (name, file, sha256, columns,
    threshold, lists, list versions, vet version; each party with its hits and the
    listed records), so review, decisions, reports and re-screening treat it like
    any other screening.
    """
    return screen_on_spark(
        path,
        matcher,
        threshold=threshold,
        mapping=mapping,
        lists=lists,
        limit=limit,
        output=output,
        overwrite=overwrite,
        master=master,
        spark=spark,
        save=SaveTo(store, name, resume, ownership, batch_size, progress),
    )
