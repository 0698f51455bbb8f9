"""Screening a Parquet or CSV file on Spark, hits written as Parquet."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from pyspark import RDD, Accumulator, AccumulatorParam, SparkContext
from pyspark.sql import SparkSession

from vet.errors import InputError, Stopped
from vet.scoring import Matcher
from vet.screen import PartyResult, SkippedRow
from vet.screen.columns import EMPTY_ROW
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
    detect_frame_columns,
    input_kind,
    is_remote,
    party_rdd,
    read_parties_df,
)
from vet.spark.problems import spark_problems, stop_on_signals
from vet.spark.session import session_for
from vet.store import Store
from vet.store.screenings import ScreeningInfo

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


def _row_of(item: PartyResult | SkippedRow) -> int:
    return item.party.row if isinstance(item, PartyResult) else item.row


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

    Nothing is saved in vet's store (:func:`vet.spark.run_screening_spark` saves).
    ``master`` is a Spark master URL (default: the one ``spark-submit`` was given,
    else ``local[2]``); ``spark`` an existing session to use instead. The index is
    ``matcher``'s, else built from ``store`` over ``lists``, else vet's default
    store's. With ``collect``, every party's result also comes back to the driver
    (for the usual reports: keep it to files of modest size).
    """
    started = time.perf_counter()
    input_kind(path)  # a missing or unreadable file fails before Spark starts
    check_output(output, overwrite)
    with session_for(spark, master) as session, stop_on_signals(session) as check_stop:
        try:
            try:
                with spark_problems(path):
                    frame, first_row = read_parties_df(session, path)
                    columns = detect_frame_columns(frame, mapping)
                    chosen = driver_matcher(
                        matcher=matcher, store=store, cache_dir=cache_dir, lists=lists
                    )
                    threshold = chosen.threshold if threshold is None else threshold
                    context = session.sparkContext
                    index = broadcast_index(context, chosen)
                    results = screen_results(
                        party_rdd(frame, columns, first_row=first_row),
                        index,
                        threshold=threshold,
                        lists=lists,
                        limit=limit,
                    )
                    tally = Tally.start(context)
                    collected: tuple[PartyResult, ...] | None = None
                    if collect:
                        items = sorted(results.collect(), key=_row_of)
                        rows = [row for item in items for row in tally(item)]
                        write_hits(session, rows, output, overwrite=overwrite)
                        collected = tuple(item for item in items if isinstance(item, PartyResult))
                    else:
                        write_hits(session, results.flatMap(tally), output, overwrite=overwrite)
            except Exception:
                check_stop()  # the job failed because a stop cancelled it
                raise
            check_stop()  # a cancelled job may end early without an error
        except Stopped as stopped:
            stopped.message += f": nothing saved (--no-save), and {output} is not complete"
            raise
        index_bytes = broadcast_size(index)
        index.destroy()
        return SparkScreening(
            file=Path(str(path)).name,
            output=str(output),
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
            results=collected,
        )
