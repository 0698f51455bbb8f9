"""What every request handler shares: the store, limits, and the lists served.

The lists served (a matcher and the list versions it was built on) change while
the server runs: :mod:`vet.api.reload` loads the first ones after the server
started listening (until then requests that need them get :class:`NotReady`,
a 503) and swaps in a matcher for newer versions.
The app keeps one :class:`ApiState`; each request gets :meth:`ApiState.pinned`,
which answers the whole request from the lists served when it came in, so a
request never mixes a new matcher with old versions.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated

from fastapi import Depends, Path, Request

from vet.errors import NotFound, NotReady
from vet.index import ListedParty
from vet.scoring import Matcher
from vet.store import ListVersion, Store
from vet.store.lookup import EntityRecord, changed_entity_ids, entity_records

DEFAULT_DATASET = "default"


@dataclass(frozen=True)
class ApiSettings:
    """Limits and policy of one API server."""

    require_keys: bool = False
    """Refuse requests without a valid API key (always on when not bound to loopback)."""
    max_body_bytes: int = 1_000_000
    """Largest request body for JSON and form requests."""
    max_upload_bytes: int = 50_000_000
    """Largest multipart (file upload) request body."""
    max_url_length: int = 8_192
    """Longest request line path plus query string."""
    max_batch: int = 100
    """Most queries in one /match or /reconcile request."""
    max_limit: int = 100
    """Most results per query."""
    candidate_floor: float = 0.5
    """Lowest score returned as a candidate by /reconcile and by /match's default cutoff."""
    key_cache_seconds: float = 10.0
    """How long a checked key is trusted before the store is asked again (revocation delay)."""
    threads: int = 2
    """Threads scoring queries at once per worker process. Matching holds Python's GIL, so
    more threads only interleave requests and lengthen each; one core per worker process."""
    entity_cache_size: int = 20_000
    """Entities kept in memory after being read for a response (per served versions: newer
    versions start with an empty cache, so nothing goes stale)."""
    list_check_seconds: float = 60.0
    """How often the store is asked whether its active list versions changed (0: never);
    newer ones are loaded in the background and served once ready (``VET_LIST_CHECK_SECONDS``)."""
    auto_bundle: bool = True
    """Import the bundled snapshot when the store is empty at start-up (``VET_AUTO_BUNDLE``)."""
    max_age_days: int = 30
    """Age after which a list is shown as stale (``VET_MAX_AGE_DAYS``)."""
    four_eyes: bool = False
    """Decisions are final only once a second reviewer approves them (``VET_FOUR_EYES``)."""


@dataclass(frozen=True)
class ServedLists:
    """A matcher, the list versions it was built on, and what was read for them.

    Swapped as a whole when newer versions are served; the caches go with it.
    """

    matcher: Matcher
    versions: dict[str, ListVersion]
    """List name -> the version served (the lists with parties in the matcher's index)."""
    loaded_for: frozenset[int]
    """Ids of the store's active versions the matcher was loaded for (what the check compares)."""
    changed: dict[date, frozenset[str]] = field(default_factory=dict, repr=False)
    entities: OrderedDict[str, list[EntityRecord]] = field(default_factory=OrderedDict, repr=False)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def of(cls, matcher: Matcher, active: list[ListVersion]) -> ServedLists:
        """``matcher`` loaded for the store's ``active`` versions."""
        indexed = {name for party in matcher.index.parties for name in party.lists}
        served = {v.list_name: v for v in active if v.list_name in indexed}
        return cls(matcher, served, frozenset(v.id for v in active))


class ApiState:
    """The store, the limits and the lists served behind an app."""

    def __init__(
        self,
        store: Store,
        settings: ApiSettings,
        lists: ServedLists | None,
        loading: tuple[ListVersion, ...] = (),
        live: ApiState | None = None,
    ) -> None:
        self.store = store
        self.settings = settings
        self._lists = lists
        self._loading = loading
        self._live = live  # the app's state, for a view pinned from it
        self._swap = threading.Lock()
        self._starting = "starting"  # what the first load is doing, while _lists is None
        self._failed = False

    @classmethod
    def create(
        cls,
        store: Store,
        matcher: Matcher,
        settings: ApiSettings,
        lists: list[str] | tuple[str, ...] | None = None,
    ) -> ApiState:
        """The state of an app serving ``matcher``, built on the active versions of ``lists``."""
        return cls(store, settings, ServedLists.of(matcher, store.active_versions(lists)))

    @classmethod
    def starting(cls, store: Store, settings: ApiSettings) -> ApiState:
        """The state of an app whose lists are loaded after it started listening."""
        return cls(store, settings, None)

    # -- the first load ----------------------------------------------------------------

    @property
    def ready(self) -> bool:
        """Whether lists are served (requests needing them get NotReady until then)."""
        return (self._live or self)._lists is not None

    @property
    def starting_step(self) -> tuple[str, bool]:
        """What the first load is doing ('importing bundled lists'...), and whether it failed."""
        live = self._live or self
        with live._swap:
            return live._starting, live._failed

    def begin_step(self, step: str) -> None:
        """Say (in /readyz and in 503 answers) what the first load is doing."""
        with self._swap:
            self._starting, self._failed = step, False

    def fail_start(self, problem: str) -> None:
        """Say that the first load failed, and why."""
        with self._swap:
            self._starting, self._failed = problem, True

    # -- the lists served, and swapping them ------------------------------------------

    def pinned(self) -> ApiState:
        """A view answering from the lists the app serves now, however they change after:
        what one request, or one piece of background work, should read."""
        live = self._live or self
        with live._swap:
            return ApiState(live.store, live.settings, live._lists, live._loading, live)

    @property
    def served_lists(self) -> ServedLists:
        """The lists served; :class:`NotReady` while the first ones are being loaded."""
        if self._lists is None:
            step, failed = self.starting_step
            raise NotReady(step, failed=failed)
        return self._lists

    @property
    def loading(self) -> tuple[ListVersion, ...]:
        """Newer active versions found in the store and being loaded (empty when none)."""
        return self._loading

    # begin_loading, end_loading and serve are called on the app's state, not on a view.

    def begin_loading(self, versions: list[ListVersion]) -> None:
        """Say (in /readyz) that these newer versions are being loaded."""
        loaded = self._lists.loaded_for if self._lists is not None else frozenset()
        with self._swap:
            self._loading = tuple(v for v in versions if v.id not in loaded)

    def end_loading(self) -> None:
        with self._swap:
            self._loading = ()

    def serve(self, lists: ServedLists) -> None:
        """Answer requests that come in from now on from ``lists``."""
        with self._swap:
            self._lists = lists
            self._loading = ()

    @property
    def matcher(self) -> Matcher:
        return self.served_lists.matcher

    @property
    def served(self) -> dict[str, ListVersion]:
        """List name -> the version served."""
        return self.served_lists.versions

    @property
    def version_ids(self) -> list[int]:
        return [v.id for v in self.served.values()]

    # -- reading the lists served ------------------------------------------------------

    def lists_of(self, dataset: str) -> tuple[str, ...]:
        """The lists a dataset name stands for: 'default' is every served list."""
        if dataset == DEFAULT_DATASET:
            return tuple(sorted(self.served))
        if dataset in self.served:
            return (dataset,)
        known = ", ".join([DEFAULT_DATASET, *sorted(self.served)])
        raise NotFound(f"no dataset {dataset!r} (datasets: {known})")

    def party(self, entity_id: str) -> ListedParty | None:
        """The listed party with this id in the matcher's index."""
        index = self.matcher.index
        position = index.party_by_id.get(entity_id)
        return index.parties[position] if position is not None else None

    def records(self, entity_ids: list[str]) -> dict[str, list[EntityRecord]]:
        """Each entity's records in the served versions (absent ids are left out).

        Records are shared between requests: read them, never change them.
        """
        lists = self.served_lists
        found: dict[str, list[EntityRecord]] = {}
        with lists.lock:
            for entity_id in entity_ids:
                cached = lists.entities.get(entity_id)
                if cached is not None:
                    lists.entities.move_to_end(entity_id)
                    found[entity_id] = cached
        missing = [i for i in entity_ids if i not in found]
        if missing:
            fetched = entity_records(self.store, missing, [v.id for v in lists.versions.values()])
            found.update(fetched)
            with lists.lock:
                lists.entities.update(fetched)
                while len(lists.entities) > self.settings.entity_cache_size:
                    lists.entities.popitem(last=False)
        return found

    def list_of_version(self, version_id: int) -> ListVersion:
        return next(v for v in self.served.values() if v.id == version_id)

    def changed_since(self, since: date) -> frozenset[str]:
        """Parties added or changed since ``since`` on the served lists (cached per date)."""
        lists = self.served_lists
        with lists.lock:
            cached = lists.changed.get(since)
        if cached is not None:
            return cached
        changed = frozenset(changed_entity_ids(self.store, lists.versions.values(), since))
        with lists.lock:
            if len(lists.changed) >= 32:
                lists.changed.clear()
            lists.changed[since] = changed
        return changed


async def get_state(request: Request) -> ApiState:
    # async: FastAPI runs plain-function dependencies in its thread pool, a hop per request.
    state: ApiState = request.app.state.vet
    return state.pinned()


State = Annotated[ApiState, Depends(get_state)]
"""A handler parameter receiving the app's state, pinned to the lists served for the request."""

Dataset = Annotated[
    str,
    Path(
        description="'default' for every active list, or one list name such as "
        "'us_ofac_sdn' (see /catalog).",
        examples=["default"],
    ),
]
"""The ``{dataset}`` path parameter."""
