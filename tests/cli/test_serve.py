"""`servicegap serve` as a real process: health, static files, the worker child, clean shutdown."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from servicegap.cli.serve import host_problem

CLI = [sys.executable, "-c", "from servicegap.cli import main; main()"]


def _env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SERVICEGAP_")}
    env.update(SERVICEGAP_DATA_DIR=str(data_dir), SERVICEGAP_DEBUG="false", **extra)
    return env


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid:
            found.append(int(entry.name))
    return found


def _cmdline(pid: int) -> str:
    try:
        return (Path("/proc") / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - local test server
        return response.status, response.read()


@pytest.fixture
def initialised(tmp_path):
    data = tmp_path / "data"
    done = subprocess.run(
        [*CLI, "init", "--workspace", "t"],
        env=_env(data),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return data


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find child processes")
def test_serve_answers_serves_static_and_stops_its_worker(initialised, tmp_path):
    port = _free_port()
    log = (tmp_path / "serve.log").open("w+")
    server = subprocess.Popen(
        [*CLI, "serve", "--port", str(port), "--workers", "1"],
        env=_env(initialised),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, body = _get(f"http://127.0.0.1:{port}/healthz")
                break
            except OSError:
                assert server.poll() is None, Path(log.name).read_text()
                assert time.monotonic() < deadline, "server did not come up"
                time.sleep(0.3)
        assert status == 200 and b'"ok"' in body
        status, body = _get(f"http://127.0.0.1:{port}/static/django_htmx/htmx-2.min.js")
        assert status == 200 and b"htmx" in body
        workers = [p for p in _children(server.pid) if " worker" in _cmdline(p)]
        assert len(workers) == 1, [_cmdline(p) for p in _children(server.pid)]
        assert f"serving on http://127.0.0.1:{port}/" in Path(log.name).read_text()

        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=60) == 0
        deadline = time.monotonic() + 30
        while _alive(workers[0]) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _alive(workers[0]), "the worker outlived the server"
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


@pytest.mark.slow
def test_worker_stops_when_its_server_is_killed(initialised):
    """Even a SIGKILLed server (no chance to clean up) leaves no worker behind."""
    script = (
        "import os, subprocess, sys, time;"
        f"p = subprocess.Popen({[*CLI, 'worker']!r} + ['--parent-pid', str(os.getpid())]);"
        "print(p.pid, flush=True); time.sleep(600)"
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", script], env=_env(initialised), stdout=subprocess.PIPE, text=True
    )
    worker_pid = int(parent.stdout.readline())
    time.sleep(2)
    assert _alive(worker_pid)
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 20
    while _alive(worker_pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _alive(worker_pid)


@pytest.mark.parametrize("secret", ["change-me", "short"])
def test_serve_refuses_a_default_secret_in_production(initialised, secret):
    done = subprocess.run(
        [*CLI, "serve", "--port", str(_free_port())],
        env=_env(initialised, SERVICEGAP_SECRET_KEY=secret),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "Refusing to start in production" in done.stderr
    assert "Traceback" not in done.stderr


def test_serve_refuses_a_host_not_allowed(initialised):
    done = subprocess.run(
        [*CLI, "serve", "--host", "0.0.0.0", "--port", str(_free_port())],  # noqa: S104
        env=_env(initialised),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "SERVICEGAP_ALLOWED_HOSTS" in done.stderr and "Traceback" not in done.stderr


def test_serve_refuses_an_uninitialised_database(tmp_path):
    done = subprocess.run(
        [*CLI, "serve", "--port", str(_free_port())],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0 and "servicegap init" in done.stderr


@pytest.mark.parametrize(
    ("host", "allowed", "explicit", "ok"),
    [
        ("127.0.0.1", ["localhost", "127.0.0.1"], False, True),
        ("localhost", ["localhost", "127.0.0.1"], False, True),
        ("10.1.2.3", ["localhost", "127.0.0.1"], False, False),
        ("0.0.0.0", ["localhost", "127.0.0.1"], False, False),  # noqa: S104
        ("0.0.0.0", ["sg.example.com"], True, True),  # noqa: S104
        ("::", ["sg.example.com"], True, True),
        ("::1", ["[::1]"], True, True),
        ("app.example.com", [".example.com"], True, True),
        ("10.1.2.3", ["*"], True, True),
    ],
)
def test_host_rules(host, allowed, explicit, ok):
    assert (host_problem(host, allowed, explicit) == "") is ok


def test_worker_batch_runs_the_waiting_tasks_and_exits(initialised):
    enqueue = (
        "from servicegap.cli.base import setup_django; setup_django();"
        "from servicegap.runtime.tasks import prune_task_results;"
        "print(prune_task_results.enqueue().id)"
    )
    env = _env(initialised)
    done = subprocess.run(
        [sys.executable, "-c", enqueue], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    task_id = done.stdout.strip()
    done = subprocess.run(
        [*CLI, "worker", "--batch"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    check = (
        "from servicegap.cli.base import setup_django; setup_django();"
        "from django_tasks_db.models import DBTaskResult;"
        f"print(DBTaskResult.objects.get(id={task_id!r}).status)"
    )
    done = subprocess.run(
        [sys.executable, "-c", check], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.stdout.strip() == "SUCCESSFUL", done.stderr
