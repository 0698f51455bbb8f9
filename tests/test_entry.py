"""``vet.match``, the Python entry point: answers from the active lists, and sees them change."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import vet

HEADER = "id,name,aliases,schema,countries,birth_date,identifiers,program,source_url,notes"


def write_list(path: Path, rows: list[str]) -> Path:
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture()
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("VET_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("VET_AUTO_BUNDLE", "0")
    return tmp_path / "home"


def vet_cli(*args: str) -> None:
    command = [sys.executable, "-c", "from vet.cli import main; main()", *args]
    subprocess.run(command, check=True, capture_output=True)


def test_vet_match_sees_a_list_imported_by_another_process(home: Path, tmp_path: Path) -> None:
    first = write_list(
        tmp_path / "first.csv",
        ["p1,Hoshine Silicon Industry Co. Ltd.,,Company,cn,,,UFLPA,,"],
    )
    vet_cli("lists", "import", str(first), "--source", "simple_csv", "--name", "watch")
    hits = vet.match("Hoshine Silicon Industry")
    assert [h.caption for h in hits] == ["Hoshine Silicon Industry Co. Ltd."]
    assert not vet.match("Xinjiang Production and Construction Corps")

    second = write_list(
        tmp_path / "second.csv",
        [
            "p1,Hoshine Silicon Industry Co. Ltd.,,Company,cn,,,UFLPA,,",
            "p2,Xinjiang Production and Construction Corps,XPCC,Organization,cn,,,UFLPA,,",
        ],
    )
    vet_cli("lists", "import", str(second), "--source", "simple_csv", "--name", "watch")
    # The next call, in this process, answers from the new version without a restart.
    hits = vet.match("Xinjiang Production and Construction Corps")
    assert hits and hits[0].caption == "Xinjiang Production and Construction Corps"
