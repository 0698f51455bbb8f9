"""``latinise`` and ``scripts_of``: every script the lists use, written in ASCII."""

from __future__ import annotations

import pytest

from vet.names.translit import latin_pieces, latinise, scripts_of


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Huawei", "Huawei"),
        ("Müller Ørsted", "Muller Orsted"),
        ("Société Générale", "Societe Generale"),
        # Cyrillic: BGN/PCGN-style, as the lists write it
        ("Газпром", "Gazprom"),
        ("Шевченко", "Shevchenko"),
        ("Юрий Щербаков", "Yury Shcherbakov"),
        ("Роснефть", "Rosneft"),
        # Greek
        ("Αλέξανδρος Παπαδόπουλος", "Alexandros Papadopoulos"),
        # Arabic and Persian: consonants and long vowels only (ICU)
        ("محمد", "mhmd"),
        ("حسين", "hsyn"),
        ("القاعدة", "al qada"),  # article split off, ta marbuta as "a"
        ("حزب الله", "hzb allh"),  # "Allah" keeps its article
        ("أسامة بن لادن", "asama bn ladn"),
        ("مصطفى", "mstfa"),  # alif maqsura as "a"
        ("بانک ملی ایران", "bank mly ayran"),
        # Hebrew
        ("שלום", "slwm"),
        # Han: toneless pinyin, one syllable per character
        ("海康威视", "hai kang wei shi"),
        ("重庆", "chong qing"),  # the reading of the word, not of the characters
        ("吕", "lu"),  # ü written u
        # Hangul: the lists' (McCune-Reischauer) spelling of a Korean name
        ("김정은", "kim jong un"),
        ("최룡해", "choe ryong hae"),
        # a foreign name in Hangul: no vowel for the cluster's b, one l
        ("블라디미르 푸틴", "bl a di mi r pu tin"),
        # ... 샤 is "sha" (샤픽 Shafiq); 슬 ending a word is a cluster (나슬 Nasr)
        ("압둘 와헤드 샤픽", "ap dul wa he d sha pik"),
        ("사이야흐 나슬", "sa i ya h na sl"),
        # ض is written dh: lists write Ridha, Ramadan, Reza
        ("رضا", "rdha"),
        # Kana: words split at the middle dot, added vowels dropped, long vowels kept
        ("トヨタ", "toyota"),
        ("とよた", "toyota"),
        ("バラク・オバマ", "barak obama"),
        ("ウラジーミル・プーチン", "urajimir puchin"),
        ("モハメド・ビン・サルマン", "mohamed bin sarman"),
        # Thai, Khmer: the letters a foreign name's sounds are written with
        ("บารัค โอบามา", "barak obama"),
        ("วลาดีมีร์ ปูติน", "wladimir putin"),
        ("បារ៉ាក់ អូបាម៉ា", "barak ubama"),
        ("វ្លាឌីមៀរ ពូទីន", "vladimier putin"),
        # Ethiopic: j, ch, sh for ICU's ǧ, č, š
        ("ዬቭጌኒ ቪክቶሮቪች ፕሪጎጂን", "yevgeni viktorovich prigojin"),
        # Mixed
        ("华为 Huawei", "hua wei Huawei"),
        ("", ""),
    ],
)
def test_latinise(text: str, expected: str) -> None:
    assert latinise(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("海康威视", "haikangweishi"),
        ("杭州 海康威视", "hangzhou haikangweishi"),
        ("김정은", "kimjongun"),
        ("버락 오바마", "borak obama"),
        ("Газпром", "Gazprom"),
    ],
)
def test_latinise_joined(text: str, expected: str) -> None:
    assert latinise(text, join_syllables=True) == expected


def test_latinise_is_ascii_for_any_script() -> None:
    text = "Ωmega Ուրախ თბილისი กรุงเทพ दिल्ली ئۇيغۇر 𠀀 ✓"
    assert latinise(text).isascii()


def test_latin_pieces_mark_syllables() -> None:
    pieces = latin_pieces("Huawei 华为")
    assert [(p.text.strip(), p.syllables) for p in pieces] == [
        ("Huawei", False),
        ("hua wei", True),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Huawei", {"Latin"}),
        ("Газпром", {"Cyrillic"}),
        ("Gаzprom", {"Latin", "Cyrillic"}),
        ("华为 Huawei 123", {"Han", "Latin"}),
        ("محمد", {"Arabic"}),
        ("トヨタ自動車", {"Katakana", "Han"}),
        ("김정은", {"Hangul"}),
        ("123 - ,", set()),
    ],
)
def test_scripts_of(text: str, expected: set[str]) -> None:
    assert scripts_of(text) == expected
