"""``POST /match/{dataset}``: yente's matching API, answered by vet's scorer.

Clients written for yente (such as the ``yente-client`` package) work
unchanged: queries are FollowTheMoney entities keyed by ids of the caller's
choice, and each answer lists scored entities with their explanations.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from vet.api.entities import read_example
from vet.api.errors import ERROR_RESPONSES
from vet.api.hits import FEATURE_DOCS, find_hits, scope_filters, scored_entities
from vet.api.models import (
    Algorithm,
    AlgorithmResponse,
    AlgorithmUsed,
    EntityExample,
    EntityMatches,
    EntityMatchQuery,
    EntityMatchResponse,
    TotalSpec,
    json_response,
)
from vet.errors import InputError
from vet.service.auth import require_api_key
from vet.service.state import Dataset, State

ALGORITHM = "vet"
DESCRIPTION = (
    "vet's calibrated scorer: names across scripts and spellings, then "
    "identifiers, countries, birth years and kind of party."
)
YENTE_ALGORITHMS = (
    "best",
    "default",
    "logic-v1",
    "logic-v2",
    "name-based",
    "name-qualified",
    "regression-v1",
    "regression-v2",
)
"""The algorithm names yente documents (opensanctions.org/docs/api/scoring): a client
written for yente may name any of them, and vet's one scorer answers each."""
ALGORITHM_NAMES = (ALGORITHM, *YENTE_ALGORITHMS)
DEFAULT_LIMIT = 5

router = APIRouter(
    tags=["Matching"], dependencies=[Depends(require_api_key)], responses=ERROR_RESPONSES
)


def check_algorithm(name: str) -> None:
    if name not in ALGORITHM_NAMES:
        raise InputError(
            f"algorithm {name!r} is not known; accepted: {', '.join(ALGORITHM_NAMES)} "
            f"(vet's one scorer, '{ALGORITHM}', answers each)"
        )


def algorithm_used(requested: str) -> AlgorithmUsed:
    """What the response says about its scorer: vet's, whichever name was asked for."""
    return AlgorithmUsed(name=ALGORITHM, requested=requested, description=DESCRIPTION)


@router.post("/match/{dataset}", response_model=EntityMatchResponse, summary="Match parties")
def match(
    body: EntityMatchQuery,
    dataset: Dataset,
    state: State,
    limit: Annotated[int | None, Query(ge=1, description="Results per query (default 5).")] = None,
    threshold: Annotated[
        float | None,
        Query(ge=0, le=1, description="Score from which a result is a match (default 0.80)."),
    ] = None,
    cutoff: Annotated[
        float | None,
        Query(
            ge=0,
            le=1,
            description="Lowest score returned at all (default 0.5; results below the "
            "threshold come with match=false).",
        ),
    ] = None,
    algorithm: Annotated[
        str,
        Query(
            description="'vet', or any algorithm name yente documents ("
            + ", ".join(YENTE_ALGORITHMS)
            + "): vet's one scorer answers, and the response's `algorithm` says so."
        ),
    ] = ALGORITHM,
    include_dataset: Annotated[
        list[str] | None, Query(description="Only entities on these lists.")
    ] = None,
    exclude_dataset: Annotated[
        list[str] | None, Query(description="No entities on these lists.")
    ] = None,
    exclude_schema: Annotated[
        list[str] | None, Query(description="No entities of these schemata.")
    ] = None,
    topics: Annotated[
        list[str] | None, Query(description="Only entities with one of these topics.")
    ] = None,
    changed_since: Annotated[
        str | None,
        Query(
            description="Only parties added or changed on their list since this date (YYYY-MM-DD)."
        ),
    ] = None,
    exclude_entity_ids: Annotated[
        list[str] | None,
        Query(
            max_length=50,
            description="Entity ids to leave out, such as hits a reviewer ruled out.",
        ),
    ] = None,
) -> Response:
    """Match a batch of parties, each written as a FollowTheMoney entity, against the lists.

    Every query is scored by the same scorer as `vet screen`: names word by word
    across scripts and spellings, then country, birth year, identifiers and kind
    of party. Each result says why in `explanation` and, feature by feature, in
    `explanations`.

    ```json
    {"queries": {
       "q1": {"schema": "Person", "properties": {"name": ["Kang Song Nam"], "birthDate": ["1962"]}},
       "q2": {"schema": "Vessel", "properties": {"name": ["Artavil"], "imoNumber": ["9187629"]}}
    }}
    ```
    """
    check_algorithm(algorithm)
    settings = state.settings
    if body.weights or body.config:
        raise InputError("weights and config must be empty: vet's scorer is calibrated and fixed")
    if not body.queries:
        raise InputError("no queries given")
    if len(body.queries) > settings.max_batch:
        raise InputError(
            f"{len(body.queries)} queries in one request (at most {settings.max_batch})"
        )
    limit = min(DEFAULT_LIMIT, settings.max_limit) if limit is None else limit
    if limit > settings.max_limit:
        raise InputError(f"limit={limit}: at most {settings.max_limit}")
    filters = scope_filters(
        state,
        dataset,
        include=include_dataset,
        exclude=exclude_dataset,
        exclude_schemata=exclude_schema,
        topics=topics,
        exclude_ids=exclude_entity_ids,
        changed_since=changed_since,
    )
    threshold = state.matcher.threshold if threshold is None else threshold
    cutoff = settings.candidate_floor if cutoff is None else cutoff
    queries = {
        key: read_example(key, example.schema_, example.properties, example.id)
        for key, example in body.queries.items()
    }
    responses = {}
    for key, query in queries.items():
        hits, more = find_hits(
            state, query, filters, limit=limit, threshold=threshold, cutoff=cutoff
        )
        responses[key] = EntityMatches(
            results=scored_entities(state, hits),
            total=TotalSpec(value=len(hits), relation="gte" if more else "eq"),
            query=EntityExample.model_validate(query.entity),
        )
    answer = json_response(
        EntityMatchResponse(
            responses=responses,
            matcher=FEATURE_DOCS,
            limit=limit,
            algorithm=algorithm_used(algorithm),
        )
    )
    answer.headers["x-batch-size"] = str(len(responses))
    return answer


@router.get("/algorithms", response_model=AlgorithmResponse, summary="Scoring algorithms")
def algorithms() -> AlgorithmResponse:
    """The scorer behind /match (vet has one), with the features it weighs and the yente
    algorithm names it answers to."""
    scorer = Algorithm(
        name=ALGORITHM, description=DESCRIPTION, features=FEATURE_DOCS, aliases=YENTE_ALGORITHMS
    )
    return AlgorithmResponse(algorithms=[scorer], default=ALGORITHM, best=ALGORITHM)
