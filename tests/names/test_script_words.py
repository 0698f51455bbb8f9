"""Generic words of Arabic-script company names read as the English words the lists use."""

from __future__ import annotations

import pytest

from vet.names.script_words import translate_words


@pytest.mark.parametrize(
    ("text", "english"),
    [
        ("بنك ملي إيران", "bank ملي iran"),
        # a register translates a firm's English words and writes its own name by sound
        ("شركة موساخار داريا للشحن", "company موساخار داريا shipping"),
        ("مركز البحوث العلمية", "center research scientific"),
        ("سبهر الايرانية للتأمين للخدمات", "سبهر iranian insurance services"),
        ("شركة مورواريد للبتروكيماويات", "company مورواريد petrochemical"),
    ],
)
def test_arabic_business_words_in_english(text: str, english: str) -> None:
    assert translate_words(text) == english
