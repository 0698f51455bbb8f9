"""The public surface of ``vet.names``: every exported function and class is documented."""

from __future__ import annotations

import inspect

import pytest

import vet.names


@pytest.mark.parametrize("name", vet.names.__all__)
def test_exported_name_is_documented(name: str) -> None:
    value = getattr(vet.names, name)
    if inspect.isfunction(value) or inspect.isclass(value):
        assert inspect.getdoc(value), f"vet.names.{name} has no docstring"


def test_brief_exports() -> None:
    for name in ["clean", "latinise", "tokenise", "NameForm", "Token", "phonetic_key"]:
        assert name in vet.names.__all__
    assert vet.names.TOKEN_KINDS == (
        "name",
        "number",
        "initial",
        "particle",
        "title",
        "legal",
        "generic",
        "place",
    )
