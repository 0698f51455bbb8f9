"""Saved screenings, decisions, resuming and re-screening, on the real UN list releases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vet.errors import InputError
from vet.report import ReportMeta, write_report
from vet.report.rows import summary_sentence
from vet.scoring import Matcher, Query
from vet.screen import load_screening, rescreen, run_screening
from vet.screen.decisions import decide
from vet.screen.rescreen import CHANGED, DELISTED, NEW
from vet.store import Store, import_path
from vet.store.screenings import get_screening, iter_rows, list_screenings


def hits_by_row(store: Store, screening_id: int) -> dict[int, list[str]]:
    return {r.row: [h.entity_id for h in r.hits] for r in iter_rows(store, screening_id)}


def test_a_screening_is_saved_with_its_parties_hits_and_list_versions(
    store: Store, matcher: Matcher, parties_csv: Path
) -> None:
    info = run_screening(store, matcher, parties_csv, name="fair 2026", workers=1)
    assert info.status == "complete"
    assert (info.party_count, info.flagged_count) == (6, 4)
    assert info.list_versions[0]["list_name"] == "un_sc"
    assert info.list_versions[0]["published"] == "2020-11-24"
    assert len(info.file_sha256 or "") == 64
    hits = hits_by_row(store, info.id)
    # TAMAS COMPANY was not on the UN list in 2020; LIONEL DUMONT was.
    assert hits[2] == []
    assert hits[3] == ["unsc-112038"]
    assert hits[4] == ["unsc-110326"]
    assert hits[6] == []
    # The empty row is not a party; the repeated party is screened and marked.
    assert 7 not in hits
    saved = {r.row: r for r in iter_rows(store, info.id)}
    assert saved[8].extra["duplicate_of"] == 3
    assert saved[8].party_key == saved[3].party_key
    assert get_screening(store, "fair 2026").id == get_screening(store, info.id).id


def test_screening_names_are_unique(store: Store, matcher: Matcher, parties_csv: Path) -> None:
    run_screening(store, matcher, parties_csv, name="fair", workers=1)
    with pytest.raises(InputError, match="exists already"):
        run_screening(store, matcher, parties_csv, name="fair", workers=1)


def test_two_workers_give_the_same_hits_and_scores_as_one(
    store: Store, matcher: Matcher, tmp_path: Path, un_files: tuple[Path, Path]
) -> None:
    # Real listed names with typos and innocent names, enough for several batches.
    names = [
        "Yazd Metalurgy Industries",
        "Afghan Suport Committee",
        "Lionel Dumon",
        "Contoso Ltd",
        "Al Rashid Trust",
        "Maria Schmidt",
    ] * 12
    path = tmp_path / "many.csv"
    path.write_text("name\n" + "\n".join(names) + "\n", encoding="utf-8")
    one = run_screening(store, matcher, path, name="one", workers=1, batch_size=7)
    two = run_screening(store, matcher, path, name="two", workers=2, batch_size=7)

    def scored(screening_id: int) -> list[tuple[int, str, float]]:
        return [
            (r.row, h.entity_id, h.score) for r in iter_rows(store, screening_id) for h in r.hits
        ]

    assert scored(one.id) == scored(two.id)
    assert len(scored(one.id)) >= 36
    # Repeats are marked across batches of 7: row k repeats the first of its six names.
    for screening in (one, two):
        repeats = {r.row: r.extra.get("duplicate_of") for r in iter_rows(store, screening.id)}
        assert repeats == {k: (2 + (k - 2) % 6 if k > 7 else None) for k in range(2, 74)}


def test_an_interrupted_screening_resumes_where_it_stopped(
    store: Store, matcher: Matcher, parties_csv: Path
) -> None:
    calls = []

    def interrupt_after_first_batch(done: int) -> None:
        calls.append(done)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_screening(
            store,
            matcher,
            parties_csv,
            name="big",
            workers=1,
            batch_size=2,
            progress=interrupt_after_first_batch,
        )
    interrupted = get_screening(store, "big")
    assert interrupted.status == "interrupted"
    assert interrupted.party_count == 2
    resumed = run_screening(store, matcher, parties_csv, workers=1, batch_size=2, resume=True)
    assert resumed.id == interrupted.id
    assert resumed.status == "complete"
    assert sorted(hits_by_row(store, resumed.id)) == [2, 3, 4, 5, 6, 8]
    fresh = run_screening(store, matcher, parties_csv, name="fresh", workers=1)
    assert hits_by_row(store, resumed.id) == hits_by_row(store, fresh.id)
    # Row 8 repeats row 3, saved before the stop: still marked as a repeat.
    repeats = {r.row: r.extra.get("duplicate_of") for r in iter_rows(store, resumed.id)}
    assert repeats[8] == 3
    assert repeats == {r.row: r.extra.get("duplicate_of") for r in iter_rows(store, fresh.id)}


def test_a_file_that_breaks_off_marks_the_screening_failed_and_keeps_its_rows(
    store: Store, matcher: Matcher, tmp_path: Path
) -> None:
    broken = tmp_path / "parties.csv"
    rows = "".join(f"Party {n}\n" for n in range(2, 1001))
    # After 1,000 parties a quote is left open and the file runs on past the field limit.
    broken.write_text("name\nLionel Dumont\n" + rows + '"Kim ' + "x" * 10_000_001, "utf-8")
    with pytest.raises(InputError, match=r"parties\.csv line 1002: over 10,000,000 characters"):
        run_screening(store, matcher, broken, name="cut", workers=1, batch_size=250)
    failed = get_screening(store, "cut")
    assert failed.status == "failed"
    assert failed.error is not None and "line 1002: over 10,000,000 characters" in failed.error
    assert failed.party_count == 1000
    assert hits_by_row(store, failed.id)[2] == ["unsc-112038"]  # Lionel Dumont, UN-listed
    logged = [e for e in store.audit_events() if e["action"] == "screening failed"]
    assert [e["detail"]["screening"] for e in logged] == [failed.id]
    # The same file can be resumed, and fails at the same place again.
    with pytest.raises(InputError, match="line 1002"):
        run_screening(store, matcher, broken, workers=1, batch_size=250, resume=True)
    again = get_screening(store, "cut")
    assert (again.id, again.status, again.party_count) == (failed.id, "failed", 1000)


BROKEN_ROW = 'Beta Trading Ltd,"Germany,S-6\n'
"""A quote opened in the country column and never closed: every row after it is swallowed."""


@pytest.mark.parametrize(("workers", "batch_size"), [(1, 200), (2, 2)])
def test_rows_read_before_a_break_are_saved_and_a_repaired_file_resumes(
    store: Store, matcher: Matcher, parties_csv: Path, workers: int, batch_size: int
) -> None:
    """The break falls inside the first batch (one batch of 200), or after batches still
    being scored on the pool (batches of 2): either way the rows read before it are saved."""
    parties = parties_csv.read_text("utf-8")  # 6 parties, 4 UN-listed in 2020, then:
    after = "Yazd Metalurgy Industries,Iran,S-7\nNorthwind Traders Ltd,GB,S-8\n"
    broken = parties_csv
    broken.write_text(parties + BROKEN_ROW + after, "utf-8")
    with pytest.raises(InputError, match=r"exhibitors\.csv line 9: a quote opened in this row"):
        run_screening(store, matcher, broken, name="fair", workers=workers, batch_size=batch_size)
    failed = get_screening(store, "fair")
    assert (failed.status, failed.party_count, failed.flagged_count) == ("failed", 6, 4)
    assert failed.error is not None and "line 9" in failed.error
    assert hits_by_row(store, failed.id)[3] == ["unsc-112038"]  # Lionel Dumont, row 3

    broken.write_text(parties + BROKEN_ROW.replace('"', "") + after, "utf-8")
    resumed = run_screening(
        store, matcher, broken, workers=workers, batch_size=batch_size, resume=True
    )
    assert (resumed.id, resumed.status, resumed.party_count) == (failed.id, "complete", 9)
    clean = run_screening(store, matcher, broken, name="clean", workers=1)
    assert hits_by_row(store, resumed.id) == hits_by_row(store, clean.id)
    assert hits_by_row(store, resumed.id)[10] == ["unsc-110326"]  # after the repaired row
    assert (resumed.flagged_count, resumed.hit_count) == (clean.flagged_count, clean.hit_count)
    assert resumed.file_sha256 == clean.file_sha256


def test_a_file_changed_before_its_break_is_not_resumed(
    store: Store, matcher: Matcher, parties_csv: Path
) -> None:
    broken = parties_csv
    parties = parties_csv.read_text("utf-8")
    broken.write_text(parties + BROKEN_ROW, "utf-8")
    with pytest.raises(InputError, match="never closed"):
        run_screening(store, matcher, broken, name="fair", workers=1)
    # Repaired, but a row before the break changed too: the saved rows are not this file's.
    changed = parties.replace("Lionel Dumont,France,S-2\n", "Lionel Dupont,France,S-2\n", 1)
    broken.write_text(changed + BROKEN_ROW.replace('"', ""), "utf-8")
    with pytest.raises(InputError, match="the file changed since screening 'fair' stopped"):
        run_screening(store, matcher, broken, workers=1, resume=True)


def test_resume_without_an_interrupted_run_says_so(
    store: Store, matcher: Matcher, parties_csv: Path
) -> None:
    with pytest.raises(InputError, match="no interrupted screening"):
        run_screening(store, matcher, parties_csv, resume=True, workers=1)


def test_decisions_show_in_reports_and_follow_the_party_into_later_screenings(
    store: Store, matcher: Matcher, parties_csv: Path, tmp_path: Path
) -> None:
    first = run_screening(store, matcher, parties_csv, name="first", workers=1)
    decide(store, "first", 3, "unsc-112038", "match", reviewer="Ana", reason="same DOB")
    decide(store, first.id, 5, "unsc-113226", "false positive", reviewer="Ana", reason="charity")
    with pytest.raises(InputError, match="has no hit"):
        decide(store, first.id, 6, "unsc-112038", "match", reviewer="Ana")
    _, screening = load_screening(store, first.id)
    # The decision on row 3 holds for row 8 too: the same party, repeated.
    assert summary_sentence(screening) == (
        "4 of 6 parties have possible matches: 2 confirmed, 1 false positive, 1 to review. "
        "1 row repeats an earlier party."
    )
    out = tmp_path / "report.json"
    write_report(screening, out, "json", ReportMeta.for_saved(first))
    report = json.loads(out.read_text("utf-8"))
    by_row = {p["row"]: p for p in report["parties"]}
    assert by_row[3]["hits"][0]["decision"]["decision"] == "match"
    assert by_row[3]["hits"][0]["decision"]["reviewer"] == "Ana"
    assert by_row[5]["status"] == "cleared"
    assert report["screening"]["confirmed"] == 2
    # Another file with the same party: the decision applies there too.
    other = tmp_path / "other.csv"
    other.write_text("name,country,id\nAfghan Support Committee,,S-4\n", encoding="utf-8")
    second = run_screening(store, matcher, other, name="second", workers=1)
    _, again = load_screening(store, second.id)
    (result,) = list(again.results)
    review = result.review(result.hits[0])
    assert review is not None and review.decision == "false_positive" and not review.changed
    assert result.open_hits == ()


def test_rescreen_after_a_list_update_reports_new_changed_and_delisted(
    store: Store, parties_csv: Path, un_files: tuple[Path, Path]
) -> None:
    old = run_screening(store, Matcher.from_store(store), parties_csv, name="fair", workers=1)
    decide(store, "fair", 4, "unsc-110326", "match", reviewer="Ana")
    same = rescreen(store, Matcher.from_store(store), "fair", workers=1)
    assert same.changes == ()
    assert "no list changed" in same.summary()

    import_path(store, un_files[1])
    result = rescreen(store, Matcher.from_store(store), old.id, workers=1)
    kinds = {(c.kind, c.row, c.entity_id) for c in result.changes}
    assert (NEW, 2, "unsc-110330") in kinds  # TAMAS COMPANY, re-listed
    assert (DELISTED, 3, "unsc-112038") in kinds  # LIONEL DUMONT, delisted
    assert (DELISTED, 8, "unsc-112038") in kinds
    changed = next(c for c in result.changes if c.kind == CHANGED and c.row == 4)
    assert changed.previous_decision == "match"
    assert any(c.field == "un_sc.address" for c in changed.changes)
    assert "review again" in changed.describe()
    assert result.new.parent_id == old.id
    # The decision made before the change no longer settles the hit.
    _, screening = load_screening(store, result.new.id)
    yazd = next(r for r in screening.results if r.party.row == 4)
    review = yazd.review(yazd.hits[0])
    assert review is not None and review.changed
    assert [s.name for s in list_screenings(store)][-1] == result.new.name


def test_resuming_a_file_that_changed_says_it_changed(
    store: Store, matcher: Matcher, parties_csv: Path
) -> None:
    with pytest.raises(KeyboardInterrupt):
        run_screening(
            store,
            matcher,
            parties_csv,
            name="cut",
            workers=1,
            batch_size=2,
            progress=lambda done: (_ for _ in ()).throw(KeyboardInterrupt),
        )
    parties_csv.write_text(parties_csv.read_text("utf-8") + "Acme Widgets,GB,S-9\n", "utf-8")
    with pytest.raises(InputError, match=r"exhibitors\.csv: the file changed since"):
        run_screening(store, matcher, parties_csv, resume=True, workers=1)


def test_a_quote_left_open_in_any_column_fails_the_screening_and_exits_non_zero(
    tmp_path: Path, un_files: tuple[Path, Path]
) -> None:
    from click.testing import CliRunner

    from vet.cli import main

    env = {"VET_HOME": str(tmp_path / "home"), "VET_AUTO_BUNDLE": "0"}
    CliRunner().invoke(main, ["lists", "import", str(un_files[0])], env=env)
    broken = tmp_path / "parties.csv"
    broken.write_text('name,country\nAcme,GB\nBeta,"DE\nLionel Dumont,FR\n', "utf-8")
    result = CliRunner().invoke(main, ["screen", str(broken), "--name", "cut"], env=env)
    assert result.exit_code != 0
    assert "parties.csv line 3: a quote opened in this row is never closed" in result.output
    listing = CliRunner().invoke(main, ["screenings", "--json"], env=env).output
    assert '"status": "failed"' in listing


def test_saved_hits_keep_every_field_of_the_hit_as_written(
    store: Store, matcher: Matcher, parties_csv: Path
) -> None:
    """The saved form of a hit (and of the best candidate below the threshold) holds what
    ``dataclasses.asdict`` gives, field for field, though it is built without deep copies."""
    from dataclasses import asdict

    from vet.screen.saved import BEST_FIELDS

    info = run_screening(store, matcher, parties_csv, name="fields", workers=1)
    saved = {r.row: r for r in iter_rows(store, info.id)}
    hit = matcher.match(Query.of("Yazd Metallurgy Industries", countries=["Iran"]))[0]
    stored = next(h.hit for h in saved[4].hits if h.entity_id == hit.entity_id)
    expected = json.loads(json.dumps(asdict(hit)))
    assert {key: stored[key] for key in expected} == expected
    below = matcher.match_all(Query.of("Tamas Company", countries=["Iran"]))[1]
    assert below is not None
    expected_best = json.loads(json.dumps({k: asdict(below)[k] for k in BEST_FIELDS}))
    assert saved[2].extra["best"] == expected_best
