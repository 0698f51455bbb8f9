"""Pages from Jinja2 templates, every value escaped; the headers every page carries."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, StrictUndefined

from vet import __version__
from vet.sources import JURISDICTION_TITLES, list_label

ENV = Environment(
    loader=PackageLoader("vet.web", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
ENV.filters["list_label"] = lambda name: list_label(name)
ENV.filters["jurisdiction_title"] = lambda code: JURISDICTION_TITLES.get(code, code)
ENV.filters["thousands"] = lambda n: f"{n:,}" if isinstance(n, int) else ""
ENV.filters["label"] = lambda value: str(value or "").replace("_", " ")

# Pages show screened parties: no other origin may frame, script or receive them.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; "
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def base_path(request: Request) -> str:
    """Where the pages are mounted (``/web``), for links."""
    return str(request.scope.get("root_path", "")).rstrip("/")


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """``template`` filled with ``context`` plus what every page needs."""
    context.setdefault("viewer", getattr(request.state, "viewer", None))
    page = ENV.get_template(template).render(
        base=base_path(request), version=__version__, **context
    )
    return HTMLResponse(page, status_code=status_code)
