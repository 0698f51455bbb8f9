"""Every setting and command a user can reach is documented in README.md."""

from __future__ import annotations

from pathlib import Path

import click

from vet.cli import load_commands
from vet.settings import SETTINGS

README = (Path(__file__).parent.parent / "README.md").read_text("utf-8")


def commands(group: click.Group, prefix: str = "vet") -> list[str]:
    found = []
    for name, command in group.commands.items():
        path = f"{prefix} {name}"
        found.append(path)
        if isinstance(command, click.Group):
            found.extend(commands(command, path))
    return found


def test_every_setting_is_in_the_readme() -> None:
    missing = [s.env for s in SETTINGS if f"`{s.env}`" not in README]
    assert missing == []


def test_every_command_is_in_the_readme() -> None:
    missing = [c for c in commands(load_commands()) if c not in README]
    assert missing == []


def test_readme_gives_the_two_start_commands() -> None:
    assert "pip install -e . && vet screen examples/parties.csv" in README
    assert "pip install -e '.[test]' && pytest" in README
