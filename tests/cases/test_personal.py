"""A case's messages, goodwill and links in a person's export, and gone on erasure
(cases/personal.py)."""

from __future__ import annotations

import pytest

from servicegap.accounts.models import Membership
from servicegap.cases import goodwill, links, reply, service
from servicegap.cases.models import CaseEvent, CaseLink, Goodwill
from servicegap.people.handlers import ERASED
from servicegap.people.models import Person, Unit
from servicegap.people.privacy import erase_person, export_person
from tests.mail_support import smtp  # noqa: F401 - the fixture


@pytest.fixture
def case(workspace, users, smtp):  # noqa: F811
    ann = Person.objects.create(workspace=workspace, code="ANN", kind="customer")
    case = service.open_case(
        workspace, trigger="complaint", severity="normal", customer=ann,
        unit=Unit.objects.of(workspace).get(code="SALES"), contact="ann@example.com",
        title="Complaint: Ann Smith's car was scratched",
    )  # fmt: skip
    reply.send_reply(case, "Dear Ann, we are sorry.", actor=users["employee"])
    reply.customer_answer(CaseLink.objects.get(), "My number is 0612345678.")
    employee = Membership.objects.get(user=users["employee"])
    goodwill.grant(case, employee, "gesture", "20", "Flowers to Ann at home")
    links.issue(case, "recovery")
    return case


@pytest.mark.django_db
def test_the_export_holds_the_messages_goodwill_and_links(workspace, case):
    doc = export_person(workspace, Person.objects.get(code="ANN"))
    [one] = doc["cases"]
    texts = [m["text"] for m in one["messages"]]
    assert texts == ["Dear Ann, we are sorry.", "My number is 0612345678."]
    assert one["goodwill"][0]["note"] == "Flowers to Ann at home"
    assert one["goodwill"][0]["amount"] == "20.00"
    assert [k["purpose"] for k in one["links"]] == ["reply", "recovery"]
    assert "token_hash" not in one["links"][0]


@pytest.mark.django_db
def test_erasure_redacts_every_log_text_and_note_and_deletes_the_links(workspace, case):
    erase_person(workspace, Person.objects.get(code="ANN"), "test")
    texts = set(CaseEvent.objects.filter(case=case).exclude(text="").values_list("text", flat=True))
    assert texts == {ERASED}
    assert all("to" not in e.detail for e in CaseEvent.objects.filter(kind="reply"))
    assert Goodwill.objects.get().note == ERASED
    assert Goodwill.objects.get().amount == 20  # the figure stays, unlinked
    assert not CaseLink.objects.exists()
    case.refresh_from_db()
    assert (case.contact, case.customer, case.title) == ("", None, ERASED)
