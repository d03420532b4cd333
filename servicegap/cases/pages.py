"""What the case pages show, gathered for the templates (the views stay thin)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from servicegap.accounts.models import Membership
from servicegap.cases import forms, service
from servicegap.cases.models import Case, CaseRule, CaseStatus, Trigger
from servicegap.cases.outcome import outcome
from servicegap.cases.rules import rules_of
from servicegap.core.web import UNIT_SCOPED_ROLES
from servicegap.feedback.models import Feedback
from servicegap.lib.caserules import TRIGGERS, breached
from servicegap.people.models import Unit
from servicegap.surveys.models import Answer, Response

SETTINGS_FIELDS = (
    "sla_high_hours", "sla_normal_hours", "sla_low_hours", "limit_employee", "limit_manager",
    "limit_leader", "limit_owner", "recovery_horizon_days",
)  # fmt: skip
SOON = timedelta(hours=24)


def units_in(workspace: Any, scope: frozenset[str] | None) -> list[Unit]:
    units = Unit.objects.of(workspace).order_by("code")
    return list(units if scope is None else units.filter(code__in=scope))


def owner_emails(workspace: Any) -> list[str]:
    members = Membership.objects.of(workspace).select_related("user").order_by("user__email")
    return [m.user.email for m in members]


def figures(visible: QuerySet[Case], now: datetime) -> dict[str, int]:
    """Counts over the cases the reader may see: not closed, past due, due within a day."""
    active = visible.exclude(status=CaseStatus.CLOSED)
    return active.aggregate(
        open=Count("pk"),
        breached=Count("pk", filter=Q(due_at__lt=now)),
        due_soon=Count("pk", filter=Q(due_at__gte=now, due_at__lt=now + SOON)),
        triage=Count("pk", filter=Q(unit__isnull=True)),
    )


def query_without_page(params: Mapping[str, Any]) -> str:
    rest = params.copy()  # type: ignore[attr-defined]
    rest.pop("page", None)
    return str(rest.urlencode())


def assignable(case: Case) -> list[Any]:
    """The members who may see ``case`` (and so may own it): owners and leaders, and managers
    and employees of its unit or a unit above it."""
    above: set[int] = set()
    parents = dict(Unit.objects.of(case.workspace_id).values_list("pk", "parent_id"))
    unit_id = case.unit_id
    while unit_id is not None and unit_id not in above:
        above.add(unit_id)
        unit_id = parents.get(unit_id)
    members = Membership.objects.of(case.workspace_id).select_related("user")
    found = []
    for m in members.prefetch_related("units").order_by("user__email"):
        if m.role not in UNIT_SCOPED_ROLES or any(u.pk in above for u in m.units.all()):
            found.append(m.user)
    return found


def _source(case: Case) -> dict[str, Any]:
    """The trigger's own words: the feedback, or the response's answers."""
    if case.feedback_id is not None:
        feedback = Feedback.objects.of(case.workspace_id).select_related("touchpoint")
        return {"feedback": feedback.filter(pk=case.feedback_id).first()}
    if case.response_id is not None:
        responses = Response.objects.of(case.workspace_id).select_related("touchpoint", "survey")
        response = responses.filter(pk=case.response_id).first()
        answers = Answer.objects.of(case.workspace_id).filter(response_id=case.response_id)
        return {"response": response, "answers": list(answers.order_by("pk"))}
    return {}


def detail(request: Any, case: Case) -> dict[str, Any]:
    scope = request.unit_scope
    units = units_in(case.workspace, scope)
    members = assignable(case)
    return {
        "case": case,
        "trigger": Trigger(case.trigger).label,
        "breached": breached(case.due_at, case.closed_at, timezone.now()),
        "outcome": outcome(case) if case.status == CaseStatus.CLOSED else "",
        "events": case.events.select_related("actor"),
        "statuses": [s for s in CaseStatus.values if s != case.status],
        "status_form": forms.StatusForm(),
        "assign_form": forms.AssignForm(
            members=members, initial={"owner": str(case.owner_id or "")}
        ),
        "may_take": request.user in members and case.owner_id != request.user.pk,
        "move_form": forms.MoveForm(units=units, initial={"unit": getattr(case.unit, "code", "")}),
        "severity_form": forms.SeverityForm(initial={"severity": case.severity}),
        "note_form": forms.NoteForm(),
        **_source(case),
    }


def settings_initial(workspace: Any) -> dict[str, Any]:
    settings = service.settings_of(workspace)
    initial: dict[str, Any] = {name: getattr(settings, name) for name in SETTINGS_FIELDS}
    initial["currency"] = workspace.currency
    for trigger, rule in rules_of(workspace).items():
        initial[f"rule_{trigger}"] = rule.enabled
        initial[f"severity_{trigger}"] = rule.severity
    return initial


@transaction.atomic
def save_settings(workspace: Any, data: dict[str, Any]) -> None:
    settings = service.settings_of(workspace, lock=True)
    for name in SETTINGS_FIELDS:
        setattr(settings, name, data[name])
    settings.save(update_fields=list(SETTINGS_FIELDS))
    workspace.currency = data["currency"]
    workspace.save(update_fields=["currency"])
    for trigger in TRIGGERS:
        CaseRule.objects.update_or_create(
            workspace=workspace, trigger=trigger,
            defaults={"enabled": data[f"rule_{trigger}"], "severity": data[f"severity_{trigger}"]},
        )  # fmt: skip


def settings_audit(data: dict[str, Any]) -> dict[str, Any]:
    """The saved values as plain JSON, for the audit log."""
    return {k: (str(v) if not isinstance(v, bool | int | str) else v) for k, v in data.items()}
