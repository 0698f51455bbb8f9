"""`vet rescreen` says why each hit changed, on two versions of a list imported for real.

The "watch" list is kept as a simple CSV (as a user keeps one) and imported twice through
``vet lists import``; between the two versions one record gains an alias, one is removed,
one is added, one is renamed away from the party that met it, one is renamed towards a
party, and forty others are renamed so that "Nova Star" becomes common and an unchanged
record scores lower. A second list, "uflpa", is imported only after the first screening.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import delete

from vet.cli import main
from vet.scoring import Matcher
from vet.screen import rescreen, run_screening
from vet.screen.rescreen import (
    CHANGED,
    DELISTED,
    LIST_ADDED,
    LIST_REMOVED,
    NEW,
    NEW_RECORD,
    NO_LONGER,
    NOT_KEPT,
    RECORD_CHANGED,
    RECORD_REMOVED,
    SCORE_FELL,
    compare_screenings,
)
from vet.store import Store, import_path
from vet.store.schema import screening_hits
from vet.store.screenings import get_screening

HEADER = "id,name,aliases,schema,countries,birth_date,identifiers,program,source_url,notes"
FIRST = [
    "w-1,Ivan Petrov,,Person,ru,1951-01-01,,Watch,,",
    "w-2,Orion Shipping Ltd,,Company,pa,,,Watch,,",
    "w-3,Zenit Trading LLC,,Company,ae,,,Watch,,",
    "w-5,Marlin Fisheries Company,,Company,cl,,,Watch,,",
    "w-6,Borealis Timber,,Company,fi,,,Watch,,",
    "n-1,Nova Star Trading,,Company,,,,Watch,,",
    *(f"x-{i},Filler Company {i}{chr(97 + i % 26)}word,,Company,,,,Watch,," for i in range(40)),
]
SECOND = [
    "w-1,Ivan Petrov,,Person,ru,1951-01-01,,Watch,,",
    "w-2,Orion Shipping Ltd,Orion Maritime,Company,pa,,,Watch,,",
    "w-4,Kestrel Avionics GmbH,,Company,de,,,Watch,,",
    "w-5,Quayside Holdings Group,,Company,cl,,,Watch,,",
    "w-6,Borealis Mining Corp,,Company,fi,,,Watch,,",
    "n-1,Nova Star Trading,,Company,,,,Watch,,",
    *(f"x-{i},Nova Star Company {i},,Company,,,,Watch,," for i in range(40)),
]
UFLPA = ["u-1,Hoshine Silicon Industry Co. Ltd.,,Company,cn,,,UFLPA,,"]
PARTIES = """name,country
Ivan Petrov,
Orion Shipping Ltd,PA
Zenit Trading LLC,AE
Kestrel Avionics GmbH,DE
Marlin Fisheries Company,CL
Borealis Mining Corp,FI
Hoshine Silicon Industry,CN
Nova Star Trading Bureau,
"""
EXPECTED = {
    (3, CHANGED, RECORD_CHANGED),  # Orion: an alias added
    (4, DELISTED, RECORD_REMOVED),  # Zenit: gone from version 2
    (5, NEW, NEW_RECORD),  # Kestrel: listed in version 2
    (6, NO_LONGER, RECORD_CHANGED),  # Marlin: renamed Quayside
    (7, NEW, RECORD_CHANGED),  # Borealis: renamed towards the party
    (8, NEW, LIST_ADDED),  # Hoshine: on the list added since
    (9, NO_LONGER, SCORE_FELL),  # Nova Star: unchanged record, "nova star" common now
}


def write_list(path: Path, rows: list[str]) -> Path:
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def run(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture()
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("VET_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("VET_AUTO_BUNDLE", "0")
    return tmp_path / "home"


def import_list(tmp_path: Path, name: str, rows: list[str], file: str) -> None:
    path = write_list(tmp_path / file, rows)
    run("lists", "import", str(path), "--source", "simple_csv", "--name", name)


def test_rescreen_says_why_each_hit_changed(home: Path, tmp_path: Path) -> None:
    parties = tmp_path / "parties.csv"
    parties.write_text(PARTIES, encoding="utf-8")
    import_list(tmp_path, "watch", FIRST, "watch_1.csv")
    run("screen", str(parties), "--name", "before", "--workers", "1")
    import_list(tmp_path, "watch", SECOND, "watch_2.csv")
    import_list(tmp_path, "uflpa", UFLPA, "uflpa.csv")

    printed = run("rescreen", "before", "--workers", "1").stdout.splitlines()
    assert printed[0] == (
        "Re-screened 8 parties of 'before' as 'before (rescreen)' (lists changed: watch 1 -> 2, "
        "added uflpa (version 3)): 3 new hits (1 list added, 1 new record, 1 record changed), "
        "1 changed, 1 delisted (1 record removed), 2 no longer matching (1 record changed, "
        "1 score fell)."
    )
    lines = {line.split(" / ")[0].strip(): line.strip() for line in printed[1:]}
    assert lines["CHANGED row 3 'Orion Shipping Ltd'"].endswith(
        ": watch.alias added Orion Maritime"
    )
    assert lines["DELISTED row 4 'Zenit Trading LLC'"].endswith(
        "removed from the list: on watch version 1, not on watch version 2"
    )
    assert lines["NEW row 5 'Kestrel Avionics GmbH'"].endswith(
        "score 1.00; a new record: not on watch version 1, on watch version 2"
    )
    assert lines["NO LONGER MATCHES row 6 'Marlin Fisheries Company'"].endswith(
        "the listed record changed (watch version 1 -> watch version 2) and is no longer among "
        "the candidates scored for this party (below the threshold 0.80): watch.name removed "
        "Marlin Fisheries Company and added Quayside Holdings Group"
    )
    assert lines["NEW row 7 'Borealis Mining Corp'"].endswith(
        "the listed record changed (watch version 1 -> watch version 2): watch.name removed "
        "Borealis Timber and added Borealis Mining Corp"
    )
    assert lines["NEW row 8 'Hoshine Silicon Industry'"].endswith(
        "the list was not screened before: uflpa version 3 is new here"
    )
    assert lines["NO LONGER MATCHES row 9 'Nova Star Trading Bureau'"].endswith(
        "the listed record is unchanged; it scored 0.81 and now scores 0.74, below the "
        "threshold 0.80"
    )
    assert len(lines) == len(EXPECTED)  # Ivan Petrov, unchanged, is not mentioned

    data = json.loads(run("rescreen", "before", "--workers", "1", "--json").stdout)
    assert {(c["row"], c["kind"], c["reason"]) for c in data["changes"]} == EXPECTED
    assert data["list_changes"] == ["watch 1 -> 2", "added uflpa (version 3)"]
    nova = next(c for c in data["changes"] if c["row"] == 9)
    assert (nova["score_before"], nova["score_after"]) == (0.8113, 0.7437)
    assert "no list changed" not in data["summary"]


def test_a_list_screened_no_more_is_named(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'vet.db'}")
    import_path(store, write_list(tmp_path / "w.csv", FIRST), kind="simple_csv", list_name="watch")
    import_path(store, write_list(tmp_path / "u.csv", UFLPA), kind="simple_csv", list_name="uflpa")
    parties = tmp_path / "parties.csv"
    parties.write_text(PARTIES, encoding="utf-8")
    matcher = Matcher.from_store(store)
    both = run_screening(store, matcher, parties, name="both", workers=1)
    watch_only = run_screening(store, matcher, parties, name="watch", workers=1, lists=["watch"])
    (change,) = compare_screenings(store, both, watch_only)
    assert (change.row, change.kind, change.reason) == (8, DELISTED, LIST_REMOVED)
    assert change.why == "the list is not screened any more: uflpa version 2 was"


def test_hits_an_earlier_screening_did_not_keep_are_not_new_to_the_lists(tmp_path: Path) -> None:
    """Screenings saved when a party kept at most 5 hits: the others come back as hits that
    were not kept, and the summary does not claim nothing changed in the lists."""
    store = Store(f"sqlite:///{tmp_path / 'vet.db'}")
    petrovs = [f"p-{n},Ivan Petrov,,Person,ru,19{50 + n}-01-01,,Watch,," for n in range(8)]
    import_path(store, write_list(tmp_path / "w.csv", petrovs), kind="simple_csv", list_name="w")
    parties = tmp_path / "parties.csv"
    parties.write_text("name\nIvan Petrov\n", encoding="utf-8")
    matcher = Matcher.from_store(store)
    old = run_screening(store, matcher, parties, name="capped", workers=1)
    with store.engine.begin() as conn:  # as saved by a vet that kept the best 5
        conn.execute(
            delete(screening_hits).where(
                screening_hits.c.screening_id == old.id, screening_hits.c.rank >= 5
            )
        )
    result = rescreen(store, matcher, old.id, workers=1)
    assert [(c.kind, c.reason) for c in result.changes] == [(NEW, NOT_KEPT)] * 3
    assert result.summary().endswith(
        "(same list versions as before): 3 new hits (3 not kept before), 0 changed, "
        "0 delisted, 0 no longer matching."
    )
    assert get_screening(store, result.new.id).hit_count == 8
