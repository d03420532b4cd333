"""The tasks kept for Redis to come back: looked up by the pages, pushed again when due, left
alone before. (The outage itself, with a real Redis stopped and started: test_redis_outage.py.)"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from servicegap.imports.tasks import run_import_job
from servicegap.runtime import pushes
from servicegap.runtime.models import PendingPush

pytestmark = pytest.mark.django_db


def _job(workspace):
    from servicegap.imports.models import ImportJob

    return ImportJob.objects.create(workspace=workspace, kind="units", filename="u.csv")


def test_a_refused_push_is_kept_and_the_import_page_says_the_queue_is_unreachable(login, workspace):
    job = _job(workspace)
    pushes.record(run_import_job, (job.pk,), {}, ConnectionError("Connection refused"))
    row = PendingPush.objects.get()
    assert (row.task, row.args, row.attempts) == (run_import_job.module_path, [job.pk], 1)
    assert 4 <= (row.next_try_at - row.created_at).total_seconds() <= 6  # first retry after 5 s
    assert pushes.is_waiting(run_import_job, job.pk)
    assert not pushes.is_waiting(run_import_job, job.pk + 1)
    page = login("owner").get(f"/w/acme/imports/{job.pk}/").content.decode()
    assert "The task queue is unreachable; it will run when it is back." in page
    assert "Waiting for the worker." not in page


def test_only_due_pushes_are_pushed_and_a_pushed_one_is_forgotten(workspace):
    from django_tasks_db.models import DBTaskResult

    due, later = _job(workspace), _job(workspace)
    error = ConnectionError("down")
    pushes.record(run_import_job, (due.pk,), {}, error)
    pushes.record(run_import_job, (later.pk,), {}, error)
    PendingPush.objects.filter(args=[due.pk]).update(next_try_at=timezone.now() - timedelta(1))

    assert pushes.retry_due() == (1, 0)

    assert list(PendingPush.objects.values_list("args", flat=True)) == [[later.pk]]
    queued = DBTaskResult.objects.get(status="READY")
    assert queued.task_path == run_import_job.module_path
    assert queued.args_kwargs == {"args": [due.pk], "kwargs": {}}
    assert pushes.retry_due() == (0, 0)  # the other is not due yet
