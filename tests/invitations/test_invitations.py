"""E-mail invitations end to end through a real SMTP server: single-use links, unsubscribe,
the per-person cap, bounces and reminders."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.invitation_support import make_people, make_survey, send_now
from tests.mail_support import link, smtp  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(workspace):
    return make_survey(workspace)


def test_a_send_mails_each_eligible_person_one_link_that_works_once(smtp, workspace, survey):  # noqa: F811
    from servicegap.invitations.models import Invitation
    from servicegap.surveys.models import Answer, Response

    people = make_people(workspace, 3)
    make_people(workspace, 1, kind="employee")[0].__class__.objects.filter(code="E1").update(
        email=""
    )  # no address: not invited
    send = send_now(workspace, survey)
    assert (send.state, send.planned, send.sent, send.bounced) == ("done", 4 - 1, 3, 0)
    assert sorted(m["To"] for m in smtp.messages) == [p.email for p in people]

    message = smtp.to("customer1@example.test")[0]
    answer, unsubscribe = link(message, "i"), link(message, "u")
    assert message["List-Unsubscribe"].strip() == f"<http://127.0.0.1:8000{unsubscribe}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    token = answer.rstrip("/").rsplit("/", 1)[1]
    assert not Invitation.objects.filter(token_hash=token).exists()  # only its SHA-256 is kept

    client = Client()
    page = client.get(answer)
    assert page.status_code == 200 and "How satisfied are you" in page.content.decode()
    done = client.post(answer, {f"q{survey.questions.get(kind='csat').pk}": "4"})
    assert done.status_code == 200 and "Thank you" in done.content.decode()
    response = Response.objects.get()
    assert response.respondent == people[0] and response.survey == survey
    assert Answer.objects.get(response=response).value_num == 4

    again = client.post(answer, {f"q{survey.questions.get(kind='csat').pk}": "1"})
    assert again.status_code == 409 and "Already answered" in again.content.decode()
    assert client.get(answer).status_code == 200
    assert "Already answered" in client.get(answer).content.decode()
    assert Response.objects.count() == 1
    invitation = Invitation.objects.get(person=people[0])
    assert invitation.state == "responded" and invitation.response == response
    assert invitation.opened_at is not None


def test_two_submissions_of_one_token_store_exactly_one_response(smtp, workspace, survey):  # noqa: F811
    from servicegap.invitations import answering
    from servicegap.invitations.models import Invitation
    from servicegap.surveys.models import Response

    make_people(workspace, 1)
    send_now(workspace, survey)
    # Both requests loaded the invitation before either stored its answer.
    first, second = Invitation.objects.get(), Invitation.objects.get()
    answers = [{"item": "", "kind": "csat", "value": 5}]
    answering.submit(first, answers)
    with pytest.raises(answering.AlreadyAnswered):
        answering.submit(second, answers)
    assert Response.objects.count() == 1


def test_a_second_submission_racing_the_first_through_the_page_stores_nothing(
    smtp,  # noqa: F811
    workspace,
    survey,
    monkeypatch,
):
    from servicegap.invitations import answering
    from servicegap.invitations.models import Invitation
    from servicegap.surveys.models import Response

    make_people(workspace, 1)
    send_now(workspace, survey)
    answer = link(smtp.messages[0], "i")
    csat = f"q{survey.questions.get(kind='csat').pk}"
    stale = Invitation.objects.get()  # read by the second request before the first committed
    assert Client().post(answer, {csat: "5"}).status_code == 200
    monkeypatch.setattr(answering, "find", lambda ws, token: stale)
    second = Client().post(answer, {csat: "1"})
    assert second.status_code == 409 and "Already answered" in second.content.decode()
    assert Response.objects.count() == 1 and Response.objects.get().answers.get().value_num == 5


def test_a_missing_required_answer_is_named_and_nothing_is_stored(smtp, workspace, survey):  # noqa: F811
    from servicegap.surveys.models import Response

    make_people(workspace, 1)
    send_now(workspace, survey)
    answer = link(smtp.messages[0], "i")
    why = survey.questions.get(kind="text").pk
    page = Client().post(answer, {f"q{why}": "<script>alert(1)</script>"})
    body = page.content.decode()
    assert "This question needs an answer." in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body and "<script>alert" not in body
    bad = Client().post(answer, {f"q{survey.questions.get(kind='csat').pk}": "9"})
    assert "Choose one of the options shown." in bad.content.decode()
    assert Response.objects.count() == 0


def test_save_and_finish_later_keeps_the_answers_for_the_next_visit(smtp, workspace, survey):  # noqa: F811
    from servicegap.invitations.models import Invitation
    from servicegap.surveys.models import Response

    make_people(workspace, 1)
    send_now(workspace, survey)
    answer = link(smtp.messages[0], "i")
    csat = f"q{survey.questions.get(kind='csat').pk}"
    form = Client().get(answer).content.decode()
    assert 'name="later"' in form and "Save and finish later" in form
    saved = Client().post(answer, {csat: "2", "later": "1"})
    assert saved.status_code == 200 and "Your answers are saved" in saved.content.decode()
    draft = Invitation.objects.get().draft["answers"]
    assert [(a["kind"], str(a["value"])) for a in draft] == [("csat", "2")]
    assert not Response.objects.exists()
    assert f'name="{csat}" value="2" checked' in Client().get(answer).content.decode()
    Client().post(answer, {csat: "2"})
    assert Response.objects.get().answers.get().value_num == 2
    assert Invitation.objects.get().draft == {}


def test_unknown_tokens_and_another_workspaces_slug_are_not_found(
    smtp,  # noqa: F811
    workspace,
    other_workspace,
    survey,
):
    make_people(workspace, 1)
    send_now(workspace, survey)
    answer, unsubscribe = link(smtp.messages[0], "i"), link(smtp.messages[0], "u")
    client = Client()
    assert client.get(answer.replace("/r/acme/", "/r/other/")).status_code == 404
    assert client.get(unsubscribe.replace("/r/acme/", "/r/other/")).status_code == 404
    assert client.get("/r/acme/i/not-a-token/").status_code == 404
    assert client.get("/r/nowhere/i/x/").status_code == 404


def test_an_expired_link_takes_no_answer(smtp, workspace, survey):  # noqa: F811
    from servicegap.invitations.models import Invitation

    make_people(workspace, 1)
    send_now(workspace, survey)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    answer = link(smtp.messages[0], "i")
    assert Client().get(answer).status_code == 410
    assert Client().post(answer, {"x": "1"}).status_code == 410


def test_unsubscribe_needs_a_post_and_stops_the_next_invitation_and_reminder(
    smtp,  # noqa: F811
    workspace,
    survey,
):
    from servicegap.invitations.delivery import send_reminders
    from servicegap.invitations.models import ContactRules, Unsubscribe

    ContactRules.objects.create(workspace=workspace, min_days_between=0)
    make_people(workspace, 2)
    send_now(workspace, survey, reminder_after_days=2)
    unsubscribe = link(smtp.to("customer1@example.test")[0], "u")
    client = Client(enforce_csrf_checks=True)
    page = client.get(unsubscribe)  # a mail client prefetching the link changes nothing
    assert page.status_code == 200 and not Unsubscribe.objects.exists()
    assert 'type="submit"' in page.content.decode()
    # RFC 8058 one-click: the provider POSTs this body, without a CSRF token.
    done = client.post(unsubscribe, "List-Unsubscribe=One-Click", content_type="text/plain")
    assert done.status_code == 200 and "You are unsubscribed" in done.content.decode()
    assert client.post(unsubscribe).status_code == 200  # twice is harmless
    assert Unsubscribe.objects.count() == 1

    smtp.messages.clear()
    assert send_reminders(workspace, timezone.now() + timedelta(days=3)) == 1
    assert [m["To"] for m in smtp.messages] == ["customer2@example.test"]
    smtp.messages.clear()
    send_now(workspace, survey)
    assert [m["To"] for m in smtp.messages] == ["customer2@example.test"]


def test_the_per_person_cap_skips_people_asked_within_the_window(smtp, workspace, survey):  # noqa: F811
    from servicegap.invitations.audience import plan
    from servicegap.invitations.models import ContactRules, Send

    people = make_people(workspace, 2)
    send_now(workspace, survey, person_kind="customer", sample_size=1)
    assert len(smtp.messages) == 1
    make_people(workspace, 1, kind="leader")
    smtp.messages.clear()
    second = send_now(workspace, survey)
    asked = {p.email for p in people} - {m["To"] for m in smtp.messages}
    assert len(asked) == 1 and len(smtp.messages) == 2 and second.sent == 2

    smtp.messages.clear()
    assert send_now(workspace, survey).sent == 0 and smtp.messages == []
    later = plan(workspace, Send(workspace=workspace), timezone.now() + timedelta(days=31))
    assert later.recently_asked == 0 and len(later.chosen) == 3
    ContactRules.objects.create(workspace=workspace, min_days_between=0)
    assert send_now(workspace, survey).sent == 3


def test_a_refused_recipient_is_recorded_as_a_bounce_and_never_retried(smtp, workspace, survey):  # noqa: F811
    from servicegap.invitations.models import Bounce, ContactRules, Invitation

    ContactRules.objects.create(workspace=workspace, min_days_between=0)
    make_people(workspace, 3)
    smtp.refuse.add("customer2@example.test")
    send = send_now(workspace, survey)
    assert (send.sent, send.bounced) == (2, 1)
    bounce = Bounce.objects.get()
    assert bounce.email == "customer2@example.test" and bounce.reason.startswith("550")
    assert Invitation.objects.get(email="customer2@example.test").state == "bounced"

    smtp.attempts.clear()
    assert send_now(workspace, survey).sent == 2
    assert "customer2@example.test" not in smtp.attempts


def test_a_reminder_goes_once_and_only_to_those_who_have_not_answered(smtp, workspace, survey):  # noqa: F811
    from servicegap.invitations.delivery import send_reminders
    from servicegap.surveys.models import Response

    make_people(workspace, 2)
    send_now(workspace, survey, reminder_after_days=3)
    csat = f"q{survey.questions.get(kind='csat').pk}"
    first_link = link(smtp.to("customer1@example.test")[0], "i")
    Client().post(first_link, {csat: "5"})
    smtp.messages.clear()

    assert send_reminders(workspace, timezone.now() + timedelta(days=2)) == 0  # not yet
    assert send_reminders(workspace, timezone.now() + timedelta(days=3, minutes=1)) == 1
    assert [m["To"] for m in smtp.messages] == ["customer2@example.test"]
    reminder = smtp.messages[0]
    assert reminder["Subject"].startswith("Reminder:") and reminder["List-Unsubscribe"]
    assert send_reminders(workspace, timezone.now() + timedelta(days=9)) == 0  # one at most
    Client().post(link(reminder, "i"), {csat: "3"})
    assert Response.objects.count() == 2


def test_an_unreachable_mail_server_fails_the_send_and_asks_nobody(settings, workspace, survey):
    from servicegap.invitations.models import Invitation
    from tests.mail_support import free_port, use_smtp

    use_smtp(settings, free_port())  # nothing listens there
    make_people(workspace, 2)
    send = send_now(workspace, survey)
    assert send.state == "failed" and "cannot connect" in send.error
    assert not Invitation.objects.exists()
