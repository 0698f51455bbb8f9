"""Plain-language explanations of scores: which names met, token by token, and why."""

from __future__ import annotations

from vet.index import ListedParty, Listing
from vet.match.features import FeatureResult
from vet.match.scorer import NameScore

KIND_NAMES = {
    "legal": "legal form",
    "generic": "generic business word",
    "place": "place qualifier",
    "particle": "name particle",
    "title": "title or honorific",
    "initial": "initial",
    "number": "number",
    "name": "name",
}
WEAK_KINDS = ("legal", "generic", "place", "particle", "title")


def explain_names(name: NameScore) -> str:
    """'huawei = huawei (exact); uk: place qualifier, little weight; ...'."""
    query, listed = name.query, name.listed
    parts = []
    for pair in sorted(name.pairs, key=lambda p: p.query):
        q, lt = query.tokens[pair.query], listed.tokens[pair.listed]
        label = pair.how if pair.how != "spelling" else f"spelling {pair.similarity:.2f}"
        parts.append(f"{q} = {lt} ({label})" if q != lt else f"{q} (exact)")
    matched_q = {p.query for p in name.pairs}
    matched_l = {p.listed for p in name.pairs}
    for i, token in enumerate(query.tokens):
        if i not in matched_q:
            kind = query.kinds[i]
            cost = "little weight" if kind in WEAK_KINDS else "costs"
            parts.append(f"'{token}' only in the query ({KIND_NAMES.get(kind, kind)}, {cost})")
    for j, token in enumerate(listed.tokens):
        if j not in matched_l:
            kind = listed.kinds[j]
            cost = "little weight" if kind in WEAK_KINDS else "costs"
            parts.append(
                f"'{token}' only in the listed name ({KIND_NAMES.get(kind, kind)}, {cost})"
            )
    if name.joined:
        parts.append("written without spaces the names agree")
    if name.acronym:
        parts.append(f"'{query.text}' are the initials of the listed name")
    if name.held:
        parts.append(f"the listed name holds '{query.text}' as a name of its own")
    if name.truncated:
        parts.append("the query is the listed name cut short")
    if name.places_conflict:
        parts.append("the names give different places, which counts against them")
    if name.weak_only:
        parts.append("only weak words matched, so the score is capped")
    return "; ".join(parts)


def _describe_listing(item: Listing) -> str:
    details = [item.authority, ", ".join(item.programs)]
    if item.listing_date:
        details.append(f"listed {item.listing_date}")
    return f"{item.list_name} ({', '.join(d for d in details if d)})"


def explain_hit(
    name: NameScore,
    name_property: str,
    party: ListedParty,
    features: list[FeatureResult],
    score: float,
    threshold: float,
    *,
    cell: str | None = None,
) -> str:
    """One paragraph: names, tokens, evidence, listing and the verdict.

    ``cell`` is the query as given when the name that met is one of several it holds.
    """
    kind = {
        "name": "name",
        "alias": "alias",
        "weakAlias": "weak alias",
        "previousName": "former name",
    }.get(name_property, name_property)
    listings = "; ".join(_describe_listing(item) for item in party.listings)
    held = f", one of the names in '{cell}'," if cell else ""
    text = (
        f"'{name.query.text}'{held} met the listed {kind} '{name.listed.text}' "
        f"(name score {name.score:.2f}): {explain_names(name)}."
    )
    if features:
        text += " Evidence: " + "; ".join(f.detail for f in features) + "."
    text += f" Listed on {listings}."
    verdict = "a match" if score >= threshold else "below the match threshold"
    text += f" Score {score:.2f} against threshold {threshold:.2f}: {verdict}."
    return text
