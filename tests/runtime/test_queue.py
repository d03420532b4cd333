"""Real tasks through the configured task backend's real worker: an import, an invitation send,
housekeeping, a failure, the transaction rules of enqueueing, the sweep of lost pushes, and two
`servicegap worker` processes sharing one queue and one schedule.

Run on the database backend by default, and again on Redis by scripts/test:
``SERVICEGAP_TASK_BACKEND=redis SERVICEGAP_REDIS_URL=... SERVICEGAP_TEST_REDIS_URL=... pytest -m
queue``. On Redis the tests use the throwaway Redis of SERVICEGAP_TEST_REDIS_URL and empty its
queue, so without that variable they are skipped rather than pointed at a real one.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from tests.invitation_support import make_people, make_survey
from tests.mail_support import smtp  # noqa: F401 - the fixture

pytestmark = [pytest.mark.queue, pytest.mark.django_db]

UNITS = "code,name,parent\nNORTH,North,HQ\nEAST,East,HQ\n"
CLI = [sys.executable, "-c", "from servicegap.cli import main; main()"]
READY = re.compile(r"django_tasks_db: Starting worker|RQ worker \S+ taking tasks")


def _units_file() -> SimpleUploadedFile:
    return SimpleUploadedFile("units.csv", UNITS.encode(), content_type="text/csv")


def _test_redis_url() -> str:
    url = os.environ.get("SERVICEGAP_TEST_REDIS_URL", "")
    if not url:
        pytest.skip(
            "SERVICEGAP_TASK_BACKEND=redis, but SERVICEGAP_TEST_REDIS_URL is not set: the queue "
            "tests need a throwaway Redis whose queue they may empty (scripts/test starts one)"
        )
    return url


def _rq_queues():
    from django_rq.queues import get_queues
    from django_tasks_rq import Job

    return get_queues("default", job_class=Job)


@pytest.fixture
def backend(settings, monkeypatch, tmp_path):
    """The configured task backend, empty; on Redis, the throwaway one of the test URL."""
    monkeypatch.setenv("SERVICEGAP_DATA_DIR", str(tmp_path))
    if settings.TASK_BACKEND == "redis":
        url = _test_redis_url()
        settings.RQ_QUEUES = {n: {**c, "URL": url} for n, c in settings.RQ_QUEUES.items()}
        from servicegap.runtime import redisqueue

        # Renewing the connection around each job would end the test's transaction (as
        # django-tasks-db's loop would below; Django's test client avoids it for requests).
        monkeypatch.setattr(redisqueue, "close_old_connections", lambda: None)
        for queue in _rq_queues():
            queue.empty()
        yield "redis"
        for queue in _rq_queues():
            queue.empty()
    else:
        from django_tasks_db.management.commands import db_worker

        monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
        yield "database"


def work() -> None:
    """`servicegap worker --batch`: the backend's real worker, until nothing is waiting."""
    from servicegap.runtime.worker import run_worker

    run_worker(["default"], batch=True, with_scheduler=False)


def waiting(backend: str) -> int:
    if backend == "redis":
        return sum(q.count for q in _rq_queues())
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(status="READY").count()


def test_an_uploaded_import_is_run_by_the_worker(
    backend, login, workspace, django_capture_on_commit_callbacks
):
    from servicegap.imports.models import ImportJob
    from servicegap.people.models import Unit

    with django_capture_on_commit_callbacks(execute=True):
        r = login("owner").post(
            "/w/acme/imports/",
            {"kind": "units", "mode": "all", "file": _units_file()},
        )
    job = ImportJob.objects.get()
    assert r.status_code == 302 and job.state == "queued" and waiting(backend) == 1

    work()

    job.refresh_from_db()
    assert (job.state, job.created) == ("done", 2), job.errors
    assert {"NORTH", "EAST"} <= set(Unit.objects.of(workspace).values_list("code", flat=True))
    assert waiting(backend) == 0


def test_an_invitation_send_is_delivered_by_the_worker(
    backend,
    smtp,  # noqa: F811
    login,
    workspace,
    django_capture_on_commit_callbacks,
):
    from servicegap.invitations.models import Send

    survey = make_survey(workspace)
    make_people(workspace, 3)
    with django_capture_on_commit_callbacks(execute=True):
        login("owner").post("/w/acme/invitations/new/", {"survey": survey.pk, "action": "send"})
    assert Send.objects.get().state == "queued" and smtp.messages == []

    work()

    send = Send.objects.get()
    assert (send.state, send.sent) == ("done", 3)
    assert sorted(m["To"] for m in smtp.messages) == [
        f"customer{i}@example.test" for i in (1, 2, 3)
    ]


def test_a_housekeeping_task_runs_and_its_result_is_kept(backend):
    from servicegap.core.models import ScheduledRun
    from servicegap.runtime.tasks import prune_scheduled_runs

    ScheduledRun.objects.create(job="a", due_at=timezone.now() - timedelta(days=400))
    ScheduledRun.objects.create(job="a", due_at=timezone.now())
    result = prune_scheduled_runs.enqueue()
    assert result.status == "READY"

    work()

    result.refresh()
    assert result.status == "SUCCESSFUL"
    assert result.return_value.startswith("deleted 1 scheduled runs")
    assert ScheduledRun.objects.count() == 1


def test_a_failing_task_is_recorded_as_failed_and_the_worker_goes_on(backend):
    from servicegap.imports.tasks import run_import_job
    from servicegap.runtime.tasks import prune_scheduled_runs

    failing = run_import_job.enqueue(987654)  # no such import
    after = prune_scheduled_runs.enqueue()

    work()

    failing.refresh()
    after.refresh()
    assert failing.status == "FAILED"
    assert failing.errors and failing.errors[-1].exception_class_path.endswith("DoesNotExist")
    assert after.status == "SUCCESSFUL"


def test_a_task_reaches_the_worker_only_with_a_committed_transaction(
    backend, workspace, django_capture_on_commit_callbacks
):
    from servicegap.invitations.models import Send
    from servicegap.invitations.schedules import start_send

    survey = make_survey(workspace)
    with django_capture_on_commit_callbacks(execute=False) as pushes:
        start_send(workspace, "test", survey=survey)
    if backend == "redis":
        # Not pushed before the commit: a worker would look for a send that is not there yet.
        assert waiting(backend) == 0 and len(pushes) == 1
        pushes[0]()
    else:
        # A row of the same transaction: it commits, or rolls back, with the send.
        assert pushes == []
    assert waiting(backend) == 1

    class Undo(Exception):
        pass

    with (
        django_capture_on_commit_callbacks(execute=True) as undone,
        pytest.raises(Undo),
        transaction.atomic(),
    ):
        start_send(workspace, "test", survey=survey)
        raise Undo
    assert undone == [] and waiting(backend) == 1 and Send.objects.count() == 1


def test_requeue_stalled_queues_again_only_what_a_lost_push_left_waiting(
    backend, login, workspace, django_capture_on_commit_callbacks
):
    from servicegap.imports.models import ImportJob
    from servicegap.runtime.tasks import requeue_stalled

    with django_capture_on_commit_callbacks(execute=True):
        login("owner").post(
            "/w/acme/imports/",
            {"kind": "units", "mode": "all", "file": _units_file()},
        )
    ImportJob.objects.update(created_at=timezone.now() - timedelta(hours=1))
    if backend == "database":
        assert requeue_stalled.call().startswith("nothing to do")
    else:
        assert requeue_stalled.call() == "queued 0 stalled imports and sends again"  # waiting
        for queue in _rq_queues():
            queue.empty()  # the push is lost
        assert requeue_stalled.call() == "queued 1 stalled imports and sends again"
    assert waiting(backend) == 1

    work()

    assert ImportJob.objects.get().state == "done"


def _worker_env(tmp_path: Path, settings) -> dict[str, str]:
    """The test database (PostgreSQL: other processes can reach it) and the test task backend."""
    from django.db import connection

    db = connection.settings_dict
    env = {k: v for k, v in os.environ.items() if not k.startswith("SERVICEGAP_")}
    env.update(
        SERVICEGAP_DATA_DIR=str(tmp_path),
        SERVICEGAP_DEBUG="false",
        SERVICEGAP_DATABASE_URL=(
            f"postgres://{quote(db['USER'] or '')}:{quote(db['PASSWORD'] or '')}"
            f"@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        ),
    )
    if settings.TASK_BACKEND == "redis":
        env.update(SERVICEGAP_TASK_BACKEND="redis", SERVICEGAP_REDIS_URL=_test_redis_url())
    return env


@pytest.mark.django_db(transaction=True)
def test_two_worker_processes_share_the_queue_and_fire_each_scheduled_job_once(
    backend, settings, tmp_path
):
    from django.db import connection

    from servicegap.core.models import ScheduledRun
    from servicegap.runtime import schedule
    from servicegap.runtime.tasks import prune_scheduled_runs

    if connection.vendor != "postgresql":
        pytest.skip("needs a test database other processes can reach: runs on PostgreSQL")
    env = _worker_env(tmp_path, settings)
    results = [prune_scheduled_runs.enqueue() for _ in range(6)]
    logs = [tmp_path / f"worker{i}.log" for i in range(2)]
    outs = [log.open("w") for log in logs]
    workers = [
        subprocess.Popen([*CLI, "worker"], env=env, stdout=subprocess.DEVNULL, stderr=out)
        for out in outs
    ]
    try:
        jobs = {job.name for job in schedule.jobs()}
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            # Ready: past the point where SIGTERM lets a running task finish.
            ready = all(READY.search(log.read_text()) for log in logs)
            runs = ScheduledRun.objects.values_list("job", "finished_at")
            if ready and {job for job, _ in runs} == jobs and all(at for _, at in runs):
                for result in results:
                    result.refresh()
                if all(r.status == "SUCCESSFUL" for r in results):
                    break
            time.sleep(0.3)
        runs = list(ScheduledRun.objects.values_list("job", "outcome"))
        # Both schedulers saw every job due; each run was claimed by one of them, never both.
        assert sorted(job for job, _ in runs) == sorted(jobs), runs
        assert [r.status for r in results] == ["SUCCESSFUL"] * len(results), results
    finally:
        for proc in workers:
            proc.send_signal(signal.SIGTERM)
        codes = [proc.wait(timeout=30) for proc in workers]
        for out in outs:
            out.close()
    assert codes == [0, 0], [log.read_text() for log in logs]
