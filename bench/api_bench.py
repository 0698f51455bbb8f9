"""HTTP API load benchmark: concurrent clients against /match and /reconcile on loopback.

Starts ``vet serve`` (a separate process, ``--workers`` of them) over the store of the
bundled official lists (imported on first use), then has ``--clients`` concurrent
clients send one query per request for ``--seconds`` per endpoint: ``/match/default``
as yente clients send it (JSON), ``/reconcile/default`` as OpenRefine sends it
(form-encoded ``queries=``). Queries are the matching benchmark's labelled names
(``bench/out/match_dataset.jsonl``, built by ``match_dataset.py`` if missing):
spelling variants of listed names and innocent names, in several scripts.

Reports requests/s, latency percentiles and errors per endpoint, and how many of the
listed names came back as the top result (a check that the answers are right, not only
fast). Clients and server share the machine: on 2 cores the clients' own CPU counts.

Run: ``python bench/api_bench.py`` (``--clients 16 --workers 2 --seconds 20``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import psutil

from match_dataset import (
    BENCH,
    DEFAULT_DB,
    DEFAULT_OUT,
    build_dataset,
    load_listed,
    open_store,
    read_jsonl,
    write_jsonl,
)

TARGET_P99_MS = 50.0


@dataclass
class Query:
    name: str
    schema: str
    expected: tuple[str, ...]


@dataclass
class EndpointRun:
    endpoint: str
    clients: int
    seconds: float
    requests: int = 0
    errors: int = 0
    error_examples: list[str] = field(default_factory=list)
    latencies_ms: list[float] = field(default_factory=list)
    listed_queries: int = 0
    listed_found: int = 0
    server_cpu_s: float = 0.0
    client_cpu_s: float = 0.0
    process_cores: list[float] = field(default_factory=list)
    """Cores used by each server process (the parent, which only supervises, included)."""
    other_cpu_s: float = 0.0
    """CPU used meanwhile by other programs on the machine (they slow the run down)."""

    def summary(self) -> dict[str, Any]:
        lat = sorted(self.latencies_ms)

        def pct(p: float) -> float:
            return round(lat[min(len(lat) - 1, int(p / 100 * len(lat)))], 1) if lat else 0.0

        return {
            "endpoint": self.endpoint,
            "clients": self.clients,
            "seconds": round(self.seconds, 1),
            "requests": self.requests,
            "errors": self.errors,
            "requests_per_s": round(self.requests / self.seconds, 1) if self.seconds else 0,
            "p50_ms": pct(50),
            "p90_ms": pct(90),
            "p99_ms": pct(99),
            "max_ms": round(lat[-1], 1) if lat else 0.0,
            "mean_ms": round(statistics.fmean(lat), 1) if lat else 0.0,
            "listed_found": f"{self.listed_found}/{self.listed_queries}",
            "server_cpu_ms_per_request": round(self.server_cpu_s * 1000 / self.requests, 2)
            if self.requests
            else 0.0,
            "client_cpu_ms_per_request": round(self.client_cpu_s * 1000 / self.requests, 2)
            if self.requests
            else 0.0,
            "other_programs_cores": round(max(0.0, self.other_cpu_s) / self.seconds, 2)
            if self.seconds
            else 0.0,
            "server_process_cores": self.process_cores,
            "error_examples": self.error_examples[:3],
        }


def load_queries(db: str, seed: int) -> list[Query]:
    if not DEFAULT_OUT.is_file():
        listed = load_listed(open_store(db))
        write_jsonl(
            build_dataset(listed, sample=300, seed=7, negatives=1000, near=400), DEFAULT_OUT
        )
    queries = [
        Query(r.query, r.schema, tuple(r.accepted_ids))
        for r in read_jsonl(DEFAULT_OUT)
        if r.query.strip()
    ]
    random.Random(seed).shuffle(queries)
    return queries


# -- requests ------------------------------------------------------------------------
# A lean HTTP/1.1 client (keep-alive, Content-Length bodies): the clients share the
# machine with the server, and httpx costs more CPU per request than vet's matcher.


@dataclass(frozen=True)
class Request:
    path: str
    content_type: str
    body: bytes


def match_request(query: Query) -> Request:
    body = {"queries": {"q": {"schema": query.schema, "properties": {"name": [query.name]}}}}
    return Request("/match/default", "application/json", json.dumps(body).encode())


def match_top(body: dict[str, Any]) -> str | None:
    results = body["responses"]["q"]["results"]
    return str(results[0]["id"]) if results and results[0]["match"] else None


def reconcile_request(query: Query) -> Request:
    queries = json.dumps({"q0": {"query": query.name, "type": query.schema}})
    form = urlencode({"queries": queries}).encode()
    return Request("/reconcile/default", "application/x-www-form-urlencoded", form)


def reconcile_top(body: dict[str, Any]) -> str | None:
    results = body["q0"]["result"]
    return str(results[0]["id"]) if results and results[0]["match"] else None


ENDPOINTS: dict[str, tuple[Callable[[Query], Request], Callable[[dict[str, Any]], str | None]]] = {
    "match": (match_request, match_top),
    "reconcile": (reconcile_request, reconcile_top),
}


class Connection:
    """One keep-alive connection to the server."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def send(self, request: Request) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        head = (
            f"POST {request.path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
            f"Content-Type: {request.content_type}\r\n"
            f"Content-Length: {len(request.body)}\r\n\r\n"
        )
        self.writer.write(head.encode() + request.body)
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("connection closed by the server")
        status = int(status_line.split()[1])
        length = 0
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        return status, await self.reader.readexactly(length)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def run_endpoint(
    url: str,
    server_pid: int | None,
    endpoint: str,
    queries: list[Query],
    clients: int,
    seconds: float,
    warmup: int,
) -> EndpointRun:
    build, top = ENDPOINTS[endpoint]
    host, port = url.removeprefix("http://").split(":")
    requests = [build(q) for q in queries]
    run = EndpointRun(endpoint, clients, seconds)
    warm = Connection(host, int(port))
    for request in requests[:warmup]:
        await warm.send(request)
    warm.close()
    position = 0
    deadline = 0.0

    async def client() -> None:
        nonlocal position
        connection = Connection(host, int(port))
        while time.perf_counter() < deadline:
            index = position % len(queries)
            position += 1
            start = time.perf_counter()
            try:
                status, body = await connection.send(requests[index])
                elapsed = (time.perf_counter() - start) * 1000
                if status != 200:
                    raise RuntimeError(f"HTTP {status}: {body[:200]!r}")
                found = top(json.loads(body))
            except (
                OSError,
                ConnectionError,
                asyncio.IncompleteReadError,
                RuntimeError,
                KeyError,
                ValueError,
            ) as exc:
                run.errors += 1
                run.error_examples.append(f"{type(exc).__name__}: {exc}")
                connection.close()
                continue
            run.requests += 1
            run.latencies_ms.append(elapsed)
            if queries[index].expected:
                run.listed_queries += 1
                run.listed_found += found in queries[index].expected
        connection.close()

    started = time.perf_counter()
    deadline = started + seconds
    server_before, client_before = process_cpu(server_pid), time.process_time()
    machine_before = machine_busy()
    await asyncio.gather(*(client() for _ in range(clients)))
    run.seconds = time.perf_counter() - started
    server_after = process_cpu(server_pid)
    used = {p: server_after[p] - server_before.get(p, 0.0) for p in server_after}
    run.server_cpu_s = sum(used.values())
    run.process_cores = sorted((round(u / run.seconds, 2) for u in used.values()), reverse=True)
    run.client_cpu_s = time.process_time() - client_before
    run.other_cpu_s = machine_busy() - machine_before - run.server_cpu_s - run.client_cpu_s
    return run


def machine_busy() -> float:
    """CPU seconds all processes of the machine spent busy so far."""
    times = psutil.cpu_times()
    return float(sum(times) - times.idle - getattr(times, "iowait", 0.0))


def process_cpu(pid: int | None) -> dict[int, float]:
    """CPU seconds used so far by the server process and each of its workers."""
    if pid is None:
        return {}
    parent = psutil.Process(pid)
    used = {}
    for process in [parent, *parent.children(recursive=True)]:
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        used[process.pid] = times.user + times.system
    return used


# -- the server ----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(
    home: Path, db: str, workers: int, log: Path
) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, "VET_HOME": str(home), "VET_DB": db}
    command = [sys.executable, "-c", "from vet.cli import main; main()"]
    command += ["serve", "--port", str(port), "--workers", str(workers)]
    with open(log, "wb") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=out)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 600  # first use imports the lists and builds the index
    while True:
        if process.poll() is not None:
            raise SystemExit(f"vet serve exited; see {log}")
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return process, url
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            process.kill()
            raise SystemExit("vet serve did not become ready")
        time.sleep(0.5)


def markdown(results: list[dict[str, Any]], workers: int) -> str:
    lines = [
        "| endpoint | clients | workers | requests | errors | req/s | p50 ms | p90 ms | p99 ms "
        "| max ms | server CPU ms/req | other programs (cores) | listed names found |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| /{r['endpoint']} | {r['clients']} | {workers} | {r['requests']:,} | {r['errors']} "
            f"| {r['requests_per_s']:,} | {r['p50_ms']} | {r['p90_ms']} | {r['p99_ms']} "
            f"| {r['max_ms']} | {r['server_cpu_ms_per_request']} | {r['other_programs_cores']} "
            f"| {r['listed_found']} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="vet serve worker processes")
    parser.add_argument("--seconds", type=float, default=20.0, help="per endpoint")
    parser.add_argument("--warmup", type=int, default=200, help="requests before timing")
    parser.add_argument("--endpoints", default="match,reconcile")
    parser.add_argument("--db", default=DEFAULT_DB, help="store URL (default: %(default)s)")
    parser.add_argument("--home", type=Path, default=BENCH / "out", help="VET_HOME of the server")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--out", type=Path, default=BENCH / "out" / "api_bench.json")
    parser.add_argument("--url", help="bench a server already running here instead")
    parser.add_argument("--pid", type=int, help="with --url: the server's pid, for its CPU time")
    args = parser.parse_args()

    queries = load_queries(args.db, args.seed)
    process = None
    if args.url:
        url, pid = args.url, args.pid
    else:
        log = args.home / "api_bench_server.log"
        process, url = start_server(args.home, args.db, args.workers, log)
        pid = process.pid
    results = []
    try:
        for endpoint in args.endpoints.split(","):
            run = asyncio.run(
                run_endpoint(url, pid, endpoint, queries, args.clients, args.seconds, args.warmup)
            )
            results.append(run.summary())
            print(json.dumps(results[-1]), file=sys.stderr)
    finally:
        if process is not None:
            # SIGTERM, not SIGINT: a shell running this in the background ignores SIGINT.
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=60)
    report = {
        "clients": args.clients,
        "workers": args.workers,
        "cpus": os.cpu_count(),
        "queries": len(queries),
        "target": f"zero errors, p99 <= {TARGET_P99_MS} ms",
        "results": results,
    }
    args.out.write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(markdown(results, args.workers))
    met = all(r["errors"] == 0 and r["p99_ms"] <= TARGET_P99_MS for r in results)
    print(f"\nTarget (zero errors, p99 <= {TARGET_P99_MS:.0f} ms): {'met' if met else 'NOT met'}.")


if __name__ == "__main__":
    main()
