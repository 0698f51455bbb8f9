"""A one-word query that is an acronym of a listed organisation: one its listed name
holds ("SSRC" in "Scientific Studies and Research Centre (SSRC)"), or the initials of
its name ("PLA" for "People's Liberation Army") where the list carries the full name only.

An acronym the list carries as an alias ("IRGC") is a name like any other. One held in
a name is met only by that word exactly (``Index.held_words``): "Ceri" is not "CERS".
Initials are used only where they can be trusted, so that not
every three-letter word finds a party: the query is one word of 2 to 6 letters written
in capitals, and exactly one listed party has a name of three to six words whose
initials it is (name particles and legal forms give no letter: "Bank of ..." and
"... Co., Ltd." are read as people shorten them).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from vet.index import Index, PreparedName
from vet.scoring.config import MatchConfig
from vet.scoring.scorer import NameScore, TokenPair

_SKIPPED_KINDS = frozenset({"particle", "legal"})
_MINOR = frozenset({"of", "and", "the", "for", "in", "on", "at", "de", "la", "des", "du", "et"})
"""Short words that give no letter even where they are not name particles."""
MIN_WORDS, MAX_WORDS = 3, 6
_ORG_SCHEMATA = frozenset({"Organization", "Company", "PublicBody"})
_PERSON_KINDS = frozenset({"name", "initial", "title", "particle"})


def looks_like_acronym(query: PreparedName) -> bool:
    """One word of 2-6 letters, written in capitals ("PLA", not "Pla" or "pla")."""
    text = query.text.strip()
    return (
        len(query.tokens) == 1
        and 2 <= len(text) <= 6
        and text.isalpha()
        and text.isupper()
        and text.isascii()
    )


def initials(tokens: tuple[str, ...], kinds: tuple[str, ...]) -> str | None:
    """The initials of a name of three to six words, particles and legal forms left out."""
    words = [
        t for t, k in zip(tokens, kinds, strict=True) if k not in _SKIPPED_KINDS and t not in _MINOR
    ]
    if not MIN_WORDS <= len(words) <= MAX_WORDS or not all(w[0].isalpha() for w in words):
        return None
    return "".join(w[0] for w in words)


class Acronyms:
    """Initials of the organisations' names in one index -> the names that give them.

    Built on first use (a pass over the index's names), as few queries are acronyms.
    """

    def __init__(self, index: Index) -> None:
        self.index = index
        self._names: dict[str, list[int]] | None = None

    def _build(self) -> dict[str, list[int]]:
        names: dict[str, list[int]] = defaultdict(list)
        index = self.index
        tokens_column, kinds_column = index.name_columns[1], index.name_columns[2]
        for name_id, (tokens, kinds) in enumerate(zip(tokens_column, kinds_column, strict=True)):
            schema = index.parties[index.name_party[name_id]].schema
            if schema == "Person" or (schema not in _ORG_SCHEMATA and set(kinds) <= _PERSON_KINDS):
                continue  # a person's name, or one read as a person's ('Pablo Leyva-Angiano')
            found = initials(tokens, kinds)
            if found is not None:
                names[found].append(name_id)
        return dict(names)

    def _owner(self, name_ids: list[int]) -> list[int]:
        """The names the initials stand for, or none: those of the only name that gives
        them (one party, or several records under that one name), else of the only one
        that gives them from words of its own rather than places ("People's Liberation
        Army", not "Palestinian League in Austria")."""
        index = self.index
        for keep in (name_ids, [n for n in name_ids if not self._place_letter(n)]):
            parties = {index.name_party[n] for n in keep}
            words = {index.name_columns[1][n] for n in keep}
            if keep and (len(parties) == 1 or len(words) == 1):
                return keep
        return []

    def _place_letter(self, name_id: int) -> bool:
        kinds = self.index.name_columns[2][name_id]
        return "place" in kinds

    def names_of(self, query: PreparedName) -> Iterator[tuple[int, bool]]:
        """(listed name id, whether the query is its initials) for each listed name that
        holds the query as a one-word name, or whose initials it is when one party's are."""
        if len(query.tokens) != 1:
            return
        for name_id in self.index.held_words.get(query.tokens[0], []):
            yield name_id, False
        if not looks_like_acronym(query):
            return
        if self._names is None:
            self._names = self._build()
        for name_id in self._owner(self._names.get(query.tokens[0], [])):
            yield name_id, True


def score_acronym(
    query: PreparedName, listed: PreparedName, initials: bool, config: MatchConfig
) -> NameScore:
    """The name score of a query that is the initials of ``listed`` or a word it holds."""
    if initials:
        return NameScore(config.acronym_score, (), query, listed, acronym=True)
    token = query.tokens[0]
    pairs = (TokenPair(0, listed.tokens.index(token), 1.0, "exact"),)
    return NameScore(config.held_name_score, pairs, query, listed, held=True)
