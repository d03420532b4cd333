from __future__ import annotations

from django.db import models

from servicegap.core.models import CODE_MAX
from servicegap.core.tenancy import WorkspaceScoped


class Competitor(WorkspaceScoped):
    """A customer's main alternative: rated on the same standards (competitor_experience)."""

    code = models.CharField(max_length=CODE_MAX)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "code"], name="competitor_code_unique")
        ]

    def __str__(self) -> str:
        return self.name
