"""Names cut at a field width: "Shenzhen Huawei Aiss", "ZHONGHANG ELECTRONIC".

Payment messages and legacy systems hold a name in a field of fixed width (35
characters in a SWIFT name line, 20 in many older systems) and cut what does not fit,
mid-word or after a whole word. A query as long as such a field may be a listed name
cut short: it is then compared with each listed name cut at the same length, so that
its last word may be the beginning of a listed word and the listed name's last words
may be missing.
"""

from __future__ import annotations

from collections.abc import Callable

from vet.index import PreparedName
from vet.scoring.config import MatchConfig
from vet.scoring.scorer import NameScore, score_names_at_least


def at_field_width(query: PreparedName, config: MatchConfig) -> bool:
    """Whether the query is as long as a field it may have been cut by (or one shorter:
    a cut before a space leaves the space off)."""
    length = len(query.text)
    return any(width - 1 <= length <= width for width in config.field_widths)


def score_cut_short(
    query: PreparedName,
    listed: PreparedName,
    config: MatchConfig,
    prepare: Callable[[str], PreparedName],
    floor: float = -1.0,
) -> NameScore | None:
    """The query scored against ``listed`` cut at the query's length, at most
    ``truncation_score``; None when the listed name is not longer than the query, or the
    score cannot reach ``floor``.

    ``prepare`` prepares the cut listed name as the listed name was (same schema,
    same token rarity). The result compares the cut name, so its explanation quotes the
    listed words as far as the query reaches.
    """
    length = len(query.text)
    if len(listed.text) <= length:
        return None
    cut = prepare(listed.text[:length])
    if cut.kinds and cut.kinds[-1] == "legal" and listed.text[length].isalnum():
        return None  # a word cut short is no legal form ("INT" of "INTERNAL")
    result = score_names_at_least(query, cut, config, floor)
    if result is None or not result.pairs:
        return None
    return NameScore(
        min(result.score, config.truncation_score),
        result.pairs,
        query,
        cut,
        truncated=True,
    )
