"""The fields of a party file and how one row becomes a :class:`Party` (or a
:class:`SkippedRow` naming the problem): header synonyms, the explicit column mapping,
value limits and the splitting of multi-valued cells."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from vet.errors import InputError
from vet.scoring.query import Query
from vet.textfile import ESCAPED, NUL

FIELDS = ("name", "aliases", "country", "schema", "birth_date", "identifiers", "id")

# Header spellings (lower case, punctuation removed) for each field.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": (
        "name",
        "full name",
        "fullname",
        "party",
        "party name",
        "company",
        "company name",
        "organisation",
        "organization",
        "organisation name",
        "organization name",
        "entity",
        "entity name",
        "exhibitor",
        "supplier",
        "supplier name",
        "customer",
        "customer name",
        "legal name",
        "person",
        "vendor",
        "vendor name",
        "counterparty",
    ),
    "aliases": (
        "alias",
        "aliases",
        "aka",
        "other names",
        "alternative names",
        "trading name",
        "trading as",
        "brand",
    ),
    "country": (
        "country",
        "countries",
        "country code",
        "nationality",
        "jurisdiction",
        "country of registration",
        "citizenship",
        "location country",
    ),
    "schema": ("type", "entity type", "party type", "schema", "kind", "category"),
    "birth_date": ("birth date", "date of birth", "dob", "birthdate", "born"),
    "identifiers": (
        "identifier",
        "identifiers",
        "id number",
        "registration number",
        "company number",
        "tax id",
        "vat",
        "lei",
        "imo",
        "passport",
        "passport number",
        "national id",
        "inn",
        "ogrn",
        "duns",
    ),
    "id": (
        "id",
        "own id",
        "reference",
        "ref",
        "customer id",
        "supplier id",
        "record id",
        "party id",
        "exhibitor id",
        "number",
        "no",
    ),
}
SCHEMA_WORDS = {
    "person": "Person",
    "individual": "Person",
    "natural person": "Person",
    "people": "Person",
    "company": "Company",
    "organisation": "Organization",
    "organization": "Organization",
    "entity": "LegalEntity",
    "legal entity": "LegalEntity",
    "business": "Company",
    "vessel": "Vessel",
    "ship": "Vessel",
    "aircraft": "Airplane",
    "airplane": "Airplane",
}
MAX_FIELD = 10_000
"""Characters in one value: a longer value is not a name, and its row is skipped."""
_PUNCT = re.compile(r"[^a-z0-9 ]+")
_SEPARATOR = re.compile(r"[;|]")
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Party:
    """One row of the file, as far as screening is concerned."""

    row: int
    name: str
    aliases: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    schema: str | None = None
    birth_date: str | None = None
    identifiers: tuple[str, ...] = ()
    own_id: str | None = None
    input: dict[str, str] = field(default_factory=dict)

    @property
    def query(self) -> Query:
        """What the matcher is asked for this row."""
        return Query(
            self.name,
            self.aliases,
            self.schema,
            self.countries,
            self.birth_date,
            self.identifiers,
        )


@dataclass(frozen=True)
class SkippedRow:
    row: int
    problem: str


EMPTY_ROW = "empty row"
"""The problem of a row with no values at all: not a party, and not reported."""
NAME_EMPTY = "the name is empty"
NO_NAME = (EMPTY_ROW, NAME_EMPTY)


def _norm_header(text: str) -> str:
    return " ".join(_PUNCT.sub(" ", text.lower().replace("_", " ")).split())


def detect_columns(headers: list[str], mapping: dict[str, str] | None = None) -> dict[str, str]:
    """Field -> header. Explicit ``mapping`` wins; unknown mapped headers are an error."""
    mapping = dict(mapping or {})
    for fld, header in mapping.items():
        if fld not in FIELDS:
            raise InputError(
                f"unknown field {fld!r} in the mapping; fields are {', '.join(FIELDS)}"
            )
        if header not in headers:
            raise InputError(
                f"{fld} is mapped to a column the file lacks: no column {header!r} "
                f"(columns: {', '.join(headers)})"
            )
    normalised = {_norm_header(h): h for h in headers}
    for fld, synonyms in SYNONYMS.items():
        if fld in mapping:
            continue
        for synonym in synonyms:
            if synonym in normalised and normalised[synonym] not in mapping.values():
                mapping[fld] = normalised[synonym]
                break
    if "name" not in mapping:
        raise InputError(
            f"no name column found among: {', '.join(headers)}; name it with --map name=COLUMN"
        )
    return mapping


def _value_problem(text: str) -> str | None:
    """Why a value cannot be screened or stored, if it cannot."""
    if len(text) > MAX_FIELD:
        return f"is over {MAX_FIELD:,} characters"
    if "\x00" in text:
        return NUL
    if not text.isascii() and _SURROGATE.search(text):
        return "holds an invalid character (a lone UTF-16 surrogate)"
    return None


def _split(value: str) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(v.strip() for v in _SEPARATOR.split(value) if v.strip())


def to_party(row_no: int, record: dict[str, str], columns: dict[str, str]) -> Party | SkippedRow:
    """A Party from one row, or the reason the row cannot be screened."""

    def get(fld: str) -> str:
        header = columns.get(fld)
        value = record.get(header, "") if header else ""
        return "" if value is None else str(value).strip()

    for header, value in record.items():
        if value is None:
            continue
        if problem := _value_problem(str(value)):
            return SkippedRow(row_no, f"column {header!r} {problem}")
    name = get("name")
    if not name:
        if any(str(v or "").strip() for v in record.values()):
            return SkippedRow(row_no, NAME_EMPTY)
        return SkippedRow(row_no, EMPTY_ROW)
    schema_text = get("schema").lower()
    schema = SCHEMA_WORDS.get(schema_text) if schema_text else None
    return Party(
        row=row_no,
        name=name,
        aliases=_split(get("aliases")),
        countries=_split(get("country")),
        schema=schema,
        birth_date=get("birth_date") or None,
        identifiers=_split(get("identifiers")),
        own_id=get("id") or None,
        input={k: "" if v is None else str(v) for k, v in record.items() if k},
    )


def unique_headers(names: list[str]) -> list[str]:
    """Trimmed header names; a repeated one gets its column number, so no column hides another."""
    headers: list[str] = []
    for i, name in enumerate(names):
        header = ESCAPED.sub("\ufffd", name.strip())
        if header and header in headers:
            header = f"{header} (column {i + 1})"
        headers.append(header)
    return headers
