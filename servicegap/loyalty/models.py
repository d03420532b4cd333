from __future__ import annotations

from django.db import models

from servicegap.core.tenancy import WorkspaceScoped


class Transaction(WorkspaceScoped):
    """A customer's purchase or visit: the behavioural side of loyalty."""

    customer = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="transactions"
    )
    date = models.DateField()
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    unit = models.ForeignKey(
        "people.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reference = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-date"]
        indexes = [
            models.Index(fields=["workspace", "customer", "date"], name="transaction_ws_cust_idx")
        ]
