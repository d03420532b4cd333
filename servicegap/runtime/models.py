"""The runtime's own rows: who is working (heartbeats) and which tasks still wait to reach Redis.

Both are global (no workspace): they describe the installation's processes, not a tenant's data.
"""

from __future__ import annotations

from django.db import models


class WorkerHeartbeat(models.Model):
    """One row per running `servicegap worker` process, touched every few seconds with the
    database's own clock (so the web machines' clocks do not matter); ``/readyz`` and
    `servicegap status` read the newest. A worker that stops deletes its row."""

    name = models.CharField(max_length=100, unique=True, help_text="host-pid")
    backend = models.CharField(max_length=20)
    queues = models.CharField(max_length=200)
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["seen_at"], name="runtime_heartbeat_seen_idx")]

    def __str__(self) -> str:
        return self.name


class PendingPush(models.Model):
    """A task whose push to Redis failed (Redis unreachable at the commit). Every worker tries
    the due ones again with growing pauses of at most a minute (``runtime/pushes.py``), so the
    task runs within about two minutes of Redis coming back."""

    task = models.CharField(max_length=200, help_text="dotted path of the django-tasks Task")
    call = models.CharField(max_length=400, help_text="task path and JSON args, to look it up")
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    queue_name = models.CharField(max_length=100, default="default")
    priority = models.IntegerField(default=0)
    run_after = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    attempts = models.PositiveIntegerField(default=0)
    next_try_at = models.DateTimeField()
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["next_try_at"], name="runtime_pendingpush_next_idx"),
            models.Index(fields=["call"], name="runtime_pendingpush_call_idx"),
        ]

    def __str__(self) -> str:
        return self.call
