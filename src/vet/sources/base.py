"""What every source module shares: its metadata record and its result type.

A source module turns one official file format into FollowTheMoney entities.
It declares a :class:`Source` (metadata as data: publisher, official URLs,
licence, expected size) and a pure ``parse(path) -> ParsedList`` function.
``path`` is the file, or for multi-file formats (the OFAC legacy CSV set) the
main file or the directory holding the set.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from followthemoney.proxy import EntityProxy


@dataclass(frozen=True)
class Download:
    """One file a publisher serves: where to fetch it and the name to save it as."""

    url: str
    filename: str


@dataclass(frozen=True)
class SourceInfo:
    """Metadata about a published list format, kept beside its parser."""

    kind: str
    """Parser key, used with ``vet lists import --source KIND``."""
    list_name: str
    """Default name of the list in the store, e.g. ``us_ofac_sdn``."""
    title: str
    publisher: str
    jurisdiction: str
    """Who imposes the listing: ``US``, ``UK``, ``EU``, ``UN``, ``AU``, ``CA`` or ``user``
    (:data:`vet.sources.JURISDICTIONS`); reports and comparisons take it from here."""
    authority: str
    """Default authority written on Sanction entities, e.g. ``US Treasury OFAC``."""
    homepage: str
    licence: str
    attribution: str
    downloads: tuple[Download, ...] = ()
    """Official download(s); empty for formats with no single publisher URL."""
    min_entities: int = 1
    """A complete file yields at least this many listed parties; fewer means truncated."""
    label: str = ""
    """Short name of the list in reports and pages (``OFAC SDN``); the list's own name
    where empty (lists the user names)."""


@dataclass
class ParsedList:
    """What a parser returns: entities plus what the file says about itself."""

    info: SourceInfo
    entities: list[EntityProxy]
    published: date | None = None
    """Publication date stated in the file, where it states one."""
    warnings: list[str] = field(default_factory=list)
    """Recoverable oddities, each naming file and line/record."""
    files: list[Path] = field(default_factory=list)
    """The files actually read, so the store can hash them."""

    @property
    def target_count(self) -> int:
        """Number of listed parties (entities that carry a sanction)."""
        return sum(1 for e in self.entities if e.schema.is_a("Thing") and e.get("topics"))


@dataclass(frozen=True)
class Source:
    """A parser plus its metadata and a cheap format check."""

    info: SourceInfo
    parse: Callable[[Path], ParsedList]
    detect: Callable[[Path], bool]
    """True when ``path`` (file or directory) looks like this format; reads at most a few KB."""
