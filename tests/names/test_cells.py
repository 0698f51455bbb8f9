"""Several names in one cell: what is split, and what only qualifies a name."""

from __future__ import annotations

import pytest

from vet.names import split_cell

CASES = [
    ("Kalashnikov Concern JSC (Izhmash)", ["Kalashnikov Concern JSC", "Izhmash"]),
    ("X Trading Ltd t/a Y Shipping", ["X Trading Ltd", "Y Shipping"]),
    ("Acme d/b/a Blue Berri Shipping Inc.", ["Acme", "Blue Berri Shipping Inc."]),
    ("Copperfield (formerly Comercializadora, S.A. de C.V.)",
     ["Copperfield", "Comercializadora, S.A. de C.V."]),
    ("Acme Widgets aka Blue Berri", ["Acme Widgets", "Blue Berri"]),
    ("Acme Widgets a.k.a. Blue Berri", ["Acme Widgets", "Blue Berri"]),
    ("Acme Widgets f/k/a Blue Berri", ["Acme Widgets", "Blue Berri"]),
    ("AO Zavod / JSC Zavod Kulakova", ["AO Zavod", "JSC Zavod Kulakova"]),
    ("Scientific Studies and Research Centre (SSRC)",
     ["Scientific Studies and Research Centre", "SSRC"]),
    # one name only: a place, legal form, number or business word in parentheses, a
    # slash inside a legal form, "and" inside a name
    ("Bank of China (Hong Kong) Limited", []),
    ("Kings Romans International (HK) Co., Limited", []),
    ("Acme (Pvt) Ltd", []),
    ("CETC (13)", []),
    ("Banco Nacional S/A", []),
    ("Bosnia and Herzegovina Bank", []),
]  # fmt: skip


@pytest.mark.parametrize(("cell", "names"), CASES)
def test_split_cell(cell: str, names: list[str]) -> None:
    assert split_cell(cell, schema="Company") == names
