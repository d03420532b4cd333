"""Invitations by e-mail: sends, single-use tokens, schedules, and the contact rules' records."""

from __future__ import annotations

import hashlib
import secrets

from django.db import models

from servicegap.core.tenancy import WorkspaceScoped

TOKEN_HASH_LEN = 64


def new_token() -> tuple[str, str]:
    """A fresh link token and the SHA-256 that is stored in its place (256 random bits)."""
    raw = secrets.token_urlsafe(32)
    return raw, hash_token(raw)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class Cadence(models.TextChoices):
    ONCE = "once", "Once"
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    YEARLY = "yearly", "Yearly"


class ContactRules(WorkspaceScoped):
    """A workspace's contact rules; a workspace without a row uses the defaults."""

    min_days_between = models.PositiveSmallIntegerField(
        default=30, help_text="Nobody is invited again within this many days."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace"], name="contactrules_workspace_unique"),
        ]


class Audience(models.Model):
    """Who is asked: people of a kind, in a unit, with an attribute; optionally a sample."""

    person_kind = models.CharField(max_length=16, blank=True, help_text="Empty: every kind.")
    unit = models.ForeignKey(
        "people.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    attribute = models.CharField(max_length=64, blank=True)
    attribute_value = models.CharField(max_length=200, blank=True)
    sample_size = models.PositiveIntegerField(null=True, blank=True)
    sample_share = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Percentage of the eligible people."
    )
    reminder_after_days = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        abstract = True


class Schedule(Audience, WorkspaceScoped):
    """A recurring send: the worker starts one send per period while it is active."""

    name = models.CharField(max_length=200)
    survey = models.ForeignKey("surveys.Survey", on_delete=models.CASCADE, related_name="+")
    cadence = models.CharField(max_length=16, choices=Cadence.choices)
    next_run_at = models.DateTimeField(null=True, blank=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["active", "next_run_at"], name="schedule_due_idx")]

    def __str__(self) -> str:
        return self.name


class SendState(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class Send(Audience, WorkspaceScoped):
    """One mailing of a survey to an audience, run as a background task with its progress here."""

    survey = models.ForeignKey("surveys.Survey", on_delete=models.CASCADE, related_name="+")
    schedule = models.ForeignKey(
        Schedule, null=True, blank=True, on_delete=models.SET_NULL, related_name="sends"
    )
    period = models.CharField(max_length=16, blank=True, help_text="The schedule's period.")
    state = models.CharField(max_length=16, choices=SendState.choices, default=SendState.QUEUED)
    planned = models.PositiveIntegerField(default=0)
    sent = models.PositiveIntegerField(default=0)
    bounced = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    created_by = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "period"],
                condition=models.Q(schedule__isnull=False),
                name="send_schedule_period_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"send {self.pk} of {self.survey_id} ({self.state})"

    @property
    def finished(self) -> bool:
        return self.state in (SendState.DONE, SendState.FAILED)


class InvitationState(models.TextChoices):
    PENDING = "pending", "Pending"
    SENT = "sent", "Sent"
    BOUNCED = "bounced", "Bounced"
    RESPONDED = "responded", "Responded"


class Invitation(WorkspaceScoped):
    """One person asked once; the link's token is stored only as its SHA-256."""

    send = models.ForeignKey(Send, on_delete=models.CASCADE, related_name="invitations")
    survey = models.ForeignKey("surveys.Survey", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    email = models.EmailField()
    token_hash = models.CharField(max_length=TOKEN_HASH_LEN, unique=True)
    reminder_token_hash = models.CharField(
        max_length=TOKEN_HASH_LEN, unique=True, null=True, blank=True
    )
    state = models.CharField(
        max_length=16, choices=InvitationState.choices, default=InvitationState.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    response = models.OneToOneField(
        "surveys.Response", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    draft = models.JSONField(default=dict, blank=True, help_text="Answers saved for later.")
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["send", "person"], name="invitation_send_person_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["workspace", "person", "sent_at"], name="invitation_person_idx"),
        ]


class Unsubscribe(WorkspaceScoped):
    """A person who asked not to be invited again (by the link in a mail)."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    invitation = models.ForeignKey(
        Invitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "person"], name="unsubscribe_person_unique"
            ),
        ]


class Bounce(WorkspaceScoped):
    """An address the mail server refused; it is never tried again."""

    email = models.EmailField()
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    invitation = models.ForeignKey(
        Invitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["workspace", "email"], name="bounce_ws_email_idx")]
