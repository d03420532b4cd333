"""Webhooks end to end: emitted in the caller's transaction, queued on commit, sent by the real
worker to a real receiver on loopback, signed per the Standard Webhooks specification (verified
with the ``standardwebhooks`` package), retried on the spec's schedule, never redirected."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from standardwebhooks import Webhook as Verifier

from servicegap.lib.errors import FieldError
from servicegap.notifications.delivery import attempt, resend
from servicegap.notifications.events import EVENTS, emit
from servicegap.notifications.models import Delivery
from servicegap.notifications.service import add_webhook
from tests.invitation_support import run_worker

pytestmark = pytest.mark.django_db

CASE = {"id": 41, "number": 7, "status": "new", "unit": "SALES", "severity": "high"}


def hook(workspace, receiver, events=("case.created",)):
    return add_webhook(workspace, receiver.url, list(events), created_by="test")


def test_case_created_reaches_the_receiver_signed_and_verifiable(
    workspace, receiver, allow_private, monkeypatch, django_capture_on_commit_callbacks
):
    made = hook(workspace, receiver, ["case.created", "case.closed"])
    assert made.secret.startswith("whsec_") and len(made.secret) == len("whsec_") + 44
    with django_capture_on_commit_callbacks(execute=True):
        emit(workspace, "case.created", CASE)
        emit(workspace, "case.updated", CASE)  # not asked for: no delivery
    assert Delivery.objects.count() == 1
    run_worker(monkeypatch)  # the queued first attempt, by the real worker loop

    assert len(receiver.got) == 1
    got = receiver.got[0]
    assert got.path == "/hooks/servicegap"
    assert {"webhook-id", "webhook-timestamp", "webhook-signature"} <= got.headers.keys()
    payload = Verifier(made.secret).verify(got.body, got.headers)  # raises if not signed right
    assert payload["type"] == "case.created" and payload["data"] == CASE
    assert "timestamp" in payload
    row = Delivery.objects.get()
    assert got.headers["webhook-id"] == row.msg_id
    assert (row.attempts, row.last_status, row.next_attempt_at) == (1, 204, None)
    assert row.delivered_at is not None and row.state == "delivered"
    # A signature made with another secret does not verify.
    from standardwebhooks.webhooks import WebhookVerificationError

    with pytest.raises(WebhookVerificationError):
        Verifier("whsec_" + "A" * 44).verify(got.body, got.headers)


def test_an_event_of_a_rolled_back_transaction_is_never_sent(
    workspace, receiver, allow_private, monkeypatch, django_capture_on_commit_callbacks
):
    hook(workspace, receiver)
    with (
        django_capture_on_commit_callbacks(execute=True) as queued,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        emit(workspace, "case.created", CASE)
        raise RuntimeError("the case could not be stored")
    assert queued == [] and not Delivery.objects.exists()
    run_worker(monkeypatch)
    assert attempt_all() == []
    assert receiver.got == []


def attempt_all() -> list[str]:
    from servicegap.notifications.tasks import deliver_due

    result = deliver_due.call()
    return [] if result.startswith("0 ") else [result]


def test_unknown_events_are_refused(workspace):
    with pytest.raises(ValueError, match="unknown webhook event 'case.deleted'"):
        emit(workspace, "case.deleted", {})
    with pytest.raises(FieldError) as refused:
        add_webhook(workspace, "https://8.8.8.8/x", ["case.created", "nope"], "test")
    assert refused.value.field == "events" and "nope" in refused.value.message


def test_only_the_workspaces_own_webhooks_hear_its_events(
    workspace, other_workspace, receiver, allow_private
):
    hook(other_workspace, receiver)
    emit(workspace, "case.created", CASE)
    assert not Delivery.objects.exists()


def test_failures_are_retried_on_the_specs_schedule_then_given_up(
    workspace, receiver, allow_private
):
    from django_tasks_db.models import DBTaskResult

    hook(workspace, receiver)
    emit(workspace, "case.created", CASE)
    row = Delivery.objects.get()
    receiver.answers = [500] * 7
    now = timezone.now()
    waits = []
    for n in range(1, 8):
        result = attempt(row.pk, now)
        assert "HTTP 500" in result or "given up" in result, result
        row.refresh_from_db()
        assert row.attempts == n and row.last_status == 500
        if row.next_attempt_at is not None:
            waits.append(row.next_attempt_at - now)
            # Not due before its time: the sweep leaves it alone.
            assert "not due" in attempt(row.pk, row.next_attempt_at - timedelta(seconds=1))
            now = row.next_attempt_at
    assert waits == [
        timedelta(seconds=5), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2),
        timedelta(hours=5), timedelta(hours=10),
    ]  # fmt: skip
    assert row.given_up_at is not None and row.state == "given up"
    assert len(receiver.got) == 7
    assert len({r.headers["webhook-id"] for r in receiver.got}) == 1  # one message, retried
    # The 5 s retry is queued as a deferred task (sooner than the minutely sweep).
    deferred = DBTaskResult.objects.filter(task_path__endswith="attempt_delivery")
    assert any(t.run_after is not None for t in deferred)

    # Resend: a new attempt of the same message, which now succeeds.
    resend(row)
    assert "delivered (204)" in attempt(row.pk)
    row.refresh_from_db()
    assert row.state == "delivered" and row.attempts == 8
    assert receiver.got[-1].headers["webhook-id"] == row.msg_id


def test_the_minutely_job_attempts_due_deliveries(workspace, receiver, allow_private):
    from servicegap.notifications.tasks import deliver_due
    from servicegap.runtime.schedule import jobs

    assert "every minute" in {str(j.cadence) for j in jobs() if j.name == "deliver_webhooks"}
    hook(workspace, receiver)
    emit(workspace, "case.created", CASE)  # its queued attempt lost: the sweep sends it
    assert deliver_due.call() == "1 deliveries attempted, 1 delivered"
    assert deliver_due.call() == "0 deliveries attempted, 0 delivered"
    assert len(receiver.got) == 1


def test_private_addresses_are_refused_without_the_setting(workspace, receiver, settings):
    settings.WEBHOOK_ALLOW_PRIVATE = False
    for url in (
        receiver.url,
        "http://10.0.0.5/h",
        "http://169.254.169.254/latest",
        "http://[::1]/",
    ):
        with pytest.raises(FieldError) as refused:
            add_webhook(workspace, url, ["case.created"], "test")
        assert refused.value.field == "url"
        assert "SERVICEGAP_WEBHOOK_ALLOW_PRIVATE" in refused.value.message
    assert not workspace_hooks(workspace)


def workspace_hooks(workspace):
    from servicegap.notifications.models import Webhook

    return list(Webhook.objects.of(workspace))


def test_the_address_is_checked_again_at_each_delivery(workspace, receiver, settings):
    settings.WEBHOOK_ALLOW_PRIVATE = True
    hook(workspace, receiver)
    settings.WEBHOOK_ALLOW_PRIVATE = False  # the receiver's address is no longer allowed
    emit(workspace, "case.created", CASE)
    row = Delivery.objects.get()
    attempt(row.pk)
    row.refresh_from_db()
    assert receiver.got == []  # no connection was made
    assert "loopback" in row.last_error and row.last_status is None and row.attempts == 1


def test_a_redirect_is_not_followed_and_counts_as_a_failure(workspace, receiver, allow_private):
    hook(workspace, receiver)
    receiver.answers = [302]
    receiver.location = receiver.url + "/moved"
    emit(workspace, "case.created", CASE)
    row = Delivery.objects.get()
    attempt(row.pk)
    row.refresh_from_db()
    assert len(receiver.got) == 1 and receiver.got[0].path == "/hooks/servicegap"
    assert row.last_status == 302 and "not followed" in row.last_error
    assert row.delivered_at is None and row.next_attempt_at is not None


def test_an_unreachable_receiver_is_a_failure_not_an_error(workspace, allow_private):
    from tests.mail_support import free_port

    add_webhook(workspace, f"http://127.0.0.1:{free_port()}/x", ["case.closed"], "test")
    emit(workspace, "case.closed", CASE)
    row = Delivery.objects.get()
    assert "failed" in attempt(row.pk)
    row.refresh_from_db()
    assert row.last_status is None and "Connection" in row.last_error


def test_every_event_can_be_chosen_and_the_payload_is_plain_json(workspace, allow_private):
    made = add_webhook(workspace, "http://127.0.0.1:9/x", ",".join(EVENTS), "test")
    assert made.events == list(EVENTS)
    for event in EVENTS:
        emit(workspace, event, {"id": 1})
    rows = Delivery.objects.order_by("pk")
    assert [r.event for r in rows] == list(EVENTS)
    assert json.loads(json.dumps(rows[0].payload))["type"] == EVENTS[0]
