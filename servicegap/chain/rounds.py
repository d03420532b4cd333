"""An internal round: the internal survey sent to the employees of every customer unit, so that
each unit rates the suppliers it declared (docs/chain.md).

A round is no new kind of record: it is one invitation send (``servicegap.invitations``) per
customer unit, audience the unit's employees, so the contact rules, reminders, response rates
and the single-use links are the invitations' own. The supplier rated is the survey's preset
supplier (``Survey.supplier``) when it has one, and then only the units that declared that
supplier are invited; otherwise the respondent picks the supplier on the form. The answer's
customer unit is the respondent's unit (``servicegap.chain.hooks``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from servicegap.core.models import Workspace
from servicegap.invitations.models import Send
from servicegap.invitations.schedules import start_send
from servicegap.people.models import InternalLink, Person, PersonKind, Unit
from servicegap.surveys.models import Survey


@dataclass
class Target:
    """One customer unit of the round: who it rates and how many employees it has."""

    unit: Unit
    suppliers: list[Unit]
    employees: int


def targets(workspace: Workspace, survey: Survey | None) -> list[Target]:
    """The customer units a round of ``survey`` invites, by name."""
    links = InternalLink.objects.of(workspace).select_related("supplier", "customer")
    if survey is not None and survey.supplier_id:
        links = links.filter(supplier_id=survey.supplier_id)
    rated: dict[int, list[Unit]] = {}
    units: dict[int, Unit] = {}
    for link in links:
        units[link.customer_id] = link.customer
        rated.setdefault(link.customer_id, []).append(link.supplier)
    staff: dict[int, int] = {}
    for unit_id in (
        Person.objects.of(workspace)
        .filter(kind=PersonKind.EMPLOYEE, unit_id__in=units)
        .values_list("unit_id", flat=True)
    ):
        staff[unit_id] = staff.get(unit_id, 0) + 1
    found = [
        Target(units[pk], sorted(rated[pk], key=lambda u: u.name), staff.get(pk, 0)) for pk in units
    ]
    return sorted(found, key=lambda t: t.unit.name)


def start(
    workspace: Workspace, created_by: str, survey: Survey, reminder_after_days: int | None
) -> list[Send]:
    """One send per customer unit that has employees; all or none are queued."""
    with transaction.atomic():
        return [
            start_send(
                workspace,
                created_by,
                survey=survey,
                person_kind=PersonKind.EMPLOYEE,
                unit=t.unit,
                reminder_after_days=reminder_after_days,
            )
            for t in targets(workspace, survey)
            if t.employees
        ]
