"""The demo's rows beside the responses: transactions, feedback, cases, actions, quality."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np

from servicegap.actions.models import Action, ActionStandard, ActionTouchpoint, ActionUnit
from servicegap.core.models import Workspace
from servicegap.demo import audits as audits_demo
from servicegap.demo import chain as chain_demo
from servicegap.demo import competitors as competitors_demo
from servicegap.demo import engagement as voice_demo
from servicegap.demo import facts as facts_demo
from servicegap.demo import (
    firsthour,
    ideas,
    invitation_rounds,
    migrated,
    migrated_qualtrics,
    migrated_responses,
    notifications,
    recognition,
    served,
    standards_edit,
    story,
    texts,
)
from servicegap.demo import loyalty as loyalty_demo
from servicegap.demo import promise as promise_demo
from servicegap.demo import recovery as case_recovery
from servicegap.demo import text as text_demo
from servicegap.demo import value as value_demo
from servicegap.demo.blocks import (
    BRANCH_EFFECT,
    BRANCH_STD,
    CUST_EXP,
    DEPT,
    STD,
    TOUCHPOINTS,
    World,
)
from servicegap.demo.wording import employee_at, fill
from servicegap.feedback.models import Feedback, Recognition
from servicegap.loyalty.models import Transaction
from servicegap.quality.models import Indicator, IndicatorReading, WalkThrough, WalkThroughCheck

DAY = 86_400


def _when(w: World, day: float, rng: np.random.Generator) -> dt.datetime:
    secs = w.timeline.seconds(rng, np.array([int(day)]))[0]
    return dt.datetime.fromtimestamp(int(secs), dt.UTC)


def transactions(rng, w: World, ws: Workspace) -> None:
    """Loyal (satisfied) customers visit and buy more; lost customers stop on their lost day."""
    pop, rows = w.pop, []
    sat, fleet = pop.cust_sat, pop.cust_fleet
    counts = {
        "SERVICE": 1 + rng.poisson(np.where(fleet, 4.0, 0.9) * np.exp(0.5 * sat)),
        "PARTS": rng.poisson(0.3 * np.exp(0.3 * sat)),
        "SALES": rng.poisson(np.where(fleet, 0.6, 0.07) * np.exp(0.4 * sat)),
    }
    amount = {"SERVICE": (260.0, 0.5), "PARTS": (70.0, 0.6), "SALES": (23_000.0, 0.25)}
    for dcode, count in counts.items():
        for i in np.flatnonzero(count):
            until = min(pop.cust_lost_day[i], 365.0)
            days = np.sort(rng.uniform(0, until, count[i]).astype(int))
            mean, sigma = amount[dcode]
            values = rng.lognormal(np.log(mean), sigma, count[i])
            for day, value in zip(days, values, strict=True):
                rows.append(Transaction(
                    workspace=ws, customer_id=int(w.cust_id[i]), date=w.timeline.date_of(day),
                    amount=Decimal(f"{value:.2f}"), unit_id=int(w.unit[pop.cust_branch[i], DEPT[dcode]]),
                ))  # fmt: skip
    rows.sort(key=lambda t: (t.date, t.customer_id))
    for n, row in enumerate(rows, start=1):
        row.reference = f"INV-{n:06d}"
    Transaction.objects.bulk_create(rows, batch_size=5000)


def feedback(rng, w: World, ws: Workspace, users: dict) -> None:
    pop = w.pop
    gaps = np.array([max(0.2, s.expectation - s.experience) for s in story.STANDARDS])
    complaint_stds = [c for c in texts.COMPLAINTS]
    weights = gaps[[STD[c] for c in complaint_stds]]
    rows: list[Feedback] = []
    named: list[int | None] = []
    channels = ("web", "qr", "email", "kiosk")
    for kind, count in (("compliment", 180), ("complaint", 150), ("suggestion", 40), ("idea", 30)):
        for _ in range(count):
            cust = int(rng.choice(len(w.cust_id), p=pop.cust_weight))
            branch = int(pop.cust_branch[cust])
            day = rng.uniform(0, min(pop.cust_lost_day[cust], 365.0))
            tp = TOUCHPOINTS[int(rng.integers(len(TOUCHPOINTS)))]
            if kind == "complaint":
                code = complaint_stds[int(rng.choice(len(weights), p=weights / weights.sum()))]
                where = [t for t in TOUCHPOINTS if code in t[5]]
                tp = where[int(rng.integers(len(where)))]
                pool = texts.COMPLAINTS[code]
            else:
                pool = {"compliment": texts.COMPLIMENTS, "suggestion": texts.SUGGESTIONS,
                        "idea": texts.IDEAS}[kind]  # fmt: skip
            dept = DEPT[tp[4]]
            employee = employee_at(pop, branch, dept, rng.random())
            text = fill(pool[int(rng.integers(len(pool)))], pop, employee)
            is_idea = kind == "idea"
            consent = bool(rng.random() < 0.6) and not is_idea
            rows.append(Feedback(
                workspace=ws, kind=kind, text=text, submitted_at=_when(w, day, rng),
                perspective="employee" if is_idea else "customer",
                person_id=int(w.emp_id[employee] if is_idea else w.cust_id[cust]),
                touchpoint_id=None if is_idea else w.tp_id[tp[1]],
                unit_id=int(w.unit[branch, dept]),
                employee_id=int(w.emp_id[employee]) if kind == "compliment" else None,
                consent=consent, contact=f"07700 900{int(rng.integers(1000)):03d}" if consent else "",
                channel="app" if is_idea else channels[int(rng.integers(len(channels)))],
            ))  # fmt: skip
            named.append(employee if kind == "compliment" else None)
    order = sorted(range(len(rows)), key=lambda i: rows[i].submitted_at)
    rows = Feedback.objects.bulk_create([rows[i] for i in order])
    named = [named[i] for i in order]
    # Unseen, every one: only the employee opening My page marks a recognition seen.
    recognitions = [
        Recognition(workspace=ws, feedback=f, employee_id=int(w.emp_id[e]))
        for f, e in zip(rows, named, strict=True) if e is not None
    ]  # fmt: skip
    Recognition.objects.bulk_create(recognitions)
    cases(rng, w, ws, [f for f in rows if f.kind == "complaint" and f.consent], users)


def cases(rng, w: World, ws: Workspace, complaints: list[Feedback], users: dict) -> None:
    """Opened by the product's own rules and service (``servicegap/demo/cases.py``)."""
    from servicegap.demo import cases as demo_cases

    demo_cases.create(rng, w, ws, users)


def actions(w: World, ws: Workspace, refs: dict) -> None:
    """Three actions, three verdicts: the call-back promise (public, done once its effect had
    ramped up: it "worked", and "You said, we did" tells customers so); Leeds City's handover
    checklist (its own units against the other branches' sales: no change, honestly); and
    the parts pre-pick (started a month ago: too early to tell)."""
    end = w.timeline.end
    start = w.timeline.date_of(w.timeline.action_day)
    ramped = start + dt.timedelta(days=story.IMPROVEMENT_RAMP_DAYS)
    city_sales = refs["branches"][1].children.get(code="CITY-SALES")
    specs = [
        ("CALLBACK-PROMISE", "Named call-back promise and a daily call-back list",
         "Every call-back gets a time and a name; the list is checked at 4pm.", "done",
         None, start, start + dt.timedelta(days=90), ramped, Decimal("4800.00"), True,
         ("gap", {"standard": "CALLBACK", "why": "the biggest customer gap"}), ["CALLBACK"],
         ["BUY-ENQUIRY", "SVC-DIAGNOSIS", "SVC-UPDATE"]),
        ("PARTS-PREPICK", "Parts picked the day before every booked job",
         "Fixes the weakest internal link: Parts to Service.", "in_progress",
         None, end - dt.timedelta(days=30), end + dt.timedelta(days=60), None, None, False,
         ("manual", {}), ["ONTIME", "FIXED-FIRST"], ["SVC-PARTS"]),
        ("HANDOVER-CHECKLIST", "Handover checklist with a photo of the prepared car",
         "Leeds City's handovers fall short of the promise.", "in_progress",
         city_sales, end - dt.timedelta(days=130), end + dt.timedelta(days=45), None,
         Decimal("650.00"), False, ("manual", {}), ["CAR-READY"], ["BUY-HANDOVER"]),
    ]  # fmt: skip
    for (code, title, description, status, unit, started, due, completed, cost, public,
         (origin, detail), scodes, tcodes) in specs:  # fmt: skip
        action = Action.objects.create(
            workspace=ws, code=code, title=title, description=description, status=status,
            owner=refs["users"]["owner"], started_on=started, due_on=due, completed_on=completed,
            cost=cost, public=public, origin=origin, origin_detail=detail,
        )  # fmt: skip
        if unit is not None:
            ActionUnit.objects.create(workspace=ws, action=action, unit=unit)
        ActionStandard.objects.bulk_create(
            [ActionStandard(workspace=ws, action=action, standard=refs["standards"][s])
             for s in scodes])  # fmt: skip
        ActionTouchpoint.objects.bulk_create(
            [ActionTouchpoint(workspace=ws, action=action, touchpoint=refs["touchpoints"][t])
             for t in tcodes])  # fmt: skip


def indicators(rng, w: World, ws: Workspace, refs: dict) -> None:
    tl = w.timeline
    months = sorted({dt.date(d.year, d.month, 1) for d in tl.dates if d.day == 1})
    specs = [
        ("CALLBACK-24H", "Calls returned within one working day", "CALLBACK",
         "% of call-back requests returned within one working day", 90.0, 48.0),
        ("READY-ON-TIME", "Cars ready at the promised time", "ONTIME",
         "% of jobs ready by the promised collection time", 95.0, 74.0),
        ("PARTS-FIRST-VISIT", "Parts available for the job at the first visit", "FIXED-FIRST",
         "% of booked jobs with all parts in stock when the car arrives", 95.0, 71.0),
    ]  # fmt: skip
    readings = []
    for code, name, scode, measure, target, level in specs:
        indicator = Indicator.objects.create(
            workspace=ws, code=code, name=name, standard=refs["standards"][scode],
            measure=measure, target=target,
        )  # fmt: skip
        for month in months:
            day = (month - tl.start_date).days
            lift = 30 * float(tl.improvement(np.array([day]))[0]) if scode == "CALLBACK" else 0.0
            for b, branch in enumerate(refs["branches"]):
                value = level + 10 * BRANCH_EFFECT[b] + lift + rng.normal(0, 2.5)
                readings.append(IndicatorReading(
                    workspace=ws, indicator=indicator, period_start=month,
                    value=round(float(np.clip(value, 0, 100)), 1), unit=branch,
                ))  # fmt: skip
    IndicatorReading.objects.bulk_create(readings)


def walk_through(rng, w: World, ws: Workspace, refs: dict) -> None:
    """A mystery shopper buys a car at Leeds City and checks every behaviour on the way."""
    city = 1
    visit = WalkThrough.objects.create(
        workspace=ws, journey=refs["touchpoints"]["BUY-ENQUIRY"].journey,
        unit=refs["branches"][city], walker_kind="mystery_shopper",
        walker_name="Mystery shopper (Clearview Research)", visited_at=_when(w, 345, rng),
        notes="Posed as a private buyer of a family hatchback, with a part-exchange.",
    )  # fmt: skip
    checks = []
    for _j, tcode, _name, _channel, _dept, scodes in TOUCHPOINTS:
        if not tcode.startswith("BUY-"):
            continue
        for scode in scodes:
            standard = refs["standards"][scode]
            p = np.clip((CUST_EXP[STD[scode]] + BRANCH_STD[city, STD[scode]] - 1) / 6, 0.1, 0.9)
            for behaviour in standard.behaviours:
                met = bool(rng.random() < p)
                checks.append(WalkThroughCheck(
                    workspace=ws, walk_through=visit, touchpoint=refs["touchpoints"][tcode],
                    standard=standard, behaviour=behaviour, met=met,
                    note="" if met else "Not seen on the visit.",
                ))  # fmt: skip
    WalkThroughCheck.objects.bulk_create(checks)


def create(rng: np.random.Generator, w: World, ws: Workspace, refs: dict) -> None:
    transactions(rng, w, ws)
    feedback(rng, w, ws, refs["users"])
    served.create(rng, w, ws, refs)
    case_recovery.create(rng, w, ws, refs)
    actions(w, ws, refs)
    indicators(rng, w, ws, refs)
    walk_through(rng, w, ws, refs)
    recognition.create(rng, w, ws, refs)
    notifications.create(rng, w, ws, refs)
    promise_demo.create(rng, w, ws, refs)
    standards_edit.create(rng, w, ws, refs)
    firsthour.create(rng, w, ws, refs)
    invitation_rounds.create(rng, w, ws, refs)
    migrated.create(rng, w, ws, refs)
    migrated_responses.create(rng, w, ws, refs)
    migrated_qualtrics.create(rng, w, ws, refs)
    chain_demo.create(rng, w, ws, refs)
    voice_demo.create(rng, w, ws, refs)
    ideas.create(rng, w, ws, refs)
    # the stories below came later: after every other draw, so they change none of the above
    audits_demo.create(rng, w, ws, refs)
    facts_demo.create(rng, w, ws, refs)
    competitors_demo.create(rng, w, ws, refs)
    loyalty_demo.create(rng, w, ws, refs)  # needs the transactions and exit answers above
    value_demo.create(rng, w, ws, refs)  # a finished fit over every purchase, loyalty's included
    text_demo.create(rng, w, ws, refs)  # last: it labels and routes the comments made above
