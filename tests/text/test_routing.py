"""Routing after enrichment: a negative comment about a standard raises one case in the right
unit; a compliment naming an employee becomes their recognition though nobody picked them."""

from __future__ import annotations

from servicegap.cases.models import Case, CaseRule
from servicegap.feedback.models import Recognition
from servicegap.people.models import Unit
from servicegap.text import routing, sources
from tests.text_support import comment, feedback, run_worker


def labels(
    sentiment="negative", kind="complaint", standards=("GREET",), touchpoint="", mentions=()
):
    return {
        "sentiment": sentiment, "score": -0.8 if sentiment == "negative" else 0.8, "kind": kind,
        "dimension": "people", "standards": list(standards), "touchpoint": touchpoint,
        "mentions": list(mentions), "themes": [],
    }  # fmt: skip


def route(ws, source, ids, got, *, cases=True):
    items = sources.load(ws, source, ids)
    by = {(i.source, i.pk): got for i in items}
    return routing.route(ws, items, by, cases=cases)


def unit(ws, code):
    return Unit.objects.of(ws).get(code=code).pk


def test_negative_comment_about_a_standard_raises_one_case_in_its_unit(workspace, place):
    r = comment(workspace, "Nobody greeted me, they ignored me", unit="SERVICE")
    assert route(workspace, "response", [r.pk], labels()) == (1, 0)
    case = Case.objects.of(workspace).get(response=r)
    assert case.unit_id == unit(workspace, "SERVICE")  # the input's unit
    assert case.trigger == "complaint" and case.title.startswith("About GREET")
    # The same labels again (a relabel, a second comment of the response): no second case.
    assert route(workspace, "response", [r.pk], labels()) == (0, 0)
    assert Case.objects.of(workspace).filter(response=r).count() == 1


def test_the_matched_touchpoint_names_the_unit_only_when_the_input_named_none(workspace, place):
    r = comment(workspace, "They never called me back about the greeting")
    route(workspace, "response", [r.pk], labels(touchpoint="CALL"))
    assert Case.objects.of(workspace).get(response=r).unit_id == unit(workspace, "SERVICE")
    r2 = comment(workspace, "Ignored at the desk", unit="SALES")
    route(workspace, "response", [r2.pk], labels(touchpoint="CALL"))
    assert Case.objects.of(workspace).get(response=r2).unit_id == unit(workspace, "SALES")


def test_a_complaint_that_opened_its_case_at_ingest_opens_no_second(workspace, place):
    fb = feedback(workspace, "complaint", "Nobody greeted me")
    assert Case.objects.of(workspace).filter(feedback=fb).count() == 1  # the act issue's rule
    assert route(workspace, "feedback", [fb.pk], labels()) == (0, 0)
    assert Case.objects.of(workspace).filter(feedback=fb).count() == 1


def test_what_raises_no_case(workspace, place):
    positive = comment(workspace, "Greeted by name, lovely")
    route(workspace, "response", [positive.pk], labels(sentiment="positive", kind="compliment"))
    unmatched = comment(workspace, "Awful weather today")
    route(workspace, "response", [unmatched.pk], labels(standards=()))
    imported = comment(workspace, "Nobody greeted me", live=False)
    route(workspace, "response", [imported.pk], labels(), cases=False)
    old = comment(workspace, "Nobody greeted me, a month ago", hours=24 * 30)
    items = sources.load(workspace, "response", [old.pk])
    from datetime import timedelta

    from django.utils import timezone

    routing.route(
        workspace, items, {(i.source, i.pk): labels() for i in items}, cases=True,
        cases_since=timezone.now() - timedelta(days=14),
    )  # fmt: skip
    employee = comment(workspace, "Nobody greets anyone here", perspective="employee")
    route(workspace, "response", [employee.pk], labels())
    assert not Case.objects.of(workspace).exists()


def test_a_switched_off_complaint_rule_raises_no_case(workspace, place):
    CaseRule.objects.create(
        workspace=workspace, trigger="complaint", enabled=False, severity="normal"
    )
    r = comment(workspace, "Nobody greeted me")
    assert route(workspace, "response", [r.pk], labels()) == (0, 0)


def test_a_compliment_naming_an_employee_becomes_their_recognition(workspace, place):
    fb = feedback(workspace, "compliment", "Ben was so patient with my questions")
    assert not Recognition.objects.of(workspace).exists()  # nobody picked the employee
    got = labels(sentiment="positive", kind="compliment", standards=(), mentions=("E-BEN",))
    assert route(workspace, "feedback", [fb.pk], got) == (0, 1)
    (rec,) = Recognition.objects.of(workspace)
    assert rec.feedback_id == fb.pk and rec.employee.code == "E-BEN"
    route(workspace, "feedback", [fb.pk], got)  # again: still one
    assert Recognition.objects.of(workspace).count() == 1


def test_end_to_end_through_the_worker(workspace, place, monkeypatch):
    """The real engine: a compliment naming Anna by name reaches her; nobody picked her."""
    fb = feedback(workspace, "compliment", "Anna Field was wonderful and so helpful, thank you!")
    run_worker(monkeypatch)
    assert Recognition.objects.of(workspace).filter(feedback=fb, employee__code="E-ANNA").exists()
