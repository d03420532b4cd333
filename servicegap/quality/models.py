from __future__ import annotations

from django.conf import settings
from django.db import models

from servicegap.core.models import CODE_MAX
from servicegap.core.tenancy import WorkspaceScoped


class Indicator(WorkspaceScoped):
    """An operational measure tied to a standard ("quality in fact")."""

    code = models.CharField(max_length=CODE_MAX)
    name = models.CharField(max_length=200)
    standard = models.ForeignKey(
        "standards.Standard",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicators",
    )
    unit = models.ForeignKey(
        "people.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    measure = models.CharField(
        max_length=100,
        blank=True,
        help_text="What is counted, e.g. '% calls answered within 3 rings'.",
    )
    target = models.FloatField(null=True, blank=True)
    higher_is_better = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "code"], name="indicator_code_unique")
        ]


class IndicatorReading(WorkspaceScoped):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="readings")
    period_start = models.DateField()
    value = models.FloatField()
    unit = models.ForeignKey(
        "people.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["indicator", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_start", "unit"], name="indicatorreading_unique"
            ),
        ]


class WalkerKind(models.TextChoices):
    LEADER = "leader"
    MYSTERY_SHOPPER = "mystery_shopper"


class WalkThrough(WorkspaceScoped):
    """A leader's or mystery shopper's visit along a journey, checking each touchpoint."""

    journey = models.ForeignKey("journeys.Journey", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(
        "people.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    walker_kind = models.CharField(max_length=16, choices=WalkerKind.choices)
    walker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    walker_name = models.CharField(max_length=200, blank=True)
    visited_at = models.DateTimeField()
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-visited_at"]


class WalkThroughCheck(WorkspaceScoped):
    """Whether one behaviour of one standard was seen at one touchpoint."""

    walk_through = models.ForeignKey(WalkThrough, on_delete=models.CASCADE, related_name="checks")
    touchpoint = models.ForeignKey(
        "journeys.Touchpoint", on_delete=models.CASCADE, related_name="+"
    )
    standard = models.ForeignKey("standards.Standard", on_delete=models.CASCADE, related_name="+")
    behaviour = models.CharField(max_length=500)
    met = models.BooleanField()
    note = models.TextField(blank=True)
