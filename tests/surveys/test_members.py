"""Who may answer an employee, leader or internal survey (servicegap/surveys/members.py): only a
signed-in member of the right kind or a personal invitation, stored under a pseudonym."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from servicegap.accounts.models import Membership
from servicegap.people.models import Person
from servicegap.surveys import builder
from servicegap.surveys.members import PSEUDONYM_PREFIX, pseudonym
from servicegap.surveys.models import Question, Response
from servicegap.surveys.templates_catalogue import TemplateChoices

pytestmark = pytest.mark.django_db


def _survey(workspace, standards, template: str):
    s = builder.create_survey(
        workspace, code=template.upper(), title=template, template=template, scale_max=5,
        languages=["en"], choices=TemplateChoices(standards=standards[:1]),
    )  # fmt: skip
    builder.publish(s)
    s.refresh_from_db()
    return s


def _answer(survey) -> dict[str, str]:
    """A valid send: the first rating question answered 4 (and a supplier, for internal)."""
    q = Question.objects.filter(survey=survey, survey_version=survey.version).exclude(kind="text")
    data = {f"q{q.order_by('position', 'pk').first().pk}": "4"}
    return data | ({"supplier": "SERVICE"} if survey.perspective == "internal" else {})


@pytest.mark.parametrize("template", ["employee", "leader", "internal", "exit"])
def test_an_anonymous_visitor_is_sent_to_sign_in_and_a_post_of_theirs_stores_nothing(
    client, workspace, standards, template
):
    s = _survey(workspace, standards, template)
    url = f"/r/acme/s/{s.code}/"
    r = client.get(url)
    assert r.status_code == 302 and r["Location"] == f"/accounts/login/?next={url}"
    assert b"<form" not in r.content
    r = client.post(url, _answer(s))
    assert r.status_code == 302 and r["Location"].startswith("/accounts/login/?next=")
    assert not Response.objects.exists()


def test_a_customer_survey_stays_open_to_anyone(client, workspace, standards):
    s = _survey(workspace, standards, "perception")
    assert client.get(f"/r/acme/s/{s.code}/").status_code == 200


def test_a_signed_in_employee_answers_once_a_month_under_a_pseudonym_of_their_unit(
    client, workspace, standards, users
):
    s = _survey(workspace, standards, "employee")
    anna = Person.objects.create(workspace=workspace, code="E-ANNA", kind="employee")
    Membership.objects.filter(user=users["employee"]).update(person=anna)
    client.force_login(users["employee"])
    url = f"/r/acme/s/{s.code}/"
    assert client.get(url).status_code == 200
    assert client.post(url, _answer(s)).status_code == 302
    stored = Response.objects.get()
    assert stored.unit.code == "SALES" and stored.perspective == "employee"
    # Not the person, not the user: a code only the server's key recomputes.
    assert stored.respondent.code.startswith(PSEUDONYM_PREFIX)
    assert stored.respondent != anna and "E-ANNA" not in stored.respondent.code
    assert stored.respondent.code == pseudonym(s, f"person:{anna.pk}")
    assert stored.respondent.unit is None and stored.respondent.email == ""
    # Once a month: padding a small group with one's own answers is refused.
    assert client.get(url).status_code == 409
    assert client.post(url, _answer(s)).status_code == 409
    assert Response.objects.count() == 1


@pytest.mark.parametrize(
    ("persona", "template", "status"),
    [
        ("employee", "leader", 403),
        ("leader", "employee", 403),
        ("owner", "employee", 403),  # an owner without a person record answers nothing
        ("outsider", "employee", 403),
        ("leader", "leader", 200),
        ("manager", "internal", 200),
        ("leader", "internal", 200),
    ],
)
def test_only_members_of_the_right_kind_get_the_form(
    client, workspace, standards, users, persona, template, status
):
    s = _survey(workspace, standards, template)
    client.force_login(users[persona])
    assert client.get(f"/r/acme/s/{s.code}/").status_code == status
    if status == 403:
        assert client.post(f"/r/acme/s/{s.code}/", _answer(s)).status_code == 403
        assert not Response.objects.exists()


def test_a_manager_whose_person_record_is_a_leader_answers_as_a_leader(
    client, workspace, standards, users
):
    boss = Person.objects.create(workspace=workspace, code="L-BOSS", kind="leader")
    Membership.objects.filter(user=users["manager"]).update(person=boss)
    client.force_login(users["manager"])
    assert (
        client.get(f"/r/acme/s/{_survey(workspace, standards, 'leader').code}/").status_code == 200
    )
    assert client.get(
        f"/r/acme/s/{_survey(workspace, standards, 'employee').code}/"
    ).status_code == (403)


def test_an_invitation_to_an_employee_survey_stores_a_pseudonym_and_no_link_to_the_person(
    client, workspace, standards
):
    from servicegap.invitations.models import Invitation, Send, new_token

    s = _survey(workspace, standards, "employee")
    ben = Person.objects.create(
        workspace=workspace, code="E-BEN", kind="employee", email="ben@acme.test"
    )
    raw, digest = new_token()
    invitation = Invitation.objects.create(
        workspace=workspace, send=Send.objects.create(workspace=workspace, survey=s, state="done"),
        survey=s, person=ben, email=ben.email, token_hash=digest, state="sent",
        sent_at=timezone.now(), expires_at=timezone.now() + timedelta(days=30),
    )  # fmt: skip
    url = f"/r/acme/i/{raw}/"
    assert client.get(url).status_code == 200  # the personal link needs no sign-in
    assert client.post(url, _answer(s)).status_code in (200, 302)
    stored = Response.objects.get()
    assert stored.respondent.code == pseudonym(s, f"person:{ben.pk}") and stored.respondent != ben
    invitation.refresh_from_db()
    assert invitation.responded_at is not None and invitation.response_id is None
