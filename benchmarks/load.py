"""Bounded loopback load test: 50 concurrent clients for 60 s, mixed reads and writes.

Usage: python benchmarks/load.py [--clients 50] [--seconds 60] [--answers 20000] [--workers 2]
                                 [--pg-url URL] [--seed 1]

Builds the demo workspace (about --answers answers; SQLite in a temporary data directory, or with
--pg-url in that PostgreSQL database, which it WIPES), logs the demo owner in, starts
`servicegap serve --no-worker --workers N` on 127.0.0.1 and runs --clients closed-loop clients
(each sends its next request when the last one was answered) for --seconds. Each request is drawn
from this mix (weights in MIX):

- write   POST /api/v1/responses, 10 answers, a fresh Idempotency-Key each (expects 201);
- gaps    GET /api/v1/reports/gaps?by=item (200);
- nps     GET /api/v1/reports/nps (200);
- home    GET /w/demo/, the home page with the headline, logged in as the owner (200);
- tell-us GET /r/demo/tell-us/, the public feedback page (200).

Prints requests/s and p50/p99 latency per kind and overall, the errors (a status other than the
one expected, or a failed connection), the answers whose body says "database is locked" (counted
apart, whatever their status) and the server log lines that say it, and checks that every write
answered 201 is stored. Exit status 1 on any error or "database is locked".

The client is one asyncio event loop speaking HTTP/1.1 over keep-alive sockets (no HTTP library):
a few percent of one core at these rates, so it does not starve the server of the CPUs it shares
with it, and unlike `wrk` it gives latencies per kind of request. Latency is measured from writing
the request to reading the whole answer, so it includes the wait in the server's queue (50 clients
on 2 workers x 4 threads).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import http.client
import json
import random
import re
import sqlite3
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.support import (
    SLUG,
    cli,
    environment,
    free_port,
    kill_group,
    machine,
    serve,
    wipe_pg,
)

MIX = {"write": 40, "gaps": 10, "nps": 20, "home": 15, "tell-us": 15}
EXPECTED = {"write": 201, "gaps": 200, "nps": 200, "home": 200, "tell-us": 200}
STANDARDS = ["BOOKING", "CALLBACK", "CLEAN", "CAR-READY", "GREET"]
LOCKED = b"database is locked"


def write_body(rng: random.Random) -> bytes:
    answers = [
        {"item": s, "kind": k, "value": rng.randint(1, 7)}
        for s in STANDARDS
        for k in ("expectation", "experience")
    ]
    body = {
        "submitted_at": "2026-11-20T10:00:00Z",
        "perspective": "customer",
        "unit": "NORTH-SERVICE",
        "answers": answers,
    }
    return json.dumps(body).encode()


class Conn:
    """One keep-alive HTTP/1.1 connection; reopened when the server closes it."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.reader = self.writer = None

    async def request(
        self, method: str, path: str, headers: dict[str, str], body: bytes = b""
    ) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        assert self.reader is not None
        lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{self.port}"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        lines.append(f"Content-Length: {len(body)}")
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        await self.writer.drain()
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionResetError("closed before the answer")
        status = int(status_line.split()[1])
        found: dict[str, str] = {}
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            found[name.strip().lower()] = value.strip()
        if "content-length" in found:
            data = await self.reader.readexactly(int(found["content-length"]))
        elif found.get("transfer-encoding", "").lower() == "chunked":
            parts = []
            while size := int((await self.reader.readline()).split(b";")[0], 16):
                parts.append(await self.reader.readexactly(size))
                await self.reader.readline()
            await self.reader.readline()
            data = b"".join(parts)
        else:
            data = await self.reader.read()
            await self.close()
        if found.get("connection", "").lower() == "close":
            await self.close()
        return status, data


class Stats:
    def __init__(self) -> None:
        self.latency: dict[str, list[float]] = collections.defaultdict(list)
        self.errors: collections.Counter = collections.Counter()
        self.error_examples: list[str] = []
        self.locked = 0
        self.reconnects = 0
        self.written: list[int] = []
        self.client_cpu = 0.0

    def error(self, kind: str, text: str) -> None:
        self.errors[kind] += 1
        if len(self.error_examples) < 10:
            self.error_examples.append(f"{kind}: {text[:300]}")


async def client(
    n: int, port: int, key: str, cookie: str, deadline: float, seed: int, stats: Stats
) -> None:
    rng = random.Random(seed * 1000 + n)
    kinds, weights = list(MIX), list(MIX.values())
    auth = {"Authorization": f"Bearer {key}"}
    conn = Conn(port)
    while time.monotonic() < deadline:
        kind = rng.choices(kinds, weights)[0]
        method, body, headers = "GET", b"", dict(auth)
        if kind == "write":
            method, body = "POST", write_body(rng)
            headers.update(
                {"Content-Type": "application/json", "Idempotency-Key": str(uuid.uuid4())}
            )
            path = "/api/v1/responses"
        elif kind == "gaps":
            path = "/api/v1/reports/gaps?" + urlencode({"by": "item"})
        elif kind == "nps":
            path = "/api/v1/reports/nps"
        elif kind == "home":
            path, headers = f"/w/{SLUG}/", {"Cookie": cookie}
        else:
            path, headers = f"/r/{SLUG}/tell-us/", {}
        began = time.perf_counter()
        for attempt in range(2):
            try:
                status, data = await conn.request(method, path, headers, body)
                break
            except (OSError, asyncio.IncompleteReadError, ValueError, IndexError) as exc:
                await conn.close()
                # A keep-alive connection the server closed as the request went out: once more
                # on a new one (a write keeps its Idempotency-Key, so it cannot be stored twice).
                if attempt == 0:
                    stats.reconnects += 1
                    continue
                status, data = 0, f"{type(exc).__name__}: {exc}".encode()
        stats.latency[kind].append(time.perf_counter() - began)
        if LOCKED in data:
            stats.locked += 1
        if status != EXPECTED[kind]:
            stats.error(kind, f"{status} {data[:300]!r}")
        elif kind == "write":
            stats.written.append(json.loads(data)["id"])
    await conn.close()


def login(port: int, email: str, password: str) -> str:
    """The Cookie header of a logged-in session (the login form, with its CSRF token)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/accounts/login/")
    page = conn.getresponse()
    html = page.read().decode()
    csrf = re.search(r"csrftoken=([^;]+)", page.getheader("Set-Cookie") or "")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not csrf or not token:
        raise SystemExit("the login page has no CSRF token")
    form = urlencode(
        {"username": email, "password": password, "csrfmiddlewaretoken": token.group(1)}
    )
    conn.request(
        "POST",
        "/accounts/login/",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf.group(1)}",
            "Referer": f"http://127.0.0.1:{port}/accounts/login/",
        },
    )
    answer = conn.getresponse()
    answer.read()
    session = re.search(r"sessionid=([^;]+)", answer.getheader("Set-Cookie") or "")
    if answer.status != 302 or not session:
        raise SystemExit(f"logging in as {email} failed ({answer.status})")
    return f"csrftoken={csrf.group(1)}; sessionid={session.group(1)}"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


def stored(env: dict, tmp: Path, pg_url: str, ids: list[int]) -> int:
    """How many of ``ids`` are in the database after the run."""
    if not ids:
        return 0
    query = "SELECT COUNT(*) FROM surveys_response WHERE id = ANY(%s)"
    if pg_url:
        import psycopg

        with psycopg.connect(pg_url) as conn:
            row = conn.execute(query, (ids,)).fetchone()
            return int(row[0]) if row else 0
    db = sqlite3.connect(tmp / "servicegap.sqlite3")
    db.execute("CREATE TEMP TABLE ids (id INTEGER PRIMARY KEY)")
    db.executemany("INSERT INTO ids VALUES (?)", [(i,) for i in set(ids)])
    return db.execute("SELECT COUNT(*) FROM surveys_response JOIN ids USING (id)").fetchone()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--answers", type=int, default=20000, help="size of the demo workspace")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (4 threads)")
    parser.add_argument("--pg-url", default="", help="PostgreSQL URL of a database it may wipe")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if not 1 <= args.clients <= 500 or not 1 <= args.seconds <= 600:
        raise SystemExit("--clients is 1..500 and --seconds 1..600")
    with tempfile.TemporaryDirectory(prefix="sg-load-") as d:
        tmp = Path(d)
        if args.pg_url:
            wipe_pg(args.pg_url)
        env = environment(d, args.pg_url)
        out = cli(env, "demo", "--no-serve", "--answers", str(args.answers))
        owner = re.search(r"owner\s+e-mail: (\S+)\s+password: (\S+)", out)
        if owner is None:
            raise SystemExit(f"no owner login in the demo's output:\n{out}")
        key = cli(env, "apikey", "create", "--scope", "read,ingest").strip().splitlines()[-1]
        port = free_port()
        log = tmp / "server.log"
        proc = serve(env, port, workers=args.workers, log=log)
        stats = Stats()
        try:
            cookie = login(port, owner.group(1), owner.group(2))
            began = time.monotonic()
            deadline = began + args.seconds

            async def run_all() -> None:
                await asyncio.gather(
                    *(
                        client(n, port, key, cookie, deadline, args.seed, stats)
                        for n in range(args.clients)
                    )
                )

            cpu = time.process_time()
            asyncio.run(run_all())
            elapsed = time.monotonic() - began
            stats.client_cpu = time.process_time() - cpu
        finally:
            kill_group(proc)
        log_locked = log.read_text(errors="replace").count("database is locked")
        found = stored(env, tmp, args.pg_url, stats.written)
    report(args, stats, elapsed, log_locked, found)


def report(args, stats: Stats, elapsed: float, log_locked: int, found: int) -> None:
    database = "PostgreSQL" if args.pg_url else "SQLite"
    total = sum(len(v) for v in stats.latency.values())
    print(
        f"{args.clients} clients, {elapsed:.1f} s, {database}, servicegap serve --workers "
        f"{args.workers} (4 threads each), demo workspace of ~{args.answers:,} answers; {machine()}"
    )
    print(f"\n{'kind':8} {'requests':>9} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6}")
    for kind in MIX:
        times = stats.latency.get(kind, [])
        print(
            f"{kind:8} {len(times):9} {len(times) / elapsed:7.1f} {1000 * percentile(times, 0.5):7.0f}"
            f" {1000 * percentile(times, 0.99):7.0f} {stats.errors[kind]:6}"
        )
    every = [t for v in stats.latency.values() for t in v]
    errors = sum(stats.errors.values())
    print(
        f"{'all':8} {total:9} {total / elapsed:7.1f} {1000 * percentile(every, 0.5):7.0f}"
        f" {1000 * percentile(every, 0.99):7.0f} {errors:6}"
    )
    print(f"\nerrors (unexpected status or failed connection): {errors}")
    print(f'answers saying "database is locked": {stats.locked}; in the server log: {log_locked}')
    print(
        f"requests retried once on a new connection (keep-alive closed by the server): {stats.reconnects}"
    )
    print(f"writes answered 201: {len(stats.written)}, of them stored: {found}")
    print(
        f"load generator CPU: {stats.client_cpu:.1f} s in {elapsed:.0f} s "
        f"({100 * stats.client_cpu / elapsed:.0f} % of one core)"
    )
    for text in stats.error_examples:
        print("  " + text)
    bad = errors or stats.locked or log_locked or found != len(stats.written)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
