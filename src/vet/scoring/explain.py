"""Plain-language explanations of scores: which names met, token by token, and why."""

from __future__ import annotations

import re
from functools import lru_cache

from vet.index import ListedParty, Listing
from vet.index.prepared import PreparedName
from vet.names import legal_form_words, tokenise
from vet.names.tokens import generic_singular
from vet.scoring.features import FeatureResult
from vet.scoring.scorer import NameScore

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
    """'huawei = huawei (exact); uk: place qualifier, little weight; ...'.

    Legal forms are shown as each name writes them ("Ltd", "PJSC"), not as the code
    they are compared by.
    """
    query, listed = name.query, name.listed
    parts = []
    for pair in sorted(name.pairs, key=lambda p: p.query):
        q, lt = query.tokens[pair.query], listed.tokens[pair.listed]
        shown_q, shown_l = _shown(query, pair.query), _shown(listed, pair.listed)
        label = pair.how if pair.how != "spelling" else f"spelling {pair.similarity:.2f}"
        if q != lt:
            parts.append(f"{shown_q} = {shown_l} ({label})")
        elif shown_q.casefold() != shown_l.casefold():
            same = "same legal form" if query.kinds[pair.query] == "legal" else "same word"
            parts.append(f"{shown_q} = {shown_l} ({same})")
        else:
            parts.append(f"{shown_q} (exact)")
    matched_q = {p.query for p in name.pairs}
    matched_l = {p.listed for p in name.pairs}
    for i in range(len(query.tokens)):
        if i not in matched_q:
            kind = query.kinds[i]
            cost = "little weight" if kind in WEAK_KINDS else "costs"
            parts.append(
                f"'{_shown(query, i)}' only in the query ({KIND_NAMES.get(kind, kind)}, {cost})"
            )
    for j in range(len(listed.tokens)):
        if j not in matched_l:
            kind = listed.kinds[j]
            cost = "little weight" if kind in WEAK_KINDS else "costs"
            parts.append(
                f"'{_shown(listed, j)}' only in the listed name "
                f"({KIND_NAMES.get(kind, kind)}, {cost})"
            )
    if name.joined:
        if name.joined_similarity >= 1.0:
            parts.append("written without spaces the names agree")
        else:
            parts.append(
                f"written without spaces the names are alike ({name.joined_similarity:.2f})"
            )
    if name.acronym:
        parts.append(f"'{query.text}' are the initials of the listed name")
    if name.held:
        parts.append(f"the listed name holds '{query.text}' as a name of its own")
    if name.truncated:
        parts.append("the query is the listed name cut short")
    if name.places_conflict:
        parts.append("each name gives a place the other lacks, so the score is capped")
    if name.weak_only:
        parts.append("only weak words matched, so the score is capped")
    if name.single_word:
        word = _shown(listed, 0) if len(listed.tokens) == 1 else _shown(query, 0)
        parts.append(f"'{word}' alone is a common personal name, so the score is capped")
    if name.weak_alias:
        parts.append("the list marks this name weak, so the score is capped")
    if name.capped:
        parts.append(f"{name.capped}, so the score is capped")
    parts.extend(_explain_distinctive(name))
    return "; ".join(parts)


def _shown(name: PreparedName, index: int) -> str:
    """Token ``index`` of ``name`` as the explanation shows it: as the name writes it
    ("PEOPLE'S" for ``peoples``, "K.B." for ``kb``, "Ltd" for the legal form ``llc``),
    else the token itself."""
    token = name.tokens[index]
    if name.kinds[index] == "legal" and token in legal_form_words(name.text):
        return legal_form_words(name.text)[token]
    return _written_words(name.text).get(token, token)


_EDGE_PUNCTUATION = ',;:()[]{}"“”«»'


@lru_cache(maxsize=4096)
def _written_words(text: str) -> dict[str, str]:
    """Each token a word of ``text`` gives on its own, with the word as written."""
    words: dict[str, str] = {}
    for chunk in text.split():
        # "at-Trinidadi" gives al, trinidadi and "B&H" b, and, h: word by word
        parts = re.findall(r"&|[^&-]+", chunk.strip(_EDGE_PUNCTUATION))
        together = tokenise(chunk, schema="Company").tokens
        if len(parts) > 1 and len(together) == len(parts):
            for token, part in zip(together, parts, strict=True):
                words.setdefault(token.text, part)
        for piece in [chunk, *parts] if len(parts) > 1 else [chunk]:
            piece = piece.strip(_EDGE_PUNCTUATION)
            for schema in ("Company", "Person"):  # dotted letters join in organisations' names
                tokens = tokenise(piece, schema=schema).tokens if piece else ()
                if len(tokens) == 1:
                    words.setdefault(tokens[0].text, piece)
                    # alone a word is a name; in a longer name a generic word is singular
                    words.setdefault(generic_singular(tokens[0].text), piece)
    return words


def _explain_distinctive(name: NameScore) -> list[str]:
    """Why listed words the query lacks cost in full (see ``NameScore.distinctive_missing``)."""
    query, listed = name.query, name.listed
    matched_q = {p.query for p in name.pairs}
    swapped = any(k == "name" and i not in matched_q for i, k in enumerate(query.kinds))
    reason = (
        "the query has another name in its place"
        if swapped
        else "it is the listed name's rarest word"
    )
    return [f"'{_shown(listed, j)}' costs in full: {reason}" for j in name.distinctive_missing]


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
