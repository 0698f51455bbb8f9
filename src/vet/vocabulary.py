"""The words vet stores and answers with, each defined once.

They are ``StrEnum`` members, so each *is* its string: the store, the reports and
the API's JSON hold ``"false_positive"`` or ``"complete"`` exactly as before, and a
string read back from the store compares equal to its member.
"""

from __future__ import annotations

from enum import StrEnum


class DecisionValue(StrEnum):
    """A reviewer's decision on a hit."""

    MATCH = "match"
    """The screened party is the listed one."""
    FALSE_POSITIVE = "false_positive"
    """A different party."""
    UNSURE = "unsure"
    """Needs a closer look or a second opinion (escalate)."""

    @property
    def label(self) -> str:
        """As people write it: ``false positive``."""
        return self.value.replace("_", " ")


class ScreeningStatus(StrEnum):
    """Where a screening stands."""

    QUEUED = "queued"
    """Accepted by the server, waiting for its turn (never stored)."""
    RUNNING = "running"
    COMPLETE = "complete"
    FAILED = "failed"
    """Stopped by an error; resumable."""
    INTERRUPTED = "interrupted"
    """Stopped before the end (its process was stopped or killed): ``--resume`` continues it.
    Saved as such when the process stopped cleanly (SIGTERM, Ctrl-C); told from a screening
    still marked running whose owning process is gone otherwise."""


DECISIONS = tuple(d.value for d in DecisionValue)
"""Every decision value as stored, in the order they are offered (plain strings, as a
command line's choices want them)."""
UNFINISHED = (ScreeningStatus.RUNNING, ScreeningStatus.FAILED, ScreeningStatus.INTERRUPTED)
"""Statuses of a screening that stopped before the end (or may have: a running one whose
process is gone), which ``--resume`` looks for."""
