"""The response browser (/w/<slug>/responses/<id>/): one customer response with every answer;
any other perspective is 404 for everyone; managers only within their units."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from servicegap.cases.models import Case
from servicegap.people.models import Person, Unit
from servicegap.surveys.contract import record_response

pytestmark = pytest.mark.django_db


def response(ws, perspective="customer", unit="SALES", **extra):
    data = {
        "submitted_at": "2026-03-01T10:00:00Z", "perspective": perspective, "unit": unit,
        "answers": [{"item": "GREET", "kind": "experience", "value": 4},
                    {"kind": "nps", "value": 9},
                    {"kind": "text", "value": "Please call me back"}], **extra,
    }  # fmt: skip
    return record_response(ws, data)


@pytest.fixture
def anna(workspace):
    sales = Unit.objects.of(workspace).get(code="SALES")
    return Person.objects.create(
        workspace=workspace, code="E-ANNA", name="Anna Field", kind="employee", unit=sales
    )


def test_a_customer_response_shows_every_answer_and_where_it_came_from(
    login, workspace, standards, anna
):
    r = response(workspace, employee="E-ANNA")
    r.contact, r.contact_consent_at = "jo@example.com", datetime(2026, 3, 1, tzinfo=UTC)
    r.save()
    Case.objects.create(workspace=workspace, number=3, title="Call back", response=r, opened_at=r.submitted_at)  # fmt: skip
    page = login("owner").get(f"/w/acme/responses/{r.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    for shown in ("GREET", "experience", "Greets every customer by name", "nps", "9",
                  "Please call me back", "Sales", "Anna Field", "jo@example.com",
                  'href="/w/acme/cases/3/"', 'href="/w/acme/feedback/"'):  # fmt: skip
        assert shown in html, shown


def test_a_contact_without_consent_is_not_shown(login, workspace, standards):
    r = response(workspace)
    r.contact = "jo@example.com"
    r.save()
    html = login("owner").get(f"/w/acme/responses/{r.pk}/").content.decode()
    assert "jo@example.com" not in html and "none given with consent" in html


@pytest.mark.parametrize("perspective", ["employee", "leader", "internal"])
def test_a_protected_response_is_404_for_every_role(login, workspace, standards, perspective):
    r = response(workspace, perspective, respondent="E1")
    for persona in ("owner", "leader", "manager", "employee"):
        assert login(persona).get(f"/w/acme/responses/{r.pk}/").status_code == 404, persona


def test_managers_see_their_units_responses_only_and_employees_none(login, workspace, standards):
    sales, service, nowhere = (
        response(workspace), response(workspace, unit="SERVICE"), response(workspace, unit=None)
    )  # fmt: skip
    manager = login("manager")  # SALES
    assert manager.get(f"/w/acme/responses/{sales.pk}/").status_code == 200
    assert manager.get(f"/w/acme/responses/{service.pk}/").status_code == 404
    assert manager.get(f"/w/acme/responses/{nowhere.pk}/").status_code == 404
    assert login("leader").get(f"/w/acme/responses/{nowhere.pk}/").status_code == 200
    assert login("employee").get(f"/w/acme/responses/{sales.pk}/").status_code == 404
    assert login("outsider").get(f"/w/acme/responses/{sales.pk}/").status_code == 404
    assert login("owner").get("/w/acme/responses/999999/").status_code == 404
