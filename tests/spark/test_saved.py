"""Spark screenings are saved in the store as local ones are: the same rows, hits, listed
records, repeated parties and ownership findings, so review, decisions and reports treat them
alike. Real lists (UK and UN), a user's ownership file, Spark in local mode."""

from __future__ import annotations

import glob
import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest.importorskip("pyspark")

from click.testing import CliRunner, Result
from pyspark.sql import SparkSession
from spark_parties import party_rows, write_csv

from vet.cli import main
from vet.errors import VetError
from vet.scoring import Matcher
from vet.screen import PartyResult, load_screening
from vet.screen.staged import ownership_rule
from vet.spark import read_parties_df, run_screening_spark
from vet.store import Store
from vet.store.ownership import import_ownership
from vet.store.screenings import ScreeningInfo, get_screening, iter_rows, list_screenings

OWNED = "Harbourline Logistics Ltd"
"""A company no list names, 75% owned by a UK-listed one (the user's ownership file)."""


def uk_listed_company(matcher: Matcher) -> str:
    """The entity id of the first organisation the UK list names."""
    return next(
        p.entity_id
        for p in matcher.index.parties
        if p.schema != "Person" and "uk_ofsi" in p.lists and len(p.lists) == 1
    )


def new_home(home: Path, root: Path) -> Path:
    """A VET_HOME of its own: a copy of the store with the quick lists, and its index cache."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(home / "vet.db", root / "vet.db")
    shutil.copytree(home / "index", root / "index")
    return root


def run_vet(home: Path, *args: str) -> Result:
    env = {"VET_HOME": str(home), "VET_DB": None, "VET_AUTO_BUNDLE": "0"}
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


@pytest.fixture(scope="module")
def party_file(tmp_path_factory: pytest.TempPathFactory, matcher: Matcher) -> Path:
    """Real listed names with a typo, innocent names, an unusable row, parties repeated
    (the same, and with other case and spacing) and a company owned by a listed one."""
    rows = party_rows(matcher, 40, 5)
    rows.append(["H0001", OWNED, "GB", "company", "", ""])
    listed = next(r for r in rows[12:] if r[0].startswith("L"))
    innocent = next(r for r in rows[12:] if r[0].startswith("N"))
    rows.append(list(listed))
    rows.append([innocent[0], "  " + innocent[1].upper() + " ", *innocent[2:]])
    rows.append(["H0001", OWNED.lower(), "GB", "company", "", "again"])
    return write_csv(tmp_path_factory.mktemp("saved") / "parties.csv", rows)


@dataclass(frozen=True)
class Screened:
    home: Path
    store: Store
    spark: ScreeningInfo
    local: ScreeningInfo
    decided: tuple[int, str]
    """(row, listed entity id) decided on the Spark screening."""


@pytest.fixture(scope="module")
def screened(
    spark: SparkSession,
    home: Path,
    matcher: Matcher,
    party_file: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> Screened:
    """The party file screened on Spark (through the library, in batches of 7), one of its
    hits decided with ``vet decide``, then the same file screened with ``vet screen``."""
    root = new_home(home, tmp_path_factory.mktemp("screened") / "home")
    owners = root / "owners.csv"
    owners.write_text(
        "owner,owner_id,owned,percentage,source\n"
        f",{uk_listed_company(matcher)},{OWNED},75%,Companies House extract 2025-06-02\n",
        encoding="utf-8",
    )
    store = Store(f"sqlite:///{root / 'vet.db'}")
    import_ownership(store, owners)
    versions = [v.id for v in store.active_versions()]
    summary = run_screening_spark(
        store,
        matcher,
        party_file,
        name="on spark",
        ownership=ownership_rule(store, matcher, None, versions),
        spark=spark,
        batch_size=7,
    )
    assert summary.screening is not None
    row = next(r for r in iter_rows(store, summary.screening.id) if len(r.hits) == 1)
    decided = (row.row, row.hits[0].entity_id)
    result = run_vet(
        root, "decide", "on spark", str(decided[0]), decided[1], "false_positive",
        "--reviewer", "ana", "--reason", "other birth date",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    result = run_vet(root, "screen", str(party_file), "--name", "local", "--workers", "1")
    assert result.exit_code == 0, result.output
    return Screened(root, store, summary.screening, get_screening(store, "local"), decided)


def test_a_spark_screening_is_saved_as_the_local_engine_saves_it(
    screened: Screened, party_file: Path
) -> None:
    on_spark, local = screened.spark, screened.local
    assert on_spark.status == local.status == "complete"
    assert on_spark.file == local.file == "parties.csv"
    assert on_spark.file_sha256 == hashlib.sha256(party_file.read_bytes()).hexdigest()
    for field in ("file_sha256", "columns", "threshold", "lists", "list_versions", "vet_version"):
        assert getattr(on_spark, field) == getattr(local, field), field
    counts = ("party_count", "skipped_count", "flagged_count", "hit_count")
    assert [getattr(on_spark, c) for c in counts] == [getattr(local, c) for c in counts]
    assert on_spark.party_count == 43 and on_spark.skipped_count == 1

    # Row by row: the party as read, its hits with scores, evidence and the listed records
    # (and their digests), the best candidate, repeated parties and ownership findings.
    spark_rows = list(iter_rows(screened.store, on_spark.id))
    assert spark_rows == list(iter_rows(screened.store, local.id))
    assert [r.row for r in spark_rows] == list(range(2, 46))
    hits = [(r.row, h.entity_id, h.score) for r in spark_rows for h in r.hits]
    assert len(hits) == on_spark.hit_count > 10
    assert all(h.hit["record"]["entity"] for r in spark_rows for h in r.hits)
    repeats = {r.row: r.extra["duplicate_of"] for r in spark_rows if "duplicate_of" in r.extra}
    assert sorted(repeats) == [43, 44, 45]
    assert repeats[45] == 42  # the owned company, in lower case the second time
    owned = [r for r in spark_rows if r.party and r.party["name"] == OWNED]
    assert owned[0].extra["ownership"][0]["rule"] == "UK ownership or control"
    assert [r.problem for r in spark_rows if r.party is None] == ["the name is empty"]


def test_vet_report_gives_the_same_parties_hits_and_scores(screened: Screened) -> None:
    reports = []
    for info in (screened.spark, screened.local):
        result = run_vet(screened.home, "report", str(info.id), "--format", "json")
        assert result.exit_code == 0, result.output
        reports.append(json.loads(result.output))
    on_spark, local = reports
    for report in reports:
        del report["screening"]["name"], report["screening"]["created"]
    assert on_spark == local
    assert on_spark["screening"]["parties"] == 43
    # The decision made on the Spark screening shows in both reports.
    assert on_spark["screening"]["false_positives"] == 1


def test_a_decision_on_the_spark_screening_applies_in_a_later_local_one(
    screened: Screened,
) -> None:
    row, entity_id = screened.decided
    _, later = load_screening(screened.store, screened.local.id)
    result = next(r for r in later.results if r.party.row == row)
    assert isinstance(result, PartyResult)
    review = result.reviews[entity_id]
    assert (review.decision, review.reviewer, review.reason) == (
        "false_positive",
        "ana",
        "other birth date",
    )
    assert not review.changed
    assert entity_id not in {h.entity_id for h in result.open_hits}


def test_vet_screen_on_spark_saves_the_screening_and_prints_its_id(
    spark: SparkSession, screened: Screened, party_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "hits.parquet"
    args = ("screen", str(party_file), "--engine", "spark", "--name", "cli", "-o", str(out))
    result = run_vet(screened.home, *args)
    assert result.exit_code == 0, result.output
    info = get_screening(screened.store, "cli")
    assert result.output.splitlines()[-1] == (
        f"Saved as screening 'cli' (id {info.id}). Next: `vet review {info.id}`, "
        f"`vet report {info.id} -o report.html`, after a list update `vet rescreen {info.id}`."
    )
    assert f"{info.flagged_count} of 43 parties have possible matches" in result.output
    assert f"hits written to {out}" in result.output
    assert list(iter_rows(screened.store, info.id)) == list(
        iter_rows(screened.store, screened.local.id)
    )
    written = spark.read.parquet(str(out)).collect()
    assert sorted((r["row"], r["entity_id"], r["score"]) for r in written) == sorted(
        (r.row, h.entity_id, h.score) for r in iter_rows(screened.store, info.id) for h in r.hits
    )
    listed = json.loads(run_vet(screened.home, "screenings", "--json").output)
    assert [(s["name"], s["status"], s["parties"]) for s in listed if s["id"] == info.id] == [
        ("cli", "complete", 43)
    ]


def test_no_save_writes_only_the_parquet_of_hits(
    spark: SparkSession, screened: Screened, party_file: Path, tmp_path: Path
) -> None:
    before = len(list_screenings(screened.store))
    out = tmp_path / "hits.parquet"
    args = ("screen", str(party_file), "--engine", "spark", "--no-save")
    result = run_vet(screened.home, *args, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert f"hits written to {out}; not saved in the store." in result.output
    assert "Saved as" not in result.output
    assert len(list_screenings(screened.store)) == before
    assert spark.read.parquet(str(out)).count() == screened.local.hit_count
    nowhere = run_vet(screened.home, *args)
    assert nowhere.exit_code == 2
    assert "with --no-save, Spark only writes its hits: give -o hits.parquet" in nowhere.output
    local = run_vet(screened.home, "screen", str(party_file), "--no-save")
    assert local.exit_code == 2
    assert "only the Spark engine can skip saving" in local.output


def test_a_report_name_for_o_is_refused_before_anything_runs(
    screened: Screened, party_file: Path, tmp_path: Path
) -> None:
    result = run_vet(
        screened.home, "screen", str(party_file), "--engine", "spark", "-o", str(tmp_path / "r.csv")
    )
    assert result.exit_code == 2
    assert "-o names the Parquet of hits (hits.parquet), not a csv report" in result.output
    assert not (tmp_path / "r.csv").exists()


def test_a_file_spark_cannot_read_marks_the_screening_failed(
    spark: SparkSession, screened: Screened, matcher: Matcher, party_file: Path, tmp_path: Path
) -> None:
    frame, _ = read_parties_df(spark, party_file)
    parquet = tmp_path / "parties.parquet"
    frame.repartition(2).write.parquet(str(parquet))
    for checksum in glob.glob(str(parquet / ".*.crc")):
        os.remove(checksum)
    parts = sorted(parquet.glob("part-*.parquet"))
    parts[-1].write_bytes(parts[-1].read_bytes()[:200])  # cut short, as by a failed copy
    with pytest.raises(VetError, match=r"parties\.parquet: the Spark job failed: .*part-") as exc:
        run_screening_spark(screened.store, matcher, parquet, name="cut short", spark=spark)
    info = get_screening(screened.store, "cut short")
    assert info.status == "failed"
    assert info.error == str(exc.value)
    assert info.file_sha256 is None  # a directory of parts has no single checksum
    listed = run_vet(screened.home, "screenings")
    assert f"failed: {info.error}" in listed.output


def test_an_interrupted_spark_screening_resumes_after_its_last_saved_row(
    spark: SparkSession, screened: Screened, matcher: Matcher, party_file: Path
) -> None:
    def stop_after_first_batch(done: int) -> None:
        raise KeyboardInterrupt  # Ctrl-C: the run stops, the batches saved stay

    versions = [v.id for v in screened.store.active_versions()]
    with pytest.raises(KeyboardInterrupt):
        run_screening_spark(
            screened.store,
            matcher,
            party_file,
            name="stopped",
            ownership=ownership_rule(screened.store, matcher, None, versions),
            spark=spark,
            batch_size=10,
            progress=stop_after_first_batch,
        )
    stopped = get_screening(screened.store, "stopped")
    assert (stopped.status, stopped.party_count + stopped.skipped_count) == ("interrupted", 10)
    result = run_vet(
        screened.home, "screen", str(party_file), "--engine", "spark", "--name", "stopped",
        "--resume",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    resumed = get_screening(screened.store, "stopped")
    assert resumed.id == stopped.id and resumed.status == "complete"
    # The repeated parties repeat rows after the first batch, so their marks are made anew.
    assert list(iter_rows(screened.store, resumed.id)) == list(
        iter_rows(screened.store, screened.local.id)
    )
