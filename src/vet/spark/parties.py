"""Parties from a Spark DataFrame, with the column detection and row rules of ``vet.screen``.

A CSV read here and the same CSV read by the local engine give equal ``Party``
values: the delimiter and quoting are sniffed the same way, headers are trimmed,
columns are detected by :func:`vet.screen.parties.detect_columns` and each row
becomes a party through :func:`vet.screen.parties.to_party`. Rows are numbered
in file order as the local engine numbers CSV lines (the header is line 1), which
agree unless the file has blank lines or values spanning several lines.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from pyspark import RDD
from pyspark.sql import DataFrame, Row, SparkSession

from vet.errors import InputError
from vet.screen.csv_parties import merged_rows
from vet.screen.parties import Party, SkippedRow, detect_columns, to_party
from vet.textfile import choose_encoding

CSV_SUFFIXES = (".csv", ".tsv", ".txt")
SNIFF_BYTES = 1 << 20
"""Bytes read on the driver to choose the encoding and sniff the delimiter."""


def is_remote(path: str | Path) -> bool:
    """``hdfs://...``, ``s3a://...``: a path only Spark can read."""
    return "://" in str(path)


JAVA_CHARSETS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16LE",
    "utf-16-be": "UTF-16BE",
    "cp1252": "windows-1252",
}
"""The charset Spark's CSV reader is given for each codec :mod:`vet.textfile` chooses."""


def csv_options(path: Path) -> dict[str, str]:
    """Spark CSV reader options for a local file: what the local reader would detect."""
    with open(path, "rb") as handle:
        raw = handle.read(SNIFF_BYTES)
    if not raw.strip():
        raise InputError(f"{path.name}: the file is empty")
    encoding = choose_encoding(path, "CSV")
    sample = raw.decode(encoding.codec, errors="ignore")
    try:
        dialect: Any = csv.Sniffer().sniff(sample.lstrip("\ufeff")[:8192], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    quote = dialect.quotechar or '"'
    # A doubled quote escapes a quote (RFC 4180, Excel) unless an escape character was seen:
    # the sniffer reports "no doubled quotes" whenever its sample happens to hold none.
    return {
        "encoding": JAVA_CHARSETS[encoding.codec],
        "sep": dialect.delimiter,
        "quote": quote,
        "escape": dialect.escapechar or quote,
        "ignoreLeadingWhiteSpace": str(bool(dialect.skipinitialspace)).lower(),
    }


def input_kind(path: str | Path) -> str:
    """``parquet`` or ``csv``; InputError for a missing local file or another format."""
    name = Path(str(path)).name
    local = not is_remote(path)
    if local and not Path(path).exists():
        raise InputError(f"{path}: no such file")
    suffix = Path(str(path)).suffix.lower()
    if suffix == ".parquet" or (
        local and Path(path).is_dir() and any(Path(path).glob("*.parquet"))
    ):
        return "parquet"
    if suffix in CSV_SUFFIXES:
        return "csv"
    raise InputError(
        f"{name}: the Spark engine reads Parquet or CSV; convert the file "
        "or screen it with the local engine"
    )


def read_parties_df(
    spark: SparkSession, path: str | Path, *, csv_settings: dict[str, str] | None = None
) -> tuple[DataFrame, int]:
    """The DataFrame of a Parquet file/directory or a CSV file, and its first row number.

    CSV rows are numbered from 2 (the header is line 1), Parquet records from 1.
    ``csv_settings`` overrides the sniffed CSV options (for remote files, where
    nothing is sniffed: comma-separated UTF-8 unless told).
    """
    if input_kind(path) == "parquet":
        return spark.read.parquet(str(path)), 1
    local = not is_remote(path)
    options = csv_options(Path(path)) if local else {"sep": ",", "quote": '"', "escape": '"'}
    options.update(csv_settings or {})
    frame = spark.read.options(
        header="true", inferSchema="false", multiLine="true", mode="PERMISSIVE", **options
    ).csv(str(path))
    headers = [column.lstrip("\ufeff").strip() for column in frame.columns]
    return frame.toDF(*headers), 2


def party_rdd(
    frame: DataFrame, columns: dict[str, str], *, first_row: int = 1, delimiter: str = ","
) -> RDD[Party | SkippedRow]:
    """Every row of ``frame`` as a Party, or the reason it cannot be screened.

    Rows are numbered from ``first_row`` in the DataFrame's order. A row whose value runs
    over lines that look like rows of the file (a quote left open, which Spark's reader
    follows to its closing quote or the end of the file, swallowing the rows between)
    fails the job with the row and the problem, as the local engine fails the screening:
    the rows swallowed were never screened.
    """
    headers = list(frame.columns)

    def convert(pair: tuple[Row, int]) -> Party | SkippedRow:
        row = pair[1] + first_row
        values = pair[0].asDict()
        texts = [v for v in values.values() if isinstance(v, str)]
        if any("\n" in v or "\r" in v for v in texts):
            problem = merged_rows(texts, delimiter, headers)
            if problem:
                raise InputError(
                    f"row {row}: a quote opened in this row swallows the rows after it "
                    f"({problem}): is a quote left open? The screening is not complete"
                )
        return to_party(row, values, columns)

    return frame.rdd.zipWithIndex().map(convert)


def detect_frame_columns(frame: DataFrame, mapping: dict[str, str] | None = None) -> dict[str, str]:
    """Field -> column of ``frame``, by the local engine's header rules."""
    return detect_columns(list(frame.columns), mapping)
