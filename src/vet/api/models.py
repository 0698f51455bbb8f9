"""Request and response bodies of the HTTP API; descriptions and examples feed /openapi.json.

Matching, search, entities and catalog follow yente's shapes, so yente clients
work unchanged; the reconciliation models follow the W3C Reconciliation API 0.2.
vet adds fields of its own (``explanation``, ``listings``, ``sources``) that
yente clients ignore.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

# -- common -------------------------------------------------------------------


class ErrorResponse(BaseModel):
    """What every 4xx and 5xx answer carries."""

    detail: str = Field(
        description="What went wrong, in words a person can act on.",
        examples=["query 'q1': no name given (set name, alias or firstName/lastName)"],
    )
    error: str = Field(
        description="Kind of error: InputError, NotFound, Unauthorized, TooLarge...",
        examples=["InputError"],
    )


class StatusResponse(BaseModel):
    status: str = Field(
        default="ok", description="'ok' when the server can answer.", examples=["ok"]
    )


class ReadyResponse(StatusResponse):
    lists: dict[str, int] = Field(
        default_factory=dict,
        description="List name -> id of the version being served (details in /catalog).",
        examples=[{"un_sc": 2, "us_ofac_sdn": 5}],
    )
    loading: dict[str, int] = Field(
        default_factory=dict,
        description="Newer versions found in the store and being loaded (list name -> id); "
        "the versions in `lists` answer until they are ready.",
        examples=[{}],
    )


class LoadingResponse(StatusResponse):
    status: str = Field(
        description="'loading' while the lists are loaded after start-up, 'failed' when that "
        "failed, 'not ready' when no list holds parties.",
        examples=["loading"],
    )
    detail: str = Field(
        description="What is loading, or why the server is not ready.",
        examples=["importing bundled lists"],
    )


class TotalSpec(BaseModel):
    value: int = Field(description="Number of results found.", examples=[3])
    relation: Literal["eq", "gte"] = Field(default="eq", description="'eq': the count is exact.")


class Listing(BaseModel):
    """One listing of a party: which list, authority and programs, since when."""

    list_name: str = Field(description="vet list name.", examples=["us_ofac_sdn"])
    authority: str = Field(description="Who listed the party.", examples=["US Treasury OFAC"])
    programs: list[str] = Field(description="Sanctions programs.", examples=[["CUBA"]])
    listing_date: str | None = Field(default=None, description="Date of listing, if published.")
    source_url: str | None = Field(default=None, description="Where the authority publishes it.")


# -- entities -------------------------------------------------------------------


class EntityResponse(BaseModel):
    """A FollowTheMoney entity from the lists."""

    model_config = ConfigDict(populate_by_name=True)

    id: str = Field(examples=["ofac-306"])
    caption: str = Field(description="Display name.", examples=["BANCO NACIONAL DE CUBA"])
    schema_: str = Field(
        alias="schema", description="FollowTheMoney schema.", examples=["Organization"]
    )
    properties: dict[str, list[str | EntityResponse]] = Field(
        default_factory=dict,
        description="FollowTheMoney properties; values are strings, or entities when nested.",
        examples=[{"name": ["BANCO NACIONAL DE CUBA"], "country": ["ch", "es"]}],
    )
    datasets: list[str] = Field(
        default_factory=list, description="Lists holding the entity.", examples=[["us_ofac_sdn"]]
    )
    referents: list[str] = Field(default_factory=list, description="Always empty in vet.")
    target: bool = Field(
        default=False,
        description="True for listed parties (not their sanctions, addresses or links).",
    )
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    last_change: datetime | None = None


class Source(BaseModel):
    """A list version an entity was read from."""

    list_name: str = Field(examples=["us_ofac_sdn"])
    title: str = Field(examples=["OFAC Specially Designated Nationals"])
    authority: str
    licence: str
    attribution: str
    version: int = Field(description="vet's version id of the list.", examples=[1])
    published: date | None = Field(default=None, description="Publication date of the file.")
    imported_at: datetime
    origin: str = Field(description="Where vet got the file.")


class EntityDetail(EntityResponse):
    """An entity with its listings, the list versions it comes from and, when nested,
    the entities linked to it (sanctions, identifications, owners, links) in its
    properties."""

    listings: list[Listing] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)


# -- matching -------------------------------------------------------------------


class EntityExample(BaseModel):
    """A party to match, written as a FollowTheMoney entity."""

    model_config = ConfigDict(populate_by_name=True)

    id: str | None = Field(default=None, examples=["row-17"])
    schema_: str = Field(
        alias="schema",
        description="Person, Company, Organization, LegalEntity, Vessel, Airplane...",
        examples=["Person"],
    )
    properties: dict[str, str | list[Any]] = Field(
        description="FollowTheMoney properties: name (and alias, firstName, lastName...), "
        "country/nationality/jurisdiction, birthDate, identifiers (registrationNumber, "
        "imoNumber, passportNumber...).",
        examples=[{"name": ["Ali Hassan al-Majid"], "nationality": ["iq"], "birthDate": ["1941"]}],
    )


class EntityMatchQuery(BaseModel):
    queries: dict[str, EntityExample] = Field(
        description="Parties to match, keyed by ids of your choice (the response uses them).",
        examples=[
            {
                "q1": {"schema": "Company", "properties": {"name": ["Hikvision UK Ltd"]}},
                "q2": {
                    "schema": "Person",
                    "properties": {"name": ["Kang Song Nam"], "birthDate": ["1962"]},
                },
            }
        ],
    )
    weights: dict[str, float] = Field(
        default_factory=dict,
        description="Accepted for yente compatibility; must be empty: vet's weights are "
        "calibrated and fixed.",
    )
    config: dict[str, Any] = Field(
        default_factory=dict, description="Accepted for yente compatibility; must be empty."
    )


class FeatureExplanation(BaseModel):
    """How one feature contributed to a score."""

    score: float = Field(
        description="name_match: the name score in [0, 1]; evidence features: the "
        "adjustment they made to it (negative when it counts against); identifier_match: 1.",
        examples=[0.93],
    )
    detail: str | None = Field(default=None, examples=["birth year 1962 agrees"])
    query: str | None = Field(default=None, description="The query value compared.")
    candidate: str | None = Field(
        default=None, description="The listed value it was compared with."
    )
    weight: float | None = None


class ScoredEntityResponse(EntityResponse):
    score: float = Field(description="Score in [0, 1].", examples=[0.97])
    match: bool = Field(description="Score at or above the threshold.", examples=[True])
    features: dict[str, float] = Field(
        default_factory=dict, description="Feature scores (the scores of `explanations`)."
    )
    explanations: dict[str, FeatureExplanation] = Field(default_factory=dict)
    explanation: str = Field(
        default="",
        description="The whole reasoning in one paragraph: names, words, evidence, verdict.",
    )
    listings: list[Listing] = Field(default_factory=list)


class EntityMatches(BaseModel):
    status: int = Field(default=200, examples=[200])
    results: list[ScoredEntityResponse]
    total: TotalSpec
    query: EntityExample = Field(description="The query as vet read it (values cleaned).")


class FeatureDoc(BaseModel):
    description: str
    settings: list[str] = Field(
        default_factory=list, description="The scorer settings that weigh or test it."
    )
    coefficient: float = Field(
        default=1.0, description="Weights are built into vet's scorer; kept for yente clients."
    )
    url: str = ""


class AlgorithmUsed(BaseModel):
    """The scorer that answered a /match request."""

    name: str = Field(description="The scorer that answered: always vet's.", examples=["vet"])
    requested: str = Field(
        description="The algorithm the request named (a yente name is answered by vet's scorer).",
        examples=["logic-v2"],
    )
    description: str


class EntityMatchResponse(BaseModel):
    responses: dict[str, EntityMatches]
    matcher: dict[str, FeatureDoc] = Field(description="The features vet's scorer uses.")
    limit: int = Field(examples=[5])
    algorithm: AlgorithmUsed


class Algorithm(BaseModel):
    name: str
    description: str
    features: dict[str, FeatureDoc]
    aliases: tuple[str, ...] = Field(
        default=(),
        description="yente's algorithm names this scorer answers to in /match?algorithm=.",
    )


class AlgorithmResponse(BaseModel):
    algorithms: list[Algorithm]
    default: str
    best: str


# -- search and catalog -----------------------------------------------------------


class SearchResult(EntityResponse):
    score: float = Field(description="Name score of the best-matching name, in [0, 1].")
    match: bool = Field(description="Score at or above the match threshold.")


class SearchResponse(BaseModel):
    results: list[SearchResult]
    facets: dict[str, Any] = Field(default_factory=dict, description="Always empty in vet.")
    total: TotalSpec
    limit: int
    offset: int


class VersionModel(BaseModel):
    id: int
    published: date | None
    imported_at: datetime
    parties: int = Field(description="Listed parties (targets).")
    entities: int = Field(description="All entities: parties, sanctions, identifications...")
    origin: str


class DatasetModel(BaseModel):
    """A list (or 'default', all of them), with the version being served."""

    name: str = Field(examples=["us_ofac_sdn"])
    title: str
    summary: str | None = None
    url: str | None = None
    load: bool = Field(default=True, description="Always true: every dataset here can be queried.")
    version: str | None = Field(default=None, description="Served version id.", examples=["3"])
    index_version: str | None = None
    index_current: bool = Field(
        default=True,
        description="False when a newer version was imported after the server started.",
    )
    children: list[str] = Field(default_factory=list, description="Lists in 'default'.")
    jurisdiction: str | None = None
    authority: str | None = None
    licence: str | None = None
    attribution: str | None = None
    published: date | None = Field(
        default=None, description="Publication date of the served version; null if undated."
    )
    age_days: int | None = Field(
        default=None, description="Days since publication; null when the date is unknown."
    )
    stale: bool = Field(
        default=False,
        description="Older than VET_MAX_AGE_DAYS, or undated (an unknown age is not fresh).",
    )
    freshness_warning: str | None = Field(
        default=None,
        description="Why the list may be out of date, if it may be.",
        examples=["STALE: older than 30 days"],
    )
    updated_at: datetime | None = Field(
        default=None, description="When the served version was imported."
    )
    entity_count: int | None = None
    target_count: int | None = None
    versions: list[VersionModel] = Field(default_factory=list, description="Every version kept.")


class DataCatalogModel(BaseModel):
    datasets: list[DatasetModel]
    current: list[str] = Field(description="Lists whose newest version is being served.")
    outdated: list[str] = Field(
        description="Lists with a newer active version than the one served: the server "
        "serves it once it has found and loaded it (see /readyz)."
    )
    index_stale: bool


# -- reconciliation (W3C Reconciliation API 0.2) ------------------------------------


class ReconType(BaseModel):
    id: str = Field(examples=["Person"])
    name: str = Field(examples=["People"])
    description: str | None = None


class ReconFeature(BaseModel):
    id: str = Field(examples=["name_match"])
    value: float


class ReconCandidate(BaseModel):
    id: str
    name: str
    description: str | None = None
    type: list[ReconType]
    score: float = Field(description="Score in [0, 1].")
    match: bool = Field(description="True when the score reaches the match threshold.")
    features: list[ReconFeature] = Field(default_factory=list)


class ReconResult(BaseModel):
    result: list[ReconCandidate]


class ReconProperty(BaseModel):
    pid: str = Field(description="FollowTheMoney property name.", examples=["nationality"])
    v: Any = Field(description="A value, a list of values, or {id, name} objects.")


class ReconQuery(BaseModel):
    query: str | None = Field(default=None, description="The name to reconcile.")
    type: str | list[str] | None = Field(default=None, description="FollowTheMoney schema.")
    limit: int | None = Field(default=None, ge=0)
    properties: list[ReconProperty] = Field(default_factory=list)
    type_strict: str | None = None


class ServiceSpec(BaseModel):
    service_url: str
    service_path: str


class SuggestSpec(BaseModel):
    entity: ServiceSpec
    type: ServiceSpec
    property: ServiceSpec


class PreviewSpec(BaseModel):
    url: str
    width: int
    height: int


class ViewSpec(BaseModel):
    url: str


class PropertySetting(BaseModel):
    name: str
    label: str
    type: str
    default: int | str
    help_text: str


class ExtendSpec(BaseModel):
    propose_properties: ServiceSpec
    property_settings: list[PropertySetting]


class ReconManifest(BaseModel):
    versions: list[str] = Field(examples=[["0.2"]])
    name: str
    identifierSpace: str  # names fixed by the specification
    schemaSpace: str
    documentation: str
    serviceVersion: str
    view: ViewSpec
    preview: PreviewSpec
    suggest: SuggestSpec
    extend: ExtendSpec
    defaultTypes: list[ReconType]
    batchSize: int


class SuggestItem(BaseModel):
    id: str
    name: str
    description: str | None = None
    notable: list[ReconType] | None = None


class SuggestResponse(BaseModel):
    result: list[SuggestItem]


class ExtendPropertyRequest(BaseModel):
    id: str
    settings: dict[str, Any] = Field(default_factory=dict)


class ExtendQuery(BaseModel):
    ids: list[str]
    properties: list[ExtendPropertyRequest]


class ExtendMeta(BaseModel):
    id: str
    name: str


class ExtendResponse(BaseModel):
    meta: list[ExtendMeta]
    rows: dict[str, dict[str, list[dict[str, str]]]]


class ProposedProperty(BaseModel):
    id: str
    name: str


class ProposeResponse(BaseModel):
    type: str
    properties: list[ProposedProperty]
    limit: int | None = None


EntityResponse.model_rebuild()


def json_response(model: BaseModel) -> Response:
    """The model as a JSON response, serialised once (FastAPI would validate it again)."""
    return Response(model.model_dump_json(by_alias=True), media_type="application/json")
