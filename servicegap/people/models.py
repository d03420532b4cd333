from __future__ import annotations

from django.db import models

from servicegap.core.tenancy import WorkspaceScoped


class InternalLink(WorkspaceScoped):
    """Unit ``supplier`` serves unit ``customer``: the customer unit is its internal customer."""

    supplier = models.ForeignKey("core.Unit", on_delete=models.CASCADE, related_name="+")
    customer = models.ForeignKey("core.Unit", on_delete=models.CASCADE, related_name="+")
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["supplier", "customer"]
        constraints = [
            models.UniqueConstraint(fields=["supplier", "customer"], name="internallink_unique"),
            models.CheckConstraint(
                condition=~models.Q(supplier=models.F("customer")), name="internallink_not_self"
            ),
        ]
