"""No stranded tasks: Redis stops while the server takes an upload, and starts again.

A throwaway Redis of this test's own (so stopping it disturbs nothing else) and a real
`servicegap worker` process on it. While Redis is down the upload is stored, its page says the
queue is unreachable, ``/readyz`` fails naming the task backend, and RQ's scheduler child dies.
Once Redis is back the import runs within two minutes, with nothing left waiting, and the
scheduler child runs again. Runs in scripts/test's Redis pass (PostgreSQL: the worker process
must reach the test database).
"""

from __future__ import annotations

import re
import signal
import subprocess
import time
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.ops_support import CLI, Redis, clean_env

pytestmark = [pytest.mark.queue, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

READY = re.compile(r"RQ worker \S+ taking tasks")
SCHEDULER_LOCK = "rq:scheduler-lock:default"
UNREACHABLE = "The task queue is unreachable; it will run when it is back."


def _wait(what: str, check, seconds: float):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.3)
    raise AssertionError(f"waited {seconds:.0f} s for {what}")


def _redis_answers(client) -> bool:
    try:
        return bool(client.ping())
    except Exception:  # noqa: BLE001 - not up (yet)
        return False


def test_an_upload_during_a_redis_outage_runs_within_two_minutes_of_its_return(
    settings, login, workspace, tmp_path, monkeypatch
):
    from django.db import connection

    if connection.vendor != "postgresql" or settings.TASK_BACKEND != "redis":
        pytest.skip("runs in the Redis pass of scripts/test (PostgreSQL and the Redis backend)")
    import redis as redis_client

    from servicegap.imports.models import ImportJob
    from servicegap.runtime import health
    from servicegap.runtime.models import PendingPush, WorkerHeartbeat

    server = Redis()
    server.start()
    settings.REDIS_URL = server.url
    settings.RQ_QUEUES = {n: {**c, "URL": server.url} for n, c in settings.RQ_QUEUES.items()}
    monkeypatch.setattr(health, "LOADED_AT", time.monotonic() - 3600)
    probe = redis_client.Redis.from_url(server.url, socket_connect_timeout=1)
    db = connection.settings_dict
    env = clean_env(
        SERVICEGAP_DATA_DIR=str(tmp_path),
        SERVICEGAP_TASK_BACKEND="redis",
        SERVICEGAP_REDIS_URL=server.url,
        SERVICEGAP_DATABASE_URL=(
            f"postgres://{quote(db['USER'] or '')}:{quote(db['PASSWORD'] or '')}"
            f"@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        ),
    )
    monkeypatch.setenv("SERVICEGAP_DATA_DIR", str(tmp_path))  # the upload goes where it reads
    log = tmp_path / "worker.log"
    worker = subprocess.Popen(
        [*CLI, "worker"], env=env, stdout=subprocess.DEVNULL, stderr=log.open("w")
    )
    try:
        _wait("the worker", lambda: READY.search(log.read_text()), 60)
        _wait("its heartbeat", WorkerHeartbeat.objects.exists, 30)
        _wait("RQ's scheduler", lambda: probe.exists(SCHEDULER_LOCK), 30)

        server.stop()
        owner = login("owner")
        units = SimpleUploadedFile("units.csv", b"code,name,parent\nNORTH,North,HQ\n")
        r = owner.post("/w/acme/imports/", {"kind": "units", "mode": "all", "file": units})
        job = ImportJob.objects.get()
        assert r.status_code == 302 and job.state == "queued"
        waiting = PendingPush.objects.get()
        assert waiting.task == "servicegap.imports.tasks.run_import_job" and waiting.args == [
            job.pk
        ]
        page = owner.get(f"/w/acme/imports/{job.pk}/").content.decode()
        assert UNREACHABLE in page
        ready = owner.get("/readyz")
        assert ready.status_code == 503 and ready.json()["failed"] == ["task_backend"]
        assert ready.json()["checks"]["task_backend"]["waiting_for_redis"] == 1
        _wait("the scheduler child to die", lambda: "raised an exception" in log.read_text(), 30)

        server.start()
        back = time.monotonic()
        _wait("Redis", lambda: _redis_answers(probe), 10)
        job = _wait(
            "the import",
            lambda: ImportJob.objects.filter(pk=job.pk, state="done").first(),
            120,
        )
        assert time.monotonic() - back < 120
        assert job.created == 1 and not PendingPush.objects.exists()
        _wait("RQ's scheduler again", lambda: probe.exists(SCHEDULER_LOCK), 60)
        assert "RQ scheduler child (re)started" in log.read_text()
        assert owner.get("/readyz").status_code == 200
    finally:
        worker.send_signal(signal.SIGTERM)
        code = worker.wait(timeout=120)  # a warm stop joins the scheduler child: slow when busy
        server.stop()
    assert code == 0, log.read_text()
