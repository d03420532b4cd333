"""Scheduled jobs fire once per due time across workers; background tasks run on the worker."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from servicegap.runtime import schedule

NOW = datetime(2026, 3, 10, 14, 37, 12, tzinfo=UTC)
# For runs stored in the database: recent, so the pruning jobs do not remove them.
RECENT = datetime.now(UTC).replace(hour=14, minute=37, second=12) - timedelta(days=1)


def test_daily_and_hourly_due_times():
    assert schedule.daily("03:00").last_due(NOW) == datetime(2026, 3, 10, 3, 0, tzinfo=UTC)
    assert schedule.daily("23:30").last_due(NOW) == datetime(2026, 3, 9, 23, 30, tzinfo=UTC)
    assert schedule.hourly(15).last_due(NOW) == datetime(2026, 3, 10, 14, 15, tzinfo=UTC)
    assert schedule.hourly(45).last_due(NOW) == datetime(2026, 3, 10, 13, 45, tzinfo=UTC)
    exactly = datetime(2026, 3, 10, 3, 0, tzinfo=UTC)
    assert schedule.daily("03:00").last_due(exactly) == exactly
    assert schedule.daily("03:00").next_due(NOW) == datetime(2026, 3, 11, 3, 0, tzinfo=UTC)
    assert str(schedule.daily("03:05")) == "daily at 03:05 UTC"


def test_due_times_are_utc_whatever_the_zone_of_now():
    from zoneinfo import ZoneInfo

    local = NOW.astimezone(ZoneInfo("Pacific/Auckland"))
    assert schedule.daily("03:00").last_due(local) == datetime(2026, 3, 10, 3, 0, tzinfo=UTC)


@pytest.mark.parametrize("at", ["24:00", "03:60", "noon"])
def test_impossible_times_are_refused(at):
    with pytest.raises(ValueError):
        schedule.daily(at)


def test_the_housekeeping_jobs_are_registered():
    names = {job.name for job in schedule.jobs()}
    assert {"prune_task_results", "prune_scheduled_runs"} <= names
    with pytest.raises(ValueError):
        schedule.register(schedule.Job("prune_task_results", schedule.hourly(), "x.y"))


@pytest.mark.django_db
def test_a_due_run_is_claimed_once_even_when_two_schedulers_race():
    from servicegap.core.models import ScheduledRun
    from servicegap.runtime.scheduler import claim, insert_claim

    due = schedule.daily("03:00").last_due(NOW)
    first, second = claim("prune_task_results", due), claim("prune_task_results", due)
    assert first is not None and second is None
    # Both passed the cheap check at the same moment: the unique insert still decides.
    assert insert_claim("prune_task_results", due) is None
    assert ScheduledRun.objects.filter(job="prune_task_results", due_at=due).count() == 1


@pytest.mark.django_db
def test_tick_runs_each_due_job_once_per_due_time():
    from servicegap.core.models import ScheduledRun
    from servicegap.runtime.scheduler import tick

    daily_jobs = sorted(j.name for j in schedule.jobs() if j.cadence.every == "daily")
    ran = tick(RECENT)
    assert {"prune_scheduled_runs", "prune_task_results"} <= {r.job for r in ran}
    assert sorted(r.job for r in ran if r.job in daily_jobs) == daily_jobs
    assert all(r.finished_at and r.outcome.startswith("ok") for r in ran)
    assert tick(RECENT) == []  # a second worker (or the next check) finds them taken
    assert not {r.job for r in tick(RECENT + timedelta(hours=2))} & set(daily_jobs)
    assert {r.job for r in tick(RECENT + timedelta(days=1))} >= set(daily_jobs)
    assert ScheduledRun.objects.filter(job__in=daily_jobs).count() == 2 * len(daily_jobs)


@pytest.mark.django_db
def test_a_failing_job_is_recorded_and_does_not_stop_the_others(monkeypatch):
    from servicegap.runtime.scheduler import tick

    broken = schedule.Job(
        "broken", schedule.hourly(0), "servicegap.runtime.schedule.no_such_function"
    )
    monkeypatch.setitem(schedule._JOBS, "broken", broken)
    runs = {r.job: r for r in tick(RECENT)}
    assert runs["broken"].outcome.startswith("failed: ImportError")
    assert runs["prune_task_results"].outcome.startswith("ok")


@pytest.mark.django_db
def test_prune_jobs_delete_only_old_rows(settings):
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from servicegap.core.models import ScheduledRun
    from servicegap.runtime.tasks import prune_scheduled_runs, prune_task_results

    settings.TASK_RETENTION_DAYS = 14
    now = timezone.now()
    old_ok = prune_task_results.enqueue().id
    recent_ok = prune_task_results.enqueue().id
    waiting = prune_task_results.enqueue().id
    DBTaskResult.objects.filter(id=old_ok).update(
        status="SUCCESSFUL", finished_at=now - timedelta(days=20)
    )
    DBTaskResult.objects.filter(id=recent_ok).update(
        status="SUCCESSFUL", finished_at=now - timedelta(days=2)
    )
    assert prune_task_results.call().startswith("deleted 1 ")
    assert {str(i) for i in DBTaskResult.objects.values_list("id", flat=True)} == {
        recent_ok,
        waiting,
    }

    ScheduledRun.objects.create(job="a", due_at=now - timedelta(days=91))
    ScheduledRun.objects.create(job="a", due_at=now - timedelta(days=89))
    assert prune_scheduled_runs.call().startswith("deleted 1 ")
    assert ScheduledRun.objects.count() == 1


@pytest.mark.django_db
def test_an_enqueued_task_is_run_by_the_worker_loop(monkeypatch):
    from django_tasks_db.management.commands import db_worker
    from django_tasks_db.models import DBTaskResult

    from servicegap.core.models import ScheduledRun
    from servicegap.runtime.tasks import prune_scheduled_runs
    from servicegap.runtime.worker import make_worker

    ScheduledRun.objects.create(job="a", due_at=NOW - timedelta(days=400))
    result = prune_scheduled_runs.enqueue()
    assert DBTaskResult.objects.get(id=result.id).status == "READY"

    # The loop closes "old" connections between tasks; on PostgreSQL that would close the test's
    # transaction, as Django's test client avoids for requests.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    worker = make_worker(["default"], interval=0, batch=True)
    worker.run()  # the real loop, until the queue is empty

    row = DBTaskResult.objects.get(id=result.id)
    assert row.status == "SUCCESSFUL", row.exception_class_path
    assert row.return_value.startswith("deleted 1 ")
    assert not ScheduledRun.objects.exists()
