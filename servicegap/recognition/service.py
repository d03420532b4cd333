"""What the recognition pages read and write: one employee's recognitions, a unit's, the walls'
compliments, rewards and wall links. The views stay thin; every query is scoped by workspace.

A recognition belongs to the unit of its compliment (where it happened), or to the employee's
unit when the compliment names no unit; a unit means its whole subtree.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from servicegap.core.audit import record
from servicegap.core.models import Workspace
from servicegap.feedback.models import Feedback, FeedbackKind, Recognition
from servicegap.people.handlers import ERASED, EXPIRED
from servicegap.people.models import Person, Unit
from servicegap.recognition.models import Reward, WallLink

WALL_DAYS = 30
WALL_MAX = 40  # a screen shows this many at most


def subtree(workspace: Workspace, unit: Unit) -> frozenset[str]:
    """The codes of ``unit`` and every unit below it."""
    rows = list(Unit.objects.of(workspace).values_list("pk", "parent_id", "code"))
    children: dict[int | None, list[int]] = {}
    for pk, parent, _ in rows:
        children.setdefault(parent, []).append(pk)
    seen, frontier = set(), [unit.pk]
    while frontier:
        pk = frontier.pop()
        if pk not in seen:
            seen.add(pk)
            frontier += children.get(pk, [])
    return frozenset(code for pk, _, code in rows if pk in seen)


def in_units(codes: frozenset[str]) -> Q:
    """Recognitions whose compliment happened in ``codes`` (or named no unit and the employee
    belongs to one of them)."""
    return Q(feedback__unit__code__in=codes) | Q(
        feedback__unit__isnull=True, employee__unit__code__in=codes
    )


def _with_details(rows: QuerySet[Recognition]) -> QuerySet[Recognition]:
    return rows.select_related(
        "feedback__touchpoint", "feedback__unit", "employee__unit"
    ).prefetch_related("rewards")


def of_person(workspace: Workspace, person: Person) -> QuerySet[Recognition]:
    """``person``'s recognitions, newest compliment first."""
    rows = Recognition.objects.of(workspace).filter(employee=person)
    return _with_details(rows).order_by("-feedback__submitted_at", "-pk")


def of_units(
    workspace: Workspace, codes: frozenset[str] | None, since: datetime | None
) -> QuerySet[Recognition]:
    """The recognitions of the units ``codes`` (None: every unit) since ``since``."""
    rows = Recognition.objects.of(workspace)
    if codes is not None:
        rows = rows.filter(in_units(codes))
    if since is not None:
        rows = rows.filter(feedback__submitted_at__gte=since)
    return _with_details(rows).order_by("-feedback__submitted_at", "-pk")


def per_employee(rows: QuerySet[Recognition]) -> list[dict[str, Any]]:
    """How many recognitions each employee in ``rows`` received, most first."""
    counted = (
        rows.order_by()
        .values("employee_id", "employee__code", "employee__name", "employee__unit__code")
        .annotate(n=Count("id"), unseen=Count("id", filter=Q(seen_by_employee_at__isnull=True)))
    )
    return sorted((dict(r) for r in counted), key=lambda r: (-r["n"], r["employee__code"]))


def mark_seen(rows: list[Recognition], field: str, now: datetime | None = None) -> set[int]:
    """Set ``field`` (``seen_by_employee_at`` or ``seen_by_manager_at``) on those of ``rows``
    not seen yet; returns their ids (the page marks them "new")."""
    assert field in ("seen_by_employee_at", "seen_by_manager_at")
    fresh = {r.pk for r in rows if getattr(r, field) is None}
    if fresh:
        when = now or timezone.now()
        Recognition.objects.filter(pk__in=fresh, **{f"{field}__isnull": True}).update(
            **{field: when}
        )
    return fresh


@transaction.atomic
def give_reward(
    recognition: Recognition,
    user: Any,
    kind: str,
    amount: Decimal | None,
    note: str,
) -> Reward:
    """Record a reward on ``recognition`` in the workspace currency, with its audit entry."""
    workspace = recognition.workspace
    reward = Reward.objects.create(
        workspace=workspace,
        recognition=recognition,
        kind=kind,
        amount=amount,
        currency=workspace.currency if amount is not None else "",
        note=note,
        given_by=user,
    )
    record(
        workspace,
        user,
        "recognition.reward",
        recognition=recognition.pk,
        employee=recognition.employee.code,
        kind=kind,
        amount=str(amount) if amount is not None else None,
        currency=reward.currency or None,
    )
    return reward


def wall_links(workspace: Workspace, codes: frozenset[str] | None) -> QuerySet[WallLink]:
    """The live wall links of the units ``codes`` (None: every unit)."""
    links = WallLink.objects.of(workspace).filter(revoked_at__isnull=True).select_related("unit")
    return links if codes is None else links.filter(unit__code__in=codes)


@transaction.atomic
def new_wall_link(workspace: Workspace, unit: Unit, user: Any) -> WallLink:
    """A new link for ``unit``'s wall; the unit's previous link stops working."""
    now = timezone.now()
    WallLink.objects.of(workspace).filter(unit=unit, revoked_at__isnull=True).update(revoked_at=now)
    link = WallLink.objects.create(workspace=workspace, unit=unit, created_by=user, created_at=now)
    record(workspace, user, "recognition.wall_link", unit=unit.code)
    return link


def revoke_wall_link(link: WallLink, user: Any) -> None:
    link.revoked_at = timezone.now()
    link.save(update_fields=["revoked_at"])
    record(link.workspace, user, "recognition.wall_revoke", unit=link.unit.code)


def wall_compliments(link: WallLink, now: datetime | None = None) -> list[Feedback]:
    """The customers' compliments of the link's unit (and below) in the last 30 days, newest
    first. Only the customer perspective: a wall never shows what employees wrote."""
    since = (now or timezone.now()) - timedelta(days=WALL_DAYS)
    codes = subtree(link.workspace, link.unit)
    rows = (
        Feedback.objects.of(link.workspace)
        .filter(kind=FeedbackKind.COMPLIMENT, perspective="customer", submitted_at__gte=since)
        .filter(Q(unit__code__in=codes) | Q(unit__isnull=True, employee__unit__code__in=codes))
        .exclude(text__in=[ERASED, EXPIRED])
        .select_related("employee", "touchpoint")
        .order_by("-submitted_at", "-pk")
    )
    return list(rows[:WALL_MAX])
