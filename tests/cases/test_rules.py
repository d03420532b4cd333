"""The rules that open cases as live customer input is stored (cases/rules.py)."""

from __future__ import annotations

import pytest

from servicegap.cases.models import Case, CaseEvent, CaseRule, CaseStatus
from servicegap.journeys.models import Journey, Touchpoint
from servicegap.people.models import Person, Unit
from tests.case_support import ago, case_of, complaint, nps, response


@pytest.mark.django_db
def test_every_live_complaint_opens_a_new_case_in_its_unit_at_once(workspace):
    fb = complaint(workspace, unit="SALES", person=None)
    case = case_of(fb)
    assert case is not None
    assert (case.status, case.severity, case.trigger) == (CaseStatus.NEW, "normal", "complaint")
    assert case.unit.code == "SALES" and case.number == 1
    assert case.title.startswith("Complaint: Nobody called me back")
    # 72 hours for normal severity, from the opening
    assert (case.due_at - case.opened_at).total_seconds() == 72 * 3600
    opened = CaseEvent.objects.get(case=case)
    assert (opened.kind, opened.actor_label) == ("opened", "system")


@pytest.mark.django_db
def test_the_default_rules_open_cases_for_detractors_misery_and_asked_replies(workspace):
    assert case_of(response(workspace, [nps(6)])).trigger == "detractor"
    assert case_of(response(workspace, [nps(7)])) is None  # a passive is not a case
    misery = case_of(response(workspace, [{"kind": "moment", "value": "misery"}]))
    assert (misery.trigger, misery.severity) == ("misery", "high")
    assert (misery.due_at - misery.opened_at).total_seconds() == 24 * 3600
    comment = [{"kind": "text", "value": "Please ring me."}]
    assert case_of(response(workspace, comment)) is None  # no contact: no reply asked for
    asked = case_of(response(workspace, comment, contact="ann@example.com"))
    assert (asked.trigger, asked.contact) == ("reply", "ann@example.com")
    assert asked.title == "Asked for a reply: Please ring me."
    assert list(Case.objects.order_by("number").values_list("number", flat=True)) == [1, 2, 3]


@pytest.mark.django_db
def test_a_response_matching_several_rules_opens_one_case_under_the_most_severe(workspace):
    answers = [nps(2), {"kind": "moment", "value": "misery"}, {"kind": "text", "value": "Awful"}]
    row = response(workspace, answers, contact="bob@example.com")
    assert Case.objects.count() == 1
    case = case_of(row)
    assert (case.trigger, case.severity, case.contact) == ("misery", "high", "bob@example.com")
    CaseRule.objects.create(workspace=workspace, trigger="misery", enabled=False)
    row = response(workspace, answers, contact="bob@example.com")
    assert case_of(row).trigger == "detractor"  # the first of the rest on a tie


@pytest.mark.django_db
def test_a_rule_switched_off_or_given_a_severity_is_obeyed(workspace):
    CaseRule.objects.create(workspace=workspace, trigger="complaint", enabled=False)
    CaseRule.objects.create(workspace=workspace, trigger="detractor", severity="low")
    assert case_of(complaint(workspace)) is None
    case = case_of(response(workspace, [nps(0)]))
    assert case.severity == "low" and (case.due_at - case.opened_at).days == 7


@pytest.mark.django_db
def test_only_customer_input_opens_cases(workspace):
    complaint(workspace, perspective="employee")
    response(workspace, [nps(0)], perspective="leader")
    assert Case.objects.count() == 0


@pytest.mark.django_db
def test_input_submitted_more_than_14_days_ago_opens_no_case(workspace):
    assert case_of(complaint(workspace, submitted_at=ago(days=14, minutes=1))) is None
    assert case_of(response(workspace, [nps(1)], submitted_at=ago(days=15))) is None
    assert case_of(complaint(workspace, submitted_at=ago(days=13, hours=23))) is not None


@pytest.mark.django_db
def test_imported_input_opens_no_case(workspace):
    complaint(workspace, live=False)
    response(workspace, [nps(0)], live=False)
    assert Case.objects.count() == 0


@pytest.mark.django_db
def test_routing_the_unit_named_else_the_touchpoints_unit_else_the_triage_queue(workspace):
    service = Unit.objects.get(workspace=workspace, code="SERVICE")
    journey = Journey.objects.create(workspace=workspace, code="BUY", name="Buying a car")
    Touchpoint.objects.create(
        workspace=workspace, journey=journey, code="HANDOVER", name="Handover", unit=service, step=1
    )
    assert case_of(complaint(workspace, unit="SALES", touchpoint="HANDOVER")).unit.code == "SALES"
    assert case_of(complaint(workspace, touchpoint="HANDOVER")).unit.code == "SERVICE"
    assert case_of(response(workspace, [nps(3)], touchpoint="HANDOVER")).unit.code == "SERVICE"
    assert case_of(complaint(workspace)).unit is None  # the triage queue
    assert case_of(response(workspace, [nps(3)])).unit is None


@pytest.mark.django_db
def test_the_customer_is_the_respondent_and_the_contact_only_with_consent(workspace):
    Person.objects.create(workspace=workspace, code="C9", kind="customer")
    fb = complaint(workspace, person="C9", contact="c9@example.com", consent=True)
    case = case_of(fb)
    assert (case.customer.code, case.contact) == ("C9", "c9@example.com")
    row = response(workspace, [nps(4)], respondent="C10")
    case = case_of(row)
    assert (case.customer.code, case.contact) == ("C10", "")


@pytest.mark.django_db
def test_a_case_that_cannot_be_stored_rolls_the_input_back_with_it(workspace):
    # The hook runs in the storing transaction: the same response cannot get a second case.
    from django.db import IntegrityError, transaction

    from servicegap.cases.service import open_case

    row = response(workspace, [nps(0)])
    with pytest.raises(IntegrityError), transaction.atomic():
        open_case(workspace, trigger="detractor", severity="normal", response=row)
    assert Case.objects.filter(response=row).count() == 1
