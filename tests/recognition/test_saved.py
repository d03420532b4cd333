"""'Customers you saved' on My page: the closed cases the member owned whose customer the cases
app's rule (servicegap/cases/outcome.py) counts as saved, and no one else's."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.django_db


def _case(workspace, number: int, owner, customer, answer: int | None, closed: bool = True):
    from django.utils import timezone

    from servicegap.cases.models import Case

    opened = timezone.now() - dt.timedelta(days=10)
    return Case.objects.create(
        workspace=workspace, number=number, title=f"Complaint {number}", status="closed" if closed
        else "open", customer=customer, owner=owner, opened_at=opened,
        closed_at=opened + dt.timedelta(days=2) if closed else None, recovery_answer=answer,
    )  # fmt: skip


def test_my_page_lists_the_saved_customers_of_the_members_own_closed_cases(login, users, workspace):
    from servicegap.people.models import Person

    def customer(code: str, name: str):
        return Person.objects.create(workspace=workspace, code=code, name=name, kind="customer")

    employee = users["employee"]
    _case(workspace, 1, employee, customer("C-1", "Sam Saved"), answer=5)  # put right: saved
    _case(workspace, 2, employee, customer("C-2", "Una Unhappy"), answer=2)  # not saved
    _case(workspace, 3, employee, customer("C-3", "Olly Open"), answer=None, closed=False)
    _case(workspace, 4, users["manager"], customer("C-4", "Mia Managers"), answer=5)

    html = login("employee").get("/w/acme/me/").content.decode()
    assert "Case 1" in html and "Sam Saved" in html
    for other in ("Una Unhappy", "Olly Open", "Mia Managers"):
        assert other not in html
    html = login("manager").get("/w/acme/me/").content.decode()
    assert "Mia Managers" in html and "Sam Saved" not in html
