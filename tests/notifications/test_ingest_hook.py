"""Customer input told to webhooks as it arrives: customer responses and customer feedback,
live only; never employee, leader or internal answers, never employee ideas, never imports."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from servicegap.cli import main_group
from servicegap.notifications.models import Delivery
from servicegap.notifications.service import add_webhook

pytestmark = pytest.mark.django_db

EVENTS = ["response.created", "feedback.created"]


@pytest.fixture
def listening(workspace, allow_private):
    return add_webhook(workspace, "http://127.0.0.1:9/in", EVENTS, "test")


def key(workspace, *scopes: str) -> str:
    from servicegap.accounts.models import ApiKey

    return ApiKey.issue(workspace, list(scopes))[1]


def post(client, raw: str, path: str, body: dict):
    return client.post(
        f"/api/v1/{path}",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )


def answer(perspective: str, respondent: str) -> dict:
    return {
        "submitted_at": "2026-03-12T10:00:00Z",
        "perspective": perspective,
        "respondent": respondent,
        "unit": "SALES",
        "answers": [{"item": "GREET", "kind": "experience", "value": 6}],
    }


def test_a_live_customer_response_is_sent_with_its_codes(client, workspace, standards, listening):
    done = post(client, key(workspace, "ingest"), "responses", answer("customer", "C1"))
    assert done.status_code == 201, done.content
    row = Delivery.objects.get()
    assert row.event == "response.created" and row.webhook == listening
    data = row.payload["data"]
    assert data["id"] == done.json()["id"] and data["kind"] == "response"
    assert data["perspective"] == "customer" and data["unit"] == "SALES"
    assert data["touchpoint"] is None and data["submitted_at"].startswith("2026-03-12T10:00")
    assert "C1" not in json.dumps(row.payload)  # no respondent code or contact


def test_employee_responses_are_never_sent(client, workspace, standards, listening):
    done = post(client, key(workspace, "ingest-protected"), "responses", answer("employee", "E1"))
    assert done.status_code == 201, done.content
    assert not Delivery.objects.exists()


def test_imported_responses_are_not_sent(workspace, standards, listening, tmp_path, monkeypatch):
    monkeypatch.setenv("SERVICEGAP_DATA_DIR", str(tmp_path))
    path = tmp_path / "responses.csv"
    path.write_text(
        "response_id,submitted_at,time_zone,perspective,respondent,unit,supplier,touchpoint,"
        "survey,item,kind,value\n"
        "R1,2026-03-12T10:00:00Z,UTC,customer,C9,SALES,,,,GREET,experience,7\n"
    )
    result = CliRunner().invoke(
        main_group, ["--workspace", "acme", "import", "responses", str(path)]
    )
    assert result.exit_code == 0, result.output
    from servicegap.surveys.models import Response

    assert Response.objects.of(workspace).count() == 1
    assert not Delivery.objects.exists()


def test_customer_feedback_is_sent_with_its_text(client, workspace, listening):
    body = {"kind": "complaint", "text": "Nobody called back.", "unit": "SALES"}
    done = post(client, key(workspace, "ingest"), "feedback", body)
    assert done.status_code == 201, done.content
    row = Delivery.objects.get()
    data = row.payload["data"]
    assert row.event == "feedback.created" and row.payload["type"] == "feedback.created"
    assert data["kind"] == "complaint" and data["text"] == "Nobody called back."
    assert data["unit"] == "SALES" and data["channel"] == "api"


def test_employee_ideas_and_imported_feedback_are_not_sent(workspace, listening):
    from servicegap.feedback.contract import record_feedback

    idea = {"kind": "idea", "text": "A quiet room for calls.", "perspective": "employee"}
    record_feedback(workspace, idea, channel="api", live=True)
    record_feedback(workspace, {"kind": "compliment", "text": "Old praise."}, live=False)
    assert not Delivery.objects.exists()


def test_nothing_is_written_without_a_listening_webhook(client, workspace, allow_private):
    add_webhook(workspace, "http://127.0.0.1:9/in", ["case.created"], "test")
    done = post(client, key(workspace, "ingest"), "feedback", {"kind": "idea", "text": "Hi"})
    assert done.status_code == 201
    assert not Delivery.objects.exists()
