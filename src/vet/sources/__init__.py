"""Official list formats: one module per format, each a pure file -> entities parser.

``all_sources()`` maps each parser kind to its :class:`Source` (modules are
imported on first use); ``detect_source`` picks the parser for a file the user
did not label.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module
from pathlib import Path

from vet.errors import FormatNotRecognised, ParseError
from vet.sources.base import Download, ParsedList, Source, SourceInfo
from vet.sources.zipfiles import looks_like_zip, zip_problem

# Order matters for detection: specific formats before generic ones.
_MODULES = (
    "ofac_csv",
    "ofac_xml",
    "us_csl",
    "bis_dpl",
    "uk_ofsi",
    "uk_fcdo",
    "eu_fsf",
    "un_sc",
    "au_dfat",
    "ca_sema",
    "ftm_json",
    "simple_csv",
)


@cache
def all_sources() -> dict[str, Source]:
    """Every known parser, by kind, in detection order."""
    sources: dict[str, Source] = {}
    for name in _MODULES:
        module = import_module(f"vet.sources.{name}")
        for source in module.SOURCES:
            sources[source.info.kind] = source
    return sources


def get_source(kind: str) -> Source:
    """The source for parser ``kind``; :class:`FormatNotRecognised` lists the known kinds."""
    try:
        return all_sources()[kind]
    except KeyError:
        known = ", ".join(sorted(all_sources()))
        raise FormatNotRecognised(kind, f"unknown source kind; known kinds: {known}") from None


JURISDICTION_TITLES = {
    "US": "United States",
    "UK": "United Kingdom",
    "EU": "European Union",
    "UN": "United Nations",
    "AU": "Australia",
    "CA": "Canada",
    "user": "User lists",
}
"""Every jurisdiction a source declares (``SourceInfo.jurisdiction``), in report order."""
JURISDICTIONS = tuple(JURISDICTION_TITLES)


@cache
def _declared() -> dict[str, SourceInfo]:
    """Each list a parser names, with the parser's description of it."""
    return {s.info.list_name: s.info for s in all_sources().values()}


def declared_list(list_name: str) -> SourceInfo | None:
    """The description a parser declares for the lists it names ``list_name``, if any."""
    return _declared().get(list_name)


def jurisdiction_of(list_name: str) -> str:
    """Who imposes the listings of ``list_name``: the ``jurisdiction`` its parser declares
    for the lists it names (``au_dfat`` -> ``AU``); ``user`` for lists named by the user."""
    info = declared_list(list_name)
    return info.jurisdiction if info else "user"


def list_label(list_name: str) -> str:
    """How reports and pages name ``list_name``: the ``label`` its parser declares for the
    lists it names (``us_ofac_sdn`` -> ``OFAC SDN``); the name itself otherwise."""
    info = declared_list(list_name)
    return info.label if info and info.label else list_name


def detect_source(path: Path) -> Source:
    """The source whose format ``path`` is in, or :class:`FormatNotRecognised`."""
    if not path.exists():
        raise FormatNotRecognised(path, "no such file or directory")
    if looks_like_zip(path) and (problem := zip_problem(path)):
        raise ParseError(path, problem)
    for source in all_sources().values():
        if source.detect(path):
            return source
    raise FormatNotRecognised(
        path, "format not recognised; name it with --source (see `vet lists sources`)"
    )


__all__ = [
    "JURISDICTIONS",
    "JURISDICTION_TITLES",
    "Download",
    "ParsedList",
    "Source",
    "SourceInfo",
    "all_sources",
    "declared_list",
    "detect_source",
    "get_source",
    "jurisdiction_of",
    "list_label",
]
