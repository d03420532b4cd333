"""The demo's walk-throughs (docs/quality.md): a year of leaders' walks and mystery-shopping visits
at the three branches, audit rounds (one overdue), and the leaders' customer conversations.

Every behaviour on a walk's checklist is checked; the chance it is observed is the branch's
level (Harrogate best, York worst) and the touchpoint's: "Finance and part-exchange" is clearly
weaker than every other step (the pressure to buy add-ons customers complain about). Of the
three leaders, the finance director walked in earlier quarters but not in this one: the
"undercover boss" the leaders' table names.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
from typing import Any

import numpy as np

from servicegap.accounts.services import set_membership
from servicegap.core.models import Workspace
from servicegap.journeys.models import Journey
from servicegap.people.models import Person
from servicegap.quality import walks
from servicegap.quality.models import AuditRound, Conversation

BRANCH_LEVEL = (0.88, 0.80, 0.72)  # Harrogate, Leeds City, York: share of behaviours seen
WEAK = {"BUY-FINANCE": -0.38, "SVC-COLLECT": -0.08}  # touchpoints below the branch's level
SHOPPER = "Clearview Research (mystery shopper)"
LEADERS = (  # (e-mail, name) of the demo's leaders beside the owner
    ("head.of.sales@demo.servicegap.test", "Priya", "Shah"),
    ("finance.director@demo.servicegap.test", "Tom", "Hughes"),
)
NOT_SEEN = {
    "BUY-FINANCE": "Add-ons offered before the price of the car was agreed.",
    "BUY-VISIT": "Waited at the desk; nobody looked up.",
    "SVC-COLLECT": "Invoice not explained line by line.",
}
TALKS = (
    "Asked what nearly stopped them buying: the finance conversation.",
    "Waited 20 minutes at collection; would like a text when the car is ready.",
    "Very happy with the courtesy car; the booking line was hard to reach.",
    "Compared us with the dealer in Wetherby on the price of servicing.",
)


def _photo(rng: np.random.Generator) -> str:
    """A small JPEG standing in for a walker's photo (a plain colour field)."""
    from PIL import Image  # noqa: PLC0415 (Pillow comes with WeasyPrint)

    out = io.BytesIO()
    colour = tuple(int(c) for c in rng.integers(60, 200, size=3))
    Image.new("RGB", (320, 240), colour).save(out, "JPEG", quality=70)
    return "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode()


def _doc(rng, ws: Workspace, journey: Journey, branch: int, unit_code: str, when: dt.datetime, n: int,
         kind: str, name: str = "", round_id: int | None = None) -> dict[str, Any]:  # fmt: skip
    steps = []
    for step in walks.journey_checklist(ws, journey):
        p = float(np.clip(BRANCH_LEVEL[branch] + WEAK.get(step.touchpoint, 0.0), 0.05, 0.97))
        checks = [{"standard": it.standard, "behaviour": it.behaviour,
                   "observed": bool(rng.random() < p)} for it in step.items]  # fmt: skip
        missed = any(not c["observed"] for c in checks)
        note = NOT_SEEN.get(step.touchpoint, "") if missed else ""
        photo = _photo(rng) if missed and step.touchpoint in NOT_SEEN and n % 3 == 0 else None
        steps.append({"touchpoint": step.touchpoint, "checks": checks, "note": note,
                      "photo": photo})  # fmt: skip
    doc: dict[str, Any] = {"submission_key": f"demo-walk-{n:04d}", "journey": journey.code, "unit": unit_code,
           "walker_kind": kind, "walker_name": name, "visited_at": when.isoformat(),
           "steps": steps}  # fmt: skip
    if round_id:
        doc["round"] = round_id
    return doc


def _quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def create(parent: np.random.Generator, w: Any, ws: Workspace, refs: dict) -> None:
    rng = parent.spawn(1)[0]  # its own stream: adding this step changes none of the draws after it
    end = w.timeline.end  # the demo's today (UTC midnight)
    now_quarter = _quarter_start(end)
    journeys = {j.code: j for j in Journey.objects.of(ws)}
    branches = refs["branches"]
    owner = refs["users"]["owner"]
    leaders = [owner]
    for email, first, last in LEADERS:
        user, _ = set_membership(ws, email, "leader", [])
        user.first_name, user.last_name = first, last
        user.save(update_fields=["first_name", "last_name"])
        leaders.append(user)
    head, finance = leaders[1], leaders[2]

    def at(days_before: int, hour: int = 11) -> dt.datetime:
        return dt.datetime.combine(end - dt.timedelta(days=days_before), dt.time(hour), dt.UTC)

    n = 0
    # mystery shopping: each branch once a month, buying and servicing in turn
    for month in range(12):
        for b, branch in enumerate(branches):
            n += 1
            code = "BUY" if (month + b) % 2 == 0 else "SVC"
            when = at(350 - 30 * month - 3 * b)
            doc = _doc(rng, ws, journeys[code], b, branch.code, when, n, "mystery_shopper",
                       SHOPPER)  # fmt: skip
            walks.store(ws, None, doc)
    # leaders' walks: the head of sales monthly, the owner each quarter, the finance director
    # in the first three quarters of the year only
    plan = [(head, 340 - 30 * m) for m in range(12)] + [(owner, 320 - 90 * q) for q in range(4)]
    plan += [(finance, 330 - 90 * q) for q in range(3)]
    quarter_days = (end - now_quarter).days
    for user, days in plan:
        if user is finance and days <= quarter_days:
            continue  # the undercover boss: nothing in this quarter
        n += 1
        b = int(rng.integers(len(branches)))
        code = "BUY" if user is not owner else ("SVC" if n % 2 else "BUY")
        doc = _doc(rng, ws, journeys[code], b, branches[b].code, at(max(days, 0), 15), n,
                   "leader")  # fmt: skip
        walks.store(ws, user, doc)
    # the owner's and the head of sales' walks of this quarter, whatever day of the quarter the
    # demo ends on (on its first day: just after midnight, never in the future)
    for user, b in ((owner, 2), (head, 0)):
        n += 1
        when = at(min(quarter_days, 12), 10) if quarter_days else at(0, 0)
        doc = _doc(rng, ws, journeys["SVC"], b, branches[b].code, when, n, "leader")
        walks.store(ws, user, doc)
    _rounds(rng, ws, journeys, branches, end, head, n)
    _talks(rng, ws, leaders, end)


def _rounds(rng, ws: Workspace, journeys, branches, end: dt.date, head, n: int) -> None:
    """A round per branch: one done (its walk sent from the round), York's overdue, the rest
    due in the coming weeks."""
    made = []
    for b, branch in enumerate(branches):
        for code, due_in, kind in (("BUY", -20, "leader"), ("SVC", -6 if b == 2 else 12 + 7 * b,
                                                             "mystery_shopper")):  # fmt: skip
            made.append(AuditRound.objects.create(
                workspace=ws, unit=branch, journey=journeys[code], walker_kind=kind,
                due_on=end + dt.timedelta(days=due_in), assignee=head if kind == "leader" else None,
            ))  # fmt: skip
    for r in made:
        if r.due_on < end and r.walker_kind == "leader":
            n += 1
            b = list(branches).index(r.unit)
            when = dt.datetime.combine(r.due_on - dt.timedelta(days=2), dt.time(14), dt.UTC)
            walks.store(ws, head, _doc(rng, ws, r.journey, b, r.unit.code, when, n, "leader",
                                       round_id=r.pk))  # fmt: skip


def _talks(rng, ws: Workspace, leaders, end: dt.date) -> None:
    customers = list(Person.objects.of(ws).filter(kind="customer").order_by("pk")[:40])
    per_quarter = (2, 4, 1)  # owner, head of sales, finance director
    rows = []
    for leader, count in zip(leaders, per_quarter, strict=True):
        for q in range(4):
            for i in range(count):
                day = end - dt.timedelta(days=int(5 + 90 * q + rng.integers(0, 80)))
                customer = customers[int(rng.integers(len(customers)))] if i % 2 == 0 else None
                rows.append(Conversation(workspace=ws, leader=leader, held_on=day,
                                         customer=customer,
                                         note=TALKS[int(rng.integers(len(TALKS)))]))  # fmt: skip
    Conversation.objects.bulk_create(rows)
