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


class ValueRun(WorkspaceScoped):
    """One lifetime-value fit asked for on the value page, run by the worker (loyalty.tasks).

    It keeps the page's figures only (the sentence's totals, the CLV histogram, the retention
    curves): no customer's row, so it holds no personal data; per-customer values are the
    ``clv`` report's (CLI and API)."""

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    as_of = models.DateField()
    options = models.JSONField(default=dict, blank=True)  # time-unit, horizon, discount, by
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    steps_done = models.PositiveSmallIntegerField(default=0)
    steps_total = models.PositiveSmallIntegerField(default=0)
    figures = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)
