"""The lists behind the API: catalog, search, entity pages, health and readiness."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import JSONResponse, Response
from followthemoney import model

from vet.api.entities import (
    MATCH_SCHEMATA,
    caption_of,
    entity_fields,
    entity_refs,
    entity_response,
    is_target,
    listing_model,
    merge_records,
    nest_properties,
    read_example,
)
from vet.api.errors import ERROR_RESPONSES
from vet.api.hits import find_hits, scope_filters
from vet.api.models import (
    DataCatalogModel,
    DatasetModel,
    EntityDetail,
    EntityResponse,
    LoadingResponse,
    ReadyResponse,
    SearchResponse,
    SearchResult,
    Source,
    StatusResponse,
    TotalSpec,
    VersionModel,
    json_response,
)
from vet.errors import InputError, NotFound, VetError
from vet.service.auth import require_api_key
from vet.service.state import DEFAULT_DATASET, ApiState, Dataset, State
from vet.store import ListStatus, freshness
from vet.store.lookup import EntityRecord, referencing_records

MAX_QUERY_LENGTH = 500

router = APIRouter(
    tags=["Lists"], dependencies=[Depends(require_api_key)], responses=ERROR_RESPONSES
)
health = APIRouter(tags=["System"])


@health.get("/healthz", response_model=StatusResponse, summary="Liveness")
async def healthz() -> StatusResponse:
    """'ok' whenever the server process answers."""
    return StatusResponse(status="ok")


@health.get(
    "/readyz",
    response_model=ReadyResponse,
    summary="Readiness",
    responses={503: {"model": LoadingResponse, "description": "Not ready: what is loading"}},
)
def readyz(state: State) -> ReadyResponse | JSONResponse:
    """'ok' when the lists are loaded, the store answers and the index holds parties;
    503 otherwise, saying what is loading or what failed.

    Says which list versions are served, and which newer ones are being loaded.
    """
    if not state.ready:
        step, failed = state.starting_step
        return not_ready("failed" if failed else "loading", step)
    try:
        ready = bool(state.store.list_statuses()) and len(state.matcher.index) > 0
    except VetError as exc:
        return not_ready("not ready", str(exc))
    if not ready:
        return not_ready("not ready", "no list holds parties: import one with `vet lists import`")
    return ReadyResponse(
        status="ok",
        lists={name: v.id for name, v in sorted(state.served.items())},
        loading={v.list_name: v.id for v in state.loading},
    )


def not_ready(status: str, detail: str) -> JSONResponse:
    body = LoadingResponse(status=status, detail=detail)
    return JSONResponse(body.model_dump(), status_code=503, headers={"Retry-After": "10"})


# -- catalog -----------------------------------------------------------------------


def _dataset(state: ApiState, status: ListStatus) -> DatasetModel:
    served = state.served[status.name]
    active = status.active
    fresh = freshness(served.published, state.settings.max_age_days)
    return DatasetModel(
        name=status.name,
        title=status.title,
        summary=f"{status.authority}; licence: {status.licence}",
        version=str(served.id),
        index_version=str(served.id),
        index_current=active is not None and active.id == served.id,
        jurisdiction=status.jurisdiction,
        authority=status.authority,
        licence=status.licence,
        attribution=status.attribution,
        published=served.published,
        age_days=fresh.age_days,
        stale=fresh.stale,
        freshness_warning=fresh.warning,
        updated_at=served.imported_at,
        entity_count=served.entity_count,
        target_count=served.target_count,
        versions=[
            VersionModel(
                id=v.id,
                published=v.published,
                imported_at=v.imported_at,
                parties=v.target_count,
                entities=v.entity_count,
                origin=v.origin,
            )
            for v in state.store.versions(status.name)
        ],
    )


@router.get("/catalog", response_model=DataCatalogModel, summary="Lists and versions")
def catalog(state: State) -> DataCatalogModel:
    """The lists served, each with the version being served and every version kept.

    Each list says when its served version was published, how many days ago, and
    whether it is stale (older than `VET_MAX_AGE_DAYS`, or undated).

    `default` stands for all of them. A list imported again while the server
    runs shows in `outdated` until the server has loaded the new version (it
    looks every minute by default, `VET_LIST_CHECK_SECONDS`) and serves it.
    """
    statuses = [s for s in state.store.list_statuses() if s.name in state.served]
    datasets = [_dataset(state, s) for s in statuses]
    outdated = [d.name for d in datasets if not d.index_current]
    default = DatasetModel(
        name=DEFAULT_DATASET,
        title="All active lists",
        summary="Every list below, searched together.",
        version=",".join(d.version or "" for d in datasets),
        index_current=not outdated,
        children=[d.name for d in datasets],
        entity_count=sum(d.entity_count or 0 for d in datasets),
        target_count=sum(d.target_count or 0 for d in datasets),
    )
    return DataCatalogModel(
        datasets=[default, *datasets],
        current=[d.name for d in datasets if d.index_current],
        outdated=outdated,
        index_stale=bool(outdated),
    )


# -- search ------------------------------------------------------------------------


@router.get("/search/{dataset}", response_model=SearchResponse, summary="Search by name")
def search(
    dataset: Dataset,
    state: State,
    q: Annotated[
        str,
        Query(min_length=1, max_length=MAX_QUERY_LENGTH, description="A name, in any script."),
    ],
    schema: Annotated[
        str | None,
        Query(description="Only entities of this schema (or its descendants), e.g. Person."),
    ] = None,
    limit: Annotated[int, Query(ge=1)] = 10,
    offset: Annotated[int, Query(ge=0, le=1000)] = 0,
    include_dataset: Annotated[
        list[str] | None, Query(description="Only entities on these lists.")
    ] = None,
    exclude_dataset: Annotated[
        list[str] | None, Query(description="No entities on these lists.")
    ] = None,
) -> Response:
    """Listed parties whose names come close to `q`, best first, with their scores.

    This is the matcher, not a full-text index: it finds names under other
    spellings and scripts, and nothing by address or notes.
    """
    if limit > state.settings.max_limit:
        raise InputError(f"limit={limit}: at most {state.settings.max_limit}")
    wanted = model.get(schema) if schema is not None else None
    if schema is not None and wanted is None:
        raise InputError(f"schema={schema!r}: no such FollowTheMoney schema")
    query = read_example("q", schema if schema in MATCH_SCHEMATA else "LegalEntity", {"name": q})
    filters = scope_filters(state, dataset, include=include_dataset, exclude=exclude_dataset)
    hits, more = find_hits(
        state,
        query,
        filters,
        limit=offset + limit + (state.settings.max_limit if wanted else 0),
        threshold=state.matcher.threshold,
        cutoff=state.settings.candidate_floor,
    )
    if wanted is not None:
        hits = [h for h in hits if (s := model.get(h.schema)) is not None and s.is_a(wanted)]
    page = hits[offset : offset + limit]
    records = state.records([h.entity_id for h in page])
    results = [
        SearchResult(
            **entity_fields(merge_records(records.get(h.entity_id, [])), h.lists, h.caption),
            score=h.score,
            match=h.match,
        )
        for h in page
    ]
    return json_response(
        SearchResponse(
            results=results,
            total=TotalSpec(value=len(hits), relation="gte" if more else "eq"),
            limit=limit,
            offset=offset,
        )
    )


# -- entities ----------------------------------------------------------------------


def _datasets(state: ApiState, records: list[EntityRecord]) -> list[str]:
    return sorted({state.list_of_version(r.version_id).list_name for r in records})


@router.get(
    "/entities/{entity_id}",
    response_model=EntityDetail,
    summary="One entity with its listings, sources and relations",
)
def entity(
    entity_id: Annotated[
        str, Path(description="Entity id, as in match results.", examples=["ofac-306"])
    ],
    state: State,
    nested: Annotated[
        bool,
        Query(
            description="Inline linked entities (sanctions, identifications, owners, links) "
            "in properties, as yente does."
        ),
    ] = True,
) -> Response:
    """An entity from the served list versions.

    `listings` says on which lists, by whom and under which programs the party
    is listed; `sources` names the list versions (file dates, origin) it was read
    from. With `nested`, properties hold the linked entities themselves: a
    party's `sanctions`, `identification`, `ownershipOwner`...
    """
    own = state.records([entity_id]).get(entity_id)
    if not own:
        raise NotFound(f"no entity {entity_id!r} in the lists served")
    data = merge_records(own)
    datasets = _datasets(state, own)
    properties: dict[str, list[str | EntityResponse]] = dict(data["properties"])
    if nested:
        referencing = referencing_records(state.store, entity_id, state.version_ids)
        by_id: dict[str, list[EntityRecord]] = {}
        for record in referencing:
            by_id.setdefault(record.data["id"], []).append(record)
        linked_ids = entity_refs(data)
        for records in by_id.values():
            linked_ids |= entity_refs(records[0].data)
        linked_ids -= {entity_id}
        linked = {
            i: entity_response(merge_records(rs), _datasets(state, rs))
            for i, rs in state.records(sorted(linked_ids)).items()
        }
        properties = nest_properties(
            data,
            [(merge_records(rs), _datasets(state, rs)) for rs in by_id.values()],
            linked,
        )
    party = state.party(entity_id)
    sources = []
    for record in own:
        version = state.list_of_version(record.version_id)
        status = state.store.list_status(version.list_name)
        sources.append(
            Source(
                list_name=version.list_name,
                title=status.title,
                authority=status.authority,
                licence=status.licence,
                attribution=status.attribution,
                version=version.id,
                published=version.published,
                imported_at=version.imported_at,
                origin=version.origin,
            )
        )
    detail = EntityDetail(
        id=entity_id,
        caption=party.caption if party else caption_of(data),
        schema=data["schema"],
        properties=properties,
        datasets=datasets,
        target=is_target(data),
        listings=[listing_model(item) for item in party.listings] if party else [],
        sources=sources,
    )
    return json_response(detail)
