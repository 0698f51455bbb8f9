"""Local-mode Spark workers run with the driver's interpreter, wherever vet was installed.

A user who installed vet in a virtual environment and calls ``env/bin/vet`` without
activating it has no vet on the ``python3`` of ``PATH``: the workers must still import it.
The test builds such an environment (a venv whose only way to vet is a ``.pth`` file, as an
editable install writes) and runs the real CLI in it with a minimal environment.
"""

from __future__ import annotations

import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

pytest.importorskip("pyspark")

from vet.store import Store
from vet.store.screenings import get_screening
from watch_home import watch_home

SRC = Path(__file__).parents[2] / "src"
WATCH = [
    "w-1,Ivan Petrov,,Person,ru,1951-01-01,,Watch,,",
    "w-2,Orion Shipping Ltd,,Company,pa,,,Watch,,",
]
PARTIES = "name,country\nIvan Petrov,RU\nNorthwind Traders Ltd,GB\nOrion Shipping Ltd,PA\n"


def unactivated_venv(root: Path) -> Path:
    """A venv that finds vet only through a ``.pth`` in its own site-packages."""
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", "--system-site-packages", str(root)],
        check=True,
    )
    purelib = sysconfig.get_path("purelib", vars={"base": str(root), "platbase": str(root)})
    Path(purelib, "vet_src.pth").write_text(f"{SRC}\n", encoding="utf-8")
    return root / "bin" / "python"


@pytest.mark.slow
def test_vet_screen_on_spark_from_an_unactivated_venv_with_a_minimal_environment(
    tmp_path: Path,
) -> None:
    python = unactivated_venv(tmp_path / "env")
    # What `env -i PATH=/usr/bin:/bin HOME=... VET_HOME=... env/bin/vet` gives the process:
    # python3 on PATH is the system's, without vet.
    env = watch_home(tmp_path, WATCH, environ={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    parties = tmp_path / "parties.csv"
    parties.write_text(PARTIES, encoding="utf-8")
    command = [str(python), "-c", "from vet.cli import main; main()", "screen", str(parties)]
    result = subprocess.run(
        [*command, "--engine", "spark", "--name", "venv"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "ModuleNotFoundError" not in result.stderr
    assert "2 of 3 parties have possible matches" in result.stdout
    store = Store(f"sqlite:///{tmp_path / 'home' / 'vet.db'}")
    saved = get_screening(store, "venv")
    assert (saved.status, saved.party_count, saved.flagged_count) == ("complete", 3, 2)
    store.close()
