"""The layers import one way: what each package of vet may import (docs/DESIGN.md).

Every ``import`` in every module counts, those inside functions and under
``TYPE_CHECKING`` too.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import vet

PACKAGE = Path(vet.__file__).parent
DESIGN = Path(__file__).parent.parent / "docs" / "DESIGN.md"

LAYERS: dict[str, int] = {
    "errors": 0,
    "version": 0,
    "vocabulary": 0,
    "textfile": 1,
    "settings": 2,
    "bundle": 2,
    "sources": 2,
    "store": 3,
    "names": 4,
    "resolve": 5,
    "index": 6,
    "scoring": 7,
    "vet": 8,
    "screen": 9,
    "report": 10,
    "service": 11,
    "api": 12,
    "web": 12,
    "spark": 12,
    "cli": 13,
}
"""Each layer's rank: a module imports only from its own layer and from lower ranks (the
ranks of docs/DESIGN.md). ``vet`` is the root package (``vet.match``, ``vet.compare``,
``default_matcher``); ``version`` is ``from vet import __version__``, a plain value."""

COMPOSITION_ROOT = ("vet.api.app", "web")
"""The one import across a rank: the API's app factory mounts the pages at ``/web``."""


@dataclass(frozen=True)
class Import:
    module: str
    """The importing module, ``vet.web.pages``."""
    line: int
    target: str
    """The imported module, ``vet.api.screenings``."""

    def __str__(self) -> str:
        return f"{self.module} line {self.line} imports {self.target}"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> list[Import]:
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found += [Import(module, node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            if target == "vet" and all(a.name == "__version__" for a in node.names):
                target = "vet.version"
            found.append(Import(module, node.lineno, target))
    return found


def vet_imports() -> list[Import]:
    return [
        found
        for path in sorted(PACKAGE.rglob("*.py"))
        for found in imports_of(path)
        if found.target == "vet" or found.target.startswith("vet.")
    ]


def layer(module: str) -> str:
    """``vet.web.pages`` -> ``web``; a top-level module (``vet.errors``) is its own layer."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "vet"


def test_every_module_is_in_a_layer() -> None:
    """A new package or top-level module gets a rank here and a row in docs/DESIGN.md."""
    modules = {module_name(path) for path in PACKAGE.rglob("*.py")}
    assert sorted({layer(m) for m in modules} - set(LAYERS)) == []


def test_imports_are_found() -> None:
    """The walk sees the imports it checks (a test that read nothing would pass anything)."""
    found = {str(i) for i in vet_imports()}
    assert any(i.startswith("vet.web.app line ") and "vet.service.state" in i for i in found)
    assert any(i.startswith("vet.api.app line ") and i.endswith("vet.web") for i in found)


def test_web_and_api_do_not_import_each_other() -> None:
    """The pages and the API share :mod:`vet.service`; neither borrows from the other. The one
    exception is the composition root: the API's app factory mounts the pages."""
    crossing = [
        str(i)
        for i in vet_imports()
        if {layer(i.module), layer(i.target)} == {"api", "web"} and i.module != "vet.api.app"
    ]
    assert crossing == []


def test_imports_go_down_the_layers() -> None:
    """Each module imports from its own layer and from layers of a lower rank only."""
    upward = [
        f"{i} ({layer(i.module)} {LAYERS[layer(i.module)]} -> "
        f"{layer(i.target)} {LAYERS.get(layer(i.target), '?')})"
        for i in vet_imports()
        if layer(i.target) != layer(i.module)
        and LAYERS.get(layer(i.target), 99) >= LAYERS[layer(i.module)]
        and (i.module, layer(i.target)) != COMPOSITION_ROOT
    ]
    assert upward == []


def test_the_design_notes_give_each_layer_its_rank() -> None:
    """docs/DESIGN.md's table of layers says what this test enforces: a row per rank."""
    rows = {}
    for line in DESIGN.read_text("utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and cells[0].isdigit():
            for name in re.findall(r"`([a-z_]+)`", cells[1]):
                rows[name] = int(cells[0])
    assert rows == LAYERS
