"""Whether a word is a personal name, from rigour's person-name data.

rigour (OpenSanctions' name library) ships name items drawn from Wikidata: ``martin``,
``ali`` and ``johnson`` carry ``NAME:`` symbols, ``hikvision`` and ``viam`` none. A
word that is a personal name is too common to make a match on its own (an alias
"Martin", a query "Johnson"). Maintained upstream, so it follows rigour's updates
rather than a hand list here.
"""

from __future__ import annotations

from functools import lru_cache

from rigour.names import NameTypeTag, analyze_names


@lru_cache(maxsize=65536)
def is_personal_name(token: str) -> bool:
    """Whether a lower-case word is a known given name or surname (``martin``, ``ali``)."""
    if not token.isalpha() or len(token) < 2:
        return False
    for name in analyze_names(NameTypeTag.PER, [token]):
        for symbol in name.symbols:
            text = str(symbol)
            if text.startswith(("[NAME:", "[NICK:")):
                return True
    return False


def load_person_name_data() -> None:
    """Load rigour's person-name data now rather than at the first comparison.

    rigour builds its person-name tagger on first use: about 8 s of CPU (half a minute on
    a busy machine), which the first match of a process would otherwise wait for, past a
    client's timeout. Other threads keep running meanwhile (it does not hold the
    interpreter lock). Servers call this before they report ready, and a screening before
    it forks its workers, so that they share one copy.
    """
    is_personal_name("martin")
