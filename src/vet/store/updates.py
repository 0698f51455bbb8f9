"""Bringing lists up to date: the bundled snapshot on first use, publishers when online."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from vet.bundle import bundled_lists, extract
from vet.errors import NetworkError, Unreachable, VetError
from vet.sources import Source, all_sources, get_source
from vet.sources.download import Progress, download
from vet.store.db import Store
from vet.store.guards import UPDATE_POLICY, ImportPolicy
from vet.store.imports import ImportResult, hash_file, import_parsed

log = logging.getLogger(__name__)

PLACEHOLDER = "YOUR_"
"""Marks a download URL that holds a per-user token the user must configure."""


ImportProgress = Callable[[str, int, int, ImportResult | None], None]
"""Told ``(list name, position, count, None)`` as each list's import starts, and
``(list name, position, count, result)`` when it is done."""


def import_bundled(
    store: Store, *, only_missing: bool = True, progress: ImportProgress | None = None
) -> list[ImportResult]:
    """Import every list of the shipped snapshot (by default only lists not yet in the store)."""
    present = {s.name for s in store.list_statuses()}
    wanted = [b for b in bundled_lists() if not (only_missing and b.list_name in present)]
    results = []
    with tempfile.TemporaryDirectory(prefix="vet-bundle-") as tmp:
        for position, bundled in enumerate(wanted, 1):
            if progress is not None:
                progress(bundled.list_name, position, len(wanted), None)
            path = extract(bundled, Path(tmp) / bundled.list_name)
            parsed = get_source(bundled.kind).parse(path)
            if parsed.published is None:
                parsed.published = bundled.date
            files = [
                {"name": f.name, "sha256": f.sha256, "size": f.size, "origin": f.origin}
                for f in bundled.files
            ]
            result = import_parsed(
                store,
                parsed,
                origin=f"bundled snapshot ({bundled.provenance})",
                list_name=bundled.list_name,
                files=files,
            )
            results.append(result)
            if progress is not None:
                progress(bundled.list_name, position, len(wanted), result)
    return results


def ensure_lists(
    store: Store, *, auto_bundle: bool = True, progress: ImportProgress | None = None
) -> list[ImportResult]:
    """On first use (an empty store), import the bundled snapshot so screening works offline."""
    if not auto_bundle or store.list_statuses():
        return []
    log.info("empty store: importing the bundled list snapshot")
    return import_bundled(store, progress=progress)


def update_sources() -> dict[str, Source]:
    """The source used to update each official list: the first one with downloads per list."""
    chosen: dict[str, Source] = {}
    preferred = {b.list_name: b.kind for b in bundled_lists()}
    for source in all_sources().values():
        if not source.info.downloads:
            continue
        name = source.info.list_name
        if name in chosen and preferred.get(name) != source.info.kind:
            continue
        chosen[name] = source
    return chosen


@dataclass(frozen=True)
class UpdateOutcome:
    list_name: str
    result: ImportResult | None
    error: str | None = None
    skipped: str | None = None
    """Why the list was not fetched at all (a URL the user must configure first)."""


def update_lists(
    store: Store,
    *,
    names: list[str] | None = None,
    url_overrides: dict[str, tuple[str, ...]] | None = None,
    timeout: float = 60.0,
    progress: Progress | None = None,
    policy: ImportPolicy = UPDATE_POLICY,
) -> list[UpdateOutcome]:
    """Download each official list and import it when its files changed.

    A list whose download or parse fails, or whose file ``policy`` refuses, keeps its
    current version; the failure is reported in its outcome. When the very first
    download finds the machine offline, :class:`NetworkError` is raised and nothing is changed.
    """
    overrides = url_overrides or {}
    sources = update_sources()
    if names:
        unknown = set(names) - set(sources)
        if unknown:
            raise VetError(f"no publisher download known for: {', '.join(sorted(unknown))}")
        sources = {n: s for n, s in sources.items() if n in names}
    outcomes: list[UpdateOutcome] = []
    reached_any = False
    for name, source in sources.items():
        downloads = source.info.downloads
        urls = overrides.get(name, tuple(d.url for d in downloads))
        if any(PLACEHOLDER in url for url in urls):
            outcomes.append(
                UpdateOutcome(
                    name,
                    None,
                    skipped=f"its publisher needs a personal URL; put it in "
                    f'VET_SOURCES_FILE as [{name}] urls = ["..."]',
                )
            )
            continue
        if len(urls) != len(downloads):
            outcomes.append(UpdateOutcome(name, None, f"expected {len(downloads)} URLs"))
            continue
        with tempfile.TemporaryDirectory(prefix=f"vet-{name}-") as tmp:
            try:
                paths = []
                for item, url in zip(downloads, urls, strict=True):
                    target = Path(tmp) / item.filename
                    download(url, target, timeout=timeout, progress=progress)
                    paths.append(target)
                reached_any = True
                parsed = source.parse(paths[0] if len(paths) == 1 else Path(tmp))
                files = [hash_file(p) | {"url": u} for p, u in zip(paths, urls, strict=True)]
                result = import_parsed(
                    store, parsed, origin=", ".join(urls), files=files, policy=policy
                )
                outcomes.append(UpdateOutcome(name, result))
            except Unreachable as exc:
                if not reached_any and not outcomes:
                    raise Unreachable(f"{exc}; no list was changed") from exc
                outcomes.append(UpdateOutcome(name, None, str(exc)))
            except NetworkError as exc:
                reached_any = True
                outcomes.append(UpdateOutcome(name, None, str(exc)))
            except VetError as exc:
                outcomes.append(UpdateOutcome(name, None, str(exc)))
    return outcomes
