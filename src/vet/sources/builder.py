"""Helpers that turn record fields into FollowTheMoney entities, one way for every source.

A parser creates one :class:`ListBuilder` per file, calls ``make`` for each
listed party, the ``add_*`` helpers for their details, ``sanction`` once per
listing, and finally ``result``. The builder cleans values (text repair, dates,
countries), keeps warnings with their file and line, and refuses a file that
yields too few parties (a truncated download).
"""

from __future__ import annotations

import hashlib
import logging
import re
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import ftfy
from followthemoney import model, registry
from followthemoney.proxy import EntityProxy

from vet.errors import ParseError
from vet.sources.base import ParsedList, SourceInfo
from vet.textfile import read_text

log = logging.getLogger(__name__)

# Identifier kinds as the lists spell them -> FtM property on the holder.
# Anything unlisted is kept as ``idNumber`` plus an Identification entity with its type.
IDENTIFIER_PROPERTIES: dict[str, str] = {
    "passport": "passportNumber",
    "passport no.": "passportNumber",
    "passport number": "passportNumber",
    "diplomatic passport": "passportNumber",
    "national id": "idNumber",
    "national id no.": "idNumber",
    "national identification number": "idNumber",
    "national identity card": "idNumber",
    "identification number": "idNumber",
    "cedula no.": "idNumber",
    "tax id no.": "taxNumber",
    "tax identification number": "taxNumber",
    "tax id": "taxNumber",
    "inn": "innCode",
    "russian inn": "innCode",
    "ogrn": "ogrnCode",
    "okpo": "okpoCode",
    "registration number": "registrationNumber",
    "registration id": "registrationNumber",
    "company number": "registrationNumber",
    "business registration number": "registrationNumber",
    "business registration document #": "registrationNumber",
    "commercial registry number": "registrationNumber",
    "certificate of incorporation number": "registrationNumber",
    "unified social credit code (uscc)": "uscCode",
    "uscc": "uscCode",
    "legal entity number": "leiCode",
    "lei": "leiCode",
    "swift/bic": "swiftBic",
    "swift": "swiftBic",
    "bik (ru)": "swiftBic",
    "d-u-n-s number": "dunsCode",
    "duns": "dunsCode",
    "vessel registration identification": "imoNumber",
    "imo": "imoNumber",
    "imo number": "imoNumber",
    "ssn": "socialSecurityNumber",
    "social security number": "socialSecurityNumber",
    "vat number": "vatCode",
}

# Passport numbers are also recorded as Passport entities (FtM's own choice).
PASSPORT_PROPERTIES = {"passportNumber"}

_WHITESPACE = re.compile(r"\s+")
_ID_CHARS = re.compile(r"[^a-z0-9]+")
_CRYPTO = re.compile(r"digital currency address\s*-\s*(\w+)", re.IGNORECASE)

# Widest plausible range of real dates in a list: a "3033-09-30" is a typo.
EARLIEST_YEAR = 1850
LATEST_FUTURE_YEARS = 100


def slug(*parts: object) -> str:
    """A stable, readable id fragment: lower case, ascii letters/digits and dashes."""
    text = "-".join(str(p) for p in parts if p is not None and str(p) != "")
    cleaned = _ID_CHARS.sub("-", text.lower()).strip("-")
    if len(cleaned) > 60 or not cleaned:
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
        cleaned = (cleaned[:40].rstrip("-") + "-" + digest).strip("-")
    return cleaned


def clean_text(value: Any) -> str | None:
    """Repair mojibake, collapse whitespace, drop empty values. ``None`` when nothing is left."""
    if value is None:
        return None
    return _clean_str(str(value))


@lru_cache(maxsize=65536)
def _clean_str(text: str) -> str | None:
    # Cached: lists repeat their values (programs, countries, authorities) thousands of times.
    if not text.strip():
        return None
    if not text.isascii():
        text = ftfy.fix_text(text, normalization="NFC")
    text = _WHITESPACE.sub(" ", text).strip()
    return text or None


def parse_error(path: Path, problem: str, line: int | None = None) -> ParseError:
    """The refusal :mod:`vet.textfile` raises for a list file."""
    return ParseError(path, problem, line=line)


class ListBuilder:
    """Collects the entities of one parsed file, with its warnings."""

    def __init__(self, info: SourceInfo, file: Path | str, prefix: str) -> None:
        self.info = info
        self.file = Path(file)
        self.prefix = prefix
        self.entities: dict[str, EntityProxy] = {}
        self.warnings: list[str] = []
        self.published: date | None = None
        self.files: list[Path] = [self.file] if self.file.is_file() else []

    # -- diagnostics --------------------------------------------------------

    def where(self, line: int | None = None, record: str | None = None) -> str:
        place = self.file.name
        if line is not None:
            place += f" line {line}"
        if record is not None:
            place += f" record {record}"
        return place

    def warn(self, problem: str, *, line: int | None = None, record: str | None = None) -> None:
        """Record a recoverable oddity; the import goes on.

        Warnings travel with the parsed list (and are stored with its version), so
        they are logged at debug level only: the CLI decides what to show.
        """
        message = f"{self.where(line, record)}: {problem}"
        self.warnings.append(message)
        log.debug(message)

    def error(
        self, problem: str, *, line: int | None = None, record: str | None = None
    ) -> ParseError:
        """An error to raise for content that would store wrong data."""
        return ParseError(self.file, problem, line=line, record=record)

    def read_text(self, path: Path | None = None) -> str:
        """``path`` (the list's file by default) decoded by the rule of :mod:`vet.textfile`:
        a Windows-1252 copy is read with a warning naming the first byte that is not UTF-8;
        a NUL or undecodable byte is a ParseError at its line."""
        path = path or self.file
        text = read_text(path, "list", parse_error)
        if warning := text.encoding.warning(path.name):
            self.warnings.append(warning)
            log.debug(warning)
        return text.text

    # -- entities -----------------------------------------------------------

    def make(self, schema: str, *id_parts: object) -> EntityProxy:
        """A new entity whose id is ``<prefix>-<id parts>``; not yet emitted."""
        entity = model.make_entity(schema)
        first = str(id_parts[0]) if id_parts else ""
        if self.prefix and first.startswith(f"{self.prefix}-"):
            # Child entities (sanctions, ids, links) start from their holder's full id.
            entity.id = slug(*id_parts)
        else:
            entity.id = slug(self.prefix, *id_parts)
        return entity

    def emit(self, entity: EntityProxy) -> EntityProxy:
        """Keep ``entity``; a second entity with the same id is merged into the first."""
        if entity.id is None:
            raise self.error(f"internal: {entity.schema.name} entity without id")
        existing = self.entities.get(entity.id)
        if existing is None:
            self.entities[entity.id] = entity
            return entity
        existing.merge(entity)
        return existing

    def add(
        self,
        entity: EntityProxy,
        prop: str,
        value: Any,
        *,
        line: int | None = None,
        record: str | None = None,
        quiet: bool = False,
    ) -> None:
        """Add a cleaned value; warn (unless ``quiet``) when FtM rejects it."""
        text = clean_text(value)
        if text is None:
            return
        prop_obj = entity.schema.get(prop)
        if prop_obj is None:
            raise self.error(f"internal: {entity.schema.name} has no property {prop}")
        if prop_obj.type == registry.date:
            cleaned = self.clean_date(text, line=line, record=record, field=prop)
            if cleaned is not None:
                entity.add(prop, cleaned, cleaned=True)
            return
        cleaned_value = prop_obj.type.clean(text, proxy=entity)
        if cleaned_value is None:
            if not quiet:
                self.warn(
                    f"{prop} value {text!r} not understood, dropped", line=line, record=record
                )
            return
        entity.add(prop, cleaned_value, cleaned=True)

    def add_country(
        self,
        entity: EntityProxy,
        value: Any,
        *,
        prop: str = "country",
        line: int | None = None,
        record: str | None = None,
    ) -> None:
        """Add a country by name or code, warning about spellings FtM does not know."""
        self.add(entity, prop, value, line=line, record=record)

    def clean_date(
        self,
        value: str,
        *,
        line: int | None = None,
        record: str | None = None,
        field: str = "date",
    ) -> str | None:
        """An ISO date prefix (``1970``, ``1970-05``, ``1970-05-01``) or ``None`` with a warning."""
        text = value.strip()
        iso = parse_date(text)
        if iso is None:
            self.warn(f"{field} {text!r} is not a date, dropped", line=line, record=record)
            return None
        year = int(iso[:4])
        latest = date.today().year + LATEST_FUTURE_YEARS
        if year < EARLIEST_YEAR or year > latest:
            self.warn(f"{field} {text!r} is out of range, dropped", line=line, record=record)
            return None
        return iso

    def add_identifier(
        self,
        entity: EntityProxy,
        kind: str | None,
        number: Any,
        *,
        country: str | None = None,
        line: int | None = None,
        record: str | None = None,
        note: str | None = None,
    ) -> None:
        """Record an identifier on the holder and as an Identification (or wallet) entity."""
        num = clean_text(number)
        if num is None:
            return
        kind_text = clean_text(kind) or "Identifier"
        crypto = _CRYPTO.search(kind_text)
        if crypto is not None:
            wallet = self.make("CryptoWallet", entity.id, num)
            wallet.add("publicKey", num)
            wallet.add("currency", crypto.group(1).upper(), quiet=True)
            wallet.add("holder", entity.id)
            self.emit(wallet)
            entity.add("notes", f"{kind_text}: {num}")
            return
        prop = IDENTIFIER_PROPERTIES.get(kind_text.lower(), "idNumber")
        if entity.schema.get(prop) is None:
            prop = "registrationNumber" if entity.schema.get("registrationNumber") else "idNumber"
        if entity.schema.get(prop) is not None:
            entity.add(prop, num)
        schema = "Passport" if prop in PASSPORT_PROPERTIES else "Identification"
        ident = self.make(schema, entity.id, kind_text, num)
        ident.add("holder", entity.id)
        ident.add("number", num)
        ident.add("type", kind_text)
        if note:
            ident.add("summary", note)
        if country:
            self.add_country(ident, country, line=line, record=record)
        self.emit(ident)

    def sanction(
        self,
        entity: EntityProxy,
        *,
        key: object = "",
        authority: str | None = None,
        program: Any = None,
        listing_date: Any = None,
        reason: Any = None,
        source_url: Any = None,
        legal_basis: Any = None,
        record_id: Any = None,
        line: int | None = None,
        topic: str = "sanction",
    ) -> EntityProxy:
        """Attach a Sanction (one listing) to ``entity`` and mark it as a listed party."""
        sanction = self.make("Sanction", entity.id, "sanction", key)
        sanction.add("entity", entity.id)
        sanction.add("authority", authority or self.info.authority)
        for prog in program if isinstance(program, list | tuple) else [program]:
            self.add(sanction, "program", prog, line=line)
        if listing_date:
            self.add(sanction, "listingDate", listing_date, line=line, record=str(record_id or ""))
        self.add(sanction, "reason", reason, line=line)
        self.add(sanction, "provisions", legal_basis, line=line)
        self.add(sanction, "sourceUrl", source_url or self.info.homepage, line=line, quiet=True)
        self.add(sanction, "authorityId", record_id, line=line)
        sanction.add("publisher", self.info.publisher)
        entity.add("topics", topic)
        return self.emit(sanction)

    def link(
        self,
        subject: str,
        obj: str,
        role: str,
        *,
        key: object = "",
        percentage: Any = None,
    ) -> EntityProxy:
        """A relationship between two entity ids: Ownership when a parent owns, else UnknownLink."""
        if role.lower() in ("parent", "parent company", "owner", "owned by"):
            rel = self.make("Ownership", obj, "owns", subject, key)
            rel.add("owner", obj)
            rel.add("asset", subject)
            rel.add("role", role)
            if percentage is not None:
                rel.add("percentage", str(percentage))
        else:
            rel = self.make("UnknownLink", subject, "link", obj, key)
            rel.add("subject", subject)
            rel.add("object", obj)
            rel.add("role", role)
        return self.emit(rel)

    # -- result -------------------------------------------------------------

    def result(self) -> ParsedList:
        """The parsed list; raises when the file held fewer parties than a complete one."""
        parsed = ParsedList(
            info=self.info,
            entities=list(self.entities.values()),
            published=self.published,
            warnings=self.warnings,
            files=self.files,
        )
        count = parsed.target_count
        if count == 0:
            raise self.error("no listed parties found (empty or wrong format?)")
        if count < self.info.min_entities:
            self.warn(
                f"only {count} listed parties, a complete {self.info.title} has at least "
                f"{self.info.min_entities}: is the file an excerpt or truncated?"
            )
        return parsed


_DATE_FORMATS = (
    "%Y-%m-%d",
    "%d %b %Y",
    "%d %B %Y",
    "%d/%m/%Y",
    "%m/%d/%Y",
    "%Y/%m/%d",
    "%d.%m.%Y",
    "%b %Y",
    "%B %Y",
    "%Y-%m",
    "%Y",
    "%Y-%m-%dT%H:%M:%S",
)
_YEAR = re.compile(r"\b(1[89]\d\d|2\d\d\d|3\d\d\d)\b")


@lru_cache(maxsize=65536)
def parse_date(text: str, formats: tuple[str, ...] = _DATE_FORMATS) -> str | None:
    """Parse a list's date spelling into an ISO prefix, keeping only the precision given.

    ``circa 1960`` and ``1960 to 1962`` give ``1960``; ``01 Jan 1970`` gives ``1970-01-01``.
    US-style ``%m/%d/%Y`` is tried after ``%d/%m/%Y``; sources that know better pass ``formats``.
    """
    value = text.strip().rstrip(".")
    value = re.sub(r"^(circa|approximately|approx\.?|ca\.?|about)\s+", "", value, flags=re.I)
    value = re.sub(r"[T ]\d\d:\d\d(:\d\d(\.\d+)?)?([+-]\d\d:?\d\d|Z)?$", "", value)
    for fmt in formats:
        try:
            parsed = datetime.strptime(value, fmt)
        except ValueError:
            continue
        if fmt in ("%Y",):
            return f"{parsed.year:04d}"
        if fmt in ("%b %Y", "%B %Y", "%Y-%m"):
            return f"{parsed.year:04d}-{parsed.month:02d}"
        return f"{parsed.year:04d}-{parsed.month:02d}-{parsed.day:02d}"
    years: list[str] = _YEAR.findall(value)
    if years and len(value) <= 30:
        return years[0]
    return None
