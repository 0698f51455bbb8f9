"""Who owns whom: ownership links the user imports, and those the list data carries.

A user imports a CSV of links, one a row::

    owner,owned,percentage,source
    BERATEX GROUP LIMITED,Seabreeze Yacht Charter Ltd,50,Company register extract 2024-03-01

Optional columns: ``owner_id`` (the id of a listed entity, as ``vet search``
shows it, when the owner is known to be that listed party) and ``owned_id``
(the owned party's id in the user's own records, as in the ``id`` column of the
party files they screen). Any common delimiter (comma, semicolon, tab, bar)
and encoding (UTF-8 with or without BOM, UTF-16, Windows-1252) is read.

The percentage is a share in percent: ``51``, ``51%``, ``51.5``, ``51,5 %``.
Left empty (or ``control``), the row says the owner controls the owned party
without a known share. A bare number between 0 and 1 (``0.51``) is refused as
ambiguous: write ``51`` for fifty-one percent, ``0.51%`` for about half a
percent. An import is one transaction: every row is checked first, and one bad
row (naming its line and problem) stores nothing.

The list data's links are FollowTheMoney ``Ownership`` entities (owner ->
asset: parent companies, vessel owners) and OFAC's "Owned or Controlled By"
relationships (kept as ``UnknownLink``), read from the list versions given.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    DateTime,
    Float,
    Index,
    Integer,
    String,
    Table,
    Text,
    delete,
    select,
)

from vet.errors import InputError, NotFound
from vet.store.db import Store
from vet.store.schema import entity_data, list_versions, lists, metadata, version_entities
from vet.textfile import load_text

links_table = Table(
    "ownership_links",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("batch", String(40), nullable=False),
    Column("owner_name", Text, nullable=False),
    Column("owner_entity_id", String(200), nullable=True),
    Column("owned_name", Text, nullable=False),
    Column("owned_id", String(200), nullable=True),
    Column("percentage", Float, nullable=True),
    Column("source", Text, nullable=False),
    Column("file", Text, nullable=False),
    Column("line", Integer, nullable=False),
    Column("imported_at", DateTime, nullable=False),
    Index("ix_ownership_links_batch", "batch"),
)
"""Imported links; ``percentage`` NULL means control without a known share."""

MAX_BYTES = 100 * 1024 * 1024
"""Largest ownership file read (it is read whole: ownership files are small)."""
MAX_VALUE = 1_000
"""Characters in one name, id or source."""
MAX_IDS_PER_QUERY = 500
"""SQLite limits bound parameters; entity ids are looked up in chunks."""
SHARE_TOLERANCE = 1e-6
"""Rounding slack when the shares in one party are added up."""

# Header (lower case, words separated by single spaces) -> column.
HEADERS: dict[str, str] = {
    "owner": "owner",
    "owner name": "owner",
    "shareholder": "owner",
    "parent": "owner",
    "owned": "owned",
    "owned name": "owned",
    "owned party": "owned",
    "subsidiary": "owned",
    "percentage": "percentage",
    "percent": "percentage",
    "share": "percentage",
    "ownership": "percentage",
    "source": "source",
    "evidence": "source",
    "owner id": "owner_id",
    "owner entity id": "owner_id",
    "owned id": "owned_id",
    "owned own id": "owned_id",
}
REQUIRED = ("owner", "owned", "percentage")
CONTROL_WORDS = frozenset({"control", "controlled", "controls"})
"""Percentage cells meaning control without a known share (as an empty cell does)."""

# OFAC's enhanced XML relationship "Owned or Controlled By": subject owned by object.
CONTROL_ROLES = frozenset({"owned or controlled by"})

_NUMBER = re.compile(r"^(?P<number>\d+(?:[.,]\d+)?)\s*(?P<percent>%?)$")
_HEADER_PUNCT = re.compile(r"[^a-z0-9%]+")


@dataclass(frozen=True)
class OwnershipLink:
    """One owner -> owned link, imported by the user or read from list data."""

    owner_name: str
    owned_name: str
    percentage: float | None
    """Share in percent; None: control, or a parent/owner link without a share."""
    source: str
    owner_entity_id: str | None = None
    """The listed entity the owner is (given by the user, or the list data's owner)."""
    owned_entity_id: str | None = None
    """List data only: the owned (asset) entity."""
    owned_id: str | None = None
    """The owned party's id in the user's own records."""
    role: str | None = None
    """List data only: the relation as the list states it (``parent company``, ``owner``)."""
    batch: str | None = None
    file: str | None = None
    line: int | None = None
    imported_at: datetime | None = None

    @property
    def where(self) -> str:
        """``owners.csv line 4`` for imported links, else the source."""
        if self.file is not None and self.line is not None:
            return f"{self.file} line {self.line}"
        return self.source


@dataclass(frozen=True)
class OwnershipImport:
    """What an import stored."""

    batch: str
    count: int
    replaced: int


def ensure_ownership_table(store: Store) -> None:
    """Create the table if missing (a store opened before this module was imported)."""
    links_table.create(store.engine, checkfirst=True)


# -- reading the file ------------------------------------------------------------------


def parse_percentage(text: str) -> float | None:
    """A share in percent from a cell; None for control without a share.

    Raises ``ValueError`` with the problem, for the caller to place in the file.
    """
    value = text.strip().replace("\u00a0", " ")
    if not value or value.lower() in CONTROL_WORDS:
        return None
    found = _NUMBER.match(value.replace(" ", ""))
    if found is None:
        raise ValueError(
            f"percentage {text.strip()!r} is not a number: write 51 or 51%, "
            "or leave it empty for control without a known share"
        )
    share = float(found.group("number").replace(",", "."))
    if not found.group("percent") and 0 < share < 1:
        raise ValueError(
            f"percentage {value!r} is ambiguous: write {share * 100:g} (or {share * 100:g}%) "
            f"for {share * 100:g} percent, or {value}% for less than one percent"
        )
    if share <= 0 or share > 100:
        raise ValueError(f"percentage {value!r} is out of range: give more than 0 and at most 100")
    return share


def _decode(path: Path) -> str:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"{path.name}: cannot read ({exc.strerror})") from exc
    if size > MAX_BYTES:
        raise InputError(
            f"{path.name}: {size:,} bytes; an ownership file over {MAX_BYTES:,} bytes is not read"
        )
    return load_text(path, "CSV")


def _header_key(text: str) -> str:
    return " ".join(_HEADER_PUNCT.sub(" ", text.strip().lower().replace("_", " ")).split())


def _columns(name: str, headers: list[str]) -> dict[str, int]:
    """Column -> position; InputError naming the missing ones."""
    found: dict[str, int] = {}
    for position, header in enumerate(headers):
        column = HEADERS.get(_header_key(header))
        if column is not None and column not in found:
            found[column] = position
    missing = [c for c in REQUIRED if c not in found]
    if missing:
        raise InputError(
            f"{name} line 1: no {', '.join(missing)} column (the header has "
            f"{', '.join(repr(h) for h in headers) or 'nothing'}; expected owner, owned, "
            "percentage and optionally source, owner_id, owned_id)"
        )
    return found


def _cell(values: list[str], columns: dict[str, int], column: str) -> str:
    position = columns.get(column)
    if position is None or position >= len(values):
        return ""
    return " ".join(values[position].split())


def read_ownership(store: Store, path: Path) -> list[OwnershipLink]:
    """Every link of the file, checked; InputError at the first bad row (file, line, problem)."""
    text = _decode(path)
    try:
        dialect: Any = csv.Sniffer().sniff(text[:8192], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        headers = next(reader, [])
    except csv.Error as exc:
        raise InputError(f"{path.name} line 1: malformed CSV ({exc})") from exc
    if not any(h.strip() for h in headers):
        raise InputError(f"{path.name}: the file is empty")
    columns = _columns(path.name, headers)
    links: list[OwnershipLink] = []
    end = reader.line_num
    try:
        for values in reader:
            line, end = end + 1, reader.line_num
            if not any(v.strip() for v in values):
                continue
            links.append(_link(store, path.name, line, values, headers, columns))
    except csv.Error as exc:
        raise InputError(f"{path.name} line {end + 1}: malformed CSV ({exc})") from exc
    if not links:
        raise InputError(f"{path.name}: no ownership links below the header")
    check_totals(path.name, links)
    return links


def _link(
    store: Store,
    name: str,
    line: int,
    values: list[str],
    headers: list[str],
    columns: dict[str, int],
) -> OwnershipLink:
    def problem(text: str) -> InputError:
        return InputError(f"{name} line {line}: {text}")

    if len(values) > len(headers) and any(v.strip() for v in values[len(headers) :]):
        raise problem(f"{len(values)} fields, the header has {len(headers)}")
    cells = {c: _cell(values, columns, c) for c in (*REQUIRED, "source", "owner_id", "owned_id")}
    for column, value in cells.items():
        if len(value) > MAX_VALUE:
            raise problem(f"{column} is over {MAX_VALUE} characters")
    owner, owner_id = cells["owner"], cells["owner_id"] or None
    if owner_id is not None:
        try:
            listed = store.entity(owner_id)
        except NotFound as exc:
            raise problem(
                f"owner_id {owner_id!r} is not a listed entity in the active lists "
                "(ids as `vet search` shows them)"
            ) from exc
        owner = owner or listed.caption
    if not owner:
        raise problem("the owner is empty")
    if not cells["owned"]:
        raise problem("the owned party is empty")
    if owner.casefold() == cells["owned"].casefold():
        raise problem(f"{owner!r} is given as owning itself")
    try:
        percentage = parse_percentage(cells["percentage"])
    except ValueError as exc:
        raise problem(str(exc)) from exc
    return OwnershipLink(
        owner_name=owner,
        owned_name=cells["owned"],
        percentage=percentage,
        source=cells["source"] or name,
        owner_entity_id=owner_id,
        owned_id=cells["owned_id"] or None,
        file=name,
        line=line,
    )


def check_totals(name: str, links: Iterable[OwnershipLink]) -> None:
    """Refuse shares in one party adding up to more than 100% (a typo, or 0.5 meant as 50%).

    Two rows for the same owner and owned party count once, with the larger share.
    """
    shares: dict[str, dict[str, tuple[float, int]]] = {}
    for link in links:
        if link.percentage is None:
            continue
        owned = link.owned_id or link.owned_name.casefold()
        owner = link.owner_entity_id or link.owner_name.casefold()
        held = shares.setdefault(owned, {})
        if owner not in held or held[owner][0] < link.percentage:
            held[owner] = (link.percentage, link.line or 0)
    for owned, held in shares.items():
        total = sum(share for share, _ in held.values())
        if total > 100 + SHARE_TOLERANCE:
            lines = sorted(line for _, line in held.values())
            raise InputError(
                f"{name} lines {', '.join(map(str, lines))}: the shares in {owned!r} add up "
                f"to {total:g}%, more than 100%"
            )


# -- storing and reading ---------------------------------------------------------------


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def import_ownership(
    store: Store, path: Path, *, replace: bool = False, actor: str = "vet"
) -> OwnershipImport:
    """Store the links of ``path`` in one transaction; with ``replace``, instead of all before.

    Nothing is stored when a row is bad (InputError naming file, line and problem).
    """
    ensure_ownership_table(store)
    path = Path(path)
    links = read_ownership(store, path)
    batch = uuid.uuid4().hex[:12]
    at = _now()
    with store.engine.begin() as conn:
        replaced = 0
        if replace:
            replaced = conn.execute(delete(links_table)).rowcount or 0
        conn.execute(
            links_table.insert(),
            [
                {
                    "batch": batch,
                    "owner_name": link.owner_name,
                    "owner_entity_id": link.owner_entity_id,
                    "owned_name": link.owned_name,
                    "owned_id": link.owned_id,
                    "percentage": link.percentage,
                    "source": link.source,
                    "file": path.name,
                    "line": link.line,
                    "imported_at": at,
                }
                for link in links
            ],
        )
        store.audit(
            "ownership_import",
            {
                "file": path.name,
                "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                "batch": batch,
                "links": len(links),
                "replaced": replaced,
            },
            actor=actor,
            conn=conn,
        )
    return OwnershipImport(batch=batch, count=len(links), replaced=replaced)


def ownership_links(store: Store) -> list[OwnershipLink]:
    """The imported links, in import order."""
    ensure_ownership_table(store)
    with store.engine.connect() as conn:
        rows = conn.execute(select(links_table).order_by(links_table.c.id)).all()
    return [
        OwnershipLink(
            owner_name=row.owner_name,
            owned_name=row.owned_name,
            percentage=row.percentage,
            source=row.source,
            owner_entity_id=row.owner_entity_id,
            owned_id=row.owned_id,
            batch=row.batch,
            file=row.file,
            line=row.line,
            imported_at=row.imported_at,
        )
        for row in rows
    ]


def _list_percentage(values: list[str]) -> float | None:
    for value in values:
        try:
            return parse_percentage(value)
        except ValueError:
            continue
    return None


def listed_links(store: Store, version_ids: Iterable[int]) -> list[OwnershipLink]:
    """Ownership and control links the list data of these versions states."""
    ids = list(version_ids)
    if not ids:
        return []
    query = (
        select(
            version_entities.c.version_id,
            version_entities.c.schema,
            entity_data.c.data,
        )
        .join(entity_data, entity_data.c.digest == version_entities.c.digest)
        .where(version_entities.c.version_id.in_(ids))
        .where(version_entities.c.schema.in_(("Ownership", "UnknownLink")))
        .order_by(version_entities.c.version_id, version_entities.c.entity_id)
    )
    found: list[tuple[int, str, str, str, float | None]] = []
    with store.engine.connect() as conn:
        for version_id, schema, data in conn.execute(query):
            props = json.loads(data).get("properties", {})
            role = "; ".join(props.get("role", [])) or schema
            if schema == "Ownership":
                pairs = [(o, a) for o in props.get("owner", []) for a in props.get("asset", [])]
                share = _list_percentage(props.get("percentage", []))
            elif {r.lower() for r in props.get("role", [])} & CONTROL_ROLES:
                pairs = [(o, s) for o in props.get("object", []) for s in props.get("subject", [])]
                share = None
            else:
                continue
            found.extend((version_id, owner, owned, role, share) for owner, owned in pairs)
        wanted = sorted({e for _, owner, owned, _, _ in found for e in (owner, owned)})
        captions: dict[tuple[int, str], str] = {}
        for start in range(0, len(wanted), MAX_IDS_PER_QUERY):
            rows = conn.execute(
                select(
                    version_entities.c.version_id,
                    version_entities.c.entity_id,
                    version_entities.c.caption,
                )
                .where(version_entities.c.version_id.in_(ids))
                .where(version_entities.c.entity_id.in_(wanted[start : start + MAX_IDS_PER_QUERY]))
            ).all()
            captions.update({(r.version_id, r.entity_id): r.caption for r in rows})
        titles: dict[int, str] = {
            row.id: row.title
            for row in conn.execute(
                select(list_versions.c.id, lists.c.title)
                .join(lists, lists.c.name == list_versions.c.list_name)
                .where(list_versions.c.id.in_(ids))
            )
        }
    links = []
    for version_id, owner, owned, role, share in found:
        title = titles.get(version_id, f"list version {version_id}")
        links.append(
            OwnershipLink(
                owner_name=captions.get((version_id, owner), owner),
                owned_name=captions.get((version_id, owned), owned),
                percentage=share,
                source=f"{title}: {role}",
                owner_entity_id=owner,
                owned_entity_id=owned,
                role=role,
            )
        )
    return links
