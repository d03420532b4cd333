from __future__ import annotations

from django.db import models, transaction

from servicegap.core.models import CODE_MAX
from servicegap.core.tenancy import WorkspaceScoped
from servicegap.lib.scales import DIMENSIONS, SERVQUAL

DIMENSION_CHOICES = [(d, d.capitalize()) for d in DIMENSIONS]
SERVQUAL_CHOICES = [(d, d.capitalize()) for d in SERVQUAL]


class NeedOrWant(models.TextChoices):
    NEED = "need", "Need (solves the customer's problem)"
    WANT = "want", "Want (makes the customer feel good)"


# Fields that make up a version of a standard; changing any of them makes a new version.
VERSIONED_FIELDS = (
    "title",
    "why",
    "behaviours",
    "dimension",
    "servqual",
    "need_or_want",
    "target",
    "published",
)


class Standard(WorkspaceScoped):
    """One service standard: what we promise, why, and how a customer will know it is met."""

    code = models.CharField(max_length=CODE_MAX)
    title = models.CharField(max_length=300)
    why = models.TextField(blank=True)
    behaviours = models.JSONField(default=list, blank=True, help_text="How the customer will know.")
    dimension = models.CharField(max_length=16, choices=DIMENSION_CHOICES)
    servqual = models.CharField(max_length=16, choices=SERVQUAL_CHOICES, blank=True)
    need_or_want = models.CharField(max_length=8, choices=NeedOrWant.choices, blank=True)
    target = models.FloatField(null=True, blank=True, help_text="Target on the workspace scale.")
    published = models.BooleanField(default=True)
    # Retired: no longer offered (new surveys, the promise, the home page's list); not versioned,
    # because retiring changes no answer's meaning and past answers stay reported under it.
    retired = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "code"], name="standard_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def snapshot(self) -> dict:
        return {f: getattr(self, f) for f in VERSIONED_FIELDS}

    @transaction.atomic
    def save_version(self) -> bool:
        """Save; record a new version when a versioned field changed. True if one was made."""
        latest = self.versions.order_by("-version").first() if self.pk else None
        if latest is not None and latest.snapshot() == self.snapshot():
            self.save()
            return False
        self.version = latest.version + 1 if latest else 1
        self.save()
        StandardVersion.objects.create(
            workspace_id=self.workspace_id, standard=self, version=self.version, **self.snapshot()
        )
        return True


class StandardVersion(WorkspaceScoped):
    """An immutable copy of a standard as published; answers point at the version they rated."""

    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    why = models.TextField(blank=True)
    behaviours = models.JSONField(default=list, blank=True)
    dimension = models.CharField(max_length=16, choices=DIMENSION_CHOICES)
    servqual = models.CharField(max_length=16, choices=SERVQUAL_CHOICES, blank=True)
    need_or_want = models.CharField(max_length=8, choices=NeedOrWant.choices, blank=True)
    target = models.FloatField(null=True, blank=True)
    published = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["standard", "version"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "version"], name="standardversion_unique"),
        ]

    def snapshot(self) -> dict:
        return {f: getattr(self, f) for f in VERSIONED_FIELDS}
