"""Cases: a complaint or a detractor that someone must close with the customer ("serve or save").

A case is opened by a workspace rule in the transaction that stores its trigger (a feedback row or
a response), routed to a unit, worked through ``new → open → waiting → closed`` against an SLA,
and ends with a recovery survey whose answer (or the customer's later behaviour) says whether the
customer was saved. Every change and message is a ``CaseEvent``.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from servicegap.core.tenancy import WorkspaceScoped


class CaseStatus(models.TextChoices):
    NEW = "new"
    OPEN = "open"
    WAITING = "waiting"
    CLOSED = "closed"


class Severity(models.TextChoices):
    HIGH = "high"
    NORMAL = "normal"
    LOW = "low"


class Trigger(models.TextChoices):
    """What opened a case: the workspace rules, or a person by hand."""

    COMPLAINT = "complaint", "Every complaint"
    DETRACTOR = "detractor", "A customer's recommend answer of 0 to 6"
    MISERY = "misery", "A customer's moment of misery"
    REPLY = "reply", "A survey comment where the customer asked for a reply"
    MANUAL = "manual", "Opened by hand"


class Case(WorkspaceScoped):
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    status = models.CharField(max_length=16, choices=CaseStatus.choices, default=CaseStatus.NEW)
    severity = models.CharField(max_length=8, choices=Severity.choices, default=Severity.NORMAL)
    trigger = models.CharField(max_length=16, choices=Trigger.choices, default=Trigger.MANUAL)
    feedback = models.ForeignKey(
        "feedback.Feedback", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    response = models.ForeignKey(
        "surveys.Response", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    customer = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    contact = models.CharField(
        max_length=300, blank=True, help_text="How to reach the customer, given with consent."
    )
    unit = models.ForeignKey(
        "people.Unit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty: in the triage queue that owners and leaders see.",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField()
    due_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    escalation = models.PositiveSmallIntegerField(
        default=0, help_text="0: not escalated; 1: to the unit's manager; 2: to the parent unit's."
    )
    resolution = models.TextField(blank=True)
    recovery_sent_at = models.DateTimeField(null=True, blank=True)
    recovery_answer = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text='"Did we put it right?", 1 to 5.'
    )
    recovery_nps = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Optional 0 to 10 recommend answer of the recovery survey."
    )
    recovery_answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "number"], name="case_number_unique"),
            models.UniqueConstraint(
                fields=["feedback"], condition=models.Q(feedback__isnull=False),
                name="case_one_per_feedback",
            ),
            models.UniqueConstraint(
                fields=["response"], condition=models.Q(response__isnull=False),
                name="case_one_per_response",
            ),
        ]  # fmt: skip
        indexes = [
            models.Index(fields=["workspace", "status", "due_at"], name="case_ws_status_due_idx"),
        ]

    def __str__(self) -> str:
        return f"case {self.number}"


class EventKind(models.TextChoices):
    OPENED = "opened"
    STATUS = "status"
    OWNER = "owner"
    SEVERITY = "severity"
    UNIT = "unit"
    NOTE = "note", "Internal note"
    REPLY = "reply", "E-mail to the customer"
    CUSTOMER = "customer", "The customer's answer"
    GOODWILL = "goodwill"
    ESCALATED = "escalated"
    RECOVERY = "recovery"


class CaseEvent(WorkspaceScoped):
    """One line of a case's log: a change, a note or a message. Never edited or deleted."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    kind = models.CharField(max_length=16, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(
        max_length=200, blank=True, help_text="'customer', 'system', 'cli', 'api-key:<prefix>'."
    )
    text = models.TextField(blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]


class CaseLink(WorkspaceScoped):
    """A single-use link e-mailed to the customer: to answer back into the case, or to answer
    the recovery survey. Only the hash of the token is stored."""

    class Purpose(models.TextChoices):
        REPLY = "reply"
        RECOVERY = "recovery"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="links")
    purpose = models.CharField(max_length=16, choices=Purpose.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)


class GoodwillKind(models.TextChoices):
    REFUND = "refund"
    CREDIT = "credit"
    GESTURE = "gesture"


class Goodwill(WorkspaceScoped):
    """A refund, credit or gesture granted on a case; above the granter's limit it waits for a
    manager's approval."""

    class State(models.TextChoices):
        GRANTED = "granted", "Granted within the limit"
        PENDING = "pending", "Waiting for approval"
        APPROVED = "approved"
        DECLINED = "declined"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="goodwill")
    kind = models.CharField(max_length=16, choices=GoodwillKind.choices)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3)
    note = models.CharField(max_length=500, blank=True)
    state = models.CharField(max_length=16, choices=State.choices)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField()
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["granted_at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="goodwill_positive"),
        ]


class CaseRule(WorkspaceScoped):
    """Whether a trigger opens a case in this workspace, and with what severity. A workspace
    without a row for a trigger uses the default (``servicegap.cases.rules.DEFAULTS``)."""

    trigger = models.CharField(max_length=16, choices=Trigger.choices)
    enabled = models.BooleanField(default=True)
    severity = models.CharField(max_length=8, choices=Severity.choices, default=Severity.NORMAL)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "trigger"], name="caserule_unique"),
        ]


class CaseSettings(WorkspaceScoped):
    """A workspace's service levels, front-line goodwill limits and recovery horizon. Limits are
    in the workspace currency (``Workspace.currency``)."""

    sla_high_hours = models.PositiveIntegerField(default=24)
    sla_normal_hours = models.PositiveIntegerField(default=72)
    sla_low_hours = models.PositiveIntegerField(default=168)
    limit_employee = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("25"))
    limit_manager = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("250"))
    limit_leader = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("1000"))
    limit_owner = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("1000"))
    recovery_horizon_days = models.PositiveIntegerField(
        default=180, help_text="How long after closing a customer's return counts as saved."
    )
    last_number = models.PositiveIntegerField(
        default=0, help_text="The number of the workspace's latest case (the next is one more)."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace"], name="casesettings_unique"),
        ]
