"""A decision is on one listed party, with all its listings, and holds while none of its
source records changes.

Real records: KOREA RYONBONG GENERAL CORPORATION is on the UN list (KPe.002, from the
bundled 2026-08-01 file), OFAC's SDN list (ent_num 9347) and the UK's (Group ID 10893),
the last two from the excerpts in tests/fixtures. KALAYE ELECTRIC COMPANY is on the
bundled CSL twice: as the SDN copy (csl-10122) and on the Entity List.
"""

from __future__ import annotations

import csv
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from vet.scoring import Matcher
from vet.screen import load_screening, rescreen, run_screening
from vet.screen.decisions import decide
from vet.screen.model import Review
from vet.screen.rescreen import CHANGED
from vet.screen.review import applied_decisions, import_decisions, undecided_hits
from vet.screen.reviewed import RECORDED
from vet.store import Store, import_path
from vet.store.screenings import iter_rows
from vet.vocabulary import DecisionValue

FALSE_POSITIVE = DecisionValue.FALSE_POSITIVE

RYONBONG = "KOREA RYONBONG GENERAL CORPORATION"
OFAC, UK = "ofac-9347", "ukofsi-10893"
NEW_ALIAS = "KOREA RYONBONG GROUP"
KALAYE_SDN = "csl-10122"
KALAYE_EL = "csl-e3e0dfd1809664f5a555505bb2a55196d238c834"


def un_excerpt(source: Path, references: set[str], target: Path) -> Path:
    """The bundled UN list with only the records of ``references``, as published."""
    tree = ET.parse(source)
    for group in tree.getroot():
        for record in list(group):
            if record.findtext("REFERENCE_NUMBER") not in references:
                group.remove(record)
    tree.write(target, encoding="UTF-8", xml_declaration=True)
    return target


def uk_with_alias(source: Path, group_id: str, alias: str, target: Path) -> Path:
    """The UK excerpt with one more AKA row for ``group_id`` (a copy of its first row)."""
    with source.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[1]
    first = next(r for r in rows[2:] if r[header.index("Group ID")] == group_id)
    added = list(first)
    added[header.index("Name 6")] = alias
    added[header.index("Alias Type")] = "AKA"
    with target.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows([*rows, added])
    return target


def csl_excerpt(source: Path, ids: dict[str, str], target: Path) -> Path:
    """The bundled CSL rows of ``ids`` (``_id`` -> alt names to add, or ""), as published."""
    with source.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = list(reader.fieldnames or ())
        rows = [r for r in reader if r["_id"] in ids]
    for row in rows:
        if ids[row["_id"]]:
            row["alt_names"] = "; ".join(n for n in (row["alt_names"], ids[row["_id"]]) if n)
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fields)
        writer.writeheader()
        writer.writerows(rows)
    return target


@pytest.fixture(scope="module")
def un_ryonbong(bundled: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    return un_excerpt(bundled["un_sc"], {"KPe.002"}, tmp_path_factory.mktemp("un") / "un.xml")


@pytest.fixture(scope="module")
def us_uk_db(fixtures: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the OFAC and UK excerpts imported (copied per test)."""
    path = tmp_path_factory.mktemp("us_uk") / "vet.db"
    store = Store(f"sqlite:///{path}")
    import_path(store, fixtures / "ofac/sdn_2023-12-28_uk")
    import_path(store, fixtures / "uk/ofsi_conlist_excerpt.csv")
    store.close()
    return path


@pytest.fixture()
def store(us_uk_db: Path, tmp_path: Path) -> Iterator[Store]:
    shutil.copy(us_uk_db, tmp_path / "vet.db")
    store = Store(f"sqlite:///{tmp_path / 'vet.db'}")
    yield store
    store.close()


def screen_one(store: Store, tmp_path: Path, name: str, country: str) -> int:
    parties = tmp_path / "parties.csv"
    parties.write_text(f"name,country\n{name},{country}\n", encoding="utf-8")
    info = run_screening(store, Matcher.from_store(store), parties, workers=1)
    return info.id


def only_hit(store: Store, screening_id: int) -> tuple[int, str, list[str]]:
    """(row, listed party id, its lists) of the screening's one hit."""
    [row] = list(iter_rows(store, screening_id))
    [hit] = row.hits
    return row.row, hit.entity_id, hit.hit["lists"]


def review_now(store: Store, screening_id: int) -> Review | None:
    """The one hit's review as reports show it."""
    _, screening = load_screening(store, screening_id)
    [result] = list(screening.results)
    [hit] = result.hits
    return result.review(hit)


@pytest.fixture()
def on_three_lists(store: Store, un_ryonbong: Path, tmp_path: Path) -> tuple[int, int, str]:
    """With the UN record imported too, Ryonbong screened: (screening, row, listed party)."""
    import_path(store, un_ryonbong)
    first = screen_one(store, tmp_path, "Korea Ryonbong General Corporation", "KP")
    row, party, lists = only_hit(store, first)
    assert lists == ["uk_ofsi", "un_sc", "us_ofac_sdn"]
    return first, row, party


def test_one_decision_covers_every_listing_and_carries_over_while_nothing_changes(
    store: Store, on_three_lists: tuple[int, int, str]
) -> None:
    first, row, party = on_three_lists
    # The reviewer names the UK record (as a report's "same as" column shows it): the
    # decision is on the listed party, led by the UN's record.
    made = decide(store, first, row, UK, FALSE_POSITIVE, reviewer="Ana", reason="other firm")
    assert made.entity_id == party != UK
    assert list(undecided_hits(store, first)) == []

    result = rescreen(store, Matcher.from_store(store), first, workers=1)
    assert result.changes == ()
    review = review_now(store, result.new.id)
    assert review is not None and review.settled and not review.changed
    assert list(undecided_hits(store, result.new.id)) == []
    [applied] = applied_decisions(store, result.new.id)
    assert (applied.decision.id, applied.changed) == (made.id, False)


def test_a_changed_uk_record_reopens_the_decision_saying_what_changed(
    store: Store, on_three_lists: tuple[int, int, str], fixtures: Path, tmp_path: Path
) -> None:
    first, row, party = on_three_lists
    decide(store, first, row, party, FALSE_POSITIVE, reviewer="Ana")
    changed_uk = uk_with_alias(
        fixtures / "uk/ofsi_conlist_excerpt.csv", "10893", NEW_ALIAS, tmp_path / "ConList.csv"
    )
    import_path(store, changed_uk)

    result = rescreen(store, Matcher.from_store(store), first, workers=1)
    [change] = result.changes
    assert (change.kind, change.previous_decision) == (CHANGED, FALSE_POSITIVE)
    review = review_now(store, result.new.id)
    assert review is not None and review.changed and not review.settled
    # Only the UK record changed; OFAC's and the UN's did not, and the reviewer is told so.
    assert review.why == f"uk_ofsi record changed: alias added {NEW_ALIAS!r}"
    assert f"changed since ({review.why}): review again" in review.describe()
    [item] = list(undecided_hits(store, result.new.id))
    assert item.previous is not None and item.previous.why == review.why
    [applied] = applied_decisions(store, result.new.id)  # `vet decisions list`
    assert (applied.changed, applied.why) == (True, review.why)


def test_a_listing_that_joins_reopens_the_decision_on_the_listed_party(
    store: Store, un_ryonbong: Path, tmp_path: Path
) -> None:
    first = screen_one(store, tmp_path, "Korea Ryonbong General Corporation", "KP")
    row, party, lists = only_hit(store, first)
    assert (party, lists) == (OFAC, ["uk_ofsi", "us_ofac_sdn"])
    decide(store, first, row, party, FALSE_POSITIVE, reviewer="Ana", reason="other firm")
    # The UN lists it: its record now leads the listed party, under another id.
    import_path(store, un_ryonbong)

    result = rescreen(store, Matcher.from_store(store), first, workers=1)
    _, now_party, lists = only_hit(store, result.new.id)
    assert now_party != OFAC and lists == ["uk_ofsi", "un_sc", "us_ofac_sdn"]
    [change] = result.changes
    assert (change.kind, change.previous_decision) == (CHANGED, FALSE_POSITIVE)
    assert change.why == "the listed record changed: a listing joined: un_sc"
    review = review_now(store, result.new.id)
    assert review is not None and review.decision == FALSE_POSITIVE and review.changed
    assert review.why == "a listing joined: un_sc"
    [item] = list(undecided_hits(store, result.new.id))
    assert item.hit.entity_id == now_party and item.previous == review

    # Decided again on the listed party as it is now, it stays decided.
    decide(store, result.new.id, row, OFAC, FALSE_POSITIVE, reviewer="Ana")
    again = rescreen(store, Matcher.from_store(store), result.new.id, workers=1)
    assert again.changes == ()
    settled = review_now(store, again.new.id)
    assert settled is not None and settled.settled


def test_a_change_to_any_of_two_records_on_one_list_reopens_the_decision(
    bundled: dict[str, Path], tmp_path: Path
) -> None:
    # The CSL's SDN copy and its Entity List row of one firm are one listed party; the
    # SDN copy leads it, so only a change to it shows whether both records are watched.
    store = Store(f"sqlite:///{tmp_path / 'vet.db'}")
    csl = bundled["us_csl"]
    as_published = {KALAYE_SDN[4:]: "", KALAYE_EL[4:]: ""}
    import_path(store, csl_excerpt(csl, as_published, tmp_path / "a.csv"))
    first = screen_one(store, tmp_path, "Kalaye Electric Company", "IR")
    row, party, _ = only_hit(store, first)
    [saved] = list(iter_rows(store, first))
    assert (party, saved.hits[0].hit["records"]) == (KALAYE_SDN, [KALAYE_EL])
    decide(store, first, row, party, FALSE_POSITIVE, reviewer="Ana")
    changed = {KALAYE_SDN[4:]: "KALAYE ELECTRIC CO", KALAYE_EL[4:]: ""}
    import_path(store, csl_excerpt(csl, changed, tmp_path / "b.csv"))

    result = rescreen(store, Matcher.from_store(store), first, workers=1)
    review = review_now(store, result.new.id)
    assert review is not None and review.changed
    assert review.why == f"us_csl {KALAYE_SDN} record changed: alias added 'KALAYE ELECTRIC CO'"
    store.close()


def test_a_reviewed_report_may_name_any_record_of_the_listed_party(
    store: Store, on_three_lists: tuple[int, int, str], tmp_path: Path
) -> None:
    first, row, party = on_three_lists
    reviewed = tmp_path / "reviewed.csv"
    reviewed.write_text(f"Row,Entity ID,Decision\n{row},{OFAC},false positive\n", "utf-8")
    summary = import_decisions(store, first, reviewed, reviewer="Ana")
    [made] = summary.recorded
    assert made.entity_id == party
    review = review_now(store, first)
    assert review is not None and review.settled


def test_a_reopened_decision_as_a_report_writes_it_is_read_back_as_recorded() -> None:
    # A reviewed report's Decision cell may still hold what vet wrote: importing it again
    # must not take "...changed since (what changed): review again" for a new decision.
    why = f"uk_ofsi record changed: alias added '{NEW_ALIAS} (PYONGYANG)'"
    review = Review(FALSE_POSITIVE, "Ana", "other firm", datetime(2026, 12, 4), True, why)
    recorded = RECORDED.fullmatch(review.describe())
    assert recorded is not None
    assert (recorded["decision"], recorded["reviewer"], recorded["reason"]) == (
        FALSE_POSITIVE,
        "Ana",
        "other firm",
    )
