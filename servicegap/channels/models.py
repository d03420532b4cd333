"""Where customers answer without an account: kiosks, the widget and the "Tell us" page."""

from __future__ import annotations

import secrets

from django.db import models

from servicegap.core.models import CODE_MAX
from servicegap.core.tenancy import WorkspaceScoped

MIN_RESET_S, MAX_RESET_S = 2, 60


def new_kiosk_token() -> str:
    return secrets.token_urlsafe(18)  # 144 random bits, 24 URL-safe characters


class ChannelSettings(WorkspaceScoped):
    """Per-workspace rules of the keyless endpoints; a workspace without a row uses the defaults."""

    allowed_origins = models.JSONField(
        default=list,
        blank=True,
        help_text="Web origins (https://shop.example) whose pages may post through the widget.",
    )
    public_feedback = models.BooleanField(
        default=True, help_text="The Tell us page and the widget take feedback."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace"], name="channelsettings_ws_unique"),
        ]


class Kiosk(WorkspaceScoped):
    """A set-up device showing three faces at one touchpoint; only its secret URL may post taps."""

    code = models.CharField(max_length=CODE_MAX)
    name = models.CharField(max_length=200)
    touchpoint = models.ForeignKey(
        "journeys.Touchpoint", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    unit = models.ForeignKey(
        "people.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    question = models.CharField(max_length=200, default="How was your visit today?")
    reset_seconds = models.PositiveSmallIntegerField(
        default=5, help_text="How long the thank-you shows before the faces come back."
    )
    token = models.CharField(max_length=64, default=new_kiosk_token)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "code"], name="kiosk_code_unique"),
            models.UniqueConstraint(fields=["token"], name="kiosk_token_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class KioskTap(WorkspaceScoped):
    """One stored tap, keyed by the id the kiosk generated, so a retried tap is stored once."""

    kiosk = models.ForeignKey(Kiosk, on_delete=models.CASCADE, related_name="taps")
    client_id = models.CharField(max_length=64)
    response = models.OneToOneField(
        "surveys.Response", on_delete=models.CASCADE, related_name="kiosk_tap"
    )
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kiosk", "client_id"], name="kiosktap_client_unique"),
        ]


class RateCounter(WorkspaceScoped):
    """Fixed-window request counter per workspace, scope and client address.

    In the database so every gunicorn worker (and every web machine) shares one count.
    """

    key = models.CharField(max_length=120)
    window = models.BigIntegerField(help_text="Window start, epoch seconds.")
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "key", "window"], name="ratecounter_window_unique"
            ),
        ]
        indexes = [models.Index(fields=["workspace", "expires_at"], name="ratecounter_expiry_idx")]
