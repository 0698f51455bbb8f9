"""Every error vet raises on purpose, in one tree.

::

    VetError
    ├── SourceError              a list file could not be read
    │   ├── ParseError           bad content at a file/line/record
    │   └── FormatNotRecognised  no parser knows this file
    ├── StoreError               the store refused an operation
    │   ├── ImportFailed         a list import was rolled back
    │   ├── ImportRefused        a list file may not replace the active version
    │   ├── NotFound             no such list, version or entity
    │   └── AuditMismatch        the store disagrees with its audit log
    ├── NetworkError             a download failed
    │   └── Unreachable          offline, or the publisher cannot be reached
    ├── InputError               a party file or query is unusable
    ├── ConfigError              a setting has an invalid value
    └── NotReady                 the server is still loading its lists (or failed to)

    KeyboardInterrupt
    └── Stopped                  the process was asked to stop (SIGTERM, Ctrl-C):
                                 not an error, so no ``except VetError`` or
                                 ``except Exception`` takes it for one

Each error carries fields a program can read and a message a person can act
on, such as ``sdn.csv line 1042: expected 12 columns, found 9``.
"""

from __future__ import annotations

from pathlib import Path


class VetError(Exception):
    """Base of every error vet raises on purpose."""


class SourceError(VetError):
    """A list file could not be turned into entities."""


class ParseError(SourceError):
    """The content of a list file is malformed at a known place."""

    def __init__(
        self,
        file: str | Path,
        problem: str,
        *,
        line: int | None = None,
        record: str | None = None,
    ) -> None:
        self.file = Path(file).name if file else ""
        self.problem = problem
        self.line = line
        self.record = record
        where = self.file
        if line is not None:
            where += f" line {line}"
        if record is not None:
            where += f" record {record}"
        super().__init__(f"{where}: {problem}")


class FormatNotRecognised(SourceError):
    """No parser claims the file; the user should pass ``--source``."""

    def __init__(self, file: str | Path, problem: str) -> None:
        self.file = Path(file).name
        self.problem = problem
        super().__init__(f"{self.file}: {problem}")


class StoreError(VetError):
    """The store refused or failed an operation."""


class ImportFailed(StoreError):
    """A list import was rolled back; the previous version stays active."""


class ImportRefused(StoreError):
    """A parsed list was refused before the store was touched (too small, badly dated)."""

    def __init__(self, file: str, problem: str) -> None:
        self.file = file
        self.problem = problem
        super().__init__(f"{file}: {problem}")


class NotFound(StoreError):
    """A list, version or entity that does not exist was asked for."""


class AuditMismatch(StoreError):
    """The store was changed outside vet: a record disagrees with the audit log."""


class NetworkError(VetError):
    """A download failed, or the machine is offline."""


class Unreachable(NetworkError):
    """The machine is offline or the publisher's host cannot be reached."""


class InputError(VetError):
    """A party file, query or argument cannot be used."""


class ConfigError(VetError):
    """A setting has a value vet cannot use."""


class Stopped(KeyboardInterrupt):
    """The process was asked to stop (``SIGTERM``, or Ctrl-C's ``SIGINT``) and is stopping.

    A screening under way is marked interrupted, and resumable, before this goes on up
    with ``message`` saying so; the CLI prints that one line and exits with 128 + the
    signal's number, as a shell reports a process ended by that signal.
    """

    def __init__(self, signal_name: str = "SIGINT", signal_number: int = 2) -> None:
        self.signal_name = signal_name
        self.signal_number = signal_number
        self.message = f"stopped by {signal_name}"
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


class NotReady(VetError):
    """The server has not loaded its lists and index yet, or failed to: try again later."""

    def __init__(self, loading: str, *, failed: bool = False, retry_after: int = 10) -> None:
        self.loading = loading
        self.failed = failed
        self.retry_after = retry_after
        what = "loading the lists failed" if failed else "still starting"
        super().__init__(f"not ready, {what}: {loading}; see /readyz")
