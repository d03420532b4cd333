"""/api/v1/cases: the list with its filters and cursor, one case, PATCH, and messages."""

from __future__ import annotations

import json

import pytest

from servicegap.accounts.models import ApiKey
from servicegap.cases.models import Case, CaseEvent
from tests.case_support import case_of, complaint, nps, response
from tests.cases.test_cli import KEYS, listed
from tests.mail_support import smtp  # noqa: F401 - the fixture


def key(ws, *scopes: str) -> dict:
    _, raw = ApiKey.issue(ws, list(scopes))
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def patch(client, path: str, body, auth: dict):
    return client.patch(path, json.dumps(body), content_type="application/json", **auth)


@pytest.mark.django_db
def test_a_complaint_posted_to_the_api_is_at_once_a_case_the_api_lists(client, workspace, api_key):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {api_key}"}
    posted = client.post(
        "/api/v1/feedback", {"kind": "complaint", "text": "Cold coffee", "unit": "HQ"},
        content_type="application/json", **auth,
    )  # fmt: skip
    assert posted.status_code == 201
    r = client.get("/api/v1/cases", **auth)
    assert r.status_code == 200
    [row] = r.json()["rows"]
    assert set(row) == KEYS and r.json()["next_cursor"] is None
    assert row["source"] == {"kind": "feedback", "id": posted.json()["id"]}
    assert (row["unit"], row["status"]) == ("HQ", "new")
    assert row == listed()[0]  # one serializer for the API and the CLI
    one = client.get(f"/api/v1/cases/{row['id']}", **auth)
    assert one.status_code == 200 and one.json() == row


@pytest.mark.django_db
def test_the_list_pages_by_cursor_and_filters(client, workspace, api_key):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {api_key}"}
    for i in range(5):
        complaint(workspace, unit="SALES" if i % 2 else "SERVICE")
    seen, cursor = [], ""
    while True:
        r = client.get(f"/api/v1/cases?limit=2{'&cursor=' + cursor if cursor else ''}", **auth)
        assert r.status_code == 200
        seen += [c["id"] for c in r.json()["rows"]]
        cursor = r.json()["next_cursor"]
        if cursor is None:
            break
    assert seen == [5, 4, 3, 2, 1]
    r = client.get("/api/v1/cases?unit=SALES&status=new&severity=normal&breached=false", **auth)
    assert [c["id"] for c in r.json()["rows"]] == [4, 2]
    for query, field in [
        ("status=finished", "status"), ("severity=urgent", "severity"), ("unit=NOPE", "unit"),
        ("breached=maybe", "breached"), ("cursor=bm9wZQ", "cursor"), ("limit=0", "limit"),
        ("limit=101", "limit"),
    ]:  # fmt: skip
        r = client.get(f"/api/v1/cases?{query}", **auth)
        assert r.status_code == 422 and r.json()["field"] == field, query


@pytest.mark.django_db
def test_reading_needs_the_read_scope_and_changing_the_cases_scope(client, workspace, api_key):
    case = case_of(complaint(workspace))
    assert client.get("/api/v1/cases", **key(workspace, "ingest")).status_code == 403
    reader = {"HTTP_AUTHORIZATION": f"Bearer {api_key}"}
    assert (
        patch(client, f"/api/v1/cases/{case.number}", {"status": "open"}, reader).status_code == 403
    )
    assert client.get("/api/v1/cases").status_code == 401
    for scopes in (("cases",), ("admin",)):
        r = patch(
            client, f"/api/v1/cases/{case.number}", {"severity": "high"}, key(workspace, *scopes)
        )
        assert r.status_code == 200


@pytest.mark.django_db
def test_a_key_of_another_workspace_sees_none_of_its_cases(client, workspace, other_workspace):
    case = case_of(complaint(workspace))
    other = key(other_workspace, "read", "cases")
    assert client.get("/api/v1/cases", **other).json()["rows"] == []
    assert client.get(f"/api/v1/cases/{case.number}", **other).status_code == 404
    assert (
        patch(client, f"/api/v1/cases/{case.number}", {"status": "open"}, other).status_code == 404
    )


@pytest.mark.django_db
def test_patch_changes_status_owner_and_severity_and_logs_it(client, workspace, users):
    case = case_of(response(workspace, [nps(1)], unit="SALES"))
    auth = key(workspace, "cases", "read")
    body = {"owner": "Employee@acme.test", "severity": "high", "status": "waiting"}
    r = patch(client, f"/api/v1/cases/{case.number}", body, auth)
    assert r.status_code == 200, r.json()
    assert (r.json()["owner"], r.json()["severity"], r.json()["status"]) == (
        "employee@acme.test", "high", "waiting",
    )  # fmt: skip
    r = patch(
        client, f"/api/v1/cases/{case.number}", {"status": "closed", "resolution": "Refund"}, auth
    )
    assert r.json()["status"] == "closed" and r.json()["closed_at"]
    events = CaseEvent.objects.filter(case=case)
    assert [e.kind for e in events] == ["opened", "severity", "owner", "status", "status", "status"]
    assert {e.actor_label for e in events[1:]} == {f"api-key:{auth['HTTP_AUTHORIZATION'][7:17]}"}
    assert (
        patch(client, f"/api/v1/cases/{case.number}", {"owner": None}, auth).json()["owner"] is None
    )


@pytest.mark.django_db
def test_patch_refuses_bad_values_by_field_and_changes_nothing(client, workspace, users):
    case = case_of(complaint(workspace, unit="SALES"))
    auth = key(workspace, "cases")
    for body, field in [
        ({"status": "done"}, "status"),
        ({"severity": "urgent", "status": "open"}, "severity"),
        ({"status": "open", "owner": "manager.service@acme.test"}, "owner"),
        ({"status": "open", "owner": "outsider@other.test"}, "owner"),
        ({"status": "open", "unit": "NOPE"}, "unit"),
        ({"status": "open", "number": 7}, "number"),
        (["open"], "body"),
    ]:
        r = patch(client, f"/api/v1/cases/{case.number}", body, auth)
        assert r.status_code == 422 and r.json()["field"] == field, body
    case.refresh_from_db()
    assert case.status == "new" and CaseEvent.objects.filter(case=case).count() == 1
    assert patch(client, "/api/v1/cases/999", {"status": "open"}, auth).status_code == 404


@pytest.mark.django_db
def test_a_message_is_an_internal_note_or_a_reply_needing_an_address(client, workspace):
    case = case_of(complaint(workspace))
    auth = key(workspace, "cases")
    path = f"/api/v1/cases/{case.number}/messages"
    r = client.post(path, {"text": "Checked the booking."}, content_type="application/json", **auth)
    assert r.status_code == 201 and r.json()["kind"] == "note"
    assert CaseEvent.objects.get(pk=r.json()["id"]).text == "Checked the booking."
    r = client.post(path, {"text": ""}, content_type="application/json", **auth)
    assert r.status_code == 422 and r.json()["field"] == "text"
    r = client.post(
        path, {"text": "Sorry", "to_customer": True}, content_type="application/json", **auth
    )
    assert r.status_code == 409 and r.json()["field"] == "contact"  # no address given
    r = client.post(
        path, {"text": "x", "to_customer": "yes"}, content_type="application/json", **auth
    )
    assert r.status_code == 422 and r.json()["field"] == "to_customer"
    assert Case.objects.get(pk=case.pk).status == "new"


@pytest.mark.django_db
def test_a_reply_to_the_customer_goes_out_by_e_mail(client, workspace, smtp):  # noqa: F811
    case = case_of(complaint(workspace, contact="ann@example.com", consent=True))
    auth = key(workspace, "cases")
    path = f"/api/v1/cases/{case.number}/messages"
    body = {"text": "We are sorry; a new car is on its way.", "to_customer": True}
    r = client.post(path, body, content_type="application/json", **auth)
    assert r.status_code == 201 and r.json()["kind"] == "reply"
    [mail] = smtp.to("ann@example.com")
    assert "a new car is on its way" in mail.get_content()
    assert Case.objects.get(pk=case.pk).status == "waiting"
