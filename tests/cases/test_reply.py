"""Replying to the customer by e-mail from a case (a real SMTP server on 127.0.0.1) and the
customer's answer back through a single-use link (cases/reply.py, links.py, public_views.py)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from servicegap.cases import reply, service
from servicegap.cases.models import CaseEvent, CaseLink, CaseStatus
from servicegap.invitations.models import hash_token
from servicegap.lib.errors import FieldError
from tests.mail_support import smtp  # noqa: F401 - the fixture


def open_case(ws, contact="ann@example.com"):
    from servicegap.people.models import Unit

    unit = Unit.objects.of(ws).get(code="SALES")
    return service.open_case(
        ws, trigger="complaint", severity="normal", unit=unit, contact=contact,
        title="Complaint: nobody called me back",
    )  # fmt: skip


def link_path(message) -> str:
    found = re.search(
        r"https?://[^/\s]+(/r/[\w-]+/(?:case|recovery)/[\w-]+/)", message.get_content()
    )
    assert found, message.get_content()
    return found[1]


@pytest.mark.django_db
def test_a_reply_is_mailed_with_a_single_use_link_and_logged(workspace, users, smtp):  # noqa: F811
    case = open_case(workspace)
    event = reply.send_reply(case, "Sorry! We will call you today.", actor=users["employee"])
    [message] = smtp.to("ann@example.com")
    assert "Sorry! We will call you today." in message.get_content()
    assert f"case {case.number}" in message["Subject"]
    raw = link_path(message).rstrip("/").rsplit("/", 1)[1]
    link = CaseLink.objects.get()
    assert link.token_hash == hash_token(raw) and raw not in link.token_hash  # only the hash
    assert (link.purpose, link.used_at) == ("reply", None)
    assert (link.expires_at - link.created_at) == timedelta(days=30)
    assert (event.kind, event.actor, event.detail["link"]) == ("reply", users["employee"], link.pk)
    case.refresh_from_db()
    assert case.status == CaseStatus.WAITING


@pytest.mark.django_db
def test_no_consented_e_mail_means_no_way_to_reply(workspace, smtp):  # noqa: F811
    for contact in ("", "+31 20 123 4567"):
        case = open_case(workspace, contact=contact)
        with pytest.raises(FieldError) as got:
            reply.send_reply(case, "Hello")
        assert got.value.field == "contact" and "No way to reply" in got.value.message
    assert smtp.messages == [] and not CaseLink.objects.exists()
    assert not CaseEvent.objects.filter(kind="reply").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "field"), [("  ", "text"), ("x" * 5001, "text"), ("a\x00b", "text")]
)
def test_a_bad_reply_text_is_refused_by_name_and_nothing_sent(workspace, smtp, text, field):  # noqa: F811
    case = open_case(workspace)
    with pytest.raises(FieldError) as got:
        reply.send_reply(case, text)
    assert got.value.field == field
    assert smtp.messages == [] and not CaseLink.objects.exists()


@pytest.mark.django_db
def test_a_mail_server_that_refuses_leaves_no_link_and_no_log_line(workspace, smtp):  # noqa: F811
    smtp.refuse.add("ann@example.com")
    case = open_case(workspace)
    with pytest.raises(FieldError) as got:
        reply.send_reply(case, "Hello")
    assert got.value.status == 503
    assert not CaseLink.objects.exists() and not CaseEvent.objects.filter(kind="reply").exists()


@pytest.mark.django_db
def test_the_customer_answers_once_and_the_case_opens_again(client, workspace, smtp):  # noqa: F811
    case = open_case(workspace)
    reply.send_reply(case, "Which day suits you?")
    path = link_path(smtp.messages[0])
    page = client.get(path)
    assert page.status_code == 200 and b"Which day suits you?" in page.content
    assert b"Acme Motors" in page.content  # the workspace's brand, no login
    done = client.post(path, {"text": "Tuesday morning, please."})
    assert done.status_code == 200 and b"Thank you" in done.content
    answer = CaseEvent.objects.get(case=case, kind="customer")
    assert (answer.text, answer.actor_label) == ("Tuesday morning, please.", "customer")
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN
    again = client.post(path, {"text": "And again"})
    assert again.status_code == 409 and b"This link has been used" in again.content
    assert client.get(path).status_code == 200  # a clear page, not an error
    assert CaseEvent.objects.filter(kind="customer").count() == 1
    reply.send_reply(case, "One more question")  # a new reply e-mail: a new, working link
    fresh = link_path(smtp.messages[1])
    assert fresh != path and client.get(fresh).status_code == 200


@pytest.mark.django_db
def test_an_expired_or_unknown_link_answers_nothing(client, workspace, smtp):  # noqa: F811
    case = open_case(workspace)
    reply.send_reply(case, "Hello")
    path = link_path(smtp.messages[0])
    CaseLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    got = client.post(path, {"text": "Late"})
    assert got.status_code == 410 and b"expired" in got.content
    assert client.get(path.replace("/case/", "/recovery/")).status_code == 404  # other purpose
    assert client.get("/r/acme/case/not-a-token/").status_code == 404
    assert client.get(path.replace("/acme/", "/other/")).status_code == 404
    assert not CaseEvent.objects.filter(kind="customer").exists()


@pytest.mark.django_db
def test_an_empty_or_too_long_answer_is_refused_and_the_link_stays_usable(
    client,
    workspace,
    smtp,  # noqa: F811
):
    case = open_case(workspace)
    reply.send_reply(case, "Hello")
    path = link_path(smtp.messages[0])
    assert client.post(path, {"text": ""}).status_code == 422
    assert client.post(path, {"text": "x" * 5001}).status_code == 422
    assert CaseLink.objects.get().used_at is None
    assert client.post(path, {"text": "Fine now"}).status_code == 200


@pytest.mark.django_db
def test_the_answer_page_is_rate_limited(client, workspace, smtp, monkeypatch):  # noqa: F811
    monkeypatch.setenv("SERVICEGAP_PUBLIC_RATE_LIMIT", "2/60")
    case = open_case(workspace)
    reply.send_reply(case, "Hello")
    path = link_path(smtp.messages[0])
    client.post(path, {"text": ""})
    client.post(path, {"text": ""})
    got = client.post(path, {"text": "Now it is fine"})
    assert got.status_code == 429 and got["Retry-After"]
    assert CaseLink.objects.get().used_at is None


@pytest.mark.django_db
def test_the_case_page_replies_or_says_there_is_no_way(login, workspace, smtp):  # noqa: F811
    client = login("employee")
    case = open_case(workspace)
    page = client.get(f"/w/acme/cases/{case.number}/")
    assert b"ann@example.com" in page.content and b"Send the reply" in page.content
    got = client.post(f"/w/acme/cases/{case.number}/reply/", {"text": "We are on it."})
    assert got.status_code == 302
    assert smtp.to("ann@example.com")
    none = open_case(workspace, contact="")
    page = client.get(f"/w/acme/cases/{none.number}/")
    assert b"No way to reply" in page.content and b"Send the reply" not in page.content
    refused = client.post(f"/w/acme/cases/{none.number}/reply/", {"text": "Hello"})
    assert refused.status_code == 400 and b"No way to reply" in refused.content
    empty = client.post(f"/w/acme/cases/{case.number}/reply/", {"text": ""})
    assert empty.status_code == 400
