"""Ingest throughput: POST /api/v1/responses under load, next to baselines from the same run.

Usage: python benchmarks/ingest.py [--seconds 15] [--connections 16] [--pg-url URL]
                                   [--only bulk|sqlite|cases]

Prints, for SQLite (synchronous=NORMAL and FULL) and, with --pg-url, PostgreSQL:
- ingest: single responses of 10 answers posted by `wrk` (16 connections) to `servicegap serve`
  on loopback: responses/s, p50/p99 latency, non-2xx count;
- bare Django: the same body posted to a view on the same server stack that inserts the same rows
  without validation, auth or idempotency (the framework baseline), and ingest as a share of it;
- raw SQLite: the same rows inserted by Python's sqlite3, one transaction per response;
- bulk import: `servicegap import responses` of a canonical CSV, answers/s, next to Python's csv
  module and sqlite3 reading the same file and inserting its rows with no checks (the floor);
- cases: the same responses with a recommend answer, one in five a detractor's (0-6), posted
  with the case rules on (each detractor opens a case in the ingest transaction) and off, in
  turns on one server: what opening cases adds to ingest (issue #13 asks for under 10 %).
Needs `wrk` (Debian package) on PATH, except with --only bulk.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
STANDARDS = [f"S{i:02d}" for i in range(1, 6)]
BODY = {
    "submitted_at": "2026-03-01T10:00:00Z",
    "perspective": "customer",
    "answers": [
        {"item": s, "kind": k, "value": 5} for s in STANDARDS for k in ("expectation", "experience")
    ],
}
LUA = """
wrk.method = "POST"
wrk.body = [[%s]]
wrk.headers["Content-Type"] = "application/json"
%s
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cli(env: dict, *args: str) -> str:
    out = subprocess.run(
        [str(BIN / "servicegap"), *args], env=env, capture_output=True, text=True, check=True
    )
    return out.stdout


def prepare(env: dict, tmp: Path) -> str:
    cli(env, "init", "--workspace", "bench")
    (tmp / "units.csv").write_text("code,name,parent\nHQ,Head office,\n")
    (tmp / "standards.csv").write_text(
        "code,title,dimension\n" + "".join(f"{s},Standard {s},people\n" for s in STANDARDS)
    )
    cli(env, "import", "units", str(tmp / "units.csv"))
    cli(env, "import", "standards", str(tmp / "standards.csv"))
    return cli(env, "apikey", "create", "--scope", "ingest,read").strip().splitlines()[-1]


def wrk(url: str, seconds: int, connections: int, headers: str, tmp: Path) -> dict:
    script = tmp / "post.lua"
    script.write_text(LUA % (json.dumps(BODY), headers))
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script), url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    lat = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", out, re.M))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {
        "rps": rps,
        "p50": lat.get("50"),
        "p99": lat.get("99"),
        "non2xx": int(non2xx.group(1)) if non2xx else 0,
        "socket_errors": errors.group(1) if errors else "none",
    }


def serve(env: dict, port: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        [str(BIN / "servicegap"), "serve", "--no-worker", "--workers", "2", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not start")


def stop(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, 15)
    proc.wait(timeout=30)


# One request in five is a detractor's (the rule opens a case); the others a promoter's. The time
# is now, so the 14-day window of the rules lets them in.
CASES_LUA = """
local n = 0
local auth = "Bearer %s"
local bodies = { [[%s]], [[%s]] }
request = function()
  n = n + 1
  local body = bodies[(n %% 5 == 0) and 1 or 2]
  return wrk.format("POST", nil, {["Content-Type"] = "application/json", ["Authorization"] = auth}, body)
end
"""


def _case_bodies() -> tuple[str, str]:
    import datetime as dt

    now = dt.datetime.now(dt.UTC).isoformat()
    made = []
    for score in (3, 9):
        body = {**BODY, "submitted_at": now}
        body["answers"] = [*BODY["answers"], {"kind": "nps", "value": score}]
        made.append(json.dumps(body))
    return made[0], made[1]


def server_cpu(pgid: int) -> float:
    """CPU seconds used so far by the server's processes (its process group): unlike wall time,
    what other processes on a shared machine do barely changes it."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        if int(fields[2]) == pgid:  # pgrp; utime and stime follow at 11 and 12
            total += int(fields[11]) + int(fields[12])
    return total / tick


def measure_cases(label: str, env: dict, args, tmp: Path) -> None:
    """Ingest with the case rules on and off, in turns on one server (medians of the rounds):
    responses/s, and the server's CPU time per response, the steadier figure on a busy machine."""
    key = prepare(env, tmp)
    script = tmp / "cases.lua"
    script.write_text(CASES_LUA % (key, *_case_bodies()))
    port = free_port()
    proc = serve(env, port)
    runs: dict[str, list[dict]] = {"on": [], "off": []}
    try:
        for _ in range(args.rounds):
            for state in ("on", "off"):
                cli(env, "cases", "rule", "detractor", f"--{state}")  # the rule the bodies meet
                cpu = server_cpu(proc.pid)
                run = _wrk_script(port, args, script)
                run["cpu_ms"] = 1000 * (server_cpu(proc.pid) - cpu) / max(run["requests"], 1)
                runs[state].append(run)
    finally:
        stop(proc)
    cases = json.loads(cli(env, "cases", "list", "--json"))["rows"]
    on, off = _median(runs["on"]), _median(runs["off"])
    for state in ("on", "off"):
        rates = ", ".join(f"{r['rps']:.0f} ({r['cpu_ms']:.2f} ms CPU)" for r in runs[state])
        print(f"[{label}] cases rules {state + ':':4s} rounds {rates} responses/s")
    cost = 100 * (off["rps"] - on["rps"]) / off["rps"] if off["rps"] else 0
    cpu = {state: sorted(r["cpu_ms"] for r in runs[state])[len(runs[state]) // 2] for state in runs}
    print(
        f"[{label}] server CPU per response: rules on {cpu['on']:.2f} ms, off {cpu['off']:.2f} ms "
        f"(median rounds): opening cases adds {100 * (cpu['on'] - cpu['off']) / cpu['off']:.1f} %"
    )
    print(
        f"[{label}] ingest with the case rules on {on['rps']:.0f}, off {off['rps']:.0f} "
        f"responses/s (median rounds): opening cases costs {cost:.1f} % "
        f"({len(cases)} cases opened; non-2xx {sum(r['non2xx'] for r in runs['on'] + runs['off'])})"
    )


def _wrk_script(port: int, args, script: Path) -> dict:
    url = f"http://127.0.0.1:{port}/api/v1/responses"
    cmd = ["wrk", "-t2", f"-c{args.connections}", f"-d{args.seconds}s", "--latency", "-s"]
    out = subprocess.run([*cmd, str(script), url], capture_output=True, text=True, check=True)
    text = out.stdout
    lat = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", text, re.M))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)),
        "p50": lat.get("50"),
        "p99": lat.get("99"),
        "non2xx": int(non2xx.group(1)) if non2xx else 0,
        "requests": int(re.search(r"(\d+) requests in", text).group(1)),
    }


def measure_server(label: str, env: dict, args, tmp: Path) -> None:
    """Ingest and the bare-Django baseline in turns, ``args.rounds`` times each on one server:
    which web worker each of wrk's kept-alive connections lands on varies from run to run, and
    with it the figures (±30 %), so the medians are the result."""
    key = prepare(env, tmp)
    port = free_port()
    proc = serve(env, port)
    ingest_runs, bare_runs = [], []
    try:
        auth = f'wrk.headers["Authorization"] = "Bearer {key}"'
        for _ in range(args.rounds):
            ingest_runs.append(
                wrk(f"http://127.0.0.1:{port}/api/v1/responses", args.seconds, args.connections,
                    auth, tmp)
            )  # fmt: skip
            bare_runs.append(
                wrk(
                    f"http://127.0.0.1:{port}/r/bench/bare", args.seconds, args.connections, "", tmp
                )
            )
    finally:
        stop(proc)
    for name, runs in (("ingest", ingest_runs), ("bare Django", bare_runs)):
        rates = ", ".join(f"{r['rps']:.0f} (p99 {r['p99']})" for r in runs)
        print(f"[{label}] {name + ':':12s} rounds {rates} responses/s")
    ingest, bare = _median(ingest_runs), _median(bare_runs)
    share = 100 * ingest["rps"] / bare["rps"] if bare["rps"] else 0
    print(
        f"[{label}] ingest:      {ingest['rps']:8.0f} responses/s  p50 {ingest['p50']}  p99 {ingest['p99']}  "
        f"non-2xx {sum(r['non2xx'] for r in ingest_runs)}  socket errors {ingest['socket_errors']}  (median round)"
    )
    print(
        f"[{label}] bare Django: {bare['rps']:8.0f} responses/s  p50 {bare['p50']}  p99 {bare['p99']}  "
        f"non-2xx {sum(r['non2xx'] for r in bare_runs)}  (median round)"
    )
    print(f"[{label}] ingest is {share:.0f} % of the bare-Django baseline")


def _median(runs: list[dict]) -> dict:
    return sorted(runs, key=lambda r: r["rps"])[len(runs) // 2]


def raw_sqlite(tmp: Path, seconds: float = 5.0) -> None:
    db = sqlite3.connect(tmp / "raw.sqlite3", isolation_level=None)
    db.executescript(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
        "CREATE TABLE r (id INTEGER PRIMARY KEY, ws INT, at TEXT, p TEXT);"
        "CREATE TABLE a (id INTEGER PRIMARY KEY, r INT, item TEXT, kind TEXT, v REAL);"
    )
    n, began = 0, time.perf_counter()
    while time.perf_counter() - began < seconds:
        db.execute("BEGIN IMMEDIATE")
        rid = db.execute(
            "INSERT INTO r (ws, at, p) VALUES (1, '2026-03-01 10:00:00', 'customer')"
        ).lastrowid
        db.executemany(
            "INSERT INTO a (r, item, kind, v) VALUES (?, ?, ?, ?)",
            [(rid, a["item"], a["kind"], a["value"]) for a in BODY["answers"]],
        )
        db.execute("COMMIT")
        n += 1
    print(
        f"[raw sqlite3] {n / (time.perf_counter() - began):8.0f} responses/s (one transaction each, WAL, NORMAL)"
    )


def bulk_import(env: dict, tmp: Path, responses: int, runs: int = 3) -> None:
    path = tmp / "responses.csv"
    with path.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(
            [
                "response_id",
                "submitted_at",
                "time_zone",
                "perspective",
                "respondent",
                "unit",
                "supplier",
                "touchpoint",
                "survey",
                "item",
                "kind",
                "value",
            ]
        )
        for i in range(responses):
            for a in BODY["answers"]:
                w.writerow(
                    [
                        f"b{i}",
                        "2026-03-01T10:00:00Z",
                        "",
                        "customer",
                        "",
                        "HQ",
                        "",
                        "",
                        "",
                        a["item"],
                        a["kind"],
                        (i + len(a["kind"])) % 7 + 1,
                    ]
                )
    answers = responses * len(BODY["answers"])
    text = path.read_text()
    for run in range(1, runs + 1):
        if run > 1:  # the same file again: every response is new under other ids
            path.write_text(text.replace("\nb", f"\nr{run}-"))
        began = time.perf_counter()
        cli(env, "import", "responses", str(path))
        seconds = time.perf_counter() - began
        print(
            f"[bulk import] {answers:,} answers in {seconds:.2f} s = {answers / seconds:,.0f} answers/s (whole CLI run {run})"
        )
    seconds = raw_csv_import(path, tmp / "raw-import.sqlite3")
    print(
        f"[bulk floor]  {answers:,} answers in {seconds:.2f} s = {answers / seconds:,.0f} answers/s "
        "(csv module + sqlite3, no checks, no aggregates)"
    )


def raw_csv_import(path: Path, target: Path) -> float:
    """Seconds for Python's csv module and sqlite3 to store the file's responses and answers in
    tables with the indexes ServiceGap's have on the same columns (not those on columns the file
    leaves empty), in one transaction, checking nothing and computing no aggregates."""
    db = sqlite3.connect(target, isolation_level=None)
    db.executescript(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
        "CREATE TABLE r (id INTEGER PRIMARY KEY, ws INT, ext TEXT, at TEXT, p TEXT, unit TEXT);"
        "CREATE INDEX r_ext ON r (ws, ext); CREATE INDEX r_at ON r (ws, p, at);"
        "CREATE TABLE a (id INTEGER PRIMARY KEY, ws INT, r INT, item TEXT, kind TEXT, v REAL, sv INT);"
        "CREATE INDEX a_r ON a (r); CREATE INDEX a_ws ON a (ws); CREATE INDEX a_sv ON a (sv);"
    )
    began = time.perf_counter()
    with path.open(newline="") as f:
        rows = csv.reader(f)
        next(rows)
        ids: dict[str, int] = {}
        answers = []
        db.execute("BEGIN IMMEDIATE")
        for rid, at, _, persp, _, unit, _, _, _, item, kind, value in rows:
            if rid not in ids:
                ids[rid] = db.execute(
                    "INSERT INTO r (ws, ext, at, p, unit) VALUES (1, ?, ?, ?, ?)",
                    (rid, at, persp, unit),
                ).lastrowid
            answers.append((ids[rid], item, kind, float(value)))
        db.executemany(
            "INSERT INTO a (ws, r, item, kind, v, sv) VALUES (1, ?, ?, ?, ?, 1)", answers
        )
        db.execute("COMMIT")
    seconds = time.perf_counter() - began
    db.close()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3, help="wrk runs of each, medians shown")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--pg-url", default=os.environ.get("SERVICEGAP_TEST_PG_URL", ""))
    parser.add_argument(
        "--only",
        choices=("bulk", "sqlite", "cases"),
        help="measure the bulk import alone, ingest on SQLite (synchronous=NORMAL) alone, or "
        "ingest with the case rules on and off alone (SQLite, and PostgreSQL with --pg-url)",
    )
    parser.add_argument(
        "--bulk-responses", type=int, default=100_000, help="responses of 10 answers in the file"
    )
    args = parser.parse_args()
    if args.only != "bulk" and not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    base = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "benchmarks.bare.settings",
    }
    base.pop("SERVICEGAP_DATABASE_URL", None)
    if args.only == "cases":
        with tempfile.TemporaryDirectory() as d:
            env = {**base, "SERVICEGAP_DATA_DIR": d, "SERVICEGAP_SQLITE_SYNCHRONOUS": "normal"}
            measure_cases("sqlite normal", env, args, Path(d))
        if args.pg_url:
            with tempfile.TemporaryDirectory() as d:
                env = {**base, "SERVICEGAP_DATA_DIR": d, "SERVICEGAP_DATABASE_URL": args.pg_url}
                measure_cases("postgresql", env, args, Path(d))
        return
    if args.only == "bulk":
        with tempfile.TemporaryDirectory() as d:
            env = {**base, "SERVICEGAP_DATA_DIR": d}
            prepare(env, Path(d))
            bulk_import(env, Path(d), args.bulk_responses)
        return
    for sync in ("normal",) if args.only == "sqlite" else ("normal", "full"):
        with tempfile.TemporaryDirectory() as d:
            env = {**base, "SERVICEGAP_DATA_DIR": d, "SERVICEGAP_SQLITE_SYNCHRONOUS": sync}
            measure_server(f"sqlite {sync}", env, args, Path(d))
            if sync == "normal" and args.only is None:
                with tempfile.TemporaryDirectory() as c:
                    cases_env = {**env, "SERVICEGAP_DATA_DIR": c}
                    measure_cases("sqlite normal", cases_env, args, Path(c))
            if sync == "normal" and args.only is None:
                bulk_import(env, Path(d), args.bulk_responses)
    if args.only == "sqlite":
        return
    with tempfile.TemporaryDirectory() as d:
        raw_sqlite(Path(d))
    if args.pg_url:
        # The database named in --pg-url must exist and be empty (a fresh `createdb`).
        with tempfile.TemporaryDirectory() as d:
            env = {**base, "SERVICEGAP_DATA_DIR": d, "SERVICEGAP_DATABASE_URL": args.pg_url}
            measure_server("postgresql", env, args, Path(d))


if __name__ == "__main__":
    main()
