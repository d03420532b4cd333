"""Saved or lost, from the database (servicegap.cases.outcome): each rule, in few queries."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from servicegap.cases.models import Case, CaseSettings, CaseStatus
from servicegap.cases.outcome import outcome, outcomes
from servicegap.loyalty.models import Transaction
from servicegap.people.models import Person
from servicegap.surveys.contract import record_response
from servicegap.surveys.models import Response, Survey

CLOSED = datetime(2026, 1, 10, 15, tzinfo=UTC)
SOON = date(2026, 1, 20)
LATER = date(2026, 12, 31)


def customer(ws, code="C1"):
    return Person.objects.create(workspace=ws, code=code, kind="customer")


def case(ws, person=None, number=1, status=CaseStatus.CLOSED, **over):
    return Case.objects.create(
        workspace=ws,
        number=number,
        title="Late again",
        status=status,
        customer=person,
        opened_at=CLOSED - timedelta(days=2),
        closed_at=CLOSED if status == CaseStatus.CLOSED else None,
        **over,
    )


def buy(ws, person, day):
    Transaction.objects.create(workspace=ws, customer=person, date=day, amount=Decimal("120"))


def recommend(ws, person, at, score):
    record_response(
        ws,
        {
            "submitted_at": at.isoformat(),
            "perspective": "customer",
            "respondent": person.code,
            "answers": [{"kind": "nps", "value": score}],
        },
    )


@pytest.mark.django_db
def test_open_until_closed_and_unknown_without_evidence(workspace):
    c = case(workspace, customer(workspace), status=CaseStatus.WAITING, recovery_answer=5)
    assert outcome(c, LATER) == "open"
    assert outcome(case(workspace, None, number=2), LATER) == "unknown"


@pytest.mark.django_db
def test_the_recovery_answer_saves(workspace):
    assert outcome(case(workspace, None, recovery_answer=4), SOON) == "saved"
    assert outcome(case(workspace, None, number=2, recovery_answer=3), SOON) == "unknown"
    assert outcome(case(workspace, None, number=3, recovery_nps=9), SOON) == "saved"


@pytest.mark.django_db
def test_a_later_customer_recommend_answer_of_7_saves(workspace):
    p, q = customer(workspace), customer(workspace, "C2")
    a, b = case(workspace, p), case(workspace, q, number=2)
    recommend(workspace, p, CLOSED + timedelta(days=5), 8)
    recommend(workspace, q, CLOSED + timedelta(days=5), 6)
    recommend(workspace, q, CLOSED - timedelta(days=5), 10)  # before the close: no evidence
    assert outcomes(workspace, [a, b], SOON) == {a.pk: "saved", b.pk: "unknown"}


@pytest.mark.django_db
def test_a_later_transaction_within_the_horizon_saves(workspace):
    p = customer(workspace)
    c = case(workspace, p)
    buy(workspace, p, date(2025, 12, 1))
    assert outcome(c, SOON) == "unknown"
    buy(workspace, p, date(2026, 4, 1))
    assert outcome(c, SOON) == "saved"


@pytest.mark.django_db
def test_no_transaction_in_the_horizon_loses_a_buyer_once_it_has_passed(workspace):
    p, stranger = customer(workspace), customer(workspace, "C2")
    c, s = case(workspace, p), case(workspace, stranger, number=2)
    buy(workspace, p, date(2025, 12, 1))
    assert outcome(c, SOON) == "unknown"
    assert outcomes(workspace, [c, s], LATER) == {c.pk: "lost", s.pk: "unknown"}
    CaseSettings.objects.create(workspace=workspace, recovery_horizon_days=400)
    assert outcome(c, LATER) == "unknown"  # a longer horizon has not passed yet


@pytest.mark.django_db
def test_an_exit_survey_after_the_close_loses(workspace):
    p = customer(workspace)
    c = case(workspace, p, recovery_answer=5)
    exit_survey = Survey.objects.create(
        workspace=workspace, code="EXIT", title="Why you left", template="exit"
    )
    Response.objects.create(
        workspace=workspace,
        submitted_at=CLOSED + timedelta(days=20),
        perspective="customer",
        respondent=p,
        survey=exit_survey,
        scale_max=7,
    )
    assert outcome(c, SOON) == "lost"


@pytest.mark.django_db
def test_many_cases_take_a_few_queries(workspace, django_assert_max_num_queries):
    people = [customer(workspace, f"C{i}") for i in range(40)]
    cases = [case(workspace, p, number=i + 1) for i, p in enumerate(people)]
    for p in people[::2]:
        buy(workspace, p, date(2026, 2, 1))
    with django_assert_max_num_queries(6):
        got = outcomes(workspace, cases, SOON)
    assert sorted(got.values()).count("saved") == 20
