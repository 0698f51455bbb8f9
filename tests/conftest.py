"""Shared fixtures: paths to real list files (excerpts and the bundled full files)."""

from __future__ import annotations

from pathlib import Path

import pytest

from vet.bundle import bundled_lists, extract

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def fixtures() -> Path:
    """``tests/fixtures``: small excerpts of real published files (see its README)."""
    return FIXTURES


@pytest.fixture(scope="session")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Full official files shipped in the package, decompressed: list name -> parser path."""
    root = tmp_path_factory.mktemp("bundle")
    return {b.list_name: extract(b, root / b.list_name) for b in bundled_lists()}
