"""The demo names who served (servicegap/demo/served.py): most sales and service customer
responses name an employee of their own unit, the one their comment names when it names one."""

from __future__ import annotations

import datetime as dt
import re

import pytest

END = dt.date(2026, 3, 1)


@pytest.fixture
def built(db):
    from servicegap.demo.generator import build_demo

    return build_demo(seed=7, answers=3000, end=END)


def test_sales_and_service_responses_name_an_employee_of_their_unit(built):
    from servicegap.surveys.models import Answer, Response

    ws = built.workspace
    customer = Response.objects.of(ws).filter(perspective="customer")
    for story in ("competitors-", "loyalty-", "text-"):  # told beside the simulation
        customer = customer.exclude(external_id__startswith=story)
    named = customer.filter(employee__isnull=False).select_related("employee", "unit")
    sales_service = customer.filter(unit__code__regex=r"-(SALES|SERVICE)$")
    share = named.count() / sales_service.exclude(survey__code="EXIT").count()
    assert 0.7 < share <= 0.9
    assert not named.exclude(unit__code__regex=r"-(SALES|SERVICE)$").exists()
    for r in named[:200]:
        assert r.employee.kind == "employee" and r.employee.unit_id == r.unit_id
    said = dict(
        Answer.objects.of(ws)
        .filter(response__in=named, kind="text")
        .values_list("response_id", "value_text")
    )
    checked = 0
    for r in named:
        first = (r.employee.name or "").split(" ")[0]
        others = [
            p.name.split(" ")[0]
            for p in type(r.employee).objects.of(ws).filter(unit=r.unit).exclude(pk=r.employee_id)
        ]
        text = said.get(r.pk, "")
        if any(re.search(rf"\b{re.escape(o)}\b", text) for o in others):
            assert re.search(rf"\b{re.escape(first)}\b", text), (text, first)
            checked += 1
    assert checked > 0


def test_complaints_name_their_standard(built):
    from servicegap.feedback.models import Feedback

    complaints = Feedback.objects.of(built.workspace).filter(kind="complaint")
    assert complaints.count() and not complaints.filter(standard__isnull=True).exists()
