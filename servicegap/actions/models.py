"""Improvement actions ("fix what you find") and the measurement of their effect.

An action is linked to standards, touchpoints and units; its effect is measured over the customer
responses on those standards (or touchpoints) in its units' subtrees, in a before and an after
window (``servicegap.actions.effect``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from servicegap.core.models import CODE_MAX
from servicegap.core.tenancy import WorkspaceScoped


class ActionStatus(models.TextChoices):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


class Origin(models.TextChoices):
    MANUAL = "manual"
    GAP = "gap", "A gap row"
    DRIVER = "driver"
    ALERT = "alert"
    IDEA = "idea"
    CASES = "cases", "A set of cases"


class Action(WorkspaceScoped):
    code = models.CharField(max_length=CODE_MAX)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    status = models.CharField(
        max_length=16, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    standards = models.ManyToManyField(
        "standards.Standard", through="ActionStandard", blank=True, related_name="+"
    )
    touchpoints = models.ManyToManyField(
        "journeys.Touchpoint", through="ActionTouchpoint", blank=True, related_name="+"
    )
    units = models.ManyToManyField(
        "people.Unit", through="ActionUnit", blank=True, related_name="+"
    )
    cases = models.ManyToManyField("cases.Case", through="ActionCase", blank=True, related_name="+")
    started_on = models.DateField(null=True, blank=True)
    due_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    cost = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="In the workspace currency.",
    )
    public = models.BooleanField(
        default=False, help_text='Shown on the public promise page ("You said, we did") once done.'
    )
    origin = models.CharField(max_length=16, choices=Origin.choices, default=Origin.MANUAL)
    origin_detail = models.JSONField(
        default=dict, blank=True, help_text="What it was made from: a gap row's filters, an alert."
    )
    idea = models.ForeignKey(
        "feedback.Feedback", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    before_from = models.DateField(
        null=True, blank=True, help_text="Default: 90 days before start."
    )
    before_to = models.DateField(null=True, blank=True, help_text="Default: the day before start.")
    after_from = models.DateField(null=True, blank=True, help_text="Default: 14 days after start.")
    after_to = models.DateField(null=True, blank=True, help_text="Default: 90 days on, or today.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "code"], name="action_code_unique"),
        ]

    def __str__(self) -> str:
        return self.code


class ActionStandard(WorkspaceScoped):
    action = models.ForeignKey(Action, on_delete=models.CASCADE)
    standard = models.ForeignKey("standards.Standard", on_delete=models.CASCADE)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["action", "standard"], name="actionstandard_unique")
        ]


class ActionTouchpoint(WorkspaceScoped):
    action = models.ForeignKey(Action, on_delete=models.CASCADE)
    touchpoint = models.ForeignKey("journeys.Touchpoint", on_delete=models.CASCADE)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["action", "touchpoint"], name="actiontouchpoint_unique")
        ]


class ActionUnit(WorkspaceScoped):
    action = models.ForeignKey(Action, on_delete=models.CASCADE)
    unit = models.ForeignKey("people.Unit", on_delete=models.CASCADE)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["action", "unit"], name="actionunit_unique")]


class ActionCase(WorkspaceScoped):
    action = models.ForeignKey(Action, on_delete=models.CASCADE)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["action", "case"], name="actioncase_unique")]


class AlertState(WorkspaceScoped):
    """What became of one alert. Alerts are computed from the answers, never stored
    (``servicegap.gaps.kinds.alerts``); this row remembers one by its identity (``key``: the
    perspective, the report's unit scope, the slice and the period, ``servicegap.actions.alerts``):
    when it was first raised and announced (the ``alert.raised`` webhook), who acknowledged it,
    who it is assigned to, and the action made from it."""

    key = models.CharField(max_length=400)
    perspective = models.CharField(max_length=16)
    scope = models.CharField(max_length=CODE_MAX, blank=True, help_text="The unit filter, if any.")
    kind = models.CharField(max_length=16, help_text="standard, touchpoint or unit.")
    code = models.CharField(max_length=CODE_MAX * 2 + 1)
    period = models.CharField(max_length=16)
    direction = models.CharField(max_length=8, blank=True)
    value = models.FloatField(null=True, blank=True)
    expected = models.FloatField(null=True, blank=True)
    raised_at = models.DateTimeField(help_text="When it was first seen.")
    announced_at = models.DateTimeField(
        null=True, blank=True, help_text="When alert.raised was emitted (None: not announced)."
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.ForeignKey(
        Action, null=True, blank=True, on_delete=models.SET_NULL, related_name="alerts"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "key"], name="alertstate_key_unique"),
        ]

    def __str__(self) -> str:
        return self.key
