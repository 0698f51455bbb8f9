"""``tokenise``: classified tokens, reading orders and keys of real-world names."""

from __future__ import annotations

import random

import pytest

from vet.names import MAX_NAME_LENGTH, TOKEN_KINDS, NameForm, name_orders, tokenise


def tokens(name: str, schema: str | None = None) -> list[str]:
    """Tokens as ``text:kind``, one string per token, for compact tables."""
    return [f"{t.text}:{t.kind}" for t in tokenise(name, schema=schema).tokens]


@pytest.mark.parametrize(
    ("name", "schema", "expected"),
    [
        (
            "Huawei Technologies Co., Ltd.",
            "Company",
            # a generic word in the singular: lists write Technology and Technologies
            ["huawei:name", "technology:generic", "llc:legal"],
        ),
        (
            "Shenzhen Huawei UK Ltd",
            "Company",
            ["shenzhen:place", "huawei:name", "uk:place", "llc:legal"],
        ),
        ("AL-QAIDA", "Organization", ["al:particle", "qaida:name"]),
        ("Al Qaeda", None, ["al:particle", "qaeda:name"]),
        ("Dr. Ali Hassan", "Person", ["dr:title", "ali:name", "hassan:name"]),
        ("Dr. Ali Hassan", None, ["dr:title", "ali:name", "hassan:name"]),
        ("Colonel Muammar Gaddafi", "Person", ["colonel:title", "muammar:name", "gaddafi:name"]),
        ("John Major", "Person", ["john:name", "major:name"]),  # a title only in front
        ("Osama bin Laden", "Person", ["osama:name", "bin:particle", "laden:name"]),
        ("Ludwig van Beethoven", "Person", ["ludwig:name", "van:particle", "beethoven:name"]),
        ("Sean O'Brien", "Person", ["sean:name", "obrien:name"]),
        # An apostrophe inside a word joins it: "'at" and "'as" are no legal forms (AT, AS).
        (
            "Jama'at al-Tawhid wal-Jihad",
            "Organization",
            ["jamaat:name", "al:particle", "tawhid:name", "wal:particle", "jihad:name"],
        ),
        ("JAMA’AT UL-DAWA", None, ["jamaat:name", "ul:name", "dawa:name"]),
        ("Harakat Jama'at", "Organization", ["harakat:name", "jamaat:name"]),
        ("L'Oreal SA", "Company", ["loreal:name", "jsc:legal"]),
        ("Jabhat an-Nusra", "Organization", ["jabhat:name", "al:particle", "nusra:name"]),
        (
            "Bank as-Saderat Iran",
            "Company",
            ["bank:name", "al:particle", "saderat:name", "iran:place"],
        ),
        ("Bank Melli Iran", "Company", ["bank:name", "melli:name", "iran:place"]),
        ("Procter & Gamble", "Company", ["procter:name", "and:particle", "gamble:name"]),
        (
            "Hong Kong Hikvision Ltd",
            "Company",
            ["hong:place", "kong:place", "hikvision:name", "llc:legal"],
        ),
        (
            "Beijing Zhongguancun Keji Jituan",
            "Company",
            ["beijing:place", "zhongguancun:name", "keji:generic", "jituan:generic"],
        ),
        (
            "China Electronics Technology Group Corporation",  # nothing distinctive
            "Company",
            [
                "china:place",
                "electronics:name",
                "technology:name",
                "group:name",
                "corporation:legal",
            ],
        ),
        ("Jordan Georgia", "Person", ["jordan:name", "georgia:name"]),  # people, not places
        ("Boeing 737", "Airplane", ["boeing:name", "737:number"]),
        (
            "J.P. Morgan Chase & Co.",
            "Company",
            [
                "jp:name",
                "morgan:name",
                "chase:name",
                "and:particle",
                "co:legal",
            ],
        ),
        ("ООО Газпром", "Company", ["llc:legal", "gazprom:name"]),
        ("ПАО «Газпром»", None, ["jsc:legal", "gazprom:name"]),
        ("Gаzprom", "Company", ["gazprom:name"]),  # Cyrillic а
        ("Газпром", "Company", ["gazprom:name"]),
        ("Hua\u200bwei Tech\u00adnologies", "Company", ["huawei:name", "technology:generic"]),
        ("محمد بن سلمان", "Person", ["mhmd:name", "bn:particle", "slman:name"]),
        ("القاعدة", "Organization", ["al:particle", "qada:name"]),
        ("김정은", "Person", ["kim:name", "jongun:name"]),
        ("トヨタ自動車株式会社", "Company", ["toyota:name", "zidongche:name", "jsc:legal"]),
        ("Ελληνική Εταιρεία", None, ["elliniki:name", "etaireia:name"]),
    ],
)
def test_tokens(name: str, schema: str | None, expected: list[str]) -> None:
    assert tokens(name, schema) == expected


@pytest.mark.parametrize(
    ("name", "schema", "expected"),
    [
        # Chinese organisation: known words found among the syllables, the rest joined
        (
            "华为技术有限公司",
            "Company",
            ["huawei:name", "technology:generic", "llc:legal"],
        ),
        (
            "杭州海康威视数字技术股份有限公司",
            "Company",
            [
                "hangzhou:place",
                "haikangweishi:name",
                "digital:generic",
                "technology:generic",
                "jsc:legal",
            ],
        ),
        (
            "深圳市大疆创新科技有限公司",
            "Company",
            [
                "shenzhen:place",
                "shi:place",
                "dajiangchuangxin:name",
                "technology:generic",
                "llc:legal",
            ],
        ),
        # Chinese person: family name, then given name as one word
        ("习近平", "Person", ["xi:name", "jinping:name"]),
    ],
)
def test_chinese_tokens(name: str, schema: str | None, expected: list[str]) -> None:
    assert tokens(name, schema) == expected


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        (
            "杭州海康威视数字技术股份有限公司",
            "Hangzhou Haikang Weishi Shuzi Jishu Gufen Youxian Gongsi",
        ),
        ("海康威视", "Haikang Weishi"),
        ("华为技术有限公司", "Huawei Jishu Youxian Gongsi"),
        ("AL-QAIDA", "Al Qaida"),
        ("AL-QAIDA", "Alqaida"),
    ],
)
def test_joined_forms_meet(query: str, listed: str) -> None:
    assert (
        tokenise(query, schema="Organization").joined
        == tokenise(listed, schema="Organization").joined
    )


WORD_CLASSES = {
    "generic": """technologies tech group international trading industries holding holdings
        enterprises development services investment import export engineering electronics
        logistics shipping global systems solutions resources energy research institute keji
        jituan guoji maoyi shiye fazhan kaifa dianzi gufen""",
    "place": """chinese russian iranian british american european asia europe uk usa hk beijing
        shanghai guangdong shaanxi xinjiang tibet xizang moscow tehran dubai china russia iran
        germany syria zhongguo""",
    "legal": "ltd limited llc gmbh jsc pjsc oao company corp youxian gongsi",
    "name": "bank huawei melli national",
}


@pytest.mark.parametrize(
    ("word", "kind"),
    [(word, kind) for kind, words in WORD_CLASSES.items() for word in words.split()],
)
def test_word_classes(word: str, kind: str) -> None:
    form = tokenise(f"Acme {word}", schema="Company")
    assert [t.kind for t in form.tokens] == ["name", kind]


@pytest.mark.parametrize(
    ("name", "schema", "phrase"),
    [
        ("Acme Hong Kong", "Company", ["hong", "kong"]),
        ("Acme Middle East", "Company", ["middle", "east"]),
        ("Acme United Arab Emirates", "Company", ["united", "arab", "emirates"]),
        ("Acme Inner Mongolia", "Company", ["inner", "mongolia"]),
    ],
)
def test_place_phrases(name: str, schema: str, phrase: list[str]) -> None:
    form = tokenise(name, schema=schema)
    assert [t.text for t in form.tokens if t.kind == "place"] == phrase


def test_surname_first_gives_both_orders() -> None:
    form = tokenise("SMITH, John A.", schema="Person")
    assert [(t.text, t.kind) for t in form.tokens] == [
        ("john", "name"),
        ("a", "initial"),
        ("smith", "name"),
    ]
    assert [[t.text for t in order] for order in name_orders(form)] == [
        ["john", "a", "smith"],
        ["smith", "john", "a"],
    ]
    assert form.latin == "smith john a"
    assert form.key == "john smith"
    assert form.key == tokenise("John A. Smith", schema="Person").key


def test_comma_in_company_name_is_not_an_order() -> None:
    form = tokenise("Huawei Technologies, Ltd.", schema=None)
    assert len(form.orders) == 1
    assert [t.text for t in form.tokens] == ["huawei", "technology", "llc"]


def test_name_form_fields() -> None:
    form = tokenise("Hua\u200bwei Technologies Co., Ltd.", schema="Company")
    assert form.original == "Hua\u200bwei Technologies Co., Ltd."
    assert form.cleaned == "Huawei Technologies Co., Ltd."
    assert form.latin == "huawei technologies co ltd"
    assert form.scripts == frozenset({"Latin"})
    assert form.key == "huawei"
    assert form.joined == "huawei"
    assert [t.text for t in form.strong] == ["huawei"]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Huawei Technologies Co., Ltd.", "HUAWEI TECHNOLOGIES COMPANY LIMITED"),
        ("Gazprom PJSC", "ПАО Газпром"),
        ("Rosoboronexport OAO", "Joint Stock Company Rosoboronexport"),
        ("Huawei UK Ltd", "Huawei"),
    ],
)
def test_same_key(a: str, b: str) -> None:
    assert tokenise(a, schema="Company").key == tokenise(b, schema="Company").key


def test_every_kind_is_declared() -> None:
    names = ["Dr. J. Smith 2nd", "Acme Trading UK Ltd of London", "Al Acme"]
    kinds = {
        t.kind for n in names for s in ("Person", "Company") for t in tokenise(n, schema=s).tokens
    }
    assert kinds <= set(TOKEN_KINDS)


@pytest.mark.parametrize(
    "name",
    [
        "",
        " ",
        "\u200b\u200b",
        "...",
        ",",
        "x" * 10_000,
        "Huawei " * 5_000,
        "a." * 5_000,
        "海" * 10_000,
        "محمد " * 3_000,
        "\x00\x01\x02binary\xff\xfe",
    ],
)
@pytest.mark.parametrize("schema", [None, "Person", "Company"])
def test_bad_input_does_not_crash(name: str, schema: str | None) -> None:
    form = tokenise(name, schema=schema)
    assert isinstance(form, NameForm)
    assert len(form.cleaned) <= MAX_NAME_LENGTH
    assert all(t.text.isascii() and t.text for t in form.tokens)


@pytest.mark.parametrize("seed", range(5))
def test_random_binary_does_not_crash(seed: int) -> None:
    text = random.Random(seed).randbytes(10_000).decode("utf-8", "replace")
    for schema in (None, "Person", "Company"):
        assert all(t.text.isascii() for t in tokenise(text, schema=schema).tokens)


def test_empty_name() -> None:
    form = tokenise("   ")
    assert form.tokens == ()
    assert form.key == ""
    assert form.orders == ((),)
