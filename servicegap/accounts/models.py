from __future__ import annotations

import hashlib
import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone

from servicegap.core.tenancy import WorkspaceScoped

if TYPE_CHECKING:
    from servicegap.core.models import Workspace


class Role(models.TextChoices):
    OWNER = "owner"
    LEADER = "leader"
    MANAGER = "manager"
    EMPLOYEE = "employee"


class Membership(WorkspaceScoped):
    """A user's role in one workspace; managers and employees are scoped to units."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=16, choices=Role.choices)
    units = models.ManyToManyField(
        "people.Unit", through="MembershipUnit", blank=True, related_name="+"
    )
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The person record of this user, when they are also an employee or leader.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user__email"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "user"], name="membership_user_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.role}"


class MembershipUnit(WorkspaceScoped):
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE)
    unit = models.ForeignKey("people.Unit", on_delete=models.CASCADE)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["membership", "unit"], name="membershipunit_unique"),
        ]


class Scope(models.TextChoices):
    INGEST = "ingest"
    READ = "read"
    CASES = "cases"  # work on cases: change them, write notes and replies (cases/api.py)
    ADMIN = "admin"


def hash_key(raw: str) -> str:
    # SHA-256, not a password hash: keys are 256 random bits, so a slow hash buys nothing and
    # would cost tens of milliseconds on every request.
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiKey(WorkspaceScoped):
    name = models.CharField(max_length=200, blank=True)
    prefix = models.CharField(
        max_length=16, help_text="First characters, shown to tell keys apart."
    )
    key_hash = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    @classmethod
    def issue(cls, workspace: Workspace, scopes: list[str], name: str = "") -> tuple[ApiKey, str]:
        raw = "sg_" + secrets.token_urlsafe(32)
        key = cls.objects.create(
            workspace=workspace, name=name, prefix=raw[:10], key_hash=hash_key(raw), scopes=scopes
        )
        return key, raw

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def revoke(self) -> None:
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])

    def __str__(self) -> str:
        return f"{self.prefix}… ({','.join(self.scopes)})"


class LoginThrottle(models.Model):
    """Failed logins counted per key, shared by every web worker (docs/security.md).

    Keys: ``pair:<account>:<address>``, ``account:<account>`` and ``address:<address>``, where
    ``<account>`` is a keyed hash of the e-mail typed (known or not, so locks reveal nothing).
    """

    key = models.CharField(max_length=200, unique=True)
    failures = models.PositiveIntegerField(default=0)
    window_start = models.DateTimeField(help_text="The first failure of the current window.")
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["window_start"], name="loginthrottle_window_idx")]

    def __str__(self) -> str:
        return f"{self.key}: {self.failures}"
