from __future__ import annotations

from django.db import models

from servicegap.core.tenancy import WorkspaceScoped


class Training(WorkspaceScoped):
    """Employee ``person`` was trained to deliver ``standard`` on ``trained_on``."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    standard = models.ForeignKey("standards.Standard", on_delete=models.CASCADE, related_name="+")
    trained_on = models.DateField()
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-trained_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "person", "standard", "trained_on"], name="training_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}:{self.standard_id}@{self.trained_on}"
