"""Escalation of cases past their due time (the worker's minutely job, ``tasks.escalate``).

A case still open after its due time escalates to the manager of its unit (level 1), and one SLA
period later to the manager of the unit above (level 2): each is e-mailed and the escalation is
logged. "The manager of a unit" is the nearest one up the tree: a member with the manager role
whose units include that unit, else the manager of its parent, and so on. With nobody to tell (a
case in the triage queue, a tree without managers) the workspace's owners are told instead,
once. Each step is claimed by a conditional update, so two workers never send it twice.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from servicegap.accounts.models import Membership, MembershipUnit, Role
from servicegap.cases import service
from servicegap.cases.models import Case, EventKind
from servicegap.core.baseurl import base_url
from servicegap.core.models import Workspace
from servicegap.lib.caserules import escalation_level
from servicegap.people.models import Unit
from servicegap.runtime import mail


def _chain(workspace: Workspace, unit_id: int | None) -> list[tuple[Unit, list[Any]]]:
    """The units from ``unit_id`` up to the root that have managers, nearest first, each with
    its managers (users)."""
    units = {u.pk: u for u in Unit.objects.of(workspace)}
    managed: dict[int, list[Any]] = {}
    rows = MembershipUnit.objects.of(workspace).filter(membership__role=Role.MANAGER)
    for link in rows.select_related("membership__user"):
        managed.setdefault(link.unit_id, []).append(link.membership.user)
    found, seen = [], set()
    while unit_id is not None and unit_id not in seen:
        seen.add(unit_id)
        if unit_id in managed:
            found.append((units[unit_id], managed[unit_id]))
        unit_id = units[unit_id].parent_id if unit_id in units else None
    return found


def _owners(workspace: Workspace) -> list[Any]:
    members = Membership.objects.of(workspace).filter(role=Role.OWNER).select_related("user")
    return [m.user for m in members]


def targets(case: Case, level: int) -> tuple[Unit | None, list[Any]]:
    """Whom escalation ``level`` (1 or 2) tells: the unit whose managers, and them; (None,
    owners) when there is no such manager, or (None, []) when the owners were told already."""
    chain = _chain(case.workspace, case.unit_id)
    if len(chain) >= level:
        return chain[level - 1]
    if len(chain) == level - 1:
        return None, _owners(case.workspace)
    return None, []


def _message(case: Case, level: int, unit: Unit | None) -> tuple[str, str]:
    url = base_url() + reverse(
        "case_detail", kwargs={"slug": case.workspace.slug, "number": case.number}
    )
    why = (
        f"you manage {unit.code} {unit.name}"
        if unit is not None
        else "nobody manages its unit, and you own the workspace"
    )
    where = f"{case.unit.code} {case.unit.name}" if case.unit else "the triage queue (no unit)"
    due = case.due_at.strftime("%Y-%m-%d %H:%M UTC") if case.due_at else "-"
    subject = f"Case {case.number} is past its due time: {case.title[:80]}"
    body = (
        f"Case {case.number} ({case.severity} severity) in {where} was due at {due} and is "
        f"still {case.status}; owner: {case.owner.email if case.owner else 'nobody'}.\n\n"
        f"It is escalated to you because {why} (step {level} of 2: first the unit's manager, "
        f"then the manager above).\n\nOpen the case: {url}\n"
    )
    return subject, body


def escalate(case: Case, level: int) -> bool:
    """Take ``case`` to ``level`` if no one has; e-mail whom it concerns and log it."""
    with transaction.atomic():
        claimed = (
            Case.objects.of(case.workspace_id)
            .filter(pk=case.pk, escalation=level - 1, status__in=service.OPEN_STATES)
            .update(escalation=level)
        )
    if not claimed:
        return False
    case.escalation = level
    unit, people = targets(case, level)
    subject, body = _message(case, level, unit)
    sent, failed = [], []
    for user in people:
        try:
            mail.send(user.email, subject, body)
            sent.append(user.email)
        except mail.MailError as exc:
            failed.append(f"{user.email}: {exc}")
    with transaction.atomic():
        text = f"Past due: escalated to {', '.join(sent) or 'nobody (no one to tell)'}"
        detail = {"level": level, "unit": unit.code if unit else None, "to": sent}
        if failed:
            detail["failed"] = failed
        service.log(case, EventKind.ESCALATED, actor_label="system", text=text, detail=detail)
        service._emit(case.workspace, "case.updated", [case])
    return True


def escalate_due(now: datetime | None = None) -> int:
    """Every open case past its due time, taken as far as it should be by ``now``; the number
    of escalation steps taken."""
    now = now or timezone.now()
    steps = 0
    for workspace in Workspace.objects.all():
        late = Case.objects.of(workspace).filter(
            status__in=service.OPEN_STATES, due_at__lt=now, escalation__lt=2
        )
        if not late.exists():
            continue
        settings = service.settings_of(workspace)
        for case in late.select_related("workspace", "unit", "owner"):
            level = escalation_level(case.due_at, service.sla(settings, case.severity), now)
            for step in range(case.escalation + 1, level + 1):
                steps += escalate(case, step)
    return steps
