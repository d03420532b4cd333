"""The demo's cases, made as the product makes them: the workspace rules (``lib/caserules``)
pick the customer complaints and the last month's detractors and moments of misery, and
``cases.service.open_cases`` opens them (numbered, dated, logged, routed to their unit). Then
each case is worked as a front line would: taken, rung or answered by e-mail, closed (some past
their due time, a few escalated), with goodwill within and above the granters' limits and the
customers' answers to the recovery survey. The work is written in bulk, in the log's own shapes.

The demo is a UK dealership, so its currency is GBP. About half of the customers who left a
contact with their complaint gave an e-mail address (the feedback rows carry only a number), so
replies and recovery surveys have someone to go to.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import numpy as np

from servicegap.cases import service
from servicegap.cases.models import Case, CaseEvent, CaseStatus, EventKind, Goodwill
from servicegap.cases.rules import DEFAULTS, case_title
from servicegap.core.models import Workspace
from servicegap.demo import texts
from servicegap.demo.blocks import DEPT, World
from servicegap.feedback.models import Feedback
from servicegap.lib import caserules
from servicegap.people.models import Person
from servicegap.surveys.models import Response
from servicegap.surveys.transfer.responses import answers_of

H = dt.timedelta(hours=1)
RECENT_RESPONSES = dt.timedelta(days=30)
APOLOGY = (
    "I am sorry we let you down. I have looked into what happened and would like to put it "
    "right: could you tell me a good time to call you?"
)
# "Did we put it right?": mostly yes, as recovered customers answer.
RECOVERY_P = np.array([0.08, 0.08, 0.14, 0.30, 0.40])
WORKED = (
    "status", "owner_id", "closed_at", "resolution", "escalation", "recovery_sent_at",
    "recovery_answer", "recovery_nps", "recovery_answered_at",
)  # fmt: skip


def _emails(rng, ws: Workspace, complaints: list[Feedback]) -> None:
    """Half the customers who left a contact gave an e-mail address instead of a number."""
    names = dict(Person.objects.of(ws).filter(pk__in=[f.person_id for f in complaints])
                 .values_list("pk", "name"))  # fmt: skip
    changed = []
    for f in complaints:
        if f.consent and rng.random() < 0.5:
            name = (names.get(f.person_id or 0) or f"customer {f.person_id}").lower()
            f.contact = ".".join(name.split()) + "@example.com"
            changed.append(f)
    Feedback.objects.bulk_update(changed, ["contact"])


def _openings(w: World, ws: Workspace, end: dt.datetime) -> list[service.Opening]:
    """What the rules open: every customer complaint, and the last month's customer responses
    that match a rule (a recommend answer of 0-6, a moment of misery)."""
    openings = [
        service.Opening(
            trigger=caserules.COMPLAINT,
            severity=DEFAULTS[caserules.COMPLAINT].severity,
            title=case_title(caserules.COMPLAINT, f, ()),
            feedback_id=f.pk,
            unit_id=f.unit_id,
            customer_id=f.person_id,
            contact=f.contact if f.consent else "",
            at=f.submitted_at,
        )  # fmt: skip
        for f in Feedback.objects.of(ws).filter(kind="complaint", perspective="customer")
    ]
    recent = Response.objects.of(ws).filter(
        perspective="customer", submitted_at__gte=end - RECENT_RESPONSES, submitted_at__lt=end
    )
    responses = {r.pk: r for r in recent}
    answers: dict[int, list[Any]] = {}
    ids = list(responses)
    for start in range(0, len(ids), 500):
        for a in answers_of(ids[start : start + 500]).filter(kind__in=("nps", "moment", "text")):
            answers.setdefault(a.response_id, []).append(a)
    for pk, given in answers.items():
        r = responses[pk]
        triggers = caserules.response_triggers(
            ((a.kind, a.value_num, a.value_text) for a in given), False
        )
        rule = caserules.choose(triggers, DEFAULTS)
        if rule is not None:
            openings.append(service.Opening(
                trigger=rule.trigger, severity=rule.severity, title=case_title(rule.trigger, r, given),
                response_id=pk, unit_id=r.unit_id, customer_id=r.respondent_id, at=r.submitted_at,
            ))  # fmt: skip
    openings.sort(key=lambda o: o.at or end)
    return openings


class Work:
    """The log lines and goodwill of the demo's cases, gathered for bulk inserts."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self.events: list[CaseEvent] = []
        self.goodwill: list[Goodwill] = []

    def log(self, case: Case, at: dt.datetime, kind: str, who: Any, text: str = "", **detail):
        label = who.email if who is not None else "system"
        self.events.append(CaseEvent(
            workspace=self.ws, case=case, at=at, kind=kind, actor=who, actor_label=label,
            text=text, detail=detail,
        ))  # fmt: skip

    def status(self, case: Case, at: dt.datetime, to: str, who: Any, text: str = "") -> None:
        self.log(case, at, EventKind.STATUS, who, text, **{"from": case.status, "to": to})
        case.status = to


def _front_line(rng, case: Case, users: dict, north_service: int) -> Any:
    """Who works the case: North's service team on theirs, the owner (the CX lead) on the rest,
    some left to nobody."""
    if case.unit_id == north_service:
        return users["employee"] if rng.random() < 0.7 else users["manager"]
    return users["owner"] if rng.random() < 0.75 else None


def _escalate(work: Work, case: Case, upto: int, sla: dt.timedelta, users: dict, north: int):
    for level in range(1, upto + 1):
        to = users["manager"] if case.unit_id == north and level == 1 else users["owner"]
        at = (case.due_at or case.opened_at) + sla * (level - 1) + dt.timedelta(minutes=1)
        work.log(
            case, at, EventKind.ESCALATED, None, f"Past due: escalated to {to.email}",
            level=level, unit=None, to=[to.email],
        )  # fmt: skip
    case.escalation = upto


def _goodwill(rng, work: Work, case: Case, who: Any, at: dt.datetime, users: dict, settled: bool):
    """A gesture, credit or refund: most within the granter's limit, some above it and
    approved (or declined) by the owner; one still waiting on an open case."""
    kind = str(rng.choice(["gesture", "credit", "refund"], p=[0.5, 0.3, 0.2]))
    front = who == users["employee"]
    median = 35 if front else 120
    amount = Decimal(f"{float(np.clip(rng.lognormal(np.log(median), 0.7), 5, 1500)):.2f}")
    limit = Decimal(25 if front else 250 if who == users["manager"] else 1000)
    state, approver, decided = Goodwill.State.GRANTED, None, None
    if amount > limit:
        if not settled:  # the case is still open: the approval is still to come
            state = Goodwill.State.PENDING
        else:
            approver, decided = users["manager" if front else "owner"], at + 3 * H
            state = Goodwill.State.APPROVED if rng.random() < 0.8 else Goodwill.State.DECLINED
    work.goodwill.append(Goodwill(
        workspace=work.ws, case=case, kind=kind, amount=amount, currency="GBP",
        note=texts.CASE_RESOLUTIONS[int(rng.integers(3))][:500], state=state, granted_by=who,
        granted_at=at, approved_by=approver, approved_at=decided,
    ))  # fmt: skip
    work.log(case, at, EventKind.GOODWILL, who, f"{kind} of GBP {amount}", state=state)


def _work(rng, work: Work, case: Case, end: dt.datetime, sla: dt.timedelta, users, north):
    """One case's story up to ``end``."""
    age = end - case.opened_at
    who = _front_line(rng, case, users, north)
    if who is None and age > dt.timedelta(days=7):
        who = users["owner"]  # nobody left an old case lying: the CX lead took it
    if who is None or age < dt.timedelta(hours=float(rng.uniform(2, 30))):
        case.owner = None  # not picked up yet: new, in its unit's queue
    else:
        taken = case.opened_at + dt.timedelta(hours=float(rng.uniform(0.3, 8)))
        work.log(case, taken, EventKind.OWNER, who, **{"from": None, "to": who.email})
        work.status(case, taken, CaseStatus.OPEN, who)
        case.owner = who
        contact = case.contact
        if contact:
            said = taken + dt.timedelta(hours=float(rng.uniform(0.2, 6)))
            if "@" in contact:
                work.log(case, said, EventKind.REPLY, who, APOLOGY, to=contact)
                work.status(case, said, CaseStatus.WAITING, who)
            else:
                work.log(case, said, EventKind.NOTE, who, f"Rang the customer on {contact}.")
        # Closed in a median of 60 % of the time allowed: about one in four past due.
        hours = float(rng.lognormal(np.log(0.6 * sla.total_seconds() / 3600), 0.8))
        closing = case.opened_at + dt.timedelta(hours=hours)
        if closing < end and (age > dt.timedelta(days=14) or rng.random() < 0.4):
            if rng.random() < (0.6 if who == users["employee"] else 0.2):
                _goodwill(rng, work, case, who, closing - H, users, True)
            case.resolution = texts.CASE_RESOLUTIONS[int(rng.integers(len(texts.CASE_RESOLUTIONS)))]
            if case.due_at and closing > case.due_at:
                _escalate(
                    work,
                    case,
                    caserules.escalation_level(case.due_at, sla, closing),
                    sla,
                    users,
                    north,
                )
            work.status(case, closing, CaseStatus.CLOSED, who, case.resolution)
            case.closed_at = closing
            _recovery(rng, work, case, end)
            return
        if rng.random() < 0.1:
            _goodwill(rng, work, case, who, taken + 2 * H, users, False)
    _escalate(work, case, caserules.escalation_level(case.due_at, sla, end), sla, users, north)


def _recovery(rng, work: Work, case: Case, end: dt.datetime) -> None:
    """The recovery survey went to customers with an e-mail address; most answered."""
    if "@" not in case.contact or case.closed_at is None:
        return
    case.recovery_sent_at = case.closed_at + dt.timedelta(minutes=1)
    answered = case.recovery_sent_at + dt.timedelta(hours=float(rng.uniform(2, 96)))
    if answered > end or rng.random() < 0.3:
        return
    answer = int(rng.choice(5, p=RECOVERY_P)) + 1
    nps = (
        int(np.clip(round(answer * 2 + rng.normal(0, 1.2)), 0, 10)) if rng.random() < 0.7 else None
    )
    case.recovery_answer, case.recovery_nps, case.recovery_answered_at = answer, nps, answered
    work.log(case, answered, EventKind.RECOVERY, None, f"Did we put it right? {answer} of 5",
             answer=answer, nps=nps)  # fmt: skip


def create(rng: np.random.Generator, w: World, ws: Workspace, users: dict) -> None:
    end = dt.datetime.combine(w.timeline.end, dt.time(), tzinfo=dt.UTC)
    Workspace.objects.filter(pk=ws.pk).update(currency="GBP")
    ws.currency = "GBP"
    complaints = list(Feedback.objects.of(ws).filter(kind="complaint", perspective="customer"))
    _emails(rng, ws, complaints)
    cases = service.open_cases(ws, _openings(w, ws, end))
    settings = service.settings_of(ws)
    north = int(w.unit[0, DEPT["SERVICE"]])
    work = Work(ws)
    for case in cases:
        _work(rng, work, case, end, service.sla(settings, case.severity), users, north)
    CaseEvent.objects.bulk_create(sorted(work.events, key=lambda e: e.at), batch_size=2000)
    Goodwill.objects.bulk_create(work.goodwill, batch_size=2000)
    # One UPDATE per case: bulk_update's CASE expressions over 9 columns cost seconds here.
    for case in cases:
        Case.objects.filter(pk=case.pk).update(**{f: getattr(case, f) for f in WORKED})
