"""Recognition's own rows: rewards a manager records, the wall links of the units' screens and
the log of the monthly digests sent. The recognitions themselves are the feedback app's
(``feedback.Recognition``: a compliment routed to the employee it names)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from servicegap.core.tenancy import WorkspaceScoped


class RewardKind(models.TextChoices):
    THANKS = "thanks", "A thank-you"
    VOUCHER = "voucher", "A voucher"
    GIFT = "gift", "A gift"
    TIME_OFF = "time_off", "Time off"
    BONUS = "bonus", "A bonus"


class Reward(WorkspaceScoped):
    """What a manager gave an employee for a recognition; shown on the employee's My page."""

    recognition = models.ForeignKey(
        "feedback.Recognition", on_delete=models.CASCADE, related_name="rewards"
    )
    kind = models.CharField(max_length=16, choices=RewardKind.choices)
    amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    # The workspace currency when it was given: a later change of currency does not rewrite it.
    currency = models.CharField(max_length=3, blank=True)
    note = models.CharField(max_length=500, blank=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    given_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["given_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | models.Q(amount__gt=0),
                name="reward_amount_positive",
            ),
        ]


def new_wall_token() -> str:
    return secrets.token_urlsafe(18)  # 144 random bits, as a kiosk's link


class WallLink(WorkspaceScoped):
    """The secret link a screen in a branch opens to show the unit's recognition wall without a
    login (docs/recognition.md). Revoked links stay, for the record, and open nothing."""

    unit = models.ForeignKey("people.Unit", on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, default=new_wall_token)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["unit__code", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["token"], name="walllink_token_unique"),
        ]


class DigestSent(WorkspaceScoped):
    """One monthly digest to one employee: the row is written before the mail goes, so a rerun of
    the job (or a second worker) never sends the same month twice."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    month = models.DateField(help_text="The first day of the month the digest covers.")
    recognitions = models.PositiveIntegerField()
    sent_at = models.DateTimeField(null=True, blank=True)
    refused = models.CharField(
        max_length=500, blank=True, help_text="The mail server's refusal, when it bounced."
    )

    class Meta:
        ordering = ["-month", "person_id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "month"], name="digestsent_unique"),
        ]
