"""The report of a list comparison (``vet compare``): text, JSON, CSV or HTML.

Every format says the same thing, from the same rows: the parties the second
authority lists and the first does not, the reverse, and the pairs on both with
how they were matched (identifier or name and score). CSV cells pass through
:func:`~vet.report.rows.escape_formula`; HTML values through :func:`~vet.report.html.esc`.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from vet import __version__
from vet.errors import InputError
from vet.report.html import CSS, esc, section, table
from vet.report.rows import Cell, escape_row
from vet.report.target import text_target
from vet.screen.compare import (
    IDENTIFIER,
    NAME,
    AuthorityComparison,
    AuthorityLists,
    AuthorityParty,
    PartyPair,
)

COMPARISON_FORMATS = ("text", "json", "csv", "html")
_SUFFIXES = {".txt": "text", ".json": "json", ".csv": "csv", ".html": "html", ".htm": "html"}
_ARTICLED = frozenset({"US", "UK", "EU", "UN"})

PARTY_COLUMNS = (
    "Name",
    "Type",
    "Entity ids",
    "Lists",
    "Programs",
    "Listed on",
)
COLUMNS = (
    "Status",
    "Authority",
    *PARTY_COLUMNS,
    "Other authority",
    *(f"Other {c[0].lower()}{c[1:]}" for c in PARTY_COLUMNS),
    "Matched by",
    "Score",
    "Names that met",
    "Why",
)


def comparison_format_for(path: Path) -> str | None:
    """The format a file name asks for (``out.csv`` -> ``csv``), else None."""
    return _SUFFIXES.get(path.suffix.lower())


def authority_label(code: str) -> str:
    """``the US`` for the four jurisdictions, the list or group name as it is otherwise."""
    return f"the {code}" if code in _ARTICLED else code


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _count(number: int, noun: str, plural: str) -> str:
    return f"{number:,} {noun if number == 1 else plural}"


def summary_sentence(result: AuthorityComparison) -> str:
    """``The UK lists 1,890 parties the US does not; the US lists ...; ... on both.``"""
    first, second = authority_label(result.first.code), authority_label(result.second.code)
    return (
        f"{_capital(second)} lists {_count(len(result.second_only), 'party', 'parties')} "
        f"{first} does not; {first} lists {_count(len(result.first_only), 'party', 'parties')} "
        f"{second} does not; {result.first_on_both:,} {result.first.code} and "
        f"{result.second_on_both:,} {result.second.code} "
        f"{'party is' if result.second_on_both == result.first_on_both == 1 else 'parties are'} "
        f"on both ({_count(len(result.both), 'pair', 'pairs')}: "
        f"{result.count_by(IDENTIFIER):,} matched by identifier, "
        f"{result.count_by(NAME):,} by name)."
    )


# -- rows ---------------------------------------------------------------------------


def _party_cells(party: AuthorityParty | None) -> list[Cell]:
    if party is None:
        return [None] * len(PARTY_COLUMNS)
    return [
        party.caption,
        party.schema,
        "; ".join(party.entity_ids),
        "; ".join(party.lists),
        "; ".join(party.programs),
        party.listing_date,
    ]


def _only_status(lists: AuthorityLists) -> str:
    return f"{lists.code} only"


def comparison_rows(result: AuthorityComparison) -> Iterator[list[Cell]]:
    """One row per party listed by one authority only, then one per pair on both."""
    for lists, other, parties in (
        (result.second, result.first, result.second_only),
        (result.first, result.second, result.first_only),
    ):
        for party in parties:
            yield [
                _only_status(lists),
                lists.code,
                *_party_cells(party),
                other.code,
                *_party_cells(None),
                None,
                None,
                None,
                None,
            ]
    for pair in result.both:
        yield [
            "both",
            result.first.code,
            *_party_cells(pair.first),
            result.second.code,
            *_party_cells(pair.second),
            pair.method,
            pair.score,
            f"{pair.first_name} = {pair.second_name}",
            pair.detail,
        ]


# -- JSON ---------------------------------------------------------------------------


def party_dict(party: AuthorityParty) -> dict[str, Any]:
    return {
        "authority": party.authority,
        "entity_ids": list(party.entity_ids),
        "caption": party.caption,
        "schema": party.schema,
        "names": list(party.names),
        "birth_dates": list(party.birth_dates),
        "countries": list(party.countries),
        "identifiers": list(party.identifiers),
        "lists": list(party.lists),
        "programs": list(party.programs),
        "listing_date": party.listing_date,
        "listings": [
            {
                "list_name": item.list_name,
                "authority": item.authority,
                "programs": list(item.programs),
                "listing_date": item.listing_date,
                "source_url": item.source_url,
            }
            for item in party.listings
        ],
    }


def pair_dict(pair: PartyPair) -> dict[str, Any]:
    return {
        "first": party_dict(pair.first),
        "second": party_dict(pair.second),
        "method": pair.method,
        "score": pair.score,
        "first_name": pair.first_name,
        "second_name": pair.second_name,
        "detail": pair.detail,
    }


def comparison_dict(result: AuthorityComparison) -> dict[str, Any]:
    """The whole comparison as JSON-ready data."""
    return {
        "summary": summary_sentence(result),
        "first": asdict(result.first),
        "second": asdict(result.second),
        "counts": {
            "first_only": len(result.first_only),
            "second_only": len(result.second_only),
            "first_on_both": result.first_on_both,
            "second_on_both": result.second_on_both,
            "pairs": len(result.both),
            "by_identifier": result.count_by(IDENTIFIER),
            "by_name": result.count_by(NAME),
        },
        "rules": asdict(result.rules),
        "first_only": [party_dict(p) for p in result.first_only],
        "second_only": [party_dict(p) for p in result.second_only],
        "both": [pair_dict(p) for p in result.both],
        "not_compared": list(result.not_compared),
        "vet_version": __version__,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
    }


# -- text ---------------------------------------------------------------------------


def _party_line(party: AuthorityParty) -> str:
    facts = [party.schema, ", ".join(party.lists)]
    if party.programs:
        facts.append(", ".join(party.programs[:3]) + (" ..." if len(party.programs) > 3 else ""))
    if party.listing_date:
        facts.append(f"listed {party.listing_date}")
    return f"  {party.caption}  [{'; '.join(facts)}]  {' '.join(party.entity_ids)}"


def text_lines(result: AuthorityComparison) -> Iterator[str]:
    """The summary, then the parties of each side only, then the pairs on both."""
    first, second = authority_label(result.first.code), authority_label(result.second.code)
    yield summary_sentence(result)
    yield (
        f"{_capital(first)}: {', '.join(result.first.lists)}; "
        f"{second}: {', '.join(result.second.lists)}."
    )
    for title, parties in (
        (f"Listed by {second}, not by {first}", result.second_only),
        (f"Listed by {first}, not by {second}", result.first_only),
    ):
        yield ""
        yield f"{title} ({len(parties):,}):"
        yield from (_party_line(p) for p in parties)
    yield ""
    yield f"On both ({len(result.both):,} pairs):"
    for pair in result.both:
        how = "identifier" if pair.method == IDENTIFIER else "name"
        yield (
            f"  {pair.first.caption} ({' '.join(pair.first.entity_ids)})  =  "
            f"{pair.second.caption} ({' '.join(pair.second.entity_ids)})  by {how}: {pair.detail}"
        )
    if result.not_compared:
        yield ""
        yield f"Not on either authority's lists: {', '.join(result.not_compared)}"


# -- HTML ---------------------------------------------------------------------------


def _party_html(party: AuthorityParty) -> list[str]:
    return [
        esc(party.caption),
        esc(party.schema),
        esc(", ".join(party.lists)),
        esc("; ".join(party.programs)),
        esc(party.listing_date),
        esc(" ".join(party.entity_ids)),
    ]


def html_chunks(result: AuthorityComparison) -> Iterator[str]:
    first, second = authority_label(result.first.code), authority_label(result.second.code)
    title = f"Where the lists of {first} and {second} disagree"
    yield (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="generator" content="vet {esc(__version__)}">\n'
        f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f'<header><h1>{esc(title)}</h1><p class="summary">{esc(summary_sentence(result))}</p>'
        '<dl class="meta">'
    )
    for lists in (result.first, result.second):
        versions = ", ".join(
            f"{name} (version {version})"
            for name, version in zip(lists.lists, lists.versions, strict=True)
        )
        yield f"<dt>{esc(lists.code)}</dt><dd>{esc(versions)}</dd>"
    yield (
        f"<dt>Created</dt><dd>{esc(datetime.now(UTC).isoformat(timespec='seconds'))} "
        f"with vet {esc(__version__)}</dd></dl></header>\n<main>\n"
    )
    headers = ["Name", "Type", "Lists", "Programs", "Listed on", "Entity ids"]
    for ident, title_, parties in (
        ("second-only", f"Listed by {second}, not by {first}", result.second_only),
        ("first-only", f"Listed by {first}, not by {second}", result.first_only),
    ):
        caption = f"{len(parties):,} parties"
        yield section(ident, title_, table(caption, headers, (_party_html(p) for p in parties)))
    pair_headers = [
        esc(result.first.code),
        f"{esc(result.first.code)} lists",
        esc(result.second.code),
        f"{esc(result.second.code)} lists",
        "Matched by",
        "Why",
    ]
    rows = (
        [
            esc(pair.first.caption),
            esc(", ".join(pair.first.lists)),
            esc(pair.second.caption),
            esc(", ".join(pair.second.lists)),
            esc(pair.method),
            esc(f"{pair.first_name} = {pair.second_name}: {pair.detail}"),
        ]
        for pair in result.both
    )
    caption = f"{len(result.both):,} pairs"
    yield section("both", "On both", table(caption, pair_headers, rows))
    yield "\n</main>\n</body>\n</html>\n"


# -- writing ------------------------------------------------------------------------


def write_formats(
    out: Path | IO[str],
    fmt: str,
    *,
    data: Callable[[], dict[str, Any]],
    header: Sequence[Cell],
    rows: Callable[[], Iterable[Sequence[Cell]]],
    html: Callable[[], Iterable[str]],
    text: Callable[[], Iterable[str]],
) -> None:
    """Write one report as ``fmt`` (one of :data:`COMPARISON_FORMATS`) to a path or stream;
    the callables give its content in each format (CSV cells escaped here)."""
    if fmt not in COMPARISON_FORMATS:
        raise InputError(
            f"unknown comparison format {fmt!r}; formats are {', '.join(COMPARISON_FORMATS)}"
        )
    with text_target(out, bom=fmt == "csv") as stream:
        if fmt == "json":
            json.dump(data(), stream, ensure_ascii=False, indent=2)
            stream.write("\n")
        elif fmt == "csv":
            writer = csv.writer(stream)
            writer.writerow(escape_row(header))
            for row in rows():
                writer.writerow(escape_row(row))
        elif fmt == "html":
            stream.writelines(html())
        else:
            stream.writelines(line + "\n" for line in text())


def write_comparison(result: AuthorityComparison, out: Path | IO[str], fmt: str) -> None:
    """Write ``result`` as ``fmt`` (one of :data:`COMPARISON_FORMATS`) to a path or stream."""
    write_formats(
        out,
        fmt,
        data=lambda: comparison_dict(result),
        header=COLUMNS,
        rows=lambda: comparison_rows(result),
        html=lambda: html_chunks(result),
        text=lambda: text_lines(result),
    )
