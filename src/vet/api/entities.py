"""Between FollowTheMoney entities on the wire and what the matcher and store speak.

``read_example`` turns a query entity (a /match query or a reconciliation
query) into the arguments of :meth:`vet.scoring.Matcher.match`, refusing what it
cannot use with a message naming the query. The other functions build response
entities from stored records, nesting linked entities for an entity's page.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from followthemoney import model, registry
from followthemoney.exc import InvalidData
from followthemoney.schema import Schema

from vet.api.models import EntityResponse, Listing
from vet.errors import InputError
from vet.index import Listing as IndexListing
from vet.scoring.query import Query
from vet.store.lookup import EntityRecord

MATCH_SCHEMATA = (
    "Person",
    "Organization",
    "Company",
    "LegalEntity",
    "PublicBody",
    "Vessel",
    "Airplane",
)
NAME_PROPS = ("name", "alias", "previousName", "weakAlias")
NAME_PARTS = ("firstName", "secondName", "middleName", "fatherName", "lastName")
MAX_NAMES = 20
"""Names (name plus aliases) one query may give: each is scored against every candidate."""
MAX_VALUES = 100


@dataclass(frozen=True)
class PartyQuery:
    """A query entity as the matcher takes it, and as it was read (for the echo)."""

    query: Query
    entity: dict[str, Any]

    @property
    def schema(self) -> str:
        return self.query.schema or "LegalEntity"


def _values(key: str, prop: str, raw: Any) -> list[str]:
    items = raw if isinstance(raw, list) else [raw]
    if len(items) > MAX_VALUES:
        raise InputError(f"query {key!r}: {prop} has {len(items)} values (at most {MAX_VALUES})")
    values = []
    for item in items:
        if isinstance(item, dict):  # a reconciled value, {"id": ..., "name": ...}
            item = item.get("name") or item.get("id")
        if isinstance(item, bool) or not isinstance(item, str | int | float):
            raise InputError(f"query {key!r}: {prop} values must be text, not {item!r}")
        values.append(str(item))
    return values


def match_schema(key: str, name: str) -> Schema:
    schema = model.get(name)
    if schema is None or schema.name not in MATCH_SCHEMATA:
        what = "unknown schema" if schema is None else "schema that cannot be matched:"
        raise InputError(f"query {key!r}: {what} {name!r} (use {', '.join(MATCH_SCHEMATA)})")
    return schema


def read_example(
    key: str, schema_name: str, properties: Mapping[str, Any], entity_id: str | None = None
) -> PartyQuery:
    """The matcher's view of a query entity; InputError naming ``key`` when unusable."""
    schema = match_schema(key, schema_name)
    proxy = model.make_entity(schema)
    proxy.id = entity_id
    for prop_name, raw in properties.items():
        prop = schema.get(prop_name)
        if prop is None:
            raise InputError(f"query {key!r}: {schema.name} has no property {prop_name!r}")
        try:
            proxy.add(prop, _values(key, prop_name, raw), quiet=True)
        except InvalidData as exc:
            raise InputError(f"query {key!r}: {prop_name}: {exc}") from exc
    names = [v for prop in NAME_PROPS for v in proxy.get(prop, quiet=True)]
    if not names:
        parts = [v for prop in NAME_PARTS for v in proxy.get(prop, quiet=True)]
        if parts:
            names = [" ".join(parts)]
    names = list(dict.fromkeys(names))
    if not names:
        raise InputError(
            f"query {key!r}: no name given (set name, alias, or firstName and lastName)"
        )
    if len(names) > MAX_NAMES:
        raise InputError(f"query {key!r}: {len(names)} names given (at most {MAX_NAMES})")
    birth_dates = proxy.get("birthDate", quiet=True)
    query = Query(
        name=names[0],
        aliases=tuple(names[1:]),
        schema=schema.name,
        countries=tuple(sorted(proxy.get_type_values(registry.country))),
        birth_date=min(birth_dates) if birth_dates else None,
        identifiers=tuple(proxy.get_type_values(registry.identifier)),
    )
    return PartyQuery(query, proxy.to_dict())


# -- stored records to response entities -------------------------------------------


def merge_records(records: Iterable[EntityRecord]) -> dict[str, Any]:
    """One entity from its records on several lists: the union of their values."""
    merged: dict[str, Any] = {}
    properties: dict[str, list[str]] = {}
    for record in records:
        if not merged:
            merged = {"id": record.data["id"], "schema": record.data["schema"]}
        for prop, values in record.data.get("properties", {}).items():
            have = properties.setdefault(prop, [])
            have.extend(v for v in values if v not in have)
    merged["properties"] = properties
    return merged


def caption_of(data: dict[str, Any]) -> str:
    return str(model.get_proxy(data, cleaned=True).caption)


def is_target(data: dict[str, Any]) -> bool:
    return bool(data.get("properties", {}).get("topics"))


def entity_fields(
    data: dict[str, Any], datasets: Iterable[str], caption: str | None = None
) -> dict[str, Any]:
    """The fields of an :class:`EntityResponse` (or a subclass) for a stored entity."""
    return {
        "id": data["id"],
        "caption": caption or caption_of(data),
        "schema": data["schema"],
        "properties": dict(data.get("properties", {})),
        "datasets": sorted(set(datasets)),
        "target": is_target(data),
    }


def entity_response(
    data: dict[str, Any], datasets: Iterable[str], caption: str | None = None
) -> EntityResponse:
    return EntityResponse(**entity_fields(data, datasets, caption))


def listing_model(item: IndexListing) -> Listing:
    return Listing(
        list_name=item.list_name,
        authority=item.authority,
        programs=list(item.programs),
        listing_date=item.listing_date,
        source_url=item.source_url,
    )


def entity_refs(data: dict[str, Any]) -> set[str]:
    """Ids of the entities this one names in its entity-typed properties."""
    schema = model.get(data["schema"])
    if schema is None:
        return set()
    refs = set()
    for prop_name, values in data.get("properties", {}).items():
        prop = schema.get(prop_name)
        if prop is not None and prop.type == registry.entity:
            refs.update(values)
    return refs


def nest_properties(
    root: dict[str, Any],
    referencing: list[tuple[dict[str, Any], list[str]]],
    linked: Mapping[str, EntityResponse],
) -> dict[str, list[str | EntityResponse]]:
    """The root's properties with linked entities inlined, as yente's ``nested`` does.

    Entities the root names replace their ids; entities naming the root appear
    under the reverse property (a Sanction's ``entity`` becomes the root's
    ``sanctions``), without the reference back to the root. Ids found in
    ``linked`` are inlined one level further (the other side of an ownership).
    """
    root_id = root["id"]
    schema = model.get(root["schema"])
    properties: dict[str, list[str | EntityResponse]] = {}
    for prop_name, values in root.get("properties", {}).items():
        prop = schema.get(prop_name) if schema else None
        if prop is not None and prop.type == registry.entity:
            properties[prop_name] = [linked.get(v, v) for v in values]
        else:
            properties[prop_name] = list(values)
    for data, datasets in referencing:
        other = model.get(data["schema"])
        if other is None:
            continue
        nested: dict[str, list[str | EntityResponse]] = {}
        reverse_names: list[str] = []
        for prop_name, values in data.get("properties", {}).items():
            prop = other.get(prop_name)
            if prop is not None and prop.type == registry.entity:
                if root_id in values and prop.reverse is not None:
                    reverse_names.append(prop.reverse.name)
                rest = [linked.get(v, v) for v in values if v != root_id]
                if rest:
                    nested[prop_name] = rest
            else:
                nested[prop_name] = list(values)
        entity = EntityResponse(
            id=data["id"],
            caption=caption_of(data),
            schema=data["schema"],
            properties=nested,
            datasets=datasets,
            target=is_target(data),
        )
        for name in reverse_names:
            properties.setdefault(name, []).append(entity)
    return properties
