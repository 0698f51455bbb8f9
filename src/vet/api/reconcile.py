"""``/reconcile/{dataset}``: the W3C Reconciliation Service API 0.2, for OpenRefine.

OpenRefine fetches the manifest (``GET``, possibly with a JSONP ``callback``),
then sends batches of queries as a form field ``queries=`` (JSON), and data
extension requests as ``extend=``. Candidates are scored by the same scorer as
``/match``; ``match`` is true from the calibrated threshold, so OpenRefine can
auto-match them. Suggest, preview and property proposal serve its dialogs.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import replace
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from followthemoney import model, registry
from followthemoney.schema import Schema
from pydantic import BaseModel, ValidationError

from vet import __version__
from vet.api.entities import MATCH_SCHEMATA, merge_records, read_example
from vet.api.errors import ERROR_RESPONSES
from vet.api.hits import explanations, find_hits, scope_filters
from vet.api.models import (
    ExtendMeta,
    ExtendQuery,
    ExtendResponse,
    ExtendSpec,
    PreviewSpec,
    PropertySetting,
    ProposedProperty,
    ProposeResponse,
    ReconCandidate,
    ReconFeature,
    ReconManifest,
    ReconQuery,
    ReconResult,
    ReconType,
    ServiceSpec,
    SuggestItem,
    SuggestResponse,
    SuggestSpec,
    ViewSpec,
)
from vet.errors import InputError, NotFound
from vet.index import ListedParty
from vet.service.auth import require_api_key
from vet.service.state import DEFAULT_DATASET, ApiState, Dataset, State

DEFAULT_TYPE = "LegalEntity"
DEFAULT_CANDIDATES = 5
SUGGEST_LIMIT = 10
BATCH_SIZE = 10
CALLBACK = re.compile(r"^[A-Za-z_$][\w$.]{0,99}$")
LISTING_PROPERTIES = {
    "lists": "Lists",
    "programs": "Programs",
    "authority": "Listing authority",
    "listingDate": "Listing date",
    "sourceUrl": "Source",
}
"""Extension properties read from a party's listings rather than its entity."""
PROPOSED = (
    "alias",
    "country",
    "nationality",
    "jurisdiction",
    "birthDate",
    "address",
    "registrationNumber",
    "idNumber",
    "passportNumber",
    "imoNumber",
    "notes",
)

router = APIRouter(
    prefix="/reconcile/{dataset}",
    tags=["Reconciliation"],
    dependencies=[Depends(require_api_key)],
    responses=ERROR_RESPONSES,
)


# -- answers -----------------------------------------------------------------------


def answer(data: BaseModel | dict[str, Any], callback: str | None = None) -> Response:
    """JSON, or JSONP when the client asked for a callback."""
    if isinstance(data, BaseModel):
        text = data.model_dump_json(exclude_none=True)
    else:
        text = json.dumps(data, ensure_ascii=False)
    if callback is None:
        return Response(text, media_type="application/json")
    if not CALLBACK.match(callback):
        raise InputError(f"callback={callback!r}: expected a JavaScript function name")
    return Response(f"/**/{callback}({text});", media_type="application/javascript")


def _text(value: str | None) -> str | None:
    return value.strip() if value else None


def recon_type(schema: Schema) -> ReconType:
    return ReconType(id=schema.name, name=schema.label, description=_text(schema.description))


def schema_for(key: str, type_: str | list[str] | None) -> str:
    """The schema a reconciliation query asks for; wider FollowTheMoney types match as
    LegalEntity."""
    name = type_[0] if isinstance(type_, list) and type_ else type_
    if not name or not isinstance(name, str):
        return DEFAULT_TYPE
    schema = model.get(name)
    if schema is None:
        raise InputError(f"query {key!r}: unknown type {name!r} (use {', '.join(MATCH_SCHEMATA)})")
    return schema.name if schema.name in MATCH_SCHEMATA else DEFAULT_TYPE


def related_schemata(name: str) -> frozenset[str]:
    """Schemata a candidate of type ``name`` may have: it, its descendants, its ancestors
    (a Person query meets a LegalEntity record, never an Organization)."""
    wanted = model.get(name)
    if wanted is None:
        return frozenset()
    return frozenset(s.name for s in model.schemata.values() if s.is_a(wanted) or wanted.is_a(s))


def _json_field(field: str, raw: str) -> Any:
    try:
        return json.loads(raw)
    except ValueError as exc:
        raise InputError(f"{field}: not valid JSON ({exc})") from None
    except RecursionError:
        raise InputError(f"{field}: JSON nested too deeply") from None


def _first_problem(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(p) for p in error.get("loc", ()))
    return f"{where}: {error.get('msg', '')}" if where else str(error.get("msg", ""))


# -- queries -----------------------------------------------------------------------


def describe(party: ListedParty | None, schema: str) -> str:
    """'Organization; us_ofac_sdn (CUBA)': what a candidate is and where it is listed."""
    found = model.get(schema)
    label = str(found.label) if found is not None else schema
    if party is None:
        return label
    listed = "; ".join(
        f"{item.list_name} ({', '.join(item.programs)})" if item.programs else item.list_name
        for item in party.listings
    )
    return f"{label}; {listed}"


def reconcile_one(state: ApiState, dataset: str, key: str, raw: Any) -> ReconResult:
    try:
        query = ReconQuery.model_validate(raw)
    except ValidationError as exc:
        raise InputError(f"query {key!r}: {_first_problem(exc)}") from None
    properties: dict[str, list[Any]] = {}
    if query.query and query.query.strip():
        properties["name"] = [query.query]
    for item in query.properties:
        prop = item.pid.rpartition(":")[2]  # "Person:nationality" or "nationality"
        values = item.v if isinstance(item.v, list) else [item.v]
        properties.setdefault(prop, []).extend(values)
    party_query = read_example(key, schema_for(key, query.type), properties)
    limit = min(query.limit or DEFAULT_CANDIDATES, state.settings.max_limit)
    filters = scope_filters(state, dataset)
    if query.type:
        filters = replace(filters, schemata=related_schemata(party_query.schema))
    hits, _ = find_hits(
        state,
        party_query,
        filters,
        limit=limit,
        threshold=state.matcher.threshold,
        cutoff=state.settings.candidate_floor,
    )
    candidates = []
    for hit in hits:
        schema = model.get(hit.schema)
        candidates.append(
            ReconCandidate(
                id=hit.entity_id,
                name=hit.caption,
                description=describe(state.party(hit.entity_id), hit.schema),
                type=[recon_type(schema)] if schema else [],
                score=hit.score,
                match=hit.match,
                features=[
                    ReconFeature(id=name, value=e.score) for name, e in explanations(hit).items()
                ],
            )
        )
    return ReconResult(result=candidates)


def reconcile_batch(state: ApiState, dataset: str, raw: str) -> dict[str, Any]:
    queries = _json_field("queries", raw)
    if not isinstance(queries, dict):
        raise InputError("queries: expected a JSON object of queries keyed by id")
    if len(queries) > state.settings.max_batch:
        raise InputError(
            f"{len(queries)} queries in one request (at most {state.settings.max_batch})"
        )
    return {
        key: reconcile_one(state, dataset, key, raw_query).model_dump(
            mode="json", exclude_none=True
        )
        for key, raw_query in queries.items()
    }


# -- data extension ----------------------------------------------------------------


def property_label(prop_id: str) -> str:
    if prop_id in LISTING_PROPERTIES:
        return LISTING_PROPERTIES[prop_id]
    for name in MATCH_SCHEMATA:
        prop = model.get(name).get(prop_id)  # type: ignore[union-attr]
        if prop is not None:
            return str(prop.label)
    raise InputError(
        f"extend: unknown property {prop_id!r} (see /reconcile/{{dataset}}/extend/property)"
    )


def listing_values(party: ListedParty | None, prop_id: str) -> list[str]:
    if party is None:
        return []
    items = party.listings
    found: dict[str, list[str]] = {
        "lists": [i.list_name for i in items],
        "programs": [p for i in items for p in i.programs],
        "authority": [i.authority for i in items if i.authority],
        "listingDate": [i.listing_date for i in items if i.listing_date],
        "sourceUrl": [i.source_url for i in items if i.source_url],
    }
    return list(dict.fromkeys(found[prop_id]))


def entity_values(data: dict[str, Any], prop_id: str) -> list[str]:
    schema = model.get(data.get("schema", ""))
    prop = schema.get(prop_id) if schema else None
    if prop is None or prop.type == registry.entity:
        return []
    values: list[str] = data.get("properties", {}).get(prop_id, [])
    return [prop.type.caption(v) or v for v in values]


def extend(state: ApiState, raw: str) -> ExtendResponse:
    try:
        query = ExtendQuery.model_validate(_json_field("extend", raw))
    except ValidationError as exc:
        raise InputError(f"extend: {_first_problem(exc)}") from None
    if len(query.ids) > state.settings.max_batch:
        raise InputError(f"extend: {len(query.ids)} ids (at most {state.settings.max_batch})")
    meta = [ExtendMeta(id=p.id, name=property_label(p.id)) for p in query.properties]
    records = state.records(query.ids)
    rows: dict[str, dict[str, list[dict[str, str]]]] = {}
    for entity_id in query.ids:
        found = records.get(entity_id)
        row: dict[str, list[dict[str, str]]] = {}
        if found:
            data = merge_records(found)
            party = state.party(entity_id)
            for item in query.properties:
                if item.id in LISTING_PROPERTIES:
                    values = listing_values(party, item.id)
                else:
                    values = entity_values(data, item.id)
                limit = item.settings.get("limit")
                if isinstance(limit, int) and limit > 0:
                    values = values[:limit]
                row[item.id] = [{"str": v} for v in values]
        rows[entity_id] = row
    return ExtendResponse(meta=meta, rows=rows)


# -- endpoints ---------------------------------------------------------------------


def manifest(request: Request, state: ApiState, dataset: str) -> ReconManifest:
    state.lists_of(dataset)
    base = str(request.base_url).rstrip("/")
    service = f"{base}/reconcile/{dataset}"
    key = request.query_params.get("api_key")  # OpenRefine sends it on to each service
    keep = f"?api_key={quote(key, safe='')}" if key else ""
    also = f"&api_key={quote(key, safe='')}" if key else ""
    title = "all active lists" if dataset == DEFAULT_DATASET else dataset
    return ReconManifest(
        versions=["0.2"],
        name=f"vet: {title}",
        identifierSpace=f"{base}/entities/",
        schemaSpace="https://followthemoney.tech/explorer/schemata/",
        documentation=f"{base}/openapi.json",
        serviceVersion=__version__,
        view=ViewSpec(url=f"{base}/entities/{{{{id}}}}{keep}"),
        preview=PreviewSpec(url=f"{service}/preview?id={{{{id}}}}{also}", width=420, height=260),
        suggest=SuggestSpec(
            entity=ServiceSpec(service_url=service, service_path=f"/suggest/entity{keep}"),
            type=ServiceSpec(service_url=service, service_path=f"/suggest/type{keep}"),
            property=ServiceSpec(service_url=service, service_path=f"/suggest/property{keep}"),
        ),
        extend=ExtendSpec(
            propose_properties=ServiceSpec(
                service_url=service, service_path=f"/extend/property{keep}"
            ),
            property_settings=[
                PropertySetting(
                    name="limit",
                    label="Limit",
                    type="number",
                    default=0,
                    help_text="Most values per cell (0 for all).",
                )
            ],
        ),
        defaultTypes=[recon_type(model.get(name)) for name in MATCH_SCHEMATA],  # type: ignore[arg-type]
        batchSize=min(BATCH_SIZE, state.settings.max_batch),
    )


@router.get("", summary="Manifest, or queries and extension in the query string")
def reconcile_get(
    request: Request,
    dataset: Dataset,
    state: State,
    queries: Annotated[
        str | None, Query(description="JSON batch of reconciliation queries.")
    ] = None,
    extend_: Annotated[
        str | None, Query(alias="extend", description="JSON data extension query.")
    ] = None,
    callback: Annotated[str | None, Query(description="JSONP function name.")] = None,
) -> Response:
    """The service manifest OpenRefine reads when the service is added; with `queries=`
    or `extend=`, the same answers as POST."""
    if queries:
        return answer(reconcile_batch(state, dataset, queries), callback)
    if extend_:
        state.lists_of(dataset)
        return answer(extend(state, extend_), callback)
    return answer(manifest(request, state, dataset), callback)


@router.post("", summary="Reconcile a batch of queries, or extend reconciled rows")
def reconcile_post(
    dataset: Dataset,
    state: State,
    queries: Annotated[
        str | None, Form(description="JSON batch of reconciliation queries.")
    ] = None,
    extend_: Annotated[
        str | None, Form(alias="extend", description="JSON data extension query.")
    ] = None,
) -> Response:
    """What OpenRefine sends: form fields `queries` (each query: `query`, `type`,
    `properties` as `{pid, v}`, `limit`) or `extend` (`ids`, `properties`)."""
    if queries:
        return answer(reconcile_batch(state, dataset, queries))
    if extend_:
        state.lists_of(dataset)
        return answer(extend(state, extend_))
    raise InputError("send a form field 'queries' (or 'extend') holding JSON")


@router.get("/suggest/entity", summary="Suggest entities by name")
def suggest_entity(
    dataset: Dataset,
    state: State,
    prefix: Annotated[str, Query(max_length=200)] = "",
    cursor: Annotated[int, Query(ge=0, le=100)] = 0,
    callback: Annotated[str | None, Query()] = None,
) -> Response:
    """Listed parties whose names come close to what was typed."""
    items: list[SuggestItem] = []
    if prefix.strip():
        hits, _ = find_hits(
            state,
            read_example("prefix", DEFAULT_TYPE, {"name": prefix}),
            scope_filters(state, dataset),
            limit=cursor + SUGGEST_LIMIT,
            threshold=state.matcher.threshold,
            cutoff=state.settings.candidate_floor,
        )
        for hit in hits[cursor:]:
            schema = model.get(hit.schema)
            items.append(
                SuggestItem(
                    id=hit.entity_id,
                    name=hit.caption,
                    description=describe(state.party(hit.entity_id), hit.schema),
                    notable=[recon_type(schema)] if schema else [],
                )
            )
    else:
        state.lists_of(dataset)
    return answer(SuggestResponse(result=items), callback)


def _matches_prefix(prefix: str, *texts: str | None) -> bool:
    wanted = prefix.strip().lower()
    return not wanted or any(t and t.lower().startswith(wanted) for t in texts)


@router.get("/suggest/type", summary="Suggest types")
def suggest_type(
    dataset: Dataset,
    state: State,
    prefix: Annotated[str, Query(max_length=200)] = "",
    callback: Annotated[str | None, Query()] = None,
) -> Response:
    """The FollowTheMoney schemata vet matches, filtered by what was typed."""
    state.lists_of(dataset)
    schemata = [model.get(name) for name in MATCH_SCHEMATA]
    result = [
        SuggestItem(id=s.name, name=s.label, description=_text(s.description))
        for s in schemata
        if s is not None and _matches_prefix(prefix, s.name, s.label)
    ]
    return answer(SuggestResponse(result=result), callback)


@router.get("/suggest/property", summary="Suggest properties")
def suggest_property(
    dataset: Dataset,
    state: State,
    prefix: Annotated[str, Query(max_length=200)] = "",
    callback: Annotated[str | None, Query()] = None,
) -> Response:
    """Properties a query can give, or rows can be extended with."""
    state.lists_of(dataset)
    seen: dict[str, SuggestItem] = {
        pid: SuggestItem(id=pid, name=label) for pid, label in LISTING_PROPERTIES.items()
    }
    for name in MATCH_SCHEMATA:
        for prop in model.get(name).properties.values():  # type: ignore[union-attr]
            if prop.hidden or prop.type == registry.entity or prop.name in seen:
                continue
            seen[prop.name] = SuggestItem(
                id=prop.name, name=prop.label, description=_text(prop.description)
            )
    result = [item for item in seen.values() if _matches_prefix(prefix, item.id, item.name)]
    return answer(SuggestResponse(result=result[:SUGGEST_LIMIT]), callback)


@router.get("/extend/property", summary="Propose properties for data extension")
def propose_properties(
    dataset: Dataset,
    state: State,
    type_: Annotated[str, Query(alias="type")] = DEFAULT_TYPE,
    limit: Annotated[int | None, Query(ge=1, le=100)] = None,
    callback: Annotated[str | None, Query()] = None,
) -> Response:
    """The listing details and the entity properties worth adding as columns."""
    state.lists_of(dataset)
    schema = model.get(type_)
    if schema is None:
        raise InputError(f"type={type_!r}: no such FollowTheMoney schema")
    proposed = [ProposedProperty(id=pid, name=label) for pid, label in LISTING_PROPERTIES.items()]
    for name in PROPOSED:
        prop = schema.get(name)
        if prop is not None:
            proposed.append(ProposedProperty(id=name, name=str(prop.label)))
    if limit:
        proposed = proposed[:limit]
    return answer(ProposeResponse(type=schema.name, properties=proposed, limit=limit), callback)


@router.get("/preview", response_class=HTMLResponse, summary="HTML preview of an entity")
def preview(
    dataset: Dataset,
    state: State,
    id_: Annotated[str, Query(alias="id", description="Entity id.")],
) -> HTMLResponse:
    """A small card for OpenRefine's preview pop-up: name, kind, lists and programs."""
    state.lists_of(dataset)
    found = state.records([id_]).get(id_)
    if not found:
        raise NotFound(f"no entity {id_!r} in the lists served")
    data = merge_records(found)
    party = state.party(id_)
    caption = party.caption if party else data["id"]
    rows = [("Kind", describe(party, data["schema"]))]
    for prop_id in ("alias", "country", "nationality", "birthDate", "registrationNumber"):
        values = entity_values(data, prop_id)
        if values:
            rows.append((property_label(prop_id), "; ".join(values[:5])))
    cells = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in rows)
    page = (
        "<!doctype html><html><head><meta charset='utf-8'><style>"
        "body{font:13px sans-serif;margin:8px}th{text-align:left;padding-right:8px;"
        "vertical-align:top}</style></head><body>"
        f"<h3>{html.escape(caption)}</h3><table>{cells}</table></body></html>"
    )
    return HTMLResponse(page)
