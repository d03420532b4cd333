"""A shop with a year and a half of purchases and what its customers said, for the loyalty
reports' tests: some customers whose group the rules leave in no doubt, and sixty others."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

AS_OF = date(2026, 6, 30)
START = date(2025, 1, 1)


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 11, 0, tzinfo=UTC)


def _buys(ws, person, days: list[date], rng: random.Random) -> None:
    from servicegap.loyalty.models import Transaction

    Transaction.objects.bulk_create([
        Transaction(workspace=ws, customer=person, date=d,
                    amount=Decimal(f"{rng.uniform(40, 160):.2f}"))
        for d in days
    ])  # fmt: skip


def _every(first: date, last: date, days: int) -> list[date]:
    out, d = [], first
    while d <= last:
        out.append(d)
        d += timedelta(days=days)
    return out


def _answer(ws, person, day: date, survey, touchpoint=None, **answers) -> None:
    from servicegap.surveys.models import Answer, Response

    r = Response.objects.create(
        workspace=ws, submitted_at=_at(day), perspective="customer", respondent=person,
        survey=survey, touchpoint=touchpoint, scale_max=7,
    )  # fmt: skip
    for kind, value in answers.items():
        values = value if isinstance(value, list) else [value]
        for v in values:
            item = "REASON" if kind == "choice" else ("COMMENT" if kind == "text" else "")
            num = v if isinstance(v, int | float) else None
            Answer.objects.create(
                workspace=ws, response=r, kind=kind, item=item, value_num=num,
                value_text="" if num is not None else v,
            )  # fmt: skip


def shop(ws) -> dict:
    """The shop; returns its touchpoint code and the customers whose group is certain."""
    from servicegap.feedback.models import Feedback
    from servicegap.journeys.models import Journey, Touchpoint
    from servicegap.people.models import Person
    from servicegap.surveys.models import Question, Survey
    from servicegap.surveys.templates_catalogue import EXIT_REASONS

    rng = random.Random(16)
    journey = Journey.objects.create(workspace=ws, code="SVC", name="Service")
    update = Touchpoint.objects.create(
        workspace=ws, journey=journey, code="SVC-UPDATE", name="Progress update", step=1
    )
    sat = Survey.objects.create(workspace=ws, code="SAT", title="How did we do?",
                                template="perception", scale_max=7)  # fmt: skip
    pulse = Survey.objects.create(workspace=ws, code="PULSE", title="Progress update pulse",
                                  template="pulse", scale_max=7, touchpoint=update)  # fmt: skip
    leave = Survey.objects.create(workspace=ws, code="EXIT", title="Why did you leave?",
                                  template="exit", scale_max=7)  # fmt: skip
    Question.objects.create(workspace=ws, survey=leave, code="REASON", kind="choice",
                            options=EXIT_REASONS, multiple=True)  # fmt: skip

    def customer(code: str) -> Person:
        return Person.objects.create(workspace=ws, code=code, kind="customer")

    fan, grump, quiet = customer("FAN"), customer("GRUMP"), customer("QUIET")
    for p in (fan, grump, quiet):  # every two weeks up to the as-of date: alive
        _buys(ws, p, _every(START, AS_OF, 14), rng)
    _buys(ws, fan, [AS_OF], rng)  # the last purchase: the default as-of day
    _answer(ws, fan, date(2026, 5, 1), sat, nps=10)
    _answer(ws, grump, date(2025, 3, 1), sat, nps=10)  # an older answer: the latest counts
    _answer(ws, grump, date(2026, 5, 2), sat, nps=3, text="Only shop nearby, sadly.")
    Feedback.objects.create(workspace=ws, kind="complaint", text="Never told when it's ready.",
                            submitted_at=_at(date(2026, 5, 3)), person=grump)  # fmt: skip
    gone = customer("GONE")  # bought every week for months, then nothing for a year
    _buys(ws, gone, _every(START, date(2025, 6, 1), 7), rng)
    _answer(ws, gone, date(2025, 5, 20), pulse, touchpoint=update, moment="misery")
    _answer(ws, gone, date(2025, 5, 21), sat, nps=2)
    leaver = customer("LEAVER")  # still buying, but answered the exit survey
    _buys(ws, leaver, _every(START, AS_OF, 10), rng)
    _answer(ws, leaver, date(2026, 6, 1), leave, choice=["price", "service"])
    _answer(ws, leaver, date(2026, 6, 1), sat, nps=9)
    for i in range(60):  # the others: some buy often, some stop, most say something
        p = customer(f"C{i:02d}")
        first = START + timedelta(days=rng.randint(0, 200))
        last = min(first + timedelta(days=rng.randint(30, 560)), AS_OF)
        days = sorted({first + timedelta(days=rng.randint(0, (last - first).days))
                       for _ in range(rng.randint(1, 15))} | {first})  # fmt: skip
        _buys(ws, p, days, rng)
        if rng.random() < 0.8:
            _answer(ws, p, first + timedelta(days=3), sat, nps=rng.randint(0, 10))
        if i < 4:
            p.referred_by = fan
            p.save()
    return {"fan": fan, "grump": grump, "gone": gone, "leaver": leaver, "quiet": quiet}
