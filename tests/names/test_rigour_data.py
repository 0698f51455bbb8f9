"""rigour data vet reads beyond rigour's public API (:mod:`vet.names.rigour_data`).

If a rigour update moves or drops them, these fail first and say where, rather than
names being split or places recognised a little worse without a word.
"""

from __future__ import annotations

import ast
from pathlib import Path

import vet
from vet.names.cells import split_cell
from vet.names.rigour_data import country_names, split_phrases
from vet.names.wordlists import places

PACKAGE = Path(vet.__file__).parent


def test_rigour_still_ships_the_phrases_that_introduce_another_name() -> None:
    phrases = set(split_phrases())
    assert {"a.k.a", "f/k/a", "formerly", "doing business as"} <= phrases
    # rigour's "formerly" is what splits this cell (vet's own list adds "aka", "t/a").
    assert split_cell("Alpha Trading LLC formerly Beta Commerce LLC") == [
        "Alpha Trading LLC",
        "Beta Commerce LLC",
    ]


def test_rigour_still_ships_the_other_names_of_countries() -> None:
    countries = {c.code: c.names for c in country_names()}
    assert len(countries) > 240
    assert countries["ae"][0] == "United Arab Emirates"
    assert "UAE" in countries["ae"]
    assert "Ivory Coast" in countries["ci"]
    assert "Schweiz" in countries["ch"]
    # Only rigour's other names make these places (data/places.txt does not hold them).
    assert "schweiz" in places().words
    assert ("ivory", "coast") in places().phrases


def test_no_other_module_imports_a_private_module_of_a_dependency() -> None:
    private = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module or ""]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                top, *rest = name.split(".")
                if top != "vet" and any(part.startswith("_") for part in rest):
                    private.append(f"{path.relative_to(PACKAGE)} line {node.lineno}: {name}")
    assert private == ["names/rigour_data.py line 24: rigour._core"]
