"""``clean`` and ``split_words``: invisible characters, mojibake, look-alikes, bad input."""

from __future__ import annotations

import random

import pytest

from vet.names.text import MAX_NAME_LENGTH, clean, fold_confusables, split_words


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Huawei", "Huawei"),
        ("  Huawei   Technologies  ", "Huawei Technologies"),
        ("Hua\u200bwei", "Huawei"),  # zero-width space
        ("Hua\u200dwei", "Huawei"),  # zero-width joiner
        ("Hua\u200cwei", "Huawei"),  # zero-width non-joiner
        ("Hua\u00adwei", "Huawei"),  # soft hyphen
        ("Hua\u2060wei", "Huawei"),  # word joiner
        ("\ufeffHuawei", "Huawei"),  # byte-order mark
        ("\u200fعلي\u200e", "علي"),  # right-to-left and left-to-right marks
        ("\u202aHuawei\u202c", "Huawei"),  # bidi embedding and pop
        ("Huawei\u00a0Technologies", "Huawei Technologies"),  # no-break space
        ("Huawei\u2009\u3000Technologies", "Huawei Technologies"),  # thin, ideographic
        ("Huawei\tTechnologies\r\nLtd", "Huawei Technologies Ltd"),
        ("Ｈｕａｗｅｉ", "Huawei"),  # full-width letters (NFKC)
        ("ﬁrst", "first"),  # ligature (NFKC)
        ("GÃ¼nther", "Günther"),  # UTF-8 read as Latin-1
        ("SociÃ©tÃ© GÃ©nÃ©rale", "Société Générale"),
        ("Ð“Ð°Ð·Ð¿Ñ€Ð¾Ð¼", "Газпром"),  # Cyrillic mojibake
        ("Günther", "Günther"),  # correct text is left alone
        ("Gаzprom", "Gazprom"),  # Cyrillic а inside a Latin word
        ("НUАWЕI Technologies", "HUAWEI Technologies"),  # all look-alikes, Latin beside
        ("Ηuawei", "Huawei"),  # Greek capital eta
        ("Газпром", "Газпром"),  # a Cyrillic name stays Cyrillic
        ("Газпром Germania", "Газпром Germania"),  # a real Cyrillic word stays
        ("a\x00b\x01c\x7f", "abc"),  # control characters
        ("Huawei\ue000", "Huawei"),  # private use
    ],
)
def test_clean(raw: str, expected: str) -> None:
    assert clean(raw) == expected


@pytest.mark.parametrize("raw", ["", " ", "\u200b", "\u00a0\u3000\t\n", "\x00\x01\x02"])
def test_clean_empty(raw: str) -> None:
    assert clean(raw) == ""


def test_clean_truncates_long_input() -> None:
    assert len(clean("x" * 10_000)) == MAX_NAME_LENGTH
    assert len(clean("Huawei " * 1_000_000)) <= MAX_NAME_LENGTH


@pytest.mark.parametrize("seed", range(5))
def test_clean_binary_input(seed: int) -> None:
    data = random.Random(seed).randbytes(10_000)
    for text in (data.decode("latin-1"), data.decode("utf-8", "replace")):
        cleaned = clean(text)
        assert len(cleaned) <= MAX_NAME_LENGTH
        assert not any(ord(c) < 32 for c in cleaned)


def test_fold_confusables_needs_latin() -> None:
    assert fold_confusables("Сосо") == "Сосо"
    assert fold_confusables("Сосо Trading") == "Coco Trading"


@pytest.mark.parametrize(
    ("text", "join_dotted", "expected"),
    [
        ("O'Brien", False, ["obrien"]),
        ("O’Brien", False, ["obrien"]),
        ("al-Qaida", False, ["al", "qaida"]),
        ("Procter & Gamble", False, ["procter", "and", "gamble"]),
        ("SMITH, John A.", False, ["smith", "john", "a"]),
        ("J.P. Morgan", False, ["j", "p", "morgan"]),
        ("J.P. Morgan", True, ["jp", "morgan"]),
        ("U.S.A.", True, ["usa"]),
        ("Co., Ltd.", True, ["co", "ltd"]),
        ("A320/B737 (fleet)", False, ["a320", "b737", "fleet"]),
        ("", False, []),
        ("...", False, []),
    ],
)
def test_split_words(text: str, join_dotted: bool, expected: list[str]) -> None:
    assert split_words(text, join_dotted=join_dotted) == expected
