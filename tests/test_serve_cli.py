"""`vet keys` through click's runner, and `vet serve` as a real process."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner, Result

from vet.cli import main


@pytest.fixture()
def env(tmp_path: Path) -> dict[str, str]:
    return {"VET_HOME": str(tmp_path / "home"), "VET_AUTO_BUNDLE": "0"}


def run(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(main, list(args), env=env)


def test_keys_create_list_revoke(env: dict[str, str]) -> None:
    created = run(env, "keys", "create", "partner-a")
    assert created.exit_code == 0, created.output
    secret = created.stdout.strip()
    assert secret.startswith("vet_")
    assert "it is not shown again" in created.stderr
    listed = json.loads(run(env, "keys", "list", "--json").stdout)
    assert [(k["name"], k["revoked_at"]) for k in listed] == [("partner-a", None)]
    assert listed[0]["prefix"] == secret[: len(listed[0]["prefix"])]
    assert secret not in run(env, "keys", "list").stdout
    revoked = run(env, "keys", "revoke", "partner-a")
    assert revoked.stdout.startswith("Revoked 'partner-a'")
    assert "revoked" in run(env, "keys", "list").stdout


def test_keys_errors_are_one_line(env: dict[str, str]) -> None:
    missing = run(env, "keys", "revoke", "ghost")
    assert missing.exit_code == 1
    assert missing.output.strip() == (
        "Error: no active API key called 'ghost' (see `vet keys list`)"
    )
    assert run(env, "keys", "list").stdout.startswith("No API keys.")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(env: dict[str, str], *args: str) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from vet.cli import main; main()",
            "serve",
            "--port",
            str(port),
            *args,
        ],
        env={**os.environ, **env},
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        # Each worker answers /readyz for itself on its own socket: ready once 10 fresh
        # connections in a row (spread over the workers by the kernel) say so.
        # Each worker loads the index before it is ready: minutes on a busy machine.
        deadline = time.monotonic() + 300
        ready_in_a_row = 0
        while ready_in_a_row < 10:
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            try:
                ready = httpx.get(f"{url}/readyz", timeout=1).status_code == 200
            except httpx.TransportError:
                ready = False
            ready_in_a_row = ready_in_a_row + 1 if ready else 0
            assert time.monotonic() < deadline, "vet serve did not become ready"
            time.sleep(0.05 if ready else 0.2)
        yield url, process
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)


@pytest.fixture()
def listed_env(env: dict[str, str], fixtures: Path) -> dict[str, str]:
    result = run(env, "lists", "import", str(fixtures / "ofac" / "sdn_2023-12-28"))
    assert result.exit_code == 0, result.output
    return env


MATCH = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Kang Song Nam"]}}}}


@pytest.mark.slow
def test_serve_on_loopback_answers_without_a_key(listed_env: dict[str, str]) -> None:
    with serving(listed_env) as (url, _):
        response = httpx.post(f"{url}/match/default", json=MATCH)
        assert response.status_code == 200
        assert response.json()["responses"]["q"]["results"][0]["id"] == "ofac-20130"


@pytest.mark.slow
def test_serve_beyond_loopback_with_workers_requires_keys(listed_env: dict[str, str]) -> None:
    secret = run(listed_env, "keys", "create", "ci").stdout.strip()
    with serving(listed_env, "--host", "0.0.0.0", "--workers", "2") as (url, process):
        assert httpx.post(f"{url}/match/default", json=MATCH).status_code == 401
        keyed = httpx.post(
            f"{url}/match/default", json=MATCH, headers={"Authorization": f"ApiKey {secret}"}
        )
        assert keyed.status_code == 200
    assert process.stderr is not None
    log = process.stderr.read()
    assert "API keys required" in log and "2 workers" in log
    assert "POST /match/default 200" in log  # the request log, without the query
    assert "Kang" not in log


def test_serve_refuses_an_unknown_list_before_listening(listed_env: dict[str, str]) -> None:
    result = run(listed_env, "serve", "--lists", "us_ofac_sdm")
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Error: --lists: no list called us_ofac_sdm (lists: us_ofac_sdn)"
    )


@pytest.mark.slow
def test_serve_on_a_fresh_home_answers_health_checks_while_it_loads(tmp_path: Path) -> None:
    """A fresh home imports the bundled snapshot and builds the index (minutes): the
    server listens first, and /readyz says what it is doing until the lists are served."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [sys.executable, "-c", "from vet.cli import main; main()", "serve", "--port", str(port)],
        env={**os.environ, "VET_HOME": str(tmp_path / "fresh")},
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            try:
                health = httpx.get(f"{url}/healthz", timeout=5)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "vet serve did not listen within 60 s"
                time.sleep(0.1)
        assert health.status_code == 200
        ready = httpx.get(f"{url}/readyz", timeout=60)
        assert ready.status_code == 503
        assert ready.json() == {"status": "loading", "detail": "importing bundled lists"}
        early = httpx.post(f"{url}/match/default", json=MATCH, timeout=60)
        assert early.status_code == 503
        assert early.headers["retry-after"].isdigit()
        assert "importing bundled lists" in early.json()["detail"]
        steps = {ready.json()["detail"]}
        deadline = time.monotonic() + 900
        while ready.status_code != 200:
            assert ready.json()["status"] == "loading", ready.json()
            assert time.monotonic() < deadline, "the lists were not loaded within 15 minutes"
            steps.add(ready.json()["detail"])
            time.sleep(1)
            ready = httpx.get(f"{url}/readyz", timeout=60)
        assert any(step.startswith("building the index") for step in steps), steps
        assert "us_ofac_sdn" in ready.json()["lists"]
        answer = httpx.post(f"{url}/match/default", json=MATCH, timeout=30)
        assert answer.status_code == 200
        assert answer.json()["responses"]["q"]["results"]
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)


def party_file(path: Path, fixtures: Path, rows: int) -> Path:
    """``rows`` parties: the listed names of the SDN excerpt among made-up companies."""
    with (fixtures / "ofac" / "sdn_2023-12-28" / "sdn.csv").open(encoding="utf-8") as sdn:
        listed = [line.split(",")[1].strip('"') for line in sdn if line.count(",") > 2]
    lines = ["id,name,country"]
    for i in range(rows):
        name = listed[i % len(listed)] if i % 50 == 0 else f"Northwind {i} Trading Ltd"
        lines.append(f"P-{i},{name},GB")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.slow
def test_sigterm_stops_the_server_while_an_upload_arrives_leaving_screenings_resumable(
    listed_env: dict[str, str], fixtures: Path, tmp_path: Path
) -> None:
    """Issue 16: the server ignored SIGTERM while a second upload ran. A screening runs,
    a second waits for it, a third upload is still arriving from a slow client: SIGTERM
    stops the server within seconds, and both screenings are left resumable."""
    big = party_file(tmp_path / "fair.csv", fixtures, 50_000)
    with serving(listed_env) as (url, process):
        for name in ("first", "second"):
            with big.open("rb") as handle:
                started = httpx.post(
                    f"{url}/screenings", files={"file": handle}, data={"name": name}, timeout=60
                )
            assert started.status_code == 202, started.text
        port = int(url.rsplit(":", 1)[1])
        slow = socket.create_connection(("127.0.0.1", port))
        slow.sendall(
            b"POST /screenings HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 5000000\r\n\r\n"
            b'--b\r\nContent-Disposition: form-data; name="file"; filename="late.csv"\r\n\r\n'
            b"id,name\r\n" + b"P-1,Northwind Traders\r\n" * 1000
        )  # and the rest of the 5 MB never comes
        time.sleep(1)
        listed = httpx.get(f"{url}/screenings", timeout=30).json()
        before = {s["name"]: s["status"] for s in listed["screenings"]}
        asked = time.monotonic()
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)
        stopped_in = time.monotonic() - asked
        slow.close()
    assert stopped_in < 20, f"the server took {stopped_in:.0f} s to stop"
    assert process.stderr is not None
    log = process.stderr.read()
    assert "Traceback" not in log
    assert "a request under way was cancelled: the server stopped" in log
    saved = {s["name"]: s for s in json.loads(run(listed_env, "screenings", "--json").output)}
    # On a quiet machine the first may be done before the signal: every screening not
    # complete when it came is left interrupted, and the second always waits for the first.
    unfinished = [name for name in ("first", "second") if before[name] != "complete"]
    assert "second" in unfinished, before
    assert {name: saved[name]["status"] for name in unfinished} == dict.fromkeys(
        unfinished, "interrupted"
    )
    assert all(saved[name]["parties"] < 50_000 for name in unfinished)
    resumed = run(listed_env, "screen", str(big), "--name", "second", "--resume")
    assert resumed.exit_code == 0, resumed.output
    [second] = [s for s in json.loads(run(listed_env, "screenings", "--json").output)
                if s["name"] == "second"]  # fmt: skip
    assert (second["status"], second["parties"]) == ("complete", 50_000)
