"""Report latency: GET /api/v1/reports/{gaps,nps} next to a pandas recompute from the raw export.

Usage: python benchmarks/report.py [--answers 100000,1000000] [--warm 20] [--pg-url URL]

For each data size (built with `servicegap demo --no-serve --answers N` in a temp dir) and each
database (SQLite; PostgreSQL too with --pg-url, a URL of an existing database that the script
WIPES: it drops and recreates its `public` schema before each size), prints:
- cold: the first request to a freshly started `servicegap serve --no-worker` process;
- warm p50/p95: WARM repeated requests after one warm-up request;
- pandas: `servicegap export responses --format parquet` read and recomputed (gap per standard
  paired within response, customer perspective, mean and 95 % interval; NPS with its adjusted
  Wald interval), as read + compute and as compute alone. The pandas gap uses only responses that
  answered both expectation and experience; the API also rates experience-only answers against
  the standard's target, and adds p/q values, so pandas does somewhat less work than the API;
- speed-up: pandas read + compute divided by the warm p50 of the API.
Needs pandas and pyarrow, which are NOT runtime dependencies: `uv pip install "pandas>=2.2,<3"`.
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

BIN = Path(sys.executable).parent
REPORTS = {
    "gaps": "/api/v1/reports/gaps?by=item&perspective=customer",
    "nps": "/api/v1/reports/nps",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cli(env: dict, *args: str) -> str:
    out = subprocess.run(
        [str(BIN / "servicegap"), *args], env=env, capture_output=True, text=True, check=True
    )
    return out.stdout


def get_ms(port: int, path: str, key: str) -> float:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    start = time.perf_counter()
    conn.request("GET", path, headers={"Authorization": f"Bearer {key}"})
    resp = conn.getresponse()
    resp.read()
    elapsed = (time.perf_counter() - start) * 1000
    conn.close()
    if resp.status != 200:
        raise SystemExit(f"GET {path} answered {resp.status}")
    return elapsed


def serve(env: dict, port: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        [str(BIN / "servicegap"), "serve", "--no-worker", "--workers", "1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    for _ in range(300):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            conn.request("GET", "/healthz")
            conn.getresponse().read()
            return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the server did not start")


def stop(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, 15)
    proc.wait(timeout=30)


def api_latency(env: dict, key: str, warm: int) -> dict[str, tuple[float, float, float]]:
    out = {}
    for kind, path in REPORTS.items():
        proc = serve(env, port := free_port())  # a fresh process per kind: a real cold start
        try:
            cold = get_ms(port, path, key)
            get_ms(port, path, key)
            times = sorted(get_ms(port, path, key) for _ in range(warm))
        finally:
            stop(proc)
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        out[kind] = (cold, statistics.median(times), p95)
    return out


def gaps(df: pd.DataFrame) -> pd.DataFrame:
    cust = df[(df.perspective == "customer") & df.kind.isin(["expectation", "experience"])]
    cust = cust[cust["item"].notna() & (cust["item"] != "")]
    values = pd.to_numeric(cust["value"], errors="coerce")
    wide = (
        cust.assign(value=values)
        .pivot_table(index=["response_id", "item"], columns="kind", values="value", aggfunc="first")
        .dropna()
    )
    wide["gap"] = wide["experience"] - wide["expectation"]
    g = wide.groupby(level="item")
    out = g.agg(
        n=("gap", "size"),
        expectation_mean=("expectation", "mean"),
        experience_mean=("experience", "mean"),
        gap=("gap", "mean"),
        sd=("gap", "std"),
    )
    half = 1.96 * out["sd"] / out["n"] ** 0.5
    return out.assign(ci_low=out["gap"] - half, ci_high=out["gap"] + half)


def nps(df: pd.DataFrame) -> dict:
    scores = pd.to_numeric(df.loc[(df.kind == "nps") & (df.perspective == "customer"), "value"])
    n = len(scores)
    promoters, detractors = int((scores >= 9).sum()), int((scores <= 6).sum())
    m, p, d = n + 3, (promoters + 0.75) / (n + 3), (detractors + 0.75) / (n + 3)
    half = 1.96 * ((p + d - (p - d) ** 2) / m) ** 0.5
    return {
        "n": n,
        "nps": 100 * (promoters - detractors) / n if n else None,
        "ci_low": max(-100, 100 * (p - d - half)),
        "ci_high": min(100, 100 * (p - d + half)),
    }


def pandas_times(parquet: Path) -> dict[str, tuple[float, float]]:
    cols = ["response_id", "perspective", "item", "kind", "value"]
    out = {}
    for kind, fn in (("gaps", gaps), ("nps", nps)):
        start = time.perf_counter()
        df = pd.read_parquet(parquet, columns=cols)
        read = time.perf_counter()
        fn(df)
        end = time.perf_counter()
        out[kind] = ((end - start) * 1000, (end - read) * 1000)
    return out


def wipe_pg(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP SCHEMA IF EXISTS public CASCADE")
        conn.execute("CREATE SCHEMA public")


def run_one(answers: int, database: str, pg_url: str | None, warm: int) -> list[tuple]:
    with tempfile.TemporaryDirectory(prefix="sg-report-bench-") as tmp:
        env = {**os.environ, "SERVICEGAP_DATA_DIR": tmp}
        env.pop("SERVICEGAP_DATABASE_URL", None)
        if pg_url:
            wipe_pg(pg_url)
            env["SERVICEGAP_DATABASE_URL"] = pg_url
        t0 = time.perf_counter()
        cli(env, "demo", "--no-serve", "--answers", str(answers))
        print(
            f"  built {answers:,} answers on {database} in {time.perf_counter() - t0:.0f} s",
            file=sys.stderr,
        )
        key = cli(env, "apikey", "create", "--scope", "read").strip().splitlines()[-1]
        parquet = Path(tmp) / "responses.parquet"
        cli(env, "export", "responses", "--format", "parquet", "--output", str(parquet))
        api = api_latency(env, key, warm)
        pds = pandas_times(parquet)
    rows = []
    for kind in REPORTS:
        cold, p50, p95 = api[kind]
        full, compute = pds[kind]
        rows.append((f"{answers:,}", database, kind, cold, p50, p95, full, compute, full / p50))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", default="100000,1000000", help="comma-separated sizes")
    parser.add_argument("--warm", type=int, default=20, help="warm requests per report")
    parser.add_argument("--pg-url", help="PostgreSQL URL of a database this benchmark may wipe")
    args = parser.parse_args()
    rows = []
    for answers in (int(a) for a in args.answers.split(",")):
        rows += run_one(answers, "sqlite", None, args.warm)
        if args.pg_url:
            rows += run_one(answers, "postgresql", args.pg_url, args.warm)
    head = ("answers", "database", "kind", "cold ms", "warm p50 ms", "warm p95 ms")
    head += ("pandas read+compute ms", "pandas compute ms", "speed-up")
    print(" | ".join(head))
    for r in rows:
        figures = " | ".join(f"{x:.1f}" for x in r[3:8])
        print(f"{r[0]} | {r[1]} | {r[2]} | {figures} | {r[8]:.1f}x")


if __name__ == "__main__":
    main()
