"""The Spark engine gives the local engine's hits and scores, party for party, on real lists.

Spark runs in local mode (two cores, small memory). The parties are real listed names with a
typo and innocent names from Faker, with the awkward parts of real party files: quoted commas,
quotes, non-Latin script, extra columns and an unusable row.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pyspark")

from pyspark.sql import Row, SparkSession
from spark_parties import party_rows, write_csv

from vet.errors import InputError, VetError
from vet.scoring import Matcher
from vet.screen import Party, PartyResult, SkippedRow, read_parties, screen_party
from vet.spark import (
    HIT_SCHEMA,
    party_rdd,
    read_parties_df,
    screen,
    screen_file_spark,
)
from vet.spark.engine import hit_row
from vet.spark.parties import detect_frame_columns
from vet.store import Store, import_bundled
from vet.store.screenings import get_screening


def local_results(path: Path, matcher: Matcher) -> list[PartyResult | SkippedRow]:
    """What the local engine makes of the file: screen_party on each party it reads."""
    _, rows = read_parties(path)
    return [
        r if isinstance(r, SkippedRow) else screen_party(matcher, r, threshold=matcher.threshold)
        for r in rows
    ]


def hits_by_row(results: list[PartyResult | SkippedRow]) -> dict[int, list[tuple[Any, ...]]]:
    return {
        r.party.row: [hit_row(r.party, h) for h in r.hits]
        for r in results
        if isinstance(r, PartyResult) and r.hits
    }


def spark_hits_by_row(rows: Sequence[Row]) -> dict[int, list[tuple[Any, ...]]]:
    """Spark's hit rows per party row, in the order the party's hits were written."""
    found: dict[int, list[tuple[Any, ...]]] = {}
    for row in rows:
        found.setdefault(row["row"], []).append(tuple(row))
    return found


@pytest.fixture(scope="module")
def local(parties_csv: Path, matcher: Matcher) -> list[PartyResult | SkippedRow]:
    return local_results(parties_csv, matcher)


def test_csv_read_by_spark_gives_the_local_parties(spark: SparkSession, parties_csv: Path) -> None:
    frame, first_row = read_parties_df(spark, parties_csv)
    columns = detect_frame_columns(frame)
    local_columns, local_rows = read_parties(parties_csv)
    assert columns == local_columns
    spark_rows = sorted(
        party_rdd(frame, columns, first_row=first_row).collect(),
        key=lambda r: r.row,
    )
    assert spark_rows == list(local_rows)
    assert any(isinstance(r, Party) and "," in r.name and '"' in r.name for r in spark_rows)
    assert [r.problem for r in spark_rows if isinstance(r, SkippedRow)] == ["the name is empty"]


def test_spark_hits_and_scores_equal_the_local_engine(
    spark: SparkSession,
    parties_csv: Path,
    matcher: Matcher,
    local: list[PartyResult | SkippedRow],
) -> None:
    frame, first_row = read_parties_df(spark, parties_csv)
    hits = screen(frame, matcher=matcher, first_row=first_row)
    assert hits.schema == HIT_SCHEMA
    expected = hits_by_row(local)
    assert spark_hits_by_row(hits.collect()) == expected
    listed_rows = {
        r.party.row
        for r in local
        if isinstance(r, PartyResult) and (r.party.own_id or "").startswith("L")
    }
    # The sample is worth comparing: most misspelt listed names are found.
    assert len(expected.keys() & listed_rows) > len(listed_rows) / 2


def test_threshold_and_list_choice_reach_the_executors(
    spark: SparkSession, parties_csv: Path, matcher: Matcher
) -> None:
    frame, first_row = read_parties_df(spark, parties_csv)
    hits = screen(frame, matcher=matcher, first_row=first_row, threshold=0.95, lists=["un_sc"])
    _, rows = read_parties(parties_csv)
    expected = hits_by_row(
        [
            screen_party(matcher, r, threshold=0.95, lists=["un_sc"])
            for r in rows
            if isinstance(r, Party)
        ]
    )
    found = spark_hits_by_row(hits.collect())
    assert found == expected
    assert all(
        row[7] and row[6] >= 0.95 and row[8] == ["un_sc"] for h in found.values() for row in h
    )


def test_screen_file_writes_the_local_hits_as_parquet(
    spark: SparkSession,
    parties_csv: Path,
    matcher: Matcher,
    local: list[PartyResult | SkippedRow],
    tmp_path: Path,
) -> None:
    output = tmp_path / "hits.parquet"
    summary = screen_file_spark(parties_csv, output=output, matcher=matcher, spark=spark)
    written = spark.read.parquet(str(output))
    assert written.schema == HIT_SCHEMA
    assert spark_hits_by_row(written.orderBy("row", "score").collect()).keys() == (
        hits_by_row(local).keys()
    )
    assert sorted(map(tuple, written.collect())) == sorted(
        row for rows in hits_by_row(local).values() for row in rows
    )
    parties = [r for r in local if isinstance(r, PartyResult)]
    skipped = [r for r in local if isinstance(r, SkippedRow)]
    assert summary.parties == len(parties) == 199
    assert summary.flagged == sum(1 for r in parties if r.hits)
    assert summary.hits == written.count()
    assert summary.skipped == tuple(skipped)
    assert summary.skipped_count == 1
    assert summary.columns["name"] == "Company Name"
    assert summary.index_bytes is not None and summary.index_bytes > 1_000_000
    assert summary.results is None


def test_collected_results_equal_the_local_results_for_reports(
    spark: SparkSession,
    parties_csv: Path,
    matcher: Matcher,
    local: list[PartyResult | SkippedRow],
    tmp_path: Path,
) -> None:
    summary = screen_file_spark(
        parties_csv, output=tmp_path / "hits.parquet", matcher=matcher, spark=spark, collect=True
    )
    # Whole results: hits with their features, listings and explanations, and the best candidate.
    assert summary.results == tuple(r for r in local if isinstance(r, PartyResult))


def test_parquet_parties_give_the_same_hits(
    spark: SparkSession,
    parties_csv: Path,
    matcher: Matcher,
    local: list[PartyResult | SkippedRow],
    tmp_path: Path,
) -> None:
    frame, _ = read_parties_df(spark, parties_csv)
    parquet = tmp_path / "parties.parquet"
    frame.coalesce(1).write.parquet(str(parquet))
    output = tmp_path / "hits.parquet"
    summary = screen_file_spark(parquet, output=output, matcher=matcher, spark=spark)
    # Parquet records are numbered from 1, CSV lines from 2 (after the header).
    written = {
        (r["row"] + 1, r["own_id"], r["entity_id"], r["score"])
        for r in spark.read.parquet(str(output)).collect()
    }
    expected = {
        (row[0], row[1], row[3], row[6]) for rows in hits_by_row(local).values() for row in rows
    }
    assert written == expected
    assert summary.parties == 199


def test_unreadable_inputs_and_existing_output_are_clear_errors(
    spark: SparkSession, parties_csv: Path, matcher: Matcher, tmp_path: Path
) -> None:
    sheet = tmp_path / "parties.xlsx"
    sheet.write_bytes(b"PK\x03\x04")
    with pytest.raises(InputError, match=r"parties\.xlsx: the Spark engine reads Parquet or CSV"):
        screen_file_spark(sheet, output=tmp_path / "a", matcher=matcher, spark=spark)
    nameless = tmp_path / "nameless.csv"
    nameless.write_text("foo,bar\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="no name column found among: foo, bar"):
        screen_file_spark(nameless, output=tmp_path / "b", matcher=matcher, spark=spark)
    existing = tmp_path / "taken"
    existing.mkdir()
    with pytest.raises(InputError, match="taken: already exists"):
        screen_file_spark(parties_csv, output=existing, matcher=matcher, spark=spark)
    with pytest.raises(InputError, match=r"missing\.csv: no such file"):
        screen_file_spark(
            tmp_path / "missing.csv", output=tmp_path / "c", matcher=matcher, spark=spark
        )


def test_a_quote_left_open_fails_the_spark_run_rather_than_swallowing_rows(
    spark: SparkSession, matcher: Matcher, tmp_path: Path
) -> None:
    # Spark's reader follows the open quote to the end of the file: without the check,
    # Banco Nacional de Cuba (on OFAC's list) was never screened and the run said 2 parties.
    broken = tmp_path / "broken.csv"
    broken.write_text(
        'name,country\nTanchon Commercial Bank,KP\n"Broken Party,GB\n'
        "Banco Nacional de Cuba,CU\nNorthwind Traders,GB\n",
        encoding="utf-8",
    )
    with pytest.raises(VetError, match=r"broken\.csv: the Spark job failed: row 3: a quote"):
        screen_file_spark(broken, output=tmp_path / "h", matcher=matcher, spark=spark)
    # A value over two lines (an address) is no break.
    address = tmp_path / "address.csv"
    address.write_text('name,address\nAcme Ltd,"1 Road\nTown"\n', encoding="utf-8")
    done = screen_file_spark(address, output=tmp_path / "a", matcher=matcher, spark=spark)
    assert done.parties == 1


def test_vet_does_not_import_pyspark_unless_the_spark_engine_is_used() -> None:
    code = (
        "import sys, vet, vet.cli, vet.screen, vet.scoring, vet.report\n"
        "assert 'pyspark' not in sys.modules, 'pyspark imported'\n"
        "import vet.spark\n"
        "assert 'pyspark' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_without_java_the_error_says_what_spark_needs(parties_csv: Path, tmp_path: Path) -> None:
    env = {**os.environ, "JAVA_HOME": str(tmp_path / "no-java"), "SPARK_LOCAL_IP": "127.0.0.1"}
    command = [sys.executable, "-m", "vet.spark", str(parties_csv), "-o", str(tmp_path / "out")]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "Error: Spark could not start (JAVA_GATEWAY_EXITED); "
        "it needs Java 17 or later (`java -version`, or JAVA_HOME)"
    )


@pytest.mark.slow
def test_spark_submit_entry_point_screens_with_the_default_store(
    home: Path, parties_csv: Path, tmp_path: Path
) -> None:
    env = {**os.environ, "VET_HOME": str(home), "SPARK_LOCAL_IP": "127.0.0.1"}
    output = tmp_path / "hits.parquet"
    command = [sys.executable, "-m", "vet.spark", str(parties_csv), "-o", str(output)]
    result = subprocess.run(
        [*command, "--lists", "un_sc"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    _, rows = read_parties(parties_csv)
    parties = [r for r in rows if isinstance(r, Party)]
    un_sc = Matcher.from_store(Store(f"sqlite:///{home / 'vet.db'}"), lists=["un_sc"])
    local = [screen_party(un_sc, r, threshold=0.8, lists=["un_sc"]) for r in parties]
    assert summary["parties"] == len(parties)
    assert summary["flagged"] == sum(1 for r in local if r.hits)
    assert summary["skipped"] == [{"row": 4, "problem": "the name is empty"}]
    assert output.is_dir()
    # The screening is saved in the driver's store, as `vet screen` saves it.
    saved = get_screening(Store(f"sqlite:///{home / 'vet.db'}"), summary["screening"])
    assert (saved.status, saved.lists, saved.party_count) == ("complete", ("un_sc",), 199)
    again = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert again.returncode == 1
    assert (
        again.stderr.strip()
        == f"Error: {output}: already exists; remove it or choose another output"
    )


@pytest.mark.slow
def test_all_bundled_lists_give_the_same_results_on_both_engines(
    spark: SparkSession, tmp_path: Path
) -> None:
    store = Store(f"sqlite:///{tmp_path / 'vet.db'}")
    import_bundled(store)
    full = Matcher.from_store(store, cache_dir=tmp_path / "index")
    path = write_csv(tmp_path / "parties.csv", party_rows(full, 1000, 11))
    summary = screen_file_spark(
        path, output=tmp_path / "hits.parquet", matcher=full, spark=spark, collect=True
    )
    expected = tuple(r for r in local_results(path, full) if isinstance(r, PartyResult))
    assert summary.results == expected
    listed = [r for r in expected if r.party.own_id and r.party.own_id.startswith("L")]
    assert sum(1 for r in listed if r.hits) > len(listed) / 2


def test_vet_screen_engine_spark_writes_parquet_and_a_report(
    spark: SparkSession, home: Path, matcher: Matcher, parties_csv: Path, tmp_path: Path
) -> None:
    from click.testing import CliRunner

    from vet.cli import main

    env = {"VET_HOME": str(home), "VET_AUTO_BUNDLE": "0"}
    out, report = tmp_path / "hits.parquet", tmp_path / "report.json"
    result = CliRunner().invoke(
        main,
        ["screen", str(parties_csv), "--engine", "spark", "-o", str(out), "--report", str(report)],
        env=env,
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert f"hits written to {out}" in result.output
    _, rows = read_parties(parties_csv)
    local = {
        p.row: [(h.entity_id, h.score) for h in screen_party(matcher, p, threshold=0.8).hits]
        for p in rows
        if isinstance(p, Party)
    }
    written = spark.read.parquet(str(out)).collect()
    assert sorted((r["row"], r["entity_id"], r["score"]) for r in written) == sorted(
        (row, eid, score) for row, hits in local.items() for eid, score in hits
    )
    data = json.loads(report.read_text("utf-8"))
    assert data["screening"]["flagged"] == sum(1 for hits in local.values() if hits)
