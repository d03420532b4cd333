"""The demo shows service recovery: customers answering replies through their links, recovery
survey links used where answered, saved and lost customers, and the recovery report with its
paradox. Needs ``recovery.create`` called from ``demo/extras.create`` (after the cases)."""

from __future__ import annotations

import datetime as dt

import pytest

END = dt.date(2026, 3, 1)


@pytest.fixture
def demo(db):
    from servicegap.demo.generator import build_demo

    return build_demo(seed=7, answers=3000, end=END).workspace


def test_the_demo_shows_the_customer_side_of_its_cases_and_the_report(demo):
    from servicegap.cases.models import Case, CaseEvent, CaseLink
    from servicegap.gaps.kinds import run

    replies = CaseEvent.objects.of(demo).filter(kind="reply").count()
    links = CaseLink.objects.of(demo)
    assert links.filter(purpose="reply").count() == replies > 0
    answered = CaseEvent.objects.of(demo).filter(kind="customer").count()
    assert answered == links.filter(purpose="reply", used_at__isnull=False).count() > 0
    surveyed = Case.objects.of(demo).filter(recovery_sent_at__isnull=False)
    assert links.filter(purpose="recovery").count() == surveyed.count() > 0
    assert all(k.used_at is None or k.used_at >= k.created_at for k in links)

    doc = run(demo, "recovery", {})
    assert sum(r["saved"] for r in doc["rows"]) > 0 and sum(r["lost"] for r in doc["rows"]) > 0
    paradox = doc["paradox"]
    assert paradox["never_complained"]["n"] > 0 and paradox["sentence"]
