"""Shared by the operations tests: a throwaway PostgreSQL cluster with password authentication,
a throwaway Redis that can be stopped and started again, free ports, and the CLI.

Both servers are started by the tests themselves (their binaries are what scripts/test installs
for SERVICEGAP_TEST_PG_URL and SERVICEGAP_TEST_REDIS_URL), so a test may stop them, or create
roles in them, without touching the servers the rest of the suite uses.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

CLI = [sys.executable, "-c", "from servicegap.cli import main; main()"]
ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SERVICEGAP_")}
    env.update(SERVICEGAP_DEBUG="false", **extra)
    return env


def _pg_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    if not found:
        pytest.skip("no PostgreSQL server binaries (scripts/test installs Debian's postgresql)")
    return found[-1].parent


def _as_postgres(argv: list[str], **kw) -> subprocess.CompletedProcess:
    if os.geteuid() == 0:  # initdb and postgres refuse root
        argv = ["runuser", "-u", "postgres", "--", *argv]
    return subprocess.run(argv, check=True, capture_output=True, text=True, timeout=60, **kw)


@dataclass
class Cluster:
    port: int
    socket_dir: str
    superuser_password: str

    def psql(self, sql: str, db: str = "postgres") -> str:
        env = {**os.environ, "PGHOST": self.socket_dir, "PGPORT": str(self.port)}
        done = subprocess.run(
            [str(_pg_bin() / "psql"), "-U", "postgres", "-d", db, "-tAc", sql],
            env=env, capture_output=True, text=True, timeout=60, check=True,
        )  # fmt: skip
        return done.stdout.strip()


@contextmanager
def throwaway_postgres() -> Iterator[Cluster]:
    """A new cluster on a loopback port: trust on its Unix socket (for the superuser, as
    Debian's peer authentication would be), scram-sha-256 over TCP (what ServiceGap uses)."""
    if not os.environ.get("SERVICEGAP_TEST_PG_URL"):
        pytest.skip("SERVICEGAP_TEST_PG_URL is not set: PostgreSQL tests run in scripts/test")
    bin_dir = _pg_bin()
    home = Path(tempfile.mkdtemp(prefix="sg-ops-pg-"))
    password = secrets.token_hex(16)
    (home / "pw").write_text(password + "\n")
    if os.geteuid() == 0:
        shutil.chown(home, "postgres", "postgres")
        shutil.chown(home / "pw", "postgres", "postgres")
    port = free_port()
    _as_postgres(
        [str(bin_dir / "initdb"), "-D", str(home / "data"), "-U", "postgres",
         "--auth-local=trust", "--auth-host=scram-sha-256", f"--pwfile={home / 'pw'}"]
    )  # fmt: skip
    _as_postgres(
        [str(bin_dir / "pg_ctl"), "-D", str(home / "data"), "-l", str(home / "log"), "-w",
         "-o", f"-c listen_addresses=127.0.0.1 -p {port} -k {home} -c fsync=off", "start"]
    )  # fmt: skip
    try:
        yield Cluster(port, str(home), password)
    finally:
        subprocess.run(
            ["runuser", "-u", "postgres", "--"] * (os.geteuid() == 0)
            + [str(bin_dir / "pg_ctl"), "-D", str(home / "data"), "-m", "immediate", "stop"],
            capture_output=True, timeout=60,
        )  # fmt: skip
        shutil.rmtree(home, ignore_errors=True)


class Redis:
    """A redis-server on a loopback port with no persistence, stopped and started at will."""

    def __init__(self) -> None:
        if not os.environ.get("SERVICEGAP_TEST_REDIS_URL") or not shutil.which("redis-server"):
            pytest.skip("SERVICEGAP_TEST_REDIS_URL is not set: Redis tests run in scripts/test")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "",
             "--appendonly", "no", "--protected-mode", "yes"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise AssertionError("the throwaway Redis did not start")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(10)
            self.proc = None
