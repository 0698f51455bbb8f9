"""Loading the lists served: first after the server started listening, then newer versions.

A server listens at once (orchestrators kill a process that does not answer its
health check): the app starts without lists, and a thread of its own imports the
bundled snapshot into an empty store, then builds or loads the index (minutes on
a fresh home, about a second from the cache) and the person-name table (a few
hundredths of a second, which the first match would otherwise wait for). Meanwhile
``/healthz`` answers, ``/readyz`` says what is loading, and requests that need
the lists get a 503 with Retry-After. A first load that fails is shown by ``/readyz`` and tried
again at every check.

``vet lists update`` or ``vet lists import``, run by another process, changes the
store's active list versions. Every ``list_check_seconds`` a thread of each server
process reads the active versions (the small lists tables); when they are not the
ones served it loads a matcher for them (a cached index in about a second, a build
in about 14 s on all bundled lists) while requests are answered as before, then
swaps matcher and versions in together. A load that fails is logged and tried
again at the next check; the lists served until then keep being served.

Worker processes (``vet serve --workers N``) each check and load for themselves;
a lock file in the index cache lets one build an index while the others wait
and then load it from the cache.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from vet.errors import VetError
from vet.names import load_person_name_data
from vet.scoring import Matcher
from vet.service.state import ApiState, ServedLists
from vet.store import ListVersion, ensure_lists

try:
    import fcntl
except ImportError:  # Windows: worker processes may build the same index at once
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

LOCK_FILE = "build.lock"


@contextmanager
def build_lock(cache_dir: Path | None) -> Iterator[None]:
    """Held while a matcher is loaded into ``cache_dir``: one process builds, the rest wait."""
    if cache_dir is None or fcntl is None:
        yield
        return
    cache_dir.mkdir(parents=True, exist_ok=True)
    with open(cache_dir / LOCK_FILE, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def describe(versions: tuple[ListVersion, ...]) -> str:
    """``un_sc 2, us_ofac_sdn 5``: list names and version ids, nothing else."""
    return ", ".join(f"{v.list_name} {v.id}" for v in sorted(versions, key=lambda v: v.list_name))


def describe_change(old: dict[str, ListVersion], new: dict[str, ListVersion]) -> str:
    """``un_sc 7 (was 6)``: the lists whose served version changed, by name and version id."""
    changes = []
    for name in sorted(old.keys() | new.keys()):
        was = old[name].id if name in old else "none"
        now = new[name].id if name in new else "none"
        if was != now:
            changes.append(f"{name} {now} (was {was})")
    return ", ".join(changes) or "no list changed"


class ListReloader:
    """Checks the store for newer active versions and serves them in ``state`` once loaded."""

    def __init__(
        self,
        state: ApiState,
        *,
        lists: tuple[str, ...] | None = None,
        cache_dir: Path | None = None,
    ) -> None:
        self.state = state
        self.lists = lists
        self.cache_dir = cache_dir
        self.interval = state.settings.list_check_seconds
        self.auto_bundle = state.settings.auto_bundle
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def _active(self) -> list[ListVersion]:
        return self.state.store.active_versions(self.lists)

    def load_first(self) -> None:
        """Import the bundled snapshot into an empty store, load a matcher, serve it."""
        started = time.monotonic()
        store = self.state.store
        with build_lock(self.cache_dir):  # worker processes: one imports and builds
            if self.auto_bundle and not store.list_statuses():
                self.state.begin_step("importing bundled lists")
                imported = ensure_lists(store, auto_bundle=True)
                log.info("empty store: imported the bundled snapshot (%d lists)", len(imported))
            active = self._active()
            self.state.begin_step(
                f"building the index of {len(active)} lists (or loading it from the cache)"
            )
            matcher = Matcher.from_store(store, lists=self.lists, cache_dir=self.cache_dir)
        # Outside the lock: each worker process loads its own copy, all at once.
        self.state.begin_step("loading the person-name table")
        load_person_name_data()
        served = ServedLists.of(matcher, active)
        self.state.serve(served)
        log.info(
            "ready: serving %s; loaded in %.1f s",
            describe(tuple(served.versions.values())) or "no lists",
            time.monotonic() - started,
        )

    def _load_first(self) -> None:
        try:
            self.load_first()
        except Exception as exc:
            # Shown by /readyz; the server keeps answering /healthz and tries again.
            expected = isinstance(exc, VetError)
            problem = str(exc) if expected else f"{type(exc).__name__}: {exc}"
            log.error("loading the lists failed: %s", problem, exc_info=not expected)
            again = f"; trying again every {self.interval:g} s" if self.interval > 0 else ""
            self.state.fail_start(f"{problem}{again}")

    def check(self) -> bool:
        """Load and serve the store's active versions if they are not served; True on a swap."""
        active = self._active()
        current = self.state.served_lists
        if {v.id for v in active} == current.loaded_for:
            return False
        self.state.begin_loading(active)
        log.info("newer list versions in the store (%s); loading", describe(self.state.loading))
        started = time.monotonic()
        try:
            with build_lock(self.cache_dir):
                matcher = Matcher.from_store(
                    self.state.store,
                    lists=self.lists,
                    cache_dir=self.cache_dir,
                    config=current.matcher.config,
                )
            if {v.id for v in self._active()} != {v.id for v in active}:
                log.info("list versions changed again while loading; loading at the next check")
                return False
        finally:
            self.state.end_loading()
        served = ServedLists.of(matcher, active)
        self.state.serve(served)
        log.info(
            "serving new list versions: %s; loaded in %.1f s",
            describe_change(current.versions, served.versions),
            time.monotonic() - started,
        )
        return True

    def _run(self) -> None:
        if not self.state.ready:
            self._load_first()
        if self.interval <= 0:
            return
        while not self._stopping.wait(self.interval):
            if not self.state.ready:
                self._load_first()
                continue
            try:
                self.check()
            except VetError as exc:
                log.warning("checking for newer list versions failed: %s; trying again later", exc)
            except Exception as exc:
                # The thread must outlive any one failure: the lists served stay served.
                log.exception(
                    "loading newer list versions failed (%s); trying again later",
                    type(exc).__name__,
                )

    def start(self) -> None:
        """Load the first lists if none are served, then check every ``list_check_seconds``
        (not at all for 0), on a thread of its own."""
        if self._thread is not None or (self.state.ready and self.interval <= 0):
            return
        self._thread = threading.Thread(target=self._run, name="vet-list-check", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop checking; a load under way is not waited for (the thread is a daemon)."""
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=1)
