"""The name forms real registers hold (issue 12), on the full bundled lists.

Each case is a query as a party file writes it, the listed party it must find at the
default threshold, and the words of the query the explanation must quote.
"""

from __future__ import annotations

import pytest

from vet.scoring import Query
from vet.scoring.matcher import Matcher
from vet.store import Store, import_bundled

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def matcher(tmp_path_factory: pytest.TempPathFactory) -> Matcher:
    root = tmp_path_factory.mktemp("forms")
    store = Store(f"sqlite:///{root / 'vet.db'}")
    import_bundled(store)
    return Matcher.from_store(store)


CASES = [
    # several names in one cell: the hit says which one met, in the user's words
    ("Kalashnikov Concern JSC (Izhmash)", "Company", "JOINT STOCK COMPANY CONCERN KALASHNIKOV",
     "'Kalashnikov Concern JSC', one of the names in 'Kalashnikov Concern JSC (Izhmash)'"),
    ("Northstar Imports d/b/a BLUE BERRI SHIPPING INC.", "Company", "BLUE BERRI SHIPPING INC.",
     "'BLUE BERRI SHIPPING INC.', one of the names in"),
    ("Granite Outfitters Ltd t/a Mosakhar Darya Shipping", "Company",
     "MOSAKHAR DARYA SHIPPING CO", "'Mosakhar Darya Shipping', one of the names in"),
    ("Copperfield Ltd (formerly Mosakhar Darya Shipping Co)", "Company",
     "MOSAKHAR DARYA SHIPPING CO", "'Mosakhar Darya Shipping Co', one of the names in"),
    ("Acme Widgets aka Blue Berri Shipping", "Company", "BLUE BERRI SHIPPING INC.",
     "'Blue Berri Shipping', one of the names in"),
    ("Acme Widgets f/k/a Blue Berri Shipping", "Company", "BLUE BERRI SHIPPING INC.",
     "'Blue Berri Shipping', one of the names in"),
    ("Acme Widgets / Blue Berri Shipping", "Company", "BLUE BERRI SHIPPING INC.",
     "'Blue Berri Shipping', one of the names in"),
    # cut at a field width (20 characters), mid-word or after a whole word
    ("Shenzhen Huawei Aiss", "Company", "Shenzhen Huawei Anjiexin Electricity Co., Ltd.",
     "the query is the listed name cut short"),
    ("ZHONGHANG ELECTRONIC", "Company",
     "ZHONGHANG ELECTRONIC MEASURING INSTRUMENTS COMPANY LIMITED",
     "the query is the listed name cut short"),
    ("ARTAMONOV, IGOR GEOR", "Person", "ARTAMONOV, Igor Georgiyevich", "'ARTAMONOV, IGOR GEOR'"),
    # abbreviated business words, either side
    ("BLUE BERRI SHPG INC.", "Company", "BLUE BERRI SHIPPING INC.",
     "shpg = shipping (abbreviation)"),
    ("SCI STUDIES AND RSRCH COUNCIL", "Company", "SCIENTIFIC STUDIES AND RESEARCH CENTRE (SSRC)",
     "rsrch = research (abbreviation)"),
    # numbers and ordinals
    ("THIRTY-TWO COUNTY SOVEREIGNTY MOVEMENT", "Company", "NEW IRISH REPUBLICAN ARMY",
     "'THIRTY-TWO COUNTY SOVEREIGNTY MOVEMENT'"),
    ("OSTOZHENKA NINETEEN OOO", "Company", "LIMITED LIABILITY COMPANY OSTOZHENKA 19",
     "NINETEEN = 19 (same word)"),
    ("LID SIXTY-SIX", "Company", "66TH LIGHT INFANTRY DIVISION", "'LID SIXTY-SIX'"),
    # short forms of given names
    ("Alex Viktorovich MOOR", "Person", "MOOR, Aleksandr Viktorovich",
     "alex = aleksandr (same given name)"),
    ("LOPEZ OSPINA, Carlos Tony", "Person", "LOPEZ OSPINA, Carlos Antonio",
     "tony = antonio (same given name)"),
    ("Manny Torres Felix", "Person", "TORRES FELIX, Manuel", "manny = manuel (same given name)"),
    # the list holds the short form, the query the full one
    ("Alexander Tsai", "Person", "TSAI, Hsein Tai", "alexander = alex (same given name)"),
    # an acronym the list carries in parentheses in a name
    ("HTL", "Company", "High Technologies, Ltd. (HTL)", "'HTL' met the listed name"),
]  # fmt: skip


RECALL_CASES = [
    # a legal form with its last word clipped, as registers write it
    ("KORDEX JOINT STOCK CO", "Company", "KORDEX JOINT STOCK COMPANY",
     "JOINT STOCK CO = JOINT STOCK COMPANY (same legal form)"),
    ("TransContainer Public Joint Stock Co", "Company",
     "TransContainer Public Joint Stock Company", "Public Joint Stock Co = Public Joint Stock"),
    # an acronym the list carries that also contracts a legal word ('corporation')
    ("CRP", "Company", "CETNIK RAVNAGORSKI POKRET", "'CRP' met the listed alias 'CRP'"),
    # short forms of two letters, or sharing only two letters in a row with the full name
    ("ALEONG, Ed", "Person", "ALEONG, Eddie", "Ed = Eddie (same given name)"),
    ("Al Tsai", "Person", "TSAI, Hsein Tai", "Al = Alex (same given name)"),
    ("Nan TSIVELEVA", "Person", "Anna TSIVELEVA", "Nan = Anna (same given name)"),
    ("CAMPOS TIRADO, Linda Libby", "Person", "CAMPOS TIRADO, Linda Elizabeth",
     "Libby = Elizabeth (same given name)"),
]  # fmt: skip


@pytest.mark.parametrize(("query", "schema", "caption", "explained"), CASES + RECALL_CASES)
def test_register_forms_are_found(
    matcher: Matcher, query: str, schema: str, caption: str, explained: str
) -> None:
    hits = matcher.match(Query.of(query, schema=schema))
    found = [h for h in hits if h.caption == caption]
    assert found, f"{query!r} found {[(h.caption, h.score) for h in hits]}"
    assert found[0].match
    assert explained.casefold() in found[0].explanation.casefold()


@pytest.mark.parametrize(
    "query",
    ["Bank of China (Hong Kong) Limited", "Bosnia and Herzegovina Trading S/A"],
)
def test_a_qualifier_is_not_a_second_name(matcher: Matcher, query: str) -> None:
    """A place in parentheses or a slash inside a legal form screens the name whole."""
    for hit in matcher.match(Query.of(query, schema="Company"), include_below=True):
        assert hit.query_name == query
