"""Add or replace one list in the bundled snapshot (``src/vet/data/bundle``).

Each file is compressed with xz (preset 9, extreme), as the other bundled files are,
and entered in ``manifest.json`` with the sha256 and size of its original bytes and
where it came from, so ``vet.bundle.extract`` hands the parser the file as published.
The list's entry keeps its place in the manifest when replaced; a new list is appended.

    python scripts/bundle_list.py un_sc un_sc_xml 2026-08-01 UN \\
        "UN Security Council Consolidated List XML, dateGenerated 2026-08-01 (...)" \\
        consolidated.xml=/work/shared/data/un/consolidated_2026-08-01.xml
"""

from __future__ import annotations

import hashlib
import json
import lzma
import sys
from datetime import date
from pathlib import Path

BUNDLE = Path(__file__).resolve().parent.parent / "src" / "vet" / "data" / "bundle"
WORK = "/work/"


def entry_for(list_name: str, name: str, source: Path) -> dict[str, object]:
    data = source.read_bytes()
    target = BUNDLE / list_name / f"{name}.xz"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(lzma.compress(data, preset=9 | lzma.PRESET_EXTREME))
    origin = str(source)
    return {
        "name": name,
        "path": f"{list_name}/{name}.xz",
        "sha256": hashlib.sha256(data).hexdigest(),
        "size": len(data),
        "origin": origin.removeprefix(WORK) if origin.startswith(WORK + "shared/") else source.name,
    }


def main(argv: list[str]) -> None:
    list_name, kind, when, licence, provenance, *files = argv
    date.fromisoformat(when)
    manifest_path = BUNDLE / "manifest.json"
    manifest = json.loads(manifest_path.read_text("utf-8"))
    old = next((item for item in manifest["lists"] if item["list"] == list_name), None)
    for stale in old["files"] if old else []:
        (BUNDLE / stale["path"]).unlink(missing_ok=True)
    entry = {
        "list": list_name,
        "kind": kind,
        "date": when,
        "licence": licence,
        "provenance": provenance,
        "files": [
            entry_for(list_name, name, Path(path))
            for name, path in (spec.split("=", 1) for spec in files)
        ],
    }
    if old is None:
        manifest["lists"].append(entry)
    else:
        manifest["lists"][manifest["lists"].index(old)] = entry
    manifest["built"] = date.today().isoformat()
    manifest_path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", "utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
