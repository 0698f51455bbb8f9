"""Listed names tokenised once per list version, kept on disk beside the index.

Tokenising the listed names (cleaning, transliteration, classing each word) is a large
part of an index build, and it depends only on each name, its party's schema and the
name rules. After one list is imported, the other lists' names are read back from
here and only the new list's names are tokenised; word weights, joins and lookup
tables are still computed over all lists, so the index is the same as one built from
nothing.

One file per list version, ``forms/version-<id>.pickle``, written to a temporary file
and renamed. A file is used only when its header names the same cache format, index
format, name rules and version; an unreadable or foreign file is ignored (and
rewritten). Files of versions no longer active are removed after a build.
"""

from __future__ import annotations

import logging
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from vet.index.build import (
    INDEX_FORMAT,
    BuildProgress,
    FormKey,
    Index,
    NameForms,
    _code_digest,
    build_index,
)
from vet.names.tokens import NameForm

log = logging.getLogger(__name__)

FORM_CACHE_FORMAT = 1
"""Bumped whenever the layout of a cache file changes."""
FORMS_DIRECTORY = "forms"
_PREFIX = "version-"
_SUFFIX = ".pickle"


def forms_path(cache_dir: Path, version_id: int) -> Path:
    return cache_dir / FORMS_DIRECTORY / f"{_PREFIX}{version_id}{_SUFFIX}"


def _header(version_id: int) -> dict[str, Any]:
    return {
        "cache_format": FORM_CACHE_FORMAT,
        "index_format": INDEX_FORMAT,
        "name_rules": _code_digest(),
        "version": version_id,
    }


def load_forms(cache_dir: Path, version_id: int) -> dict[FormKey, NameForm] | None:
    """The cached forms of list version ``version_id``, or ``None`` when absent, unreadable
    or made by another format or other name rules."""
    path = forms_path(cache_dir, version_id)
    if not path.is_file():
        return None
    try:
        with open(path, "rb") as handle:
            header, forms = pickle.load(handle)
    except (
        OSError,
        pickle.UnpicklingError,
        EOFError,
        AttributeError,
        ValueError,
        TypeError,
    ) as exc:
        log.warning("name cache %s unreadable (%s); tokenising again", path.name, exc)
        return None
    if header != _header(version_id) or not isinstance(forms, dict):
        return None
    return forms


def save_forms(cache_dir: Path, version_id: int, forms: dict[FormKey, NameForm]) -> None:
    """Write list version ``version_id``'s forms atomically (a reader never sees half)."""
    path = forms_path(cache_dir, version_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            pickle.dump((_header(version_id), forms), out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, path)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


def prune_forms(cache_dir: Path, keep: Iterable[int]) -> None:
    """Remove the cached forms of every list version not in ``keep`` (and stray parts)."""
    wanted = {f"{_PREFIX}{v}{_SUFFIX}" for v in keep}
    directory = cache_dir / FORMS_DIRECTORY
    if not directory.is_dir():
        return
    for path in directory.iterdir():
        if path.name not in wanted and path.name.startswith(_PREFIX):
            path.unlink(missing_ok=True)


def build_index_with_forms(
    versions: Sequence[tuple[int, str]],
    entities_of: Callable[[int], Iterable[dict[str, Any]]],
    *,
    cache_dir: Path,
    key: str,
    kind_weights: dict[str, float],
    rarity_floor: float,
    progress: BuildProgress | None = None,
    keep: Iterable[int] | None = None,
) -> Index:
    """``build_index`` over ``(version id, list name)`` pairs, tokenising only the names of
    versions whose forms are not cached in ``cache_dir``, then caching those.

    ``keep``: the versions whose cached forms to keep (default: ``versions``'s).
    """
    name_forms = NameForms()
    missing: list[tuple[int, str]] = []
    for version_id, list_name in versions:
        cached = load_forms(cache_dir, version_id)
        if cached is None:
            missing.append((version_id, list_name))
        else:
            name_forms.seed(cached)
    index = build_index(
        ((list_name, entities_of(version_id)) for version_id, list_name in versions),
        key=key,
        kind_weights=kind_weights,
        rarity_floor=rarity_floor,
        progress=progress,
        name_forms=name_forms,
    )
    for version_id, list_name in missing:
        try:
            save_forms(cache_dir, version_id, name_forms.of_list(list_name))
        except OSError as exc:
            log.warning("could not cache the names of %s (%s)", list_name, exc)
    try:
        prune_forms(cache_dir, keep if keep is not None else [v for v, _ in versions])
    except OSError as exc:
        log.warning("could not clean the name cache (%s)", exc)
    return index
