"""The snapshot of official list files shipped inside the package.

``data/bundle/manifest.json`` names each bundled list, its parser kind, its
publication date, licence and provenance, and each file (xz-compressed, with
the sha256 of the original bytes). ``extract`` unpacks one list's files to a
directory so the ordinary parser reads them exactly as downloaded.
"""

from __future__ import annotations

import hashlib
import json
import lzma
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

from vet.errors import ImportFailed


@dataclass(frozen=True)
class BundledFile:
    name: str
    path: str
    sha256: str
    size: int
    origin: str


@dataclass(frozen=True)
class BundledList:
    list_name: str
    kind: str
    date: date
    licence: str
    provenance: str
    files: tuple[BundledFile, ...]


def _root() -> Path:
    return Path(str(resources.files("vet") / "data" / "bundle"))


def bundled_lists() -> list[BundledList]:
    """Every list in the shipped snapshot, in manifest order."""
    manifest = json.loads((_root() / "manifest.json").read_text("utf-8"))
    return [
        BundledList(
            list_name=item["list"],
            kind=item["kind"],
            date=date.fromisoformat(item["date"]),
            licence=item["licence"],
            provenance=item["provenance"],
            files=tuple(BundledFile(**f) for f in item["files"]),
        )
        for item in manifest["lists"]
    ]


def extract(bundled: BundledList, target: Path) -> Path:
    """Decompress ``bundled``'s files into ``target``; returns the path to hand to its parser.

    The path is the single file for one-file lists, else the directory. Each
    file's sha256 is checked against the manifest so a damaged install is caught.
    """
    target.mkdir(parents=True, exist_ok=True)
    for item in bundled.files:
        data = lzma.decompress((_root() / item.path).read_bytes())
        if hashlib.sha256(data).hexdigest() != item.sha256:
            raise ImportFailed(f"bundled file {item.path} is damaged (checksum mismatch)")
        (target / item.name).write_bytes(data)
    if len(bundled.files) == 1:
        return target / bundled.files[0].name
    return target
