"""The report of a comparison of several authorities per topic: text, JSON, CSV or HTML.

Every format says the same thing from :class:`~vet.screen.consistency.Consistency`: per
topic, how many of its parties each authority lists for it, for other reasons or not at
all, then the parties themselves.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from vet import __version__
from vet.report.comparison import write_formats
from vet.report.html import CSS, esc, section, table
from vet.resolve import topic_title
from vet.screen.consistency import (
    LISTED_FOR,
    LISTED_OTHER,
    NOT_LISTED,
    Consistency,
    PartyCoverage,
)

SHORT = {LISTED_FOR: "yes", LISTED_OTHER: "other", NOT_LISTED: "-"}


def topic_sentence(result: Consistency, topic: str) -> str:
    """``Human rights: 412 parties listed by at least one of US, UK, AU, CA.``"""
    count = len(result.parties_for(topic))
    noun = "party" if count == 1 else "parties"
    return (
        f"{topic_title(topic)}: {count:,} {noun} listed for it by at least one of "
        f"{', '.join(result.codes)}."
    )


def _cell(party: PartyCoverage, code: str, topic: str) -> str:
    """``listed for it (Human rights, Corruption)``: the status and the listing's topics."""
    topics = party.topics_by.get(code)
    if topics is None:
        return NOT_LISTED
    return f"{party.status(code, topic)} ({', '.join(topic_title(t) for t in topics)})"


def text_lines(result: Consistency, *, parties: bool) -> Iterator[str]:
    """Per topic: the sentence, a line per authority, then (``parties``) a line per party."""
    for authority in result.authorities:
        yield f"{authority.code}: {', '.join(authority.lists)}"
    for topic in result.topics:
        yield ""
        yield topic_sentence(result, topic)
        for code, counts in result.counts(topic).items():
            yield (
                f"  {code:<5} listed for it {counts[LISTED_FOR]:>6,}   for other reasons "
                f"{counts[LISTED_OTHER]:>6,}   not listed {counts[NOT_LISTED]:>6,}"
            )
        if parties:
            yield f"  ({' '.join(result.codes)}: yes = listed for it, other = for other reasons)"
            for party in result.parties_for(topic):
                marks = " ".join(SHORT[party.status(c, topic)] for c in result.codes)
                yield f"  {party.caption} [{party.schema}]  {marks}"


def party_rows(result: Consistency) -> Iterator[list[Any]]:
    for topic in result.topics:
        for party in result.parties_for(topic):
            yield [
                topic,
                party.caption,
                party.schema,
                "; ".join(party.records),
                *(_cell(party, c, topic) for c in result.codes),
            ]


def consistency_dict(result: Consistency) -> dict[str, Any]:
    return {
        "authorities": [
            {"code": a.code, "lists": list(a.lists), "versions": list(a.versions)}
            for a in result.authorities
        ],
        "topics": [
            {
                "topic": topic,
                "title": topic_title(topic),
                "summary": topic_sentence(result, topic),
                "counts": result.counts(topic),
                "parties": [
                    {
                        "caption": p.caption,
                        "schema": p.schema,
                        "records": list(p.records),
                        "status": {c: p.status(c, topic) for c in result.codes},
                        "topics": {c: list(t) for c, t in p.topics_by.items()},
                    }
                    for p in result.parties_for(topic)
                ],
            }
            for topic in result.topics
        ],
        "vet_version": __version__,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def html_chunks(result: Consistency) -> Iterator[str]:
    title = f"Who lists whom: {', '.join(result.codes)}"
    yield (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="generator" content="vet {esc(__version__)}">\n'
        f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f'<header><h1>{esc(title)}</h1><dl class="meta">'
    )
    for authority in result.authorities:
        yield f"<dt>{esc(authority.code)}</dt><dd>{esc(', '.join(authority.lists))}</dd>"
    yield "</dl></header>\n<main>\n"
    for topic in result.topics:
        counts = result.counts(topic)
        summary = table(
            topic_sentence(result, topic),
            ["Authority", "Listed for it", "For other reasons", "Not listed"],
            (
                [esc(code), *(f"{n:,}" for n in (c[LISTED_FOR], c[LISTED_OTHER], c[NOT_LISTED]))]
                for code, c in counts.items()
            ),
        )
        parties = table(
            f"The parties listed for {topic_title(topic).lower()}",
            ["Party", "Type", *(esc(c) for c in result.codes)],
            (
                [
                    esc(p.caption),
                    esc(p.schema),
                    *(esc(_cell(p, c, topic)) for c in result.codes),
                ]
                for p in result.parties_for(topic)
            ),
        )
        yield section(f"topic-{topic}", topic_title(topic), summary + parties)
    yield "\n</main>\n</body>\n</html>\n"


def write_consistency(
    result: Consistency, out: Path | IO[str], fmt: str, *, parties: bool = True
) -> None:
    """Write ``result`` as ``fmt`` (text, json, csv or html) to a path or stream; the text
    lists each party only when ``parties``."""
    write_formats(
        out,
        fmt,
        data=lambda: consistency_dict(result),
        header=["Topic", "Name", "Type", "Records", *result.codes],
        rows=lambda: party_rows(result),
        html=lambda: html_chunks(result),
        text=lambda: text_lines(result, parties=parties),
    )
