"""Zip-bomb benchmark: peak memory and time of vet refusing an XLSX that unpacks to gigabytes.

Writes (once, into ``--dir``) an OFSI-like workbook and a party workbook whose shared
strings unpack to ``--gb`` GB (``tests/hostile/make_zipbomb.py``), then, each in a fresh
process so the peak resident memory is that step's alone:

1. ``vet lists import ConList.xlsx`` (the OFSI workbook);
2. ``vet screen parties.xlsx``;
3. ``POST /screenings`` of parties.xlsx to a real server (loopback, no keys), in the
   server's own process.

Prints the exit code or HTTP status, the one-line error, wall time and peak RSS.
Run: ``nice python bench/zipbomb.py`` (about a minute, most of it packing the bombs).

``--under MB`` instead writes a party workbook whose shared strings unpack to MB
megabytes of varied strings packed about 20 to 1 (under the ratio limit), beside a
one-row sheet, and runs step 2 only: ``--under 250`` was just under the former 256 MB
limit. ``--vet-src DIR`` runs it on another checkout (the code before a change).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "hostile"))

from make_zipbomb import ofsi_rows, party_rows, write_bomb_workbook  # noqa: E402

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from click.testing import CliRunner
start = time.monotonic()
kind, home, bomb, forced = sys.argv[1:5]
env = {"VET_HOME": home, "VET_AUTO_BUNDLE": "0"}
from vet.cli import main
runner = CliRunner()
runner.invoke(main, ["lists", "import", forced], env=env)
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.monotonic()
if kind == "server":
    import httpx
    from vet.api import BackgroundServer, create_app
    from vet.scoring import Matcher
    from vet.store import Store
    store = Store(f"sqlite:///{home}/vet.db")
    app = create_app(store, Matcher.from_store(store))
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.monotonic()
    with BackgroundServer(app) as url:
        upload = {"file": ("parties.xlsx", Path(bomb).read_bytes())}
        r = httpx.post(f"{url}/screenings", files=upload, timeout=600)
    code, message = r.status_code, r.json().get("detail", "")
else:
    args = ["lists", "import", bomb] if kind == "import" else ["screen", bomb]
    result = runner.invoke(main, args, env=env)
    code, message = result.exit_code, result.output.strip()
print(json.dumps({"code": code, "message": message, "seconds": time.monotonic() - start,
    "base_mb": base / 1024, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gb", type=float, default=3.0)
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "vet-zipbomb")
    parser.add_argument("--under", type=int, help="MB of varied shared strings (step 2 only)")
    parser.add_argument("--vet-src", type=Path, help="run vet from this src directory")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    if args.vet_src:
        env["PYTHONPATH"] = str(args.vet_src)
    if args.under:
        path = args.dir / f"under-{args.under}mb-parties.xlsx"
        if not path.exists():
            write_bomb_workbook(path, party_rows(), args.under << 20, varied=True)
        print(f"{path.name}: {path.stat().st_size / 1e6:.1f} MB packed, {args.under} MB unpacked")
        run_step("screen", path, env)
        return
    padding = int(args.gb * (1 << 30))
    bombs = {}
    for name, rows in (("ConList.xlsx", ofsi_rows()), ("parties.xlsx", party_rows())):
        path = args.dir / f"{args.gb:g}gb-{name}"
        if not path.exists():
            started = time.monotonic()
            write_bomb_workbook(path.with_suffix(".tmp"), rows, padding).rename(path)
            print(f"wrote {path} in {time.monotonic() - started:.0f} s")
        bombs[name] = path
        print(f"{path.name}: {path.stat().st_size / 1e6:.1f} MB packed, {args.gb:g} GB unpacked")
    for kind, bomb in (
        ("import", bombs["ConList.xlsx"]),
        ("screen", bombs["parties.xlsx"]),
        ("server", bombs["parties.xlsx"]),
    ):
        run_step(kind, bomb, env)


def run_step(kind: str, bomb: Path, env: dict[str, str]) -> None:
    """One step in a fresh process: its exit code or status, message, time and peak RSS."""
    forced = ROOT / "tests" / "fixtures" / "user" / "forced_labour.csv"
    with tempfile.TemporaryDirectory() as home:
        out = subprocess.run(
            [sys.executable, "-c", CHILD, kind, home, str(bomb), str(forced)],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    print(
        f"{kind:7} exit/status {figures['code']}  {figures['seconds']:.2f} s  "
        f"peak RSS {figures['peak_mb']:.0f} MB (before the step {figures['base_mb']:.0f} MB)"
        f"\n        {figures['message'][:300]}"
    )


if __name__ == "__main__":
    main()
