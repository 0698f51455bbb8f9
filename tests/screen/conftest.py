"""A store holding the real UN Security Council list of 2020-11-24, and its 2026 release.

Between the two releases the UN delisted some parties (LIONEL DUMONT), re-listed
Iranian entities (TAMAS COMPANY) and changed records (YAZD METALLURGY INDUSTRIES'
address): what re-screening must report.
"""

from __future__ import annotations

import lzma
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from vet.scoring import Matcher
from vet.store import Store, import_path

PARTIES = """name,country,id
Tamas Company,Iran,S-1
Lionel Dumont,France,S-2
Yazd Metallurgy Industries,Iran,S-3
Afghan Support Committee,,S-4
Northwind Traders Ltd,GB,S-5
,,
Lionel Dumont,France,S-2
"""


@pytest.fixture(scope="session")
def un_files(
    fixtures: Path, bundled: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Path]:
    """The UN list of 2020-11-24 (full file) and of 2026-08-01 (the bundled file)."""
    root = tmp_path_factory.mktemp("un")
    old = root / "consolidated_2020-11-24.xml"
    old.write_bytes(
        lzma.decompress((fixtures / "un" / "consolidated_2020-11-24.xml.xz").read_bytes())
    )
    return old, bundled["un_sc"]


@pytest.fixture(scope="session")
def un_2020_db(un_files: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store file with the UN 2020 list imported (copied per test, imported once)."""
    path = tmp_path_factory.mktemp("un_db") / "vet.db"
    store = Store(f"sqlite:///{path}")
    import_path(store, un_files[0])
    store.close()
    return path


@pytest.fixture()
def store(un_2020_db: Path, tmp_path: Path) -> Iterator[Store]:
    path = tmp_path / "vet.db"
    shutil.copy(un_2020_db, path)
    store = Store(f"sqlite:///{path}")
    yield store
    store.close()


@pytest.fixture()
def matcher(store: Store) -> Matcher:
    return Matcher.from_store(store)


@pytest.fixture()
def parties_csv(tmp_path: Path) -> Path:
    path = tmp_path / "exhibitors.csv"
    path.write_text(PARTIES, encoding="utf-8")
    return path
