"""Screening party files against the lists: runs, saved screenings, decisions, re-screening."""

from vet.screen.model import (
    OwnershipNote,
    PartyResult,
    Review,
    Screening,
)
from vet.screen.parties import Party, SkippedRow, read_parties
from vet.screen.rescreen import HitChange, Rescreen, rescreen
from vet.screen.run import run_screening, screen_file, screen_party
from vet.screen.saved import load_screening, party_key

__all__ = [
    "HitChange",
    "OwnershipNote",
    "Party",
    "PartyResult",
    "Rescreen",
    "Review",
    "Screening",
    "SkippedRow",
    "load_screening",
    "party_key",
    "read_parties",
    "rescreen",
    "run_screening",
    "screen_file",
    "screen_party",
]
