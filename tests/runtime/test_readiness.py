"""Health that tells the truth: ``/readyz`` and `servicegap status` check the database, the task
backend and the workers' heartbeat; a server without a worker is not ready after a minute."""

from __future__ import annotations

import json
import signal
import subprocess
import time
import urllib.error
import urllib.request
from datetime import timedelta

import pytest
from django.utils import timezone

from servicegap.runtime import health, readiness
from tests.ops_support import CLI, clean_env, free_port

# --- the verdict (pure) ---


def test_a_worker_is_healthy_under_a_minute_and_starting_only_in_a_servers_first_minute():
    assert readiness.worker_status(59.0, 3600.0) == "ok"
    assert readiness.worker_status(61.0, 3600.0) == "error"
    assert readiness.worker_status(None, 10.0) == "starting"
    assert readiness.worker_status(None, 61.0) == "error"
    assert readiness.worker_status(None, None) == "error"  # the CLI has no grace minute


def test_the_verdict_names_what_failed_and_starting_is_not_a_failure():
    ok, start, bad = {"status": "ok"}, {"status": "starting"}, {"status": "error"}
    body = readiness.verdict({"database": ok, "task_backend": bad, "worker": bad})
    assert (body["status"], body["failed"]) == ("error", ["task_backend", "worker"])
    assert readiness.http_status(body) == 503
    body = readiness.verdict({"database": ok, "worker": start})
    assert (body["status"], body["failed"], readiness.http_status(body)) == ("starting", [], 200)


def test_pushes_are_tried_again_at_growing_pauses_of_at_most_a_minute():
    delays = [readiness.push_retry_delay_s(n) for n in range(1, 8)]
    assert delays == [5, 10, 20, 40, 60, 60, 60]


# --- /readyz in process ---


@pytest.fixture
def server_up_for(monkeypatch):
    def up_for(seconds: float) -> None:
        monkeypatch.setattr(health, "LOADED_AT", time.monotonic() - seconds)

    return up_for


@pytest.mark.django_db
def test_readyz_is_public_and_fails_naming_the_worker_after_the_first_minute(client, server_up_for):
    server_up_for(61)
    r = client.get("/readyz")
    assert r.status_code == 503 and r["Content-Type"] == "application/json"
    body = r.json()
    assert body["failed"] == ["worker"]
    assert body["checks"]["worker"]["error"] == "no worker has been heard from"
    assert body["checks"]["database"]["status"] == "ok"
    assert "no-cache" in r["Cache-Control"] or "max-age=0" in r["Cache-Control"]


@pytest.mark.django_db
def test_readyz_says_starting_in_a_servers_first_minute(client, server_up_for):
    server_up_for(5)
    r = client.get("/readyz")
    assert r.status_code == 200 and r.json()["status"] == "starting"
    assert r.json()["checks"]["worker"]["status"] == "starting"


@pytest.mark.django_db
def test_a_heartbeat_makes_it_ready_and_a_stale_one_fails_it(client, server_up_for):
    from servicegap.runtime.heartbeat import Heartbeat, beat
    from servicegap.runtime.models import WorkerHeartbeat

    server_up_for(3600)
    beat("host-1", "database", ["default"])
    body = client.get("/readyz").json()
    assert body["status"] == "ok" and body["checks"]["worker"]["workers"] == 1
    WorkerHeartbeat.objects.update(seen_at=timezone.now() - timedelta(seconds=90))
    r = client.get("/readyz")
    assert r.status_code == 503 and r.json()["failed"] == ["worker"]
    assert "no worker heard from for 9" in r.json()["checks"]["worker"]["error"]
    # A worker that stops says so at once: its row goes.
    heart = Heartbeat("host-1", "database", ["default"])
    heart.stop()
    assert not WorkerHeartbeat.objects.exists()


@pytest.mark.django_db
def test_an_unreachable_redis_fails_the_task_backend(client, server_up_for, settings):
    from servicegap.runtime.heartbeat import beat

    server_up_for(3600)
    beat("host-1", "redis", ["default"])
    settings.TASK_BACKEND = "redis"
    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    r = client.get("/readyz")
    assert r.status_code == 503 and r.json()["failed"] == ["task_backend"]
    assert "ConnectionError" in r.json()["checks"]["task_backend"]["error"]


def test_readyz_is_on_the_public_list():
    from servicegap.core.public import is_public_page

    assert is_public_page("/readyz") and is_public_page("/healthz")


# --- a real server without, then with, a worker ---


def _readyz(port: int) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=10) as r:  # noqa: S310
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


@pytest.mark.slow
def test_serve_without_a_worker_is_not_ready_after_a_minute_and_ready_with_one(tmp_path):
    from django.db import connection

    if connection.vendor == "postgresql":
        pytest.skip("run once, in the SQLite pass: it waits a minute")
    data = tmp_path / "data"
    env = clean_env(SERVICEGAP_DATA_DIR=str(data))
    done = subprocess.run([*CLI, "init"], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [*CLI, "serve", "--no-worker", "--port", str(port), "--workers", "1"],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    worker = None
    try:
        started = time.monotonic()
        status, body = 0, {}
        while time.monotonic() - started < 60:
            try:
                status, body = _readyz(port)
                break
            except OSError:
                time.sleep(0.3)
        assert (status, body["checks"]["worker"]["status"]) == (200, "starting"), body
        up = body["checks"]["worker"]["server_up_s"]
        time.sleep(max(0.0, readiness.WORKER_FRESH_S + 1 - up))
        status, body = _readyz(port)
        assert status == 503 and body["failed"] == ["worker"], body

        worker = subprocess.Popen(
            [*CLI, "worker"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 60
        while status != 200 and time.monotonic() < deadline:
            time.sleep(1)
            status, body = _readyz(port)
        assert status == 200 and body["checks"]["worker"]["workers"] == 1, body
        status_cli = subprocess.run(
            [*CLI, "status"], env=env, capture_output=True, text=True, timeout=60
        )
        assert status_cli.returncode == 0 and "ready: yes" in status_cli.stdout
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=60) == 0
        # The stopped worker removed its heartbeat: not ready at once, and the CLI says so.
        status, body = _readyz(port)
        assert status == 503 and body["failed"] == ["worker"]
        status_cli = subprocess.run(
            [*CLI, "status"], env=env, capture_output=True, text=True, timeout=60
        )
        assert status_cli.returncode == 1
        assert "servicegap: not ready: worker failed" in status_cli.stderr
    finally:
        for proc in (server, worker):
            if proc is not None and proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                proc.wait(timeout=60)
