"""Running the CLI on hostile files: the one-line error it must print."""

from __future__ import annotations

from click.testing import CliRunner, Result

from vet.cli import main


def run(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(main, list(args), env=env)


def one_line(result: Result) -> str:
    """The error the CLI printed, checked to be one line without a traceback."""
    assert result.exit_code != 0, result.output
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    return lines[0]


def refused(env: dict[str, str], *args: str) -> str:
    """The one-line error of a refused command, checked to have left the lists as they were."""
    before = run(env, "lists", "--json").output
    line = one_line(run(env, *args))
    assert run(env, "lists", "--json").output == before
    return line
