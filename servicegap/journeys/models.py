from __future__ import annotations

from django.db import models

from servicegap.core.models import CODE_MAX
from servicegap.core.tenancy import WorkspaceScoped


class Journey(WorkspaceScoped):
    """A customer journey ("buying a car") broken into ordered touchpoints."""

    code = models.CharField(max_length=CODE_MAX)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "code"], name="journey_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Channel(models.TextChoices):
    IN_PERSON = "in-person"
    PHONE = "phone"
    EMAIL = "email"
    WEB = "web"
    APP = "app"
    CHAT = "chat"
    MAIL = "mail"
    OTHER = "other"


class Touchpoint(WorkspaceScoped):
    """One step of a journey, owned by a unit, where some standards apply."""

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="touchpoints")
    code = models.CharField(max_length=CODE_MAX)
    name = models.CharField(max_length=200)
    step = models.PositiveIntegerField()
    channel = models.CharField(max_length=16, choices=Channel.choices, default=Channel.IN_PERSON)
    unit = models.ForeignKey(
        "people.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    standards = models.ManyToManyField(
        "standards.Standard", through="TouchpointStandard", blank=True, related_name="touchpoints"
    )

    class Meta:
        ordering = ["journey", "step"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "code"], name="touchpoint_code_unique"),
            models.UniqueConstraint(fields=["journey", "step"], name="touchpoint_step_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class TouchpointStandard(WorkspaceScoped):
    touchpoint = models.ForeignKey(Touchpoint, on_delete=models.CASCADE)
    standard = models.ForeignKey("standards.Standard", on_delete=models.CASCADE)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["touchpoint", "standard"], name="touchpointstandard_unique"
            ),
        ]
