"""``abjad_key`` and ``abjad_fit``: foreign names written by sound in Arabic letters.

The romanised Arabic words are ICU's (``vet.names.latinise``) of listed firms' names as
an Arabic or Persian register writes them: مورواريد for MORVARID PETROCHEMICAL,
سبهر for SEPEHR IRANIAN INSURANCE SERVICES, فلاويك for FLAVIC FZE (OFAC SDN).
"""

from __future__ import annotations

import pytest

from vet.names import abjad_fit, abjad_key, is_abjad_spelling, latinise


@pytest.mark.parametrize(
    ("arabic", "latin", "fit"),
    [
        ("مورواريد", "Morvarid", (8, 0)),  # و is o and v, ي is i: every letter written
        ("فلاويك", "Flavic", (6, 0)),
        ("بيشرو", "Pishro", (6, 0)),  # ب for p: Persian پ in Arabic letters
        ("سوليسه", "Solise", (6, 0)),  # final ه is e; ICU's "sh" here is س then ه
        ("سبهر", "Sepehr", (4, 2)),  # two short vowels unwritten
        ("زاينده", "Zayendeh", (7, 1)),
    ],
)
def test_latin_name_read_from_arabic_letters(arabic: str, latin: str, fit: tuple[int, int]) -> None:
    romanised = latinise(arabic)
    assert is_abjad_spelling(romanised)
    assert abjad_fit(romanised, latin.lower()) == fit
    assert abjad_key(romanised) == abjad_key(latin.lower())


@pytest.mark.parametrize(
    ("arabic", "latin"),
    [
        ("مورواريد", "Marwan"),  # same first consonants, then others
        ("فلاويك", "Fluke"),  # ا and ي are written vowels: Fluke has neither
        ("سبهر", "Saber"),  # ه is written: Saber has no h
    ],
)
def test_other_latin_name_is_not_read_from_arabic_letters(arabic: str, latin: str) -> None:
    assert abjad_fit(latinise(arabic), latin.lower()) is None


def test_latin_words_are_not_abjad_spellings() -> None:
    assert not is_abjad_spelling("morvarid")
    assert is_abjad_spelling("mwrwaryd")
