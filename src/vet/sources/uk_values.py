"""Values as the UK's two sanctions lists write them, read for FollowTheMoney.

OFSI's ConList (:mod:`vet.sources.uk_ofsi`) and the FCDO's UK Sanctions List
(:mod:`vet.sources.uk_fcdo`) write their values the same way:

- dates ``dd/mm/yyyy`` with unknown parts as ``00`` or ``dd``/``mm`` (``00/00/1965``,
  ``dd/mm/1945``): :func:`uk_date` keeps only the known part;
- several values in one cell, numbered ``(1) Germany. (2) Morocco``: :func:`split_numbered`;
- country spellings FollowTheMoney does not know (``Congo (Democratic Republic)``,
  ``Former USSR (now Belarus)``): :func:`country_names`;
- business registration numbers behind a label (``Russia INN - 7805060301``):
  :func:`registration`;
- phone numbers, e-mail addresses and websites that may not normalise: :func:`add_or_note`;
- names of parent companies and owners, matched to listed names with :func:`name_key`.
"""

from __future__ import annotations

import re

from followthemoney import registry
from followthemoney.proxy import EntityProxy

# UK spellings FollowTheMoney does not know.
COUNTRY_SPELLINGS = {
    "congo (democratic republic)": "CD",
    "occupied palestinian territories": "PS",
    "bosnia-herzegovina": "BA",
    "repubic of moldova": "MD",
}
_NOW_COUNTRY = re.compile(r"\b(?:now|currently)\s+([^()]+?)\s*\)?\s*$", re.IGNORECASE)
# The marks of a numbered cell: (1), (2), or a range (1-2).
NUMBERED = re.compile(r"\(\d+(?:\s*-\s*\d+)?\)")
# Registration labels in "Business Reg No" -> the identifier kinds the builder knows.
REGISTRATION_KINDS = {
    "inn": "INN", "ogrn": "OGRN", "okpo": "OKPO", "tin": "Tax ID No.", "tax id": "Tax ID No.",
    "swift": "SWIFT/BIC", "lei": "LEI", "company": "Company number",
}  # fmt: skip
_LABELLED = re.compile(r"^(?P<label>[^\d:]*?[A-Za-z)])\s*(?::|–|-|\bno\.?)\s*(?P<number>\S.*)$")


def split_numbered(text: str) -> list[str]:
    """``(1) A (2) B`` -> ``[A, B]``; a plain value -> ``[value]``; ``-`` placeholders dropped."""
    parts = NUMBERED.split(text) if NUMBERED.match(text.strip()) else [text]
    items = [p.strip().rstrip(".;,").strip() for p in parts]
    return [item for item in items if item and item != "-"]


def uk_date(text: str) -> str | None:
    """``dd/mm/yyyy`` -> ISO; ``00`` or ``dd``/``mm`` parts keep only what is known.

    ``00/00/1965`` and ``dd/mm/1965`` give ``1965``, ``00/05/1965`` and ``05/1965`` give
    ``1965-05``. Anything else gives ``None``.
    """
    match = re.fullmatch(r"(?:(\d{1,2}|dd)/)?(?:(\d{1,2}|mm)/)?(\d{4})", text.strip(), re.I)
    if match is None:
        return None
    day, month, year = match.groups()
    if month is None and day is not None:  # "05/1965" is month/year
        day, month = None, day
    if month is None or not month.isdigit() or int(month) == 0:
        return year
    if day is None or not day.isdigit() or int(day) == 0:
        return f"{year}-{int(month):02d}"
    return f"{year}-{int(month):02d}-{int(day):02d}"


def country_names(text: str) -> list[str]:
    """Country spellings in a UK cell, reduced to what FollowTheMoney can read.

    ``Iraq (previous address)`` -> Iraq; ``Former USSR (now Belarus)`` -> Belarus;
    ``Germany. Russia`` -> both; ``Russia. Former USSR`` -> Russia. Unreadable text is
    returned as is, for the builder to warn about.
    """
    names: list[str] = []
    for item in split_numbered(text):
        known = COUNTRY_SPELLINGS.get(item.lower().strip(" ."))
        if known is not None:
            names.append(known)
            continue
        now = _NOW_COUNTRY.search(item)
        bare = re.sub(r"\s*\([^)]*\)", "", now.group(1) if now else item).strip(" .,")
        if registry.country.clean(bare) is not None:
            names.append(bare)
            continue
        parts = [p for p in re.split(r"[.,;]\s*", bare) if p.strip()]
        readable = [p for p in parts if registry.country.clean(p) is not None]
        names.extend(readable or [item])
    return names


def registration(text: str) -> tuple[str, str]:
    """``Russia INN - 7805060301`` -> ``("INN", "7805060301")``.

    Other labels (``UK Company no. 06527449``, ``BR: 69987857``) give a company or
    registration number; the caller keeps the full text as the identifier's note.
    """
    match = _LABELLED.match(text.strip())
    if match is None:
        return "Registration Number", text.strip()
    label = match.group("label").strip(" (").lower()
    number = match.group("number").strip()
    for key, kind in REGISTRATION_KINDS.items():
        if re.search(rf"\b{re.escape(key)}\b", label):
            return kind, number
    return "Registration Number", number


def add_or_note(entity: EntityProxy, prop: str, label: str, value: str) -> None:
    """Add a contact value FtM can normalise; keep any other spelling in notes."""
    cleaned = entity.schema.properties[prop].type.clean(value, proxy=entity)
    if cleaned is not None:
        entity.add(prop, cleaned, cleaned=True)
    else:
        entity.add("notes", f"{label}: {value}")


def name_key(text: str) -> str:
    """How names are compared when resolving a parent company or owner."""
    return re.sub(r"\s+", " ", text).strip(" .").casefold()
