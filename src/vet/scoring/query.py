"""What is known about a party to screen, as one value the matcher and its callers pass."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Query:
    """A party to screen: its name and whatever else the caller knows of it.

    Every caller (``vet.match``, a party file's row, a saved party re-screened, an API
    query entity, ``vet match``) builds one of these rather than handing the matcher
    its fields one keyword at a time.
    """

    name: str
    aliases: tuple[str, ...] = ()
    schema: str | None = None
    """An FtM schema (``Person``, ``Company``, ...); None when not known."""
    countries: tuple[str, ...] = ()
    birth_date: str | None = None
    identifiers: tuple[str, ...] = ()

    @classmethod
    def of(
        cls,
        name: str,
        *,
        aliases: Iterable[str] = (),
        schema: str | None = None,
        countries: Iterable[str] = (),
        birth_date: str | None = None,
        identifiers: Iterable[str] = (),
    ) -> Query:
        """A query from any iterables (lists from JSON or a command line)."""
        return cls(
            name,
            tuple(aliases),
            schema,
            tuple(countries),
            birth_date,
            tuple(identifiers),
        )
