"""Screening party files against the lists."""

from vet.screen.parties import Party, SkippedRow, read_parties
from vet.screen.run import PartyResult, Screening, screen_file, screen_party

__all__ = [
    "Party",
    "PartyResult",
    "Screening",
    "SkippedRow",
    "read_parties",
    "screen_file",
    "screen_party",
]
