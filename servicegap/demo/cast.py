"""The demo's people (customers, employees, leaders) and its three logins."""

from __future__ import annotations

import secrets

import numpy as np
from django.db.models import Model

from servicegap.accounts.models import Membership
from servicegap.accounts.services import set_membership
from servicegap.core.models import Workspace
from servicegap.demo import addresses, story
from servicegap.demo.population import Population
from servicegap.people.models import Person, PersonKind, Unit

LOGINS = {
    "owner": ("owner@demo.servicegap.test", []),
    "manager": ("manager@demo.servicegap.test", ["NORTH-SERVICE"]),
    "employee": ("employee@demo.servicegap.test", ["NORTH-SERVICE"]),
}


def _people(ws: Workspace, rows: list[Person]) -> np.ndarray:
    return np.array([p.pk for p in Person.objects.bulk_create(rows, batch_size=1000)])


def create_people(ws: Workspace, pop: Population, hq: Unit, branches: list[Unit], grid: np.ndarray):
    customers = [
        Person(
            workspace=ws,
            code=f"C{i + 1:05d}",
            name=pop.cust_names[i],
            email=addresses.customer(i, pop.cust_names[i]),
            kind=PersonKind.CUSTOMER,
            unit_id=int(grid[pop.cust_branch[i], 0]),
            attributes={
                "segment": "fleet" if pop.cust_fleet[i] else "private",
                "age_band": pop.cust_age[i],
                "branch": story.BRANCHES[pop.cust_branch[i]][0],
            },
        )
        for i in range(len(pop.cust_names))
    ]
    employees = [
        Person(
            workspace=ws,
            code=f"E{i + 1:03d}",
            name=f"{first} {last}",
            email=addresses.staff(f"E{i + 1:03d}", f"{first} {last}"),
            kind=PersonKind.EMPLOYEE,
            unit_id=int(grid[pop.emp_branch[i], pop.emp_dept[i]]),
            attributes={"role": story.DEPARTMENTS[pop.emp_dept[i]][3]},
        )
        for i, (first, last) in enumerate(pop.emp_names)
    ]
    lead_units = [hq if b < 0 else branches[b] for b in pop.lead_branch]
    leaders = [
        Person(
            workspace=ws,
            code=f"L{i + 1:02d}",
            name=name,
            email=addresses.staff(f"L{i + 1:02d}", name),
            kind=PersonKind.LEADER,
            unit=lead_units[i],
            attributes={"role": pop.lead_title[i]},
        )
        for i, name in enumerate(pop.lead_names)
    ]
    lead_unit = np.array([u.pk for u in lead_units])
    return _people(ws, customers), _people(ws, employees), _people(ws, leaders), lead_unit


def create_users(ws: Workspace, pop: Population, emp_id, lead_id) -> dict[str, Model]:
    """The three demo logins, without a usable password yet (see ``logins.reset``)."""
    users = {}
    for role, (email, units) in LOGINS.items():
        users[role], _ = set_membership(ws, email, role, units)
    service = next(i for i, d in enumerate(story.DEPARTMENTS) if d[0] == "SERVICE")
    employee = np.flatnonzero((pop.emp_branch == 0) & (pop.emp_dept == service))[0]
    manager = next(i for i, t in enumerate(pop.lead_title) if t == "Service manager")
    for role, person in (("employee", emp_id[employee]), ("manager", lead_id[manager])):
        Membership.objects.of(ws).filter(user=users[role]).update(person_id=int(person))
    return users


def reset_logins(ws: Workspace) -> list[tuple[str, str, str]]:
    """Give the three demo logins new random passwords: [(role, e-mail, password)]."""
    made = []
    for role, (email, units) in LOGINS.items():
        password = secrets.token_urlsafe(12)
        set_membership(ws, email, role, units, password)
        made.append((role, email, password))
    return made
