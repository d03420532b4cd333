"""The SIGKILL test: kill `servicegap serve` five times during sustained ingest; nothing is lost or
stored twice.

Usage: python benchmarks/sigkill.py [--kills 5] [--clients 4] [--between 2,6] [--tail 3]
                                    [--settle 420] [--answers 2000] [--pg-url URL] [--seed 1]

Builds the demo workspace (SQLite in a temporary data directory, or with --pg-url in that
PostgreSQL database, which it WIPES) and starts `servicegap serve` (gunicorn, 2 web workers and the
background worker) in its own process group. --clients threads post responses to
POST /api/v1/responses without pause, each with a new Idempotency-Key and a text answer
`sigkill:<key>` that marks it; a request counts as acknowledged when its 201 arrived. Meanwhile the
main thread, --kills times, waits a random --between seconds and sends SIGKILL to the server's
whole process group, checks that no process of the group (and no orphaned background worker) is
left, and starts the server again. A client whose request failed (connection refused or reset, a
timeout, a 5xx, or 409 because its key was left in flight by a killed process) retries the same
key with the same body until it is acknowledged. --tail seconds after the last restart the clients
stop taking new keys and finish the ones they hold (for at most --settle seconds: a key left in
flight by a kill is taken over after 5 minutes, until then its retries get 409).

Then it reads the marks from the database and prints: keys sent, acknowledged, retried, the 409s,
and for the acknowledged keys how many are stored exactly once with the id their 201 named,
missing, or duplicated. Exit status 1 unless every key is acknowledged and stored exactly once.
"""

from __future__ import annotations

import argparse
import collections
import http.client
import json
import os
import random
import signal
import sqlite3
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.support import (
    demo,
    environment,
    free_port,
    kill_group,
    machine,
    serve,
    wait_healthy,
    wipe_pg,
)

STANDARDS = ["BOOKING", "CALLBACK", "CLEAN", "CAR-READY", "GREET"]
MARK = "sigkill:"


@dataclass
class Sent:
    key: str
    body: bytes
    attempts: int = 0
    acked_id: int | None = None
    statuses: collections.Counter = field(default_factory=collections.Counter)


class Ingest:
    """The client threads and what they sent."""

    def __init__(self, port: int, key: str, clients: int, seed: int) -> None:
        self.port, self.auth = port, f"Bearer {key}"
        self.sent: dict[str, Sent] = {}
        self.lock = threading.Lock()
        self.stop_new = threading.Event()
        self.give_up = threading.Event()
        self.unexpected: list[str] = []
        self.threads = [
            threading.Thread(target=self.client, args=(random.Random(seed * 100 + n),), daemon=True)
            for n in range(clients)
        ]

    def start(self) -> None:
        for t in self.threads:
            t.start()

    def join(self) -> None:
        for t in self.threads:
            t.join()

    def new(self, rng: random.Random) -> Sent:
        key = str(uuid.uuid4())
        answers: list[dict] = [
            {"item": s, "kind": k, "value": rng.randint(1, 7)}
            for s in STANDARDS
            for k in ("expectation", "experience")
        ]
        answers.append({"kind": "text", "value": MARK + key})
        body = {
            "submitted_at": "2026-11-20T10:00:00Z",
            "perspective": "customer",
            "unit": "NORTH-SERVICE",
            "answers": answers,
        }
        sent = Sent(key, json.dumps(body).encode())
        with self.lock:
            self.sent[key] = sent
        return sent

    def post(self, sent: Sent) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(
                "POST",
                "/api/v1/responses",
                body=sent.body,
                headers={
                    "Authorization": self.auth,
                    "Content-Type": "application/json",
                    "Idempotency-Key": sent.key,
                },
            )
            answer = conn.getresponse()
            return answer.status, answer.read()
        finally:
            conn.close()

    def client(self, rng: random.Random) -> None:
        while not self.stop_new.is_set():
            sent = self.new(rng)
            while not self.give_up.is_set():
                sent.attempts += 1
                try:
                    status, data = self.post(sent)
                except (OSError, http.client.HTTPException) as exc:
                    sent.statuses[type(exc).__name__] += 1
                    time.sleep(0.1)  # the server is down or was killed mid-request
                    continue
                sent.statuses[status] += 1
                if status == 201:
                    sent.acked_id = json.loads(data)["id"]
                    break
                if status == 409 or status >= 500:
                    time.sleep(2 if status == 409 else 0.2)  # in flight in a killed process
                    continue
                self.unexpected.append(f"{sent.key}: {status} {data[:200]!r}")
                break


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def orphan_workers(server_pid: int) -> list[int]:
    """Background workers started by the server ``server_pid`` that are still running."""
    found = []
    needle = f"--parent-pid\0{server_pid}\0".encode()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if needle in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                pass
    return found


def wait_until(check, seconds: float) -> float | None:
    """Seconds until ``check()`` became true, or None."""
    began = time.monotonic()
    while time.monotonic() - began < seconds:
        if check():
            return time.monotonic() - began
        time.sleep(0.05)
    return None


def marks(tmp: Path, pg_url: str) -> dict[str, list[int]]:
    """Response ids per key, from the stored text answers."""
    query = "SELECT value_text, response_id FROM surveys_answer WHERE kind = 'text' AND value_text LIKE 'sigkill:%'"
    if pg_url:
        import psycopg

        with psycopg.connect(pg_url) as conn:
            rows = conn.execute(query).fetchall()
    else:
        rows = sqlite3.connect(tmp / "servicegap.sqlite3").execute(query).fetchall()
    found: dict[str, list[int]] = collections.defaultdict(list)
    for text, rid in rows:
        found[text[len(MARK) :]].append(int(rid))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=5)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--between", default="2,6", help="seconds between kills: MIN,MAX")
    parser.add_argument("--tail", type=float, default=3, help="ingest after the last restart")
    parser.add_argument("--settle", type=float, default=420, help="most seconds to finish")
    parser.add_argument("--answers", type=int, default=2000, help="size of the demo workspace")
    parser.add_argument("--pg-url", default="", help="PostgreSQL URL of a database it may wipe")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    low, high = (float(x) for x in args.between.split(","))
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="sg-sigkill-") as d:
        tmp = Path(d)
        if args.pg_url:
            wipe_pg(args.pg_url)
        env = environment(d, args.pg_url)
        key = demo(env, args.answers, scopes="ingest")
        port = free_port()
        log = tmp / "server.log"
        proc = serve(env, port, log=log, worker=True)
        ingest = Ingest(port, key, args.clients, args.seed)
        began = time.monotonic()
        ingest.start()
        kills: list[dict] = []
        try:
            for _ in range(args.kills):
                time.sleep(rng.uniform(low, high))
                with ingest.lock:
                    before = sum(s.acked_id is not None for s in ingest.sent.values())
                workers = orphan_workers(proc.pid)
                at = time.monotonic() - began
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                group_gone = wait_until(lambda pgid=proc.pid: not group_alive(pgid), 10)
                worker_gone = wait_until(lambda pid=proc.pid: not orphan_workers(pid), 15)
                t0 = time.monotonic()
                proc = serve(env, port, log=log, worker=True)
                kills.append(
                    {
                        "at": at,
                        "acked_before": before,
                        "group_gone_s": group_gone,
                        "had_worker": bool(workers),
                        "worker_gone_s": worker_gone,
                        "restart_s": time.monotonic() - t0,
                    }
                )
            time.sleep(args.tail)
            ingest.stop_new.set()
            stopped = time.monotonic()
            finisher = threading.Thread(target=ingest.join)
            finisher.start()
            finisher.join(args.settle)
            if finisher.is_alive():
                ingest.give_up.set()
                finisher.join()
            settle = time.monotonic() - stopped
            healthy = wait_healthy(port, 5)
        finally:
            ingest.stop_new.set()
            ingest.give_up.set()
            kill_group(proc)
        seconds = time.monotonic() - began
        stored = marks(tmp, args.pg_url)
    report(args, ingest, kills, stored, seconds, settle, healthy)


def report(args, ingest: Ingest, kills, stored, seconds: float, settle: float, healthy) -> None:
    sent = list(ingest.sent.values())
    acked = [s for s in sent if s.acked_id is not None]
    retried = [s for s in sent if s.attempts > 1]
    conflicts = sum(s.statuses[409] for s in sent)
    exactly_once = [s for s in acked if stored.get(s.key) == [s.acked_id]]
    missing = [s for s in acked if not stored.get(s.key)]
    duplicated = [s for s in sent if len(stored.get(s.key, [])) > 1]
    wrong_id = [
        s for s in acked if len(stored.get(s.key, [])) == 1 and stored[s.key] != [s.acked_id]
    ]
    unknown = [k for k in stored if k not in ingest.sent]
    database = "PostgreSQL" if args.pg_url else "SQLite"
    print(
        f"{args.kills} SIGKILLs of the whole process group of `servicegap serve` (2 web workers + "
        f"background worker), {args.clients} ingest clients, {seconds:.0f} s, {database}; {machine()}"
    )
    for n, k in enumerate(kills, 1):
        gone = "no" if k["group_gone_s"] is None else f"{k['group_gone_s']:.2f} s"
        worker = (
            "none running"
            if not k["had_worker"]
            else ("still running" if k["worker_gone_s"] is None else f"{k['worker_gone_s']:.1f} s")
        )
        print(
            f"  kill {n} at {k['at']:5.1f} s ({k['acked_before']} acknowledged so far): group gone "
            f"{gone}, background worker gone {worker}, back up in {k['restart_s']:.1f} s"
        )
    print(f"keys sent:                      {len(sent)}")
    print(f"acknowledged (201 received):    {len(acked)}")
    in_flight = sum(1 for s in sent if s.statuses[409])
    print(f"retried with the same key:      {len(retried)}")
    print(
        f"  of them left in flight by a kill: {in_flight} (answered 409 {conflicts} times until taken over)"
    )
    print(f"finishing after the last kill:  {settle:.0f} s")
    print(f"acknowledged, stored once with the id of their 201: {len(exactly_once)}")
    print(f"acknowledged but missing:       {len(missing)}")
    print(f"stored more than once:          {len(duplicated)}")
    print(f"stored under another id:        {len(wrong_id)}")
    print(f"stored but never sent:          {len(unknown)}")
    print(f"unexpected answers:             {len(ingest.unexpected)}")
    for line in ingest.unexpected[:5]:
        print("  " + line)
    print(f"server healthy at the end:      {'yes' if healthy else 'no'}")
    ok = (
        len(acked) == len(sent) == len(exactly_once)
        and not (missing or duplicated or wrong_id or unknown or ingest.unexpected)
        and healthy
    )
    print("RESULT: " + ("every acknowledged response is stored exactly once" if ok else "FAILED"))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    if sys.platform != "linux":
        raise SystemExit("needs Linux (/proc, process groups)")
    main()
