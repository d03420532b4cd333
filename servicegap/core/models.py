from __future__ import annotations

from django.db import models

from servicegap.core.tenancy import WorkspaceScoped
from servicegap.lib.scales import SCALE_CHOICES

CODE_MAX = 64
# A workspace's retention period is at least a month, so the contact rules, reminders and the
# cases that need the customer's contact details keep working (docs/privacy.md).
MIN_RETENTION_DAYS = 30


class Workspace(models.Model):
    """One company. Every other row belongs to exactly one workspace."""

    slug = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=200)
    scale_max = models.PositiveSmallIntegerField(
        default=7, choices=SCALE_CHOICES, help_text="Ratings without a survey are on 1..scale_max."
    )
    time_zone = models.CharField(max_length=64, default="UTC")
    anonymity_threshold = models.PositiveSmallIntegerField(
        default=5,
        help_text="Smallest group of distinct respondents shown for employee data (>= 3).",
    )
    retention_days = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Personal data in responses, feedback and invitations older than this many days "
        "is removed every night (docs/privacy.md); empty: kept (>= 30).",
    )
    currency = models.CharField(
        max_length=3, default="EUR", help_text="ISO 4217 code of the money figures (goodwill)."
    )
    brand_colour = models.CharField(
        max_length=7, default="#1f5f8b", help_text="#rrggbb: the colour of the public pages."
    )
    logo = models.BinaryField(
        blank=True, default=b"", help_text="PNG, JPEG or SVG, at most 200 KB."
    )
    logo_type = models.CharField(max_length=32, blank=True, help_text="The logo's media type.")
    promise_public = models.BooleanField(
        default=True, help_text="Publish the standards on the public promise page /p/<slug>/."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slug"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(anonymity_threshold__gte=3), name="workspace_anonymity_min_3"
            ),
            models.CheckConstraint(
                condition=models.Q(retention_days__isnull=True)
                | models.Q(retention_days__gte=MIN_RETENTION_DAYS),
                name="workspace_retention_min_30",
            ),
        ]

    def __str__(self) -> str:
        return self.slug


class ScheduledRun(models.Model):
    """One run of a scheduled job; the unique key makes a due run fire once across workers."""

    job = models.CharField(max_length=100)
    due_at = models.DateTimeField()
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.TextField(blank=True)

    class Meta:
        ordering = ["-due_at"]
        constraints = [
            models.UniqueConstraint(fields=["job", "due_at"], name="scheduledrun_job_due_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.job} due {self.due_at:%Y-%m-%d %H:%M}"


class AuditEntry(WorkspaceScoped):
    """Who did what to the workspace's configuration or data (admin actions, exports)."""

    at = models.DateTimeField(auto_now_add=True)
    actor = models.CharField(max_length=200, help_text="User e-mail, 'cli' or 'api-key:<prefix>'.")
    action = models.CharField(max_length=100)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["workspace", "at"], name="audit_ws_at_idx")]


class IdempotencyKey(WorkspaceScoped):
    """An ``Idempotency-Key`` of an API write: the request it answered and the answer, per
    workspace. ``in_flight`` while the first request runs; ``done`` once its transaction committed.
    """

    IN_FLIGHT = "in_flight"
    DONE = "done"

    key = models.CharField(max_length=255)
    request_hash = models.CharField(
        max_length=64, help_text="SHA-256 of the endpoint and the canonical JSON of the body."
    )
    state = models.CharField(
        max_length=16, choices=[(IN_FLIGHT, "In flight"), (DONE, "Done")], default=IN_FLIGHT
    )
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField()
    owner = models.CharField(
        max_length=300,
        blank=True,
        help_text="host:pid of the process running the first request (to spot one that died).",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "key"], name="idempotencykey_ws_key_unique"
            ),
        ]
        indexes = [models.Index(fields=["created_at"], name="idempotencykey_created_idx")]

    def __str__(self) -> str:
        return f"{self.key} ({self.state})"
