"""`vet --version` and `vet --help` start at once: they load no command module."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

from vet.cli import COMMANDS, load_commands, main

PROBE = """
import sys
from vet.cli import main
try:
    main([{args}], prog_name="vet")
except SystemExit:
    pass
heavy = [m for m in ("followthemoney", "sqlalchemy", "fastapi", "vet.store", "vet.scoring.matcher")
         if m in sys.modules]
print("HEAVY", heavy)
"""


def loaded_after(*args: str) -> str:
    code = PROBE.format(args=", ".join(repr(a) for a in args))
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return out.splitlines()[-1]


def test_version_and_help_load_nothing_heavy() -> None:
    assert loaded_after("--version") == "HEAVY []"
    assert loaded_after("--help") == "HEAVY []"


def test_help_lists_every_command_with_its_own_first_line() -> None:
    group = load_commands()
    assert set(group.commands) == set(COMMANDS)
    for name, (module, line) in COMMANDS.items():
        command = group.commands[name]
        assert command.callback is not None
        assert command.callback.__module__ == f"vet.cli.{module}"
        assert (command.help or "").split("\n\n")[0] == line


def test_a_command_loads_when_used() -> None:
    result = CliRunner().invoke(main, ["lists", "--help"])
    assert result.exit_code == 0
    assert "Show the lists in the store" in result.output
