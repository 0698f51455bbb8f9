"""Which process runs a screening, and whether it still does.

A running screening records its owner: host, process id and the process's start (its
start time since boot and the boot's id, from ``/proc``), so a process id the system gave
to another program since is not taken for the owner. Its batches also leave a heartbeat.
A screening whose owner is gone (killed, even with SIGKILL, or its machine rebooted) is
*interrupted*, and ``vet screen FILE --resume`` continues it.

On this host the answer comes from the process table; for an owner on another host (a
store shared over the network) only the heartbeat can tell: silent for
:data:`HEARTBEAT_STALE` means gone.
"""

from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

HEARTBEAT_STALE = timedelta(minutes=15)
"""How long a screening on another host may save nothing before it counts as interrupted
(a batch takes seconds; a slow one on a busy machine, a few minutes)."""


def _started(pid: int) -> str | None:
    """When process ``pid`` started (boot id and clock ticks since boot); None when there is
    no such process or the system does not say (no ``/proc``)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        boot = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return None
    # The command name (field 2) is in parentheses and may hold spaces; start time is the
    # 22nd field, the 20th after it.
    fields = stat.rsplit(")", 1)[-1].split()
    return f"{boot}:{fields[19]}" if len(fields) > 19 else None


def this_process() -> dict[str, Any]:
    """The owner to record for a screening this process runs."""
    pid = os.getpid()
    return {"host": socket.gethostname(), "pid": pid, "started": _started(pid)}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: it exists
        return True
    return True


def owner_gone(owner: dict[str, Any] | None, heartbeat: datetime | None, now: datetime) -> bool:
    """True when the process that ran a screening is known to be gone. A screening saved by
    a vet that recorded no owner is never called gone (nothing tells)."""
    if not owner:
        return False
    if owner.get("host") != socket.gethostname():
        return heartbeat is not None and now - heartbeat > HEARTBEAT_STALE
    pid = int(owner.get("pid") or 0)
    if pid <= 0 or not _alive(pid):
        return True
    started = owner.get("started")
    return started is not None and _started(pid) not in (None, started)


def describe_owner(owner: dict[str, Any] | None) -> str:
    """``process 4242 on host web-1``."""
    if not owner:
        return "another process"
    return f"process {owner.get('pid')} on host {owner.get('host')}"
