"""The matching benchmark's dataset builder, on a handful of hand-made listed entities.

Checks that every variation class yields a changed, labelled query, that the labels point at
the entity varied, that the build is deterministic, and that innocent names and near misses
are not listed names.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from followthemoney import model
from followthemoney.proxy import EntityProxy

from match_dataset import Listed, Record, build_dataset, listed_from_entities
from match_negatives import ListedWords, distinctive_keys
from match_text import name_key, trivial_form
from match_variations import CLASSES, VariationClass

ENTITIES: list[tuple[str, str, dict[str, list[str]]]] = [
    ("sdn-1", "Person", {"name": ["AL-ASSAD, Maher"], "alias": ["AL-ASAD, Mahir"],
                         "firstName": ["Maher"], "lastName": ["AL-ASSAD"], "country": ["sy"]}),
    ("uk-2", "Person", {"name": ["Nikolay Vasilievich AREFIEV"],
                        "alias": ["Арефьев Николай Васильевич"], "nationality": ["ru"]}),
    ("csl-3", "Company", {"name": ["Hangzhou Hikvision Digital Technology Co., Ltd."],
                          "country": ["cn"]}),
    ("sdn-4", "Person", {"name": ["Jürgen MÜLLER-LÜDENSCHEID"], "country": ["de"],
                         "gender": ["male"]}),
    ("sdn-5", "Organization", {"name": ["BANK OF KUNLUN CO LTD"], "country": ["cn"]}),
    ("sdn-6", "Person", {"name": ["Pieter van der BERG"], "country": ["nl"]}),
    ("sdn-7", "Organization", {"name": ["LIMITED LIABILITY COMPANY RADIOVOLNA"],
                               "country": ["ru"]}),
    ("un-8", "Person", {"name": ["FAYSAL AHMAD BIN ALI AL-ZAHRANI"],
                        "alias": ["فيصل احمد بن علي الزهراني"], "country": ["sa"]}),
    ("csl-9", "Company", {"name": ["Zhongxing Digital Equipment Company"], "country": ["cn"]}),
    ("csl-10", "Company", {"name": ["Digital Recorders Shenzhen Limited"], "country": ["cn"]}),
    ("sdn-11", "Person", {"name": ["GARCIA LOPEZ, Jose Ernesto"], "country": ["mx"]}),
]  # fmt: skip


def make_entities() -> list[EntityProxy]:
    out = []
    for entity_id, schema, props in ENTITIES:
        entity = model.make_entity(schema)
        entity.id = entity_id
        for prop, values in props.items():
            entity.add(prop, values)
        out.append(entity)
    return out


@pytest.fixture(scope="module")
def listed() -> list[Listed]:
    return listed_from_entities(make_entities())


@pytest.fixture(scope="module")
def records(listed: list[Listed]) -> list[Record]:
    return build_dataset(listed, sample=len(listed), seed=3, negatives=80, near=20)


def positives(records: Sequence[Record]) -> list[Record]:
    return [r for r in records if r.kind != "negative"]


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.name)
def test_each_class_yields_a_changed_labelled_query(
    cls: VariationClass, records: list[Record]
) -> None:
    found = [r for r in positives(records) if r.klass == cls.name]
    assert found, f"no query of class {cls.name}"
    for record in found:
        assert record.kind == cls.kind
        assert record.source_name is not None
        assert trivial_form(record.query) != trivial_form(record.source_name)
        assert record.expected_entity_id in record.accepted_ids


def test_labels_point_at_the_varied_entity(listed: list[Listed], records: list[Record]) -> None:
    captions = {item.entity_id: item.caption for item in listed}
    for record in positives(records):
        assert record.expected_entity_id is not None
        assert captions[record.expected_entity_id] == record.source_name


def test_variants_are_not_names_the_list_already_gives(
    listed: list[Listed], records: list[Record]
) -> None:
    forms = {trivial_form(n) for item in listed for n in item.names}
    for record in positives(records):
        if record.klass != "original_script":
            assert trivial_form(record.query) not in forms, record


def test_examples(records: list[Record]) -> None:
    by_class = {(r.klass, r.expected_entity_id): r.query for r in positives(records)}
    assert by_class[("word_order", "sdn-1")] == "Maher AL-ASSAD"
    assert by_class[("original_script", "uk-2")] == "Арефьев Николай Васильевич"
    assert by_class[("truncation", "csl-3")] == "Hangzhou Hikvision Digital Technolo"
    assert by_class[("diacritics", "sdn-4")] in {
        "Jurgen MULLER-LUDENSCHEID",
        "Juergen MUELLER-LUEDENSCHEID",
    }


def test_negatives_are_not_listed_names(listed: list[Listed], records: list[Record]) -> None:
    negatives = [r for r in records if r.kind == "negative"]
    assert sum(r.klass.startswith("innocent") for r in negatives) == 80
    assert {r.klass for r in negatives} >= {"innocent_person", "innocent_company"}
    assert any(r.klass.startswith("near_miss") for r in negatives)
    names = [n for item in listed for n in item.names]
    keys = {name_key(n) for n in names}
    forms = {trivial_form(n) for n in names}
    index = ListedWords(names, (item.caption for item in listed))
    for record in negatives:
        assert record.expected_entity_id is None and not record.accepted_ids
        assert name_key(record.query) not in keys
        assert trivial_form(record.query) not in forms
        assert not index.clashes(record.query), record.query


def test_near_misses_share_exactly_one_distinctive_word(records: list[Record]) -> None:
    for record in records:
        if record.klass.startswith("near_miss"):
            assert record.source_name is not None
            shared = set(distinctive_keys(record.query)) & set(distinctive_keys(record.source_name))
            assert len(shared) == 1, (record.query, record.source_name)


def test_build_is_deterministic(listed: list[Listed], records: list[Record]) -> None:
    again = build_dataset(listed, sample=len(listed), seed=3, negatives=80, near=20)
    assert again == records
    other = build_dataset(listed, sample=len(listed), seed=4, negatives=80, near=20)
    assert other != records
