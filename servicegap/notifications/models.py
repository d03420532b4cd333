"""Notifications: the workspace's webhooks, each message queued for one of them (the outbox),
and the leaders' digest e-mail (each person's choice and what was sent)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from servicegap.core.tenancy import WorkspaceScoped


class Webhook(WorkspaceScoped):
    """An address of the workspace's own system that hears the chosen events, signed per the
    Standard Webhooks specification with ``secret`` (``whsec_`` and base64 of 32 random bytes)."""

    url = models.URLField(max_length=500)
    events = models.JSONField(default=list)
    secret = models.CharField(max_length=100)
    active = models.BooleanField(default=True)
    created_by = models.CharField(max_length=254, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.url


class Delivery(WorkspaceScoped):
    """One event for one webhook, written in the transaction of the change it tells of (so a
    rolled-back change sends nothing). ``next_attempt_at`` is set while an attempt is due; it is
    cleared once the message is delivered or given up."""

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40)
    msg_id = models.CharField(max_length=40, unique=True)
    payload = models.JSONField()
    created_at = models.DateTimeField()
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    given_up_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["next_attempt_at"], name="delivery_due")]

    @property
    def state(self) -> str:
        if self.next_attempt_at is not None:
            return "retrying" if self.attempts else "queued"
        if self.given_up_at is not None and (
            self.delivered_at is None or self.given_up_at > self.delivered_at
        ):
            return "given up"
        return "delivered" if self.delivered_at else "queued"


class DigestFrequency(models.TextChoices):
    OFF = "off"
    DAILY = "daily"
    WEEKLY = "weekly"


class DigestChoice(WorkspaceScoped):
    """How often a leader or owner wants the digest; without a row, weekly."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    frequency = models.CharField(
        max_length=8, choices=DigestFrequency.choices, default=DigestFrequency.WEEKLY
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "user"], name="digest_choice_unique"),
        ]


class DigestSent(WorkspaceScoped):
    """A digest sent to one person for one period ("2025-06-02" a day, "2025-W23" a week):
    unique, so a job that runs twice sends it once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=16)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "user", "period"], name="digest_sent_unique"
            ),
        ]
