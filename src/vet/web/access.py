"""Who may see the pages, and forms that only the pages themselves may send.

The rules are the API's: a server on loopback needs no key (and answers only
requests addressed to a loopback name, against DNS rebinding); otherwise a
person signs in with an API key, kept in an HttpOnly, SameSite=Strict cookie
and checked like a key sent to the API. Decisions are then made in the key's
name.

Every form is posted with the browser's ``Origin`` (or ``Referer``) header;
one naming another site is refused (cross-site request forgery), keys or not.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from vet.errors import InputError
from vet.service.auth import KeyChecker, require_loopback_host
from vet.web.render import base_path, render

KEY_COOKIE = "vet_key"
REVIEWER_COOKIE = "vet_reviewer"
COOKIE_SECONDS = 12 * 3600


@dataclass(frozen=True)
class Viewer:
    """The person looking at the pages."""

    key_name: str | None
    """The name of their API key; None on a server without keys."""

    @property
    def signed_in(self) -> bool:
        return self.key_name is not None


class LoginRequired(Exception):
    """No valid key cookie: the person is sent to the sign-in page."""

    def __init__(self, target: str) -> None:
        super().__init__(target)
        self.target = target


def key_checker(request: Request) -> KeyChecker | None:
    checker: KeyChecker | None = request.app.state.keys
    return checker


async def current_viewer(request: Request) -> Viewer:
    """The viewer of this request; LoginRequired when keys are needed and none is valid."""
    await require_loopback_host(request)
    checker = key_checker(request)
    if checker is None:
        viewer = Viewer(None)
    else:
        secret = request.cookies.get(KEY_COOKIE)
        name = checker.key_name(secret) if secret else None
        if name is None:
            query = f"?{request.url.query}" if request.url.query else ""
            raise LoginRequired(request.url.path + query)
        viewer = Viewer(name)
    request.state.viewer = viewer
    return viewer


CurrentViewer = Annotated[Viewer, Depends(current_viewer)]


def _origin(value: str | None) -> str | None:
    if not value or value == "null":
        return None
    parts = urlsplit(value)
    return parts.netloc.lower() or None


async def same_origin(request: Request) -> None:
    """Refuse a form posted from another site (its Origin or Referer names another host)."""
    sent = _origin(request.headers.get("origin")) or _origin(request.headers.get("referer"))
    own = (request.headers.get("host") or "").lower()
    if sent is None or sent != own:
        raise HTTPException(
            403,
            "this form was not sent from vet's own pages (its Origin or Referer header names "
            "another site, or none): open the page and send it from there",
        )


SameOrigin = Depends(same_origin)


def safe_target(base: str, target: str | None) -> str:
    """``target`` when it is one of these pages, else the home page (no open redirects)."""
    if target and target.startswith(f"{base}/") and not target.startswith("//"):
        return target
    return f"{base}/"


def set_cookie(request: Request, response: Response, name: str, value: str) -> None:
    response.set_cookie(
        name,
        value,
        max_age=COOKIE_SECONDS,
        path=base_path(request) or "/",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )


def reviewer_name(viewer: Viewer, typed: str) -> str:
    """Who decides: the key's reviewer, else the name typed; InputError when there is neither."""
    name = viewer.key_name or typed.strip()
    if not name:
        raise InputError("Give your name as reviewer: it is kept with the decision.")
    return name


def redirect_remembering(request: Request, viewer: Viewer, url: str, reviewer: str) -> Response:
    """A 303 to ``url`` after a review form; without keys, the name typed is remembered for
    the next form (with keys, the key names the reviewer)."""
    response = RedirectResponse(url, status_code=303)
    if viewer.key_name is None:
        set_cookie(request, response, REVIEWER_COOKIE, reviewer)
    return response


router = APIRouter()


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
async def login_page(request: Request, next: str | None = None) -> Response:
    await require_loopback_host(request)
    base = base_path(request)
    if key_checker(request) is None:
        return RedirectResponse(safe_target(base, next), status_code=303)
    return render(request, "login.html", target=safe_target(base, next), error=None)


@router.post("/login", include_in_schema=False, dependencies=[SameOrigin])
async def login(
    request: Request,
    key: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    base = base_path(request)
    checker = key_checker(request)
    target = safe_target(base, next)
    if checker is None:
        return RedirectResponse(target, status_code=303)
    if not key.strip() or checker.key_name(key.strip()) is None:
        return render(
            request,
            "login.html",
            status_code=401,
            target=target,
            error="That key is unknown or revoked. Keys are made with `vet keys create NAME`.",
        )
    response = RedirectResponse(target, status_code=303)
    set_cookie(request, response, KEY_COOKIE, key.strip())
    return response


@router.post("/logout", include_in_schema=False, dependencies=[SameOrigin])
async def logout(request: Request) -> Response:
    base = base_path(request)
    response = RedirectResponse(f"{base}/login", status_code=303)
    response.delete_cookie(KEY_COOKIE, path=base or "/")
    return response
