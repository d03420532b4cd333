from __future__ import annotations

from django.conf import settings
from django.db import models

from servicegap.core.models import CODE_MAX
from servicegap.core.tenancy import WorkspaceScoped


class CaseStatus(models.TextChoices):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    CLOSED = "closed"


class Case(WorkspaceScoped):
    """A complaint or detractor someone must close with the customer ("serve or save")."""

    number = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    status = models.CharField(max_length=16, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    feedback = models.ForeignKey(
        "feedback.Feedback", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    response = models.ForeignKey(
        "surveys.Response", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    customer = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    unit = models.ForeignKey(
        "people.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField()
    due_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    resolution = models.TextField(blank=True)
    saved = models.BooleanField(null=True, blank=True, help_text="Did the customer stay?")

    class Meta:
        ordering = ["-opened_at"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "number"], name="case_number_unique"),
        ]


class ActionStatus(models.TextChoices):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


class Action(WorkspaceScoped):
    """An improvement ("fix what you find") whose effect on the gap is measured."""

    code = models.CharField(max_length=CODE_MAX)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    status = models.CharField(
        max_length=16, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    unit = models.ForeignKey(
        "people.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
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
    started_on = models.DateField(null=True, blank=True)
    due_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "code"], name="action_code_unique"),
        ]


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
