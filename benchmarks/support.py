"""Shared plumbing of the robustness benchmarks (schema_fuzz, load, sigkill): a demo workspace in a
temporary data directory, an API key, and `servicegap serve` on a loopback port in its own process
group (so that one signal reaches gunicorn and all its workers)."""

from __future__ import annotations

import contextlib
import http.client
import os
import platform
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent
SLUG = "demo"  # the demo workspace


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cli(env: dict, *args: str) -> str:
    out = subprocess.run(
        [str(BIN / "servicegap"), *args], env=env, capture_output=True, text=True, check=False
    )
    if out.returncode != 0:
        raise SystemExit(f"servicegap {' '.join(args)} failed:\n{out.stderr}")
    return out.stdout


def environment(data_dir: str, pg_url: str = "", **extra: str) -> dict:
    """The environment of every CLI call and server: the data dir and, with pg_url, PostgreSQL."""
    env = {**os.environ, "SERVICEGAP_DATA_DIR": data_dir, **extra}
    env.pop("SERVICEGAP_DATABASE_URL", None)
    if pg_url:
        env["SERVICEGAP_DATABASE_URL"] = pg_url
    return env


def wipe_pg(url: str) -> None:
    """Drop and recreate the public schema of the database at ``url`` (it must be a scratch one)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP SCHEMA IF EXISTS public CASCADE")
        conn.execute("CREATE SCHEMA public")


def demo(env: dict, answers: int, scopes: str = "read,ingest") -> str:
    """Build the demo workspace with about ``answers`` answers; return a new API key."""
    cli(env, "demo", "--no-serve", "--answers", str(answers))
    return cli(env, "apikey", "create", "--scope", scopes).strip().splitlines()[-1]


def serve(
    env: dict, port: int, workers: int = 2, log: Path | None = None, worker: bool = False
) -> subprocess.Popen:
    """`servicegap serve` (``--no-worker`` unless ``worker``) in a new session, so in its own
    process group; returned once /healthz answers."""
    out = log.open("ab") if log else subprocess.DEVNULL
    argv = [str(BIN / "servicegap"), "serve", "--workers", str(workers), "--port", str(port)]
    proc = subprocess.Popen(
        argv if worker else [*argv, "--no-worker"],
        env=env,
        stdout=out,
        stderr=out,
        start_new_session=True,
    )
    if not wait_healthy(port, 60):
        kill_group(proc, signal.SIGKILL)
        raise SystemExit("the server did not start")
    return proc


def wait_healthy(port: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return True
        except OSError:
            pass
        time.sleep(0.1)
    return False


def kill_group(proc: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    """Send ``sig`` to the server's whole process group and reap it."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, sig)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
