"""Legal forms in many languages and scripts, each read as one generic code."""

from __future__ import annotations

import pytest

from vet.names import tokenise
from vet.names.legal_forms import is_legal_form, legal_form_code, replace_legal_forms


@pytest.mark.parametrize(
    ("form", "code"),
    [
        # limited liability company
        ("Ltd", "llc"),
        ("Ltd.", "llc"),
        ("Limited", "llc"),
        ("Co., Ltd.", "llc"),
        ("Co.,Ltd", "llc"),
        ("LLC", "llc"),
        ("L.L.C.", "llc"),
        ("Limited Liability Company", "llc"),
        ("GmbH", "llc"),
        ("Gesellschaft mit beschränkter Haftung", "llc"),
        ("S.A.R.L.", "llc"),
        ("S.R.L.", "llc"),
        ("Sp. z o.o.", "llc"),
        ("B.V.", "llc"),
        ("Pte. Ltd.", "llc"),
        ("Sdn. Bhd.", "llc"),
        ("Inc.", "llc"),
        ("ООО", "llc"),
        ("Общество с ограниченной ответственностью", "llc"),
        ("ТОВ", "llc"),
        ("有限公司", "llc"),
        ("有限责任公司", "llc"),
        # joint-stock company
        ("JSC", "jsc"),
        ("Joint Stock Company", "jsc"),
        ("Public Joint-Stock Company", "jsc"),
        ("PJSC", "jsc"),
        ("OJSC", "jsc"),
        ("CJSC", "jsc"),
        ("OAO", "jsc"),
        ("ZAO", "jsc"),
        ("ПАО", "jsc"),
        ("АО", "jsc"),
        ("S.A.", "jsc"),
        ("Sociedad Anónima", "jsc"),
        ("AG", "jsc"),
        ("Aktiengesellschaft", "jsc"),
        ("PLC", "jsc"),
        ("S.p.A.", "jsc"),
        ("股份有限公司", "jsc"),
        ("株式会社", "jsc"),
        ("주식회사", "jsc"),
        # partnerships and others
        ("LLP", "llp"),
        ("GmbH & Co. KG", "lp"),
        ("e.V.", "ngo"),
        # words rigour leaves out (data/legal_words.txt)
        ("Company", "company"),
        ("Corp.", "corp"),
        ("Corporation", "corporation"),
        ("Pvt", "pvt"),
        ("Pty", "pty"),
        ("Gongsi", "gongsi"),
    ],
)
def test_legal_form_code(form: str, code: str) -> None:
    assert legal_form_code(form) == code


@pytest.mark.parametrize("text", ["Huawei", "Bank", "Trading", "Group", "Huawei Ltd", ""])
def test_not_a_legal_form(text: str) -> None:
    assert legal_form_code(text) is None


@pytest.mark.parametrize(
    ("token", "expected"),
    [("ltd", True), ("gmbh", True), ("ab", True), ("co", True), ("bank", False), ("al", False)],
)
def test_is_legal_form(token: str, expected: bool) -> None:
    assert is_legal_form(token) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("华为技术有限公司", "华为技术 llc"),  # suffix of a Han run
        ("株式会社トヨタ", "jsc トヨタ"),  # prefix of a kana run
        ("huawei technologies co., ltd.", "huawei technologies llc"),
        ("ооо газпром", "llc газпром"),
        ("bank melli", "bank melli"),
    ],
)
def test_replace_legal_forms(text: str, expected: str) -> None:
    replaced, _ = replace_legal_forms(text)
    assert " ".join(replaced.split()) == expected


@pytest.mark.parametrize(
    "name",
    [
        "Foo Co., Ltd.",
        "Foo Company Limited",
        "Foo Ltd",
        "FOO LIMITED",
        "Foo LLC",
        "Foo GmbH",
        "Foo S.A.",
        "Foo JSC",
        "OAO Foo",
        "PJSC Foo",
        "Foo Corporation",
        "ООО «Foo»",
        "Foo 有限公司",
        "Foo Youxian Gongsi",
        "Foo Pvt. Ltd.",
        "Foo B.S.C. (c)",
    ],
)
def test_legal_forms_weigh_as_one_class(name: str) -> None:
    form = tokenise(name, schema="Company")
    assert form.key == "foo"
    assert {t.kind for t in form.tokens if t.text != "foo"} <= {"legal", "initial"}


@pytest.mark.parametrize(
    ("name", "tokens"),
    [
        # listed names (OFAC, OFSI) with the last legal word clipped, as registers write it
        ("AKHANGARANCEMENT JOINT STOCK CO", ["akhangarancement:name", "jsc:legal"]),
        ("OPEN JOINT-STOCK CO CHAYKA", ["jsc:legal", "chayka:name"]),
        ("LTD. LIABILITY CO INVT DECISIONS 3",
         ["llc:legal", "invt:generic", "decisions:name", "3:number"]),
        ("TransContainer Public Joint Stock Co", ["transcontainer:name", "jsc:legal"]),
        # a clip that completes no longer form stays as it was
        ("Huawei Technologies Co., Ltd.", ["huawei:name", "technology:generic", "llc:legal"]),
        ("Sunrise Stock Co", ["sunrise:name", "stock:name", "co:legal"]),
    ],
)  # fmt: skip
def test_a_clipped_legal_word_completes_its_form(name: str, tokens: list[str]) -> None:
    """A clipped 'Joint Stock Co' is the joint-stock company 'Joint Stock Company' is, not two words
    of the name ("joint", "stock") that every other joint-stock company shares."""
    form = tokenise(name, schema="Company")
    assert [f"{t.text}:{t.kind}" for t in form.tokens] == tokens
