"""The demo's recognition rows: a few rewards recorded by the demo manager, a wall link for the
branch with the most compliments of the last 30 days, and enough compliments naming the demo
employee that their My page is never empty. Nothing is marked seen: only opening a page does."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
from django.db.models import Count, Q

from servicegap.accounts.models import Membership
from servicegap.core.models import AuditEntry, Workspace
from servicegap.demo import texts
from servicegap.demo.blocks import DEPT, TOUCHPOINTS, World
from servicegap.demo.wording import fill
from servicegap.feedback.models import Feedback, Recognition
from servicegap.people.models import Unit
from servicegap.recognition.models import Reward, WallLink
from servicegap.recognition.service import subtree

# Days before the demo's end of the compliments the demo employee gets when chance gave them
# fewer than three: one this week, one last month, one the month before.
TOP_UP_DAYS = (3, 33, 63)
# (kind, amount, note) of the demo manager's rewards, newest recognition first.
REWARDS = [
    ("thanks", None, "Read out at Monday's team meeting. Well done!"),
    ("voucher", Decimal("25.00"), "Dinner voucher, with thanks from the whole branch."),
    ("time_off", None, "Take Friday afternoon off, you earned it."),
    ("gift", Decimal("40.00"), "Flowers for going the extra mile."),
]


def _end(w: World) -> dt.datetime:
    return dt.datetime.combine(w.timeline.end, dt.time(), tzinfo=dt.UTC)


def _person_of(ws: Workspace, user) -> int:
    return Membership.objects.of(ws).values_list("person_id", flat=True).get(user=user)


def top_up(rng, w: World, ws: Workspace, person_id: int) -> None:
    """Compliments naming the demo employee, if chance gave them fewer than three."""
    have = Recognition.objects.of(ws).filter(employee_id=person_id).count()
    if have >= len(TOP_UP_DAYS):
        return
    employee = int(np.flatnonzero(w.emp_id == person_id)[0])
    branch, dept = int(w.pop.emp_branch[employee]), int(w.pop.emp_dept[employee])
    places = [t for t in TOUCHPOINTS if DEPT[t[4]] == dept] or list(TOUCHPOINTS)
    for days in TOP_UP_DAYS[have:]:
        tp = places[int(rng.integers(len(places)))]
        cust = int(rng.choice(np.flatnonzero(w.pop.cust_branch == branch)))
        when = _end(w) - dt.timedelta(days=days, hours=float(rng.uniform(4, 10)))
        text = fill(texts.COMPLIMENTS[int(rng.integers(len(texts.COMPLIMENTS)))], w.pop, employee)
        feedback = Feedback.objects.create(
            workspace=ws, kind="compliment", text=text, submitted_at=when, perspective="customer",
            person_id=int(w.cust_id[cust]), touchpoint_id=w.tp_id[tp[1]],
            unit_id=int(w.unit[branch, dept]), employee_id=person_id, channel="web",
        )  # fmt: skip
        Recognition.objects.create(workspace=ws, feedback=feedback, employee_id=person_id)


def rewards(rng, w: World, ws: Workspace, users: dict, person_id: int) -> None:
    """The demo manager rewards the newest recognitions of their unit, the demo employee's
    newest among them."""
    unit_ids = Membership.objects.of(ws).get(user=users["manager"]).units.values_list("pk")
    theirs = Recognition.objects.of(ws).filter(feedback__unit_id__in=unit_ids)
    newest = theirs.select_related("feedback", "employee").order_by("-feedback__submitted_at")
    own = newest.filter(employee_id=person_id).first()
    chosen = ([own] if own else []) + [r for r in newest[:12] if r != own]
    manager = users["manager"]
    for recognition, (kind, amount, note) in zip(chosen, REWARDS, strict=False):
        given = min(
            recognition.feedback.submitted_at + dt.timedelta(days=float(rng.uniform(1, 3))),
            _end(w) - dt.timedelta(hours=1),
        )
        Reward.objects.create(
            workspace=ws, recognition=recognition, kind=kind, amount=amount,
            currency=ws.currency if amount else "", note=note, given_by=manager, given_at=given,
        )  # fmt: skip
        AuditEntry.objects.create(
            workspace=ws, actor=manager.email, action="recognition.reward",
            detail={"recognition": recognition.pk, "employee": recognition.employee.code,
                    "kind": kind, "amount": str(amount) if amount else None,
                    "currency": ws.currency if amount else None},
        )  # fmt: skip


def wall(w: World, ws: Workspace, users: dict, branches: list[Unit]) -> WallLink:
    """A wall link for the branch with the most customer compliments in the last 30 days."""
    since = _end(w) - dt.timedelta(days=30)
    recent = Q(kind="compliment", perspective="customer", submitted_at__gte=since)

    def count(branch: Unit) -> int:
        rows = Feedback.objects.of(ws).filter(recent, unit__code__in=subtree(ws, branch))
        return rows.aggregate(n=Count("id"))["n"]

    busiest = max(branches, key=lambda b: (count(b), b.code))
    owner = users["owner"]
    link = WallLink.objects.create(workspace=ws, unit=busiest, created_by=owner)
    AuditEntry.objects.create(
        workspace=ws, actor=owner.email, action="recognition.wall_link",
        detail={"unit": busiest.code},
    )  # fmt: skip
    return link


def create(rng: np.random.Generator, w: World, ws: Workspace, refs: dict) -> None:
    users = refs["users"]
    person_id = _person_of(ws, users["employee"])
    top_up(rng, w, ws, person_id)
    rewards(rng, w, ws, users, person_id)
    wall(w, ws, users, refs["branches"])
