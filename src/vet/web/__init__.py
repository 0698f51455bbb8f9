"""vet's web pages: upload a party file, follow the screening, review its hits, get its reports.

Server-rendered (Jinja2 templates, one local stylesheet, one small script that
refreshes a running screening's progress); no outside host is contacted.
Mounted under ``/web`` by :func:`vet.api.create_app`, with the API's rules:
no sign-in on loopback, an API key otherwise.
"""

from vet.web.app import create_web_app

__all__ = ["create_web_app"]
