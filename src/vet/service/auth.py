"""API keys: when they are required and how a request presents one.

A server bound to the loopback interface only serves its own machine and needs
no keys; bound to any other address it requires a key created with
``vet keys create NAME``. A request presents it as ``Authorization: ApiKey
<key>`` (what yente clients send), ``Authorization: Bearer <key>``,
``X-API-Key: <key>``, or, for tools that cannot set headers such as
OpenRefine, an ``api_key`` query parameter.
"""

from __future__ import annotations

import ipaddress
import threading
import time
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, APIKeyQuery
from starlette.exceptions import HTTPException

from vet.store import Store
from vet.store.keys import digest_key, ensure_keys_table, find_key

LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})
SCHEMES = ("apikey", "bearer", "token")


def keys_required(host: str) -> bool:
    """True unless ``host`` binds the loopback interface only (127.0.0.0/8, ::1, localhost)."""
    name = host.strip().strip("[]").lower()
    if name in LOOPBACK_NAMES:
        return False
    try:
        return not ipaddress.ip_address(name).is_loopback
    except ValueError:
        return True  # a host name other than localhost may resolve to anything


class KeyChecker:
    """Checks keys against the store, remembering answers for a few seconds."""

    def __init__(self, store: Store, cache_seconds: float) -> None:
        ensure_keys_table(store)
        self.store = store
        self.cache_seconds = cache_seconds
        self._seen: dict[str, tuple[str | None, float]] = {}
        self._lock = threading.Lock()

    def valid(self, secret: str) -> bool:
        return self.key_name(secret) is not None

    def key_name(self, secret: str) -> str | None:
        """The reviewer the active key ``secret`` names (its name unless it was created with
        a reviewer), else None."""
        digest = digest_key(secret)
        now = time.monotonic()
        with self._lock:
            cached = self._seen.get(digest)
        if cached is not None and now - cached[1] < self.cache_seconds:
            return cached[0]
        key = find_key(self.store, secret)
        name = key.reviewer_name if key is not None else None
        with self._lock:
            if len(self._seen) > 10_000:  # someone is trying many keys
                self._seen.clear()
            self._seen[digest] = (name, now)
        return name


_header = APIKeyHeader(
    name="Authorization",
    auto_error=False,
    description="'ApiKey <key>' (or 'Bearer <key>'); create keys with `vet keys create NAME`.",
)
_query = APIKeyQuery(
    name="api_key",
    auto_error=False,
    description="The key as a query parameter, for tools that cannot send headers.",
)


def presented_key(request: Request, authorization: str | None, query_key: str | None) -> str | None:
    if authorization:
        scheme, _, value = authorization.strip().partition(" ")
        if scheme.lower() in SCHEMES and value.strip():
            return value.strip()
    header = request.headers.get("x-api-key")
    if header:
        return header.strip()
    return query_key.strip() if query_key else None


async def require_api_key(
    request: Request,
    authorization: Annotated[str | None, Depends(_header)],
    query_key: Annotated[str | None, Depends(_query)],
) -> None:
    """Let the request through when keys are not required or it carries a valid key.

    A coroutine, so no thread hop per request; the store is asked at most once per key
    every few seconds (``key_cache_seconds``), briefly.
    """
    checker: KeyChecker | None = request.app.state.keys
    if checker is None:
        return
    secret = presented_key(request, authorization, query_key)
    if secret is None:
        raise HTTPException(
            401,
            "an API key is required: send 'Authorization: ApiKey <key>' "
            "(create one with `vet keys create NAME`)",
            headers={"WWW-Authenticate": "ApiKey"},
        )
    name = checker.key_name(secret)
    if name is None:
        raise HTTPException(
            401, "unknown or revoked API key", headers={"WWW-Authenticate": "ApiKey"}
        )
    request.state.api_key_name = name


def key_name(request: Request) -> str | None:
    """The name of the key the request presented (after :func:`require_api_key`), if any."""
    name: str | None = getattr(request.state, "api_key_name", None)
    return name


async def require_loopback_host(request: Request) -> None:
    """Without keys, answer only requests addressed to this machine by a loopback name.

    A server without keys trusts whoever reaches it; a web page elsewhere could
    reach it through a name of its own that resolves to 127.0.0.1 (DNS
    rebinding) unless the Host header is checked.
    """
    if request.app.state.keys is not None:
        return
    host = request.url.hostname or ""
    if keys_required(host):
        raise HTTPException(
            403,
            f"this server has no API keys and answers only requests addressed to "
            f"127.0.0.1 or localhost, not {host!r}",
        )
