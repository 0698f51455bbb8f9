"""Pictures for reports and the web page: small SVG drawings made on the server.

Each function takes values a report already holds and returns one ``<svg>`` element:
no scripts, no external fonts or styles, so the drawing works offline, in the HTML
report opened from disk, and on paper. Every picture carries a ``<title>`` and a
``<desc>`` that says in words what it shows (screen readers and text browsers get the
same facts), and every mark that colour distinguishes also carries a word or a number,
so a black-and-white print loses nothing. All text from party files or lists passes
through :func:`html.escape`.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from vet.store import Freshness

FONT = "font-family='system-ui, Arial, sans-serif' font-size='12'"
INK = "#1b1b1b"
LISTED_FILL = "#8a1414"
MUTED = "#6a6a6a"
BAR_FILL = "#0b4f9c"
LIGHT = "#e8e8e8"

_ids = itertools.count(1)


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def clip(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters with an ellipsis (the full text stays in a tooltip)."""
    return text if len(text) <= width else text[: width - 1] + "…"


def svg(width: int, height: int, title: str, description: str, body: Iterable[str]) -> str:
    """One accessible SVG element: role img, labelled by its title and description."""
    ident = f"vet-pic-{next(_ids)}"
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' role='img' width='{width}' height='{height}' "
        f"viewBox='0 0 {width} {height}' aria-labelledby='{ident}-t {ident}-d' {FONT}>"
        f"<title id='{ident}-t'>{esc(title)}</title><desc id='{ident}-d'>{esc(description)}</desc>"
        + "".join(body)
        + "</svg>"
    )


def text(x: float, y: float, value: str, *, anchor: str = "start", extra: str = "") -> str:
    return f"<text x='{x:.1f}' y='{y:.1f}' text-anchor='{anchor}' {extra}>{esc(value)}</text>"


# -- who lists each flagged party --------------------------------------------------------

LISTED = "listed"
NOT_LISTED = "not listed"
NOT_SCREENED = "not screened"


def authority_grid(parties: Sequence[tuple[str, Sequence[str]]], authorities: Sequence[str]) -> str:
    """A grid of flagged parties (rows) by authority (columns).

    ``parties`` holds each party's name and its status per authority, aligned with
    ``authorities``: ``listed``, ``not listed`` or ``not screened``. A listed cell is
    filled and says "listed"; a not-screened cell says "n/s".
    """
    label_width = min(260, 16 + 7 * max((len(name) for name, _ in parties), default=10))
    cell_w, cell_h, top = 64, 24, 28
    width = label_width + cell_w * len(authorities) + 8
    height = top + cell_h * len(parties) + 8
    body = [
        text(
            label_width + cell_w * i + cell_w / 2,
            18,
            code,
            anchor="middle",
            extra="font-weight='600'",
        )
        for i, code in enumerate(authorities)
    ]
    lines = []
    for r, (name, statuses) in enumerate(parties):
        y = top + r * cell_h
        body.append(f"<g><title>{esc(name)}</title>")
        body.append(text(4, y + 16, clip(name, (label_width - 8) // 7)))
        body.append("</g>")
        listed_by = [a for a, s in zip(authorities, statuses, strict=True) if s == LISTED]
        lines.append(f"{name}: listed by {', '.join(listed_by) or 'none of them'}")
        for c, status in enumerate(statuses):
            x = label_width + c * cell_w
            fill, word, colour = {
                LISTED: (LISTED_FILL, "listed", "#fff"),
                NOT_SCREENED: (LIGHT, "n/s", MUTED),
            }.get(status, ("#fff", "–", MUTED))
            body.append(
                f"<rect x='{x + 2}' y='{y + 2}' width='{cell_w - 4}' height='{cell_h - 4}' "
                f"fill='{fill}' stroke='{INK}' stroke-width='0.5'>"
                f"<title>{esc(authorities[c])}: {esc(status)}</title></rect>"
            )
            body.append(
                text(x + cell_w / 2, y + 16, word, anchor="middle", extra=f"fill='{colour}'")
            )
    title = "Which authorities list each flagged party"
    description = "; ".join(lines) if lines else "No flagged party."
    return svg(width, height, title, description, body)


# -- how close the hits are to the threshold -------------------------------------------


@dataclass(frozen=True)
class ScoreBand:
    """Hits scoring from ``low`` up to ``high`` (1.00 included in the last band)."""

    low: float
    high: float
    hits: int
    borderline: int
    """Of them, those within one band's width of the threshold."""


def score_bands(
    scores: Sequence[float], threshold: float, *, step: float = 0.05
) -> list[ScoreBand]:
    """Hits per band of ``step`` from the band holding the threshold (or the lowest score)
    up to 1.00, and how many in each are borderline (less than ``step`` above the threshold)."""
    low = min([threshold, *scores]) if scores else threshold
    start = int(low / step + 1e-9) * step
    edges = [round(start + i * step, 4) for i in range(round((1.0 - start) / step) + 1)]
    counts = [0] * max(1, len(edges) - 1)
    near = [0] * len(counts)
    for score in scores:
        index = max(0, min(int((score - start) / step + 1e-9), len(counts) - 1))
        counts[index] += 1
        near[index] += threshold <= score < threshold + step
    if len(edges) < 2:
        edges = [start, 1.0]
    return [ScoreBand(edges[i], edges[i + 1], counts[i], near[i]) for i in range(len(counts))]


def score_histogram(scores: Sequence[float], threshold: float, *, step: float = 0.05) -> str:
    """Hits per score band, with the threshold marked: how many are borderline."""
    bands = score_bands(scores, threshold, step=step)
    start = bands[0].low
    counts = [band.hits for band in bands]
    edges = [band.low for band in bands] + [bands[-1].high]
    left, bottom, bar_w, plot_h = 36, 150, 34, 110
    width, height = left + bar_w * len(counts) + 16, bottom + 40
    peak = max(counts) or 1
    body = [f"<line x1='{left}' y1='{bottom}' x2='{width - 8}' y2='{bottom}' stroke='{INK}'/>"]
    for i, number in enumerate(counts):
        h = plot_h * number / peak
        x = left + i * bar_w
        body.append(
            f"<rect x='{x + 3}' y='{bottom - h:.1f}' width='{bar_w - 6}' height='{h:.1f}' "
            f"fill='{BAR_FILL}'><title>{edges[i]:.2f}–{edges[i + 1]:.2f}: {number} hits"
            "</title></rect>"
        )
        if number:
            body.append(text(x + bar_w / 2, bottom - h - 4, str(number), anchor="middle"))
        body.append(
            text(x, bottom + 14, f"{edges[i]:.2f}", anchor="middle", extra="font-size='10'")
        )
    body.append(
        text(
            left + len(counts) * bar_w, bottom + 14, "1.00", anchor="middle", extra="font-size='10'"
        )
    )
    tx = left + (threshold - start) / step * bar_w
    body.append(
        f"<line x1='{tx:.1f}' y1='{bottom - plot_h - 12}' x2='{tx:.1f}' y2='{bottom + 4}' "
        f"stroke='{INK}' stroke-dasharray='4 3'/>"
    )
    body.append(text(tx + 3, bottom - plot_h - 2, f"threshold {threshold:.2f}"))
    body.append(text(left, bottom + 32, "score"))
    near = sum(band.borderline for band in bands)
    description = (
        f"{len(scores)} hits at or above the threshold {threshold:.2f}; {near} of them "
        f"within {step:.2f} of it (borderline). "
        + ", ".join(f"{edges[i]:.2f}–{edges[i + 1]:.2f}: {n}" for i, n in enumerate(counts) if n)
    )
    return svg(width, height, "Scores of the hits against the threshold", description, body)


# -- ownership and control --------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    """``owner`` holds ``share`` percent of ``owned`` (None: controls it)."""

    owner: str
    owned: str
    share: float | None


def ownership_graph(
    party: str, links: Sequence[Link], listed: Mapping[str, str], rules: Sequence[str]
) -> str:
    """Owners to the screened party, left to right; listed owners boxed in red.

    ``listed`` maps a listed owner's name to how it is listed; ``rules`` are the rule
    findings in words (``OFAC 50%: aggregate 60%``).
    """
    depth = {party: 0}
    changed = True
    while changed:  # longest distance from the party, over a small acyclic set of links
        changed = False
        for link in links:
            if link.owner == party:  # a cycle back to the party: it stays in its column
                continue
            further = depth.get(link.owned, len(links)) + 1
            if further <= len(links) and depth.get(link.owner, -1) < further:
                depth[link.owner] = further
                changed = True
    columns = max(depth.values()) + 1
    by_column: dict[int, list[str]] = {}
    for name, d in depth.items():
        by_column.setdefault(d, []).append(name)
    box_w, box_h, gap_x, gap_y = 220, 40, 90, 18
    rows = max(len(v) for v in by_column.values())
    width = columns * box_w + (columns - 1) * gap_x + 20
    height = rows * (box_h + gap_y) + 20 + 18 * len(rules)
    place: dict[str, tuple[float, float]] = {}
    for d, names in by_column.items():
        x = 10 + (columns - 1 - d) * (box_w + gap_x)
        for i, name in enumerate(sorted(names)):
            place[name] = (x, 10 + i * (box_h + gap_y))
    body = [
        "<defs><marker id='vet-arrow' viewBox='0 0 10 10' refX='10' refY='5' markerWidth='7' "
        f"markerHeight='7' orient='auto'><path d='M0,0 L10,5 L0,10 z' fill='{INK}'/></marker>"
        "</defs>"
    ]
    sentences = []
    for link in links:
        if link.owner not in place or link.owned not in place:
            continue
        (x1, y1), (x2, y2) = place[link.owner], place[link.owned]
        label = "controls" if link.share is None else f"{link.share:g}%"
        held = "controls" if link.share is None else f"holds {label} of"
        sentences.append(f"{link.owner} {held} {link.owned}")
        ax, ay, bx, by = x1 + box_w, y1 + box_h / 2, x2, y2 + box_h / 2
        body.append(
            f"<line x1='{ax:.1f}' y1='{ay:.1f}' x2='{bx:.1f}' y2='{by:.1f}' stroke='{INK}' "
            "marker-end='url(#vet-arrow)'/>"
        )
        # Near the owner's end, so the labels of arrows meeting at one party stay apart.
        lx, ly = ax + 6 + (bx - ax) * 0.1, ay + (by - ay) * 0.1 - 4
        body.append(text(lx, ly, label, extra="font-weight='600'"))
    for name, (left, top) in place.items():
        is_listed = name in listed
        stroke = LISTED_FILL if is_listed else INK
        second = "screened party" if name == party else "owner"
        if is_listed:
            second = "LISTED: " + clip(listed[name], 22)
        body.append(
            f"<g><title>{esc(name)}{': ' + esc(listed[name]) if is_listed else ''}</title>"
            f"<rect x='{left}' y='{top}' width='{box_w}' height='{box_h}' rx='4' fill='#fff' "
            f"stroke='{stroke}' stroke-width='{2.5 if is_listed else 1}'/>"
            + text(left + 6, top + 16, clip(name, 23), extra="font-weight='600'")
            + text(left + 6, top + 32, second, extra=f"fill='{stroke if is_listed else MUTED}'")
            + "</g>"
        )
    base = rows * (box_h + gap_y) + 14
    for i, rule in enumerate(rules):
        body.append(text(10, base + 18 * i, rule))
    listed_words = [f"{name} is listed ({how})" for name, how in listed.items()]
    description = ". ".join([*sentences, *listed_words, *rules]) or f"{party}: no owner known."
    return svg(width, height, f"Ownership and control of {party}", description, body)


# -- bars: list freshness and what changed -------------------------------------------------


def freshness_bars(lists: Sequence[tuple[str, Freshness]], *, when: str = "") -> str:
    """Age of each list's publication, with the stale limit marked.

    ``lists`` holds each list's label and its :class:`vet.store.Freshness` (the one rule for
    what is stale: older than the limit, or undated); ``when`` (" when screened") follows
    "old" in the words beside each bar, which say the date, the age and any warning.
    """
    label_w, bar_max, row_h = 180, 260, 22
    limit = max((fresh.max_age_days for _, fresh in lists), default=30)
    longest = max([limit * 2, *(fresh.age_days or 0 for _, fresh in lists)])
    scale = bar_max / max(1, longest)
    words = [fresh.describe(when) for _, fresh in lists]
    width = label_w + bar_max + 16 + 8 * max((len(w) for w in words), default=10)
    height = 30 + row_h * len(lists)
    limit_x = label_w + limit * scale
    body = [
        f"<line x1='{limit_x:.1f}' y1='4' x2='{limit_x:.1f}' y2='{height - 4}' stroke='{INK}' "
        "stroke-dasharray='4 3'/>",
        text(limit_x + 3, 14, f"stale after {limit} days"),
    ]
    for i, ((label, fresh), said) in enumerate(zip(lists, words, strict=True)):
        y = 24 + i * row_h
        body.append(f"<g><title>{esc(label)}: {esc(said)}</title>")
        body.append(text(4, y + 13, clip(label, (label_w - 8) // 7)))
        if fresh.age_days is not None:
            w = max(1.0, fresh.age_days * scale)
            fill = LISTED_FILL if fresh.stale else BAR_FILL
            body.append(
                f"<rect x='{label_w}' y='{y + 2}' width='{w:.1f}' height='{row_h - 6}' "
                f"fill='{fill}'/>"
            )
        else:  # undated: an outlined box the length of the limit, marked with a question
            body.append(
                f"<rect x='{label_w}' y='{y + 2}' width='{limit * scale:.1f}' "
                f"height='{row_h - 6}' fill='none' stroke='{LISTED_FILL}' "
                "stroke-dasharray='2 2'/>"
            )
            body.append(text(label_w + 4, y + 13, "?", extra=f"fill='{LISTED_FILL}'"))
        body.append(
            text(
                label_w + bar_max + 8,
                y + 13,
                said,
                extra="font-weight='600'" if fresh.stale else "",
            )
        )
        body.append("</g>")
    description = "; ".join(
        f"{label}: {said}" for (label, _), said in zip(lists, words, strict=True)
    )
    return svg(width, height, "How old each list is", description or "No list.", body)


def change_bars(groups: Sequence[tuple[str, Sequence[tuple[str, int]]]]) -> str:
    """What a re-screening changed: per kind of change (``New hits``) its total, then one
    labelled bar per reason (``new record``, ``list added``) with its count."""
    label_w, bar_max, row_h = 240, 260, 20
    peak = max([1, *(sum(n for _, n in reasons) for _, reasons in groups)])
    rows = sum(1 + len(reasons) for _, reasons in groups)
    width, height = label_w + bar_max + 60, 8 + row_h * max(1, rows)
    body: list[str] = []
    sentences = []
    y = 6
    for title, reasons in groups:
        total = sum(n for _, n in reasons)
        body.append(text(4, y + 13, title, extra="font-weight='700'"))
        if total:
            body.append(
                f"<rect x='{label_w}' y='{y + 2}' width='{bar_max * total / peak:.1f}' "
                f"height='{row_h - 6}' fill='{INK}'/>"
            )
        body.append(
            text(
                label_w + bar_max * total / peak + 6, y + 13, str(total), extra="font-weight='700'"
            )
        )
        y += row_h
        for reason, number in reasons:
            w = bar_max * number / peak
            body.append(text(20, y + 13, reason))
            body.append(
                f"<rect x='{label_w}' y='{y + 4}' width='{w:.1f}' height='{row_h - 10}' "
                f"fill='{BAR_FILL}'><title>{esc(title)}, {esc(reason)}: {number}</title></rect>"
            )
            body.append(text(label_w + w + 6, y + 13, str(number)))
            y += row_h
        parts = ", ".join(f"{n} {reason}" for reason, n in reasons if n)
        sentences.append(f"{title}: {total}" + (f" ({parts})" if parts else ""))
    description = "; ".join(sentences) or "Nothing changed."
    return svg(width, height, "What changed since the earlier screening", description, body)
