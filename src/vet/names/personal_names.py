"""Whether a word is a personal name, from rigour's person-name data.

rigour (OpenSanctions' name library) ships name items drawn from Wikidata: ``martin``,
``ali`` and ``johnson`` carry ``NAME:`` symbols, ``hikvision`` and ``viam`` none. A
word that is a personal name is too common to make a match on its own (an alias
"Martin", a query "Johnson"). vet reads rigour's answers from its own table
(:mod:`vet.names.given_names`), rebuilt when rigour is upgraded, rather than a hand list.
"""

from __future__ import annotations

from vet.names.given_names import is_known_name, load_given_names


def is_personal_name(token: str) -> bool:
    """Whether a lower-case word is a known given name or surname (``martin``, ``ali``)."""
    return is_known_name(token)


def load_person_name_data() -> None:
    """Load the person-name table now rather than at the first comparison.

    Servers call this before they report ready, and a screening before it forks its
    workers, so that they share one copy. It used to build rigour's person-name tagger
    (about 8 s of CPU); vet's table takes a few hundredths of a second.
    """
    load_given_names()
