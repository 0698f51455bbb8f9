"""The layers import one way: what each package of vet may import (README, "Layers").

Every ``import`` in every module counts, those inside functions too.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import vet

PACKAGE = Path(vet.__file__).parent


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
    """``vet.web.pages`` -> ``web``; a top-level module is its own layer."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "vet"


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
