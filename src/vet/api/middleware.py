"""Request limits, the loopback Host check and the request log, as plain ASGI middleware.

A server without API keys answers only requests whose Host header is a loopback name
(:class:`LoopbackHostMiddleware`).

Limits: a request line longer than ``max_url_length`` gets 414, a body larger
than ``max_body_bytes`` (``max_upload_bytes`` for multipart uploads) gets 413,
whether or not it declared its length.

The request log names method, path, status and duration: never the query
string or the body, where the names people screen travel.
"""

from __future__ import annotations

import json
import logging
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from vet.service.auth import keys_required
from vet.service.state import ApiSettings

log = logging.getLogger("vet.api.requests")


async def send_error(send: Send, status: int, detail: str, error: str) -> None:
    body = json.dumps({"detail": detail, "error": error}).encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return bytes(value)
    return None


class LimitsMiddleware:
    """Refuses over-long URLs and over-large bodies with a JSON 414 or 413."""

    def __init__(self, app: ASGIApp, settings: ApiSettings) -> None:
        self.app = app
        self.settings = settings

    def body_limit(self, scope: Scope) -> int:
        content_type = (_header(scope, b"content-type") or b"").lower()
        if content_type.startswith(b"multipart/form-data"):
            return self.settings.max_upload_bytes
        return self.settings.max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        url_length = len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"")
        if url_length > self.settings.max_url_length:
            await send_error(
                send,
                414,
                f"request URL of {url_length:,} characters is longer than the limit of "
                f"{self.settings.max_url_length:,}; send the query in a POST body",
                "URITooLong",
            )
            return
        limit = self.body_limit(scope)
        declared = _header(scope, b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await send_error(send, 413, self._too_large(int(declared), limit), "TooLarge")
            return
        received = 0
        exceeded = False
        started = False

        async def counting_receive() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    exceeded = True
                    # The app sees the body end here; its answer is replaced below.
                    return {"type": "http.request", "body": b"", "more_body": False}
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if exceeded:
                if not started:
                    started = True
                    await send_error(
                        send, 413, self._too_large(received, limit, partial=True), "TooLarge"
                    )
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        await self.app(scope, counting_receive, guarded_send)

    @staticmethod
    def _too_large(size: int, limit: int, *, partial: bool = False) -> str:
        more = " or more" if partial else ""
        return f"request body of {size:,} bytes{more} is larger than the limit of {limit:,} bytes"


class RequestLogMiddleware:
    """Logs one line per request at INFO: method, path, status, milliseconds."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500
        logged = False

        def write_line() -> None:
            nonlocal logged
            logged = True
            elapsed = (time.perf_counter() - start) * 1000
            log.info("%s %s %s %.1f ms", scope["method"], scope["path"], status, elapsed)

        async def recording_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body" and not message.get("more_body"):
                write_line()  # before the last byte leaves, so the line exists once it arrives
            await send(message)

        try:
            await self.app(scope, receive, recording_send)
        finally:
            if not logged:
                write_line()


def host_name(header: str) -> str:
    """The name in a Host header, without its port: ``[::1]:8000`` -> ``::1``."""
    header = header.strip()
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


class LoopbackHostMiddleware:
    """Without API keys, answers only requests addressed to a loopback name, on every route.

    A server without keys trusts whoever reaches it; a web page on the user's machine
    could reach it through a name of its own that resolves to 127.0.0.1 (DNS rebinding)
    unless the Host header is checked: anything but localhost, 127.0.0.1 or [::1] (with
    any port) gets a 403 saying so.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        raw = _header(scope, b"host")
        name = host_name(raw.decode("latin-1")) if raw is not None else ""
        if keys_required(name):
            await send_error(
                send,
                403,
                "this server has no API keys and answers only requests addressed to "
                f"127.0.0.1 or localhost, not {name!r} (a page elsewhere may be reaching it "
                "by DNS rebinding); open it as http://127.0.0.1:PORT/",
                "Forbidden",
            )
            return
        await self.app(scope, receive, send)
