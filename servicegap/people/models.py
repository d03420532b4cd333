"""People and units: the workspace's unit tree, the customers, employees and leaders it hears
from, and the internal customer/supplier chain between units."""

from __future__ import annotations

from django.db import models

from servicegap.core.models import CODE_MAX
from servicegap.core.tenancy import WorkspaceScoped


class Unit(WorkspaceScoped):
    """A department, team, branch or location; units form a tree."""

    code = models.CharField(max_length=CODE_MAX)
    name = models.CharField(max_length=200)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        # The table it had in the core app: the model moved, the data did not.
        db_table = "core_unit"
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "code"], name="unit_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class PersonKind(models.TextChoices):
    CUSTOMER = "customer"
    EMPLOYEE = "employee"
    LEADER = "leader"


class Person(WorkspaceScoped):
    """A customer, employee or leader the workspace hears from (not necessarily a user)."""

    code = models.CharField(max_length=CODE_MAX)
    name = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=16, choices=PersonKind.choices)
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    email = models.EmailField(blank=True)
    attributes = models.JSONField(default=dict, blank=True, help_text="Free segment attributes.")
    # Employees who talk to customers: their view is shown on its own (docs/engagement.md).
    front_line = models.BooleanField(default=False, help_text="Talks to customers.")
    # Customers: who brought them (a referral is what loyal customers give back, docs/loyalty.md).
    referred_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals",
        help_text="The customer who referred this customer.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "core_person"  # the table it had in the core app
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "code"], name="person_code_unique"),
        ]

    def __str__(self) -> str:
        return self.code


class InternalLink(WorkspaceScoped):
    """Unit ``supplier`` serves unit ``customer``: the customer unit is its internal customer."""

    supplier = models.ForeignKey("people.Unit", on_delete=models.CASCADE, related_name="+")
    customer = models.ForeignKey("people.Unit", on_delete=models.CASCADE, related_name="+")
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["supplier", "customer"]
        constraints = [
            models.UniqueConstraint(fields=["supplier", "customer"], name="internallink_unique"),
            models.CheckConstraint(
                condition=~models.Q(supplier=models.F("customer")), name="internallink_not_self"
            ),
        ]
