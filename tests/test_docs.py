"""Every setting and command a user can reach is documented in README.md."""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import textwrap
import threading
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from vet.cli import load_commands, main
from vet.scoring import Matcher
from vet.settings import SETTINGS
from vet.store import Store
from vet.store.updates import import_bundled

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


def test_the_readmes_eu_token_entry_is_what_vet_lists_update_reads(
    tmp_path: Path, fixtures: Path
) -> None:
    """README's sources.toml entry for the EU list, served here by a local publisher: the
    update fetches the link (an excerpt, refused as too small) instead of skipping the list."""
    blocks = [textwrap.dedent(b) for b in re.findall(r"```toml\n(.*?)\n *```", README, re.S)]
    entry = next((b for b in blocks if b.startswith("[eu_fsf]\n")), None)
    assert entry is not None, "README shows no [eu_fsf] sources.toml entry"
    assert "xmlFullSanctionsList_1_1/content?token=" in entry
    env = {"VET_HOME": str(tmp_path / "home"), "VET_AUTO_BUNDLE": "0"}
    skipped = CliRunner().invoke(main, ["lists", "update", "eu_fsf"], env=env)
    assert "eu_fsf: skipped" in skipped.output and "VET_SOURCES_FILE" in skipped.output

    site = tmp_path / "site" / "fsd" / "fsf" / "public" / "files" / "xmlFullSanctionsList_1_1"
    site.mkdir(parents=True)
    shutil.copy(fixtures / "eu" / "eu_fsf_xml_1_1_excerpt_2026-08-05.xml", site / "content")
    handler = functools.partial(
        http.server.SimpleHTTPRequestHandler, directory=str(tmp_path / "site")
    )
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        local = f"http://127.0.0.1:{server.server_address[1]}"
        sources = tmp_path / "sources.toml"
        sources.write_text(entry.replace("https://webgate.ec.europa.eu", local), "utf-8")
        result = CliRunner().invoke(
            main, ["lists", "update", "eu_fsf"], env={**env, "VET_SOURCES_FILE": str(sources)}
        )
    finally:
        server.shutdown()
        server.server_close()
    assert "skipped" not in result.output
    assert "eu_fsf: not updated (xmlFullSanctionsList_1_1.xml: only " in result.output


@pytest.mark.slow
def test_the_readmes_counts_of_listed_parties_are_the_bundles(tmp_path: Path) -> None:
    """The cost section quotes the listed parties vet screens against on the bundled lists
    (all of them, joined; the UN's; OFAC's SDN list) and the list records they come from."""
    quoted = re.search(
        r"all bundled lists\s+\(([\d,]+) listed parties, joined from ([\d,]+) list records\)"
        r".*?UN list alone \(([\d,]+)\).*?OFAC SDN list\s+alone \(([\d,]+)\)",
        README,
        re.S,
    )
    assert quoted is not None, "README's cost section no longer quotes the counts"
    parties, records, un, sdn = (int(n.replace(",", "")) for n in quoted.groups())
    store = Store(f"sqlite:///{tmp_path / 'vet.db'}")
    imported = import_bundled(store)
    assert sum(r.version.target_count for r in imported if r.version is not None) == records
    assert len(Matcher.from_store(store).index) == parties
    assert len(Matcher.from_store(store, lists=["un_sc"]).index) == un
    assert len(Matcher.from_store(store, lists=["us_ofac_sdn"]).index) == sdn
    store.close()
