"""What every request handler shares: the store, the matcher, limits, the served versions."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated

from fastapi import Depends, Path, Request

from vet.errors import NotFound
from vet.index import ListedParty
from vet.match import Matcher
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
    """Entities kept in memory after being read for a response (the served versions never
    change under a running server, so nothing goes stale)."""


@dataclass
class ApiState:
    """The store and matcher behind an app, and the list versions the matcher was built on."""

    store: Store
    matcher: Matcher
    settings: ApiSettings
    served: dict[str, ListVersion]
    _changed: dict[date, frozenset[str]] = field(default_factory=dict, repr=False)
    _entities: OrderedDict[str, list[EntityRecord]] = field(default_factory=OrderedDict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def create(cls, store: Store, matcher: Matcher, settings: ApiSettings) -> ApiState:
        indexed = {name for party in matcher.index.parties for name in party.lists}
        served = {v.list_name: v for v in store.active_versions() if v.list_name in indexed}
        return cls(store, matcher, settings, served)

    @property
    def version_ids(self) -> list[int]:
        return [v.id for v in self.served.values()]

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
        found: dict[str, list[EntityRecord]] = {}
        with self._lock:
            for entity_id in entity_ids:
                cached = self._entities.get(entity_id)
                if cached is not None:
                    self._entities.move_to_end(entity_id)
                    found[entity_id] = cached
        missing = [i for i in entity_ids if i not in found]
        if missing:
            fetched = entity_records(self.store, missing, self.version_ids)
            found.update(fetched)
            with self._lock:
                self._entities.update(fetched)
                while len(self._entities) > self.settings.entity_cache_size:
                    self._entities.popitem(last=False)
        return found

    def list_of_version(self, version_id: int) -> ListVersion:
        return next(v for v in self.served.values() if v.id == version_id)

    def changed_since(self, since: date) -> frozenset[str]:
        """Parties added or changed since ``since`` on the served lists (cached per date)."""
        with self._lock:
            cached = self._changed.get(since)
        if cached is not None:
            return cached
        changed = frozenset(changed_entity_ids(self.store, self.served.values(), since))
        with self._lock:
            if len(self._changed) >= 32:
                self._changed.clear()
            self._changed[since] = changed
        return changed


async def get_state(request: Request) -> ApiState:
    # async: FastAPI runs plain-function dependencies in its thread pool, a hop per request.
    state: ApiState = request.app.state.vet
    return state


State = Annotated[ApiState, Depends(get_state)]
"""A handler parameter receiving the app's state."""

Dataset = Annotated[
    str,
    Path(
        description="'default' for every active list, or one list name such as "
        "'us_ofac_sdn' (see /catalog).",
        examples=["default"],
    ),
]
"""The ``{dataset}`` path parameter."""
