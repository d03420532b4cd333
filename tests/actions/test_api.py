"""/api/v1/actions: read with a read key, write with an admin key; every refusal names its
field and writes nothing; done sets the completion day and tells the webhooks once."""

from __future__ import annotations

import json

import pytest

from servicegap.actions.models import Action, ActionStandard, ActionUnit
from servicegap.notifications.models import Delivery
from servicegap.notifications.service import add_webhook

pytestmark = pytest.mark.django_db


@pytest.fixture
def allow_private(settings):
    settings.WEBHOOK_ALLOW_PRIVATE = True  # the receiver is on loopback


def key(workspace, *scopes: str) -> str:
    from servicegap.accounts.models import ApiKey

    return ApiKey.issue(workspace, list(scopes))[1]


def send(client, method: str, raw: str, path: str, body) -> object:
    call = getattr(client, method)
    return call(f"/api/v1/{path}", data=json.dumps(body), content_type="application/json",
                HTTP_AUTHORIZATION=f"Bearer {raw}")  # fmt: skip


BODY = {
    "code": "CALLBACK-LIST",
    "title": "A daily call-back list",
    "standards": ["CALLBACK"],
    "units": ["SALES"],
    "owner": "leader@acme.test",
    "start": "2026-03-01",
    "due": "2026-06-30",
    "status": "in_progress",
    "cost": "1200.50",
    "public": True,
}


def test_an_admin_key_creates_a_read_key_reads(client, workspace, standards, users):
    admin = key(workspace, "admin")
    made = send(client, "post", admin, "actions", BODY)
    assert made.status_code == 201, made.content
    doc = made.json()
    assert doc["code"] == "CALLBACK-LIST" and doc["units"] == ["SALES"]
    assert doc["owner"] == "leader@acme.test" and doc["cost"] == "1200.50" and doc["public"]
    read = {"HTTP_AUTHORIZATION": f"Bearer {key(workspace, 'read')}"}
    listed = client.get("/api/v1/actions", **read).json()
    assert [a["code"] for a in listed["items"]] == ["CALLBACK-LIST"]
    one = client.get("/api/v1/actions/CALLBACK-LIST", **read).json()
    assert one["effect"]["action"] == "CALLBACK-LIST" and one["effect"]["verdict"] == "too_early"
    assert client.get("/api/v1/actions/NOPE", **read).status_code == 404
    refused = send(client, "post", key(workspace, "read"), "actions", {**BODY, "code": "X"})
    assert refused.status_code == 403 and not Action.objects.filter(code="X").exists()


@pytest.mark.parametrize(
    ("change", "field", "status"),
    [
        ({"standards": ["NOPE"]}, "standards", 422),
        ({"units": ["SALES", "MARS"]}, "units", 422),
        ({"owner": "stranger@else.test"}, "owner", 422),
        ({"start": "2026-13-01"}, "start", 422),
        ({"due": "2026-01-01"}, "due", 422),
        ({"status": "finished"}, "status", 422),
        ({"cost": "-5"}, "cost", 422),
        ({"code": "has space"}, "code", 422),
        ({"code": "new"}, "code", 422),
        ({"title": ""}, "title", 422),
        ({"colour": "red"}, "colour", 422),
        ({"after_from": "2026-02-01", "before_to": "2026-02-10"}, "after_from", 422),
        ({"cases": [999]}, "cases", 422),
        ({"idea": 999}, "idea", 422),
    ],
)
def test_a_bad_field_is_named_and_nothing_is_written(client, workspace, standards, users,
                                                     change, field, status):  # fmt: skip
    r = send(client, "post", key(workspace, "admin"), "actions", {**BODY, **change})
    assert r.status_code == status, r.content
    assert r.json()["field"] == field
    assert not Action.objects.exists() and not ActionStandard.objects.exists()


def test_a_taken_code_is_409(client, workspace, standards, users):
    admin = key(workspace, "admin")
    assert send(client, "post", admin, "actions", BODY).status_code == 201
    again = send(client, "post", admin, "actions", BODY)
    assert again.status_code == 409 and again.json()["field"] == "code"


def test_patch_changes_what_is_given_and_done_tells_the_webhooks_once(
    client, workspace, standards, users, allow_private
):
    hook = add_webhook(workspace, "http://127.0.0.1:9/in", ["action.completed"], "test")
    admin = key(workspace, "admin")
    send(client, "post", admin, "actions", BODY)
    r = send(client, "patch", admin, "actions/CALLBACK-LIST", {"units": [], "title": "Renamed"})
    assert r.status_code == 200, r.content
    assert r.json()["title"] == "Renamed" and r.json()["units"] == []
    assert r.json()["standards"] == ["CALLBACK"]  # not given: kept
    assert not ActionUnit.objects.exists()
    done = send(client, "patch", admin, "actions/CALLBACK-LIST", {"status": "done"})
    assert done.json()["completed"] is not None
    again = send(client, "patch", admin, "actions/CALLBACK-LIST", {"status": "done"})
    assert again.status_code == 200
    sent = Delivery.objects.filter(webhook=hook)
    assert sent.count() == 1 and sent.get().event == "action.completed"
    assert sent.get().payload["data"]["code"] == "CALLBACK-LIST"
    back = send(client, "patch", admin, "actions/CALLBACK-LIST", {"status": "in_progress"})
    assert back.json()["completed"] is None
    bad = send(client, "patch", admin, "actions/CALLBACK-LIST", {"code": "OTHER"})
    assert bad.status_code == 422 and bad.json()["field"] == "code"
    missing = send(client, "patch", admin, "actions/NOPE", {"title": "x"})
    assert missing.status_code == 404


def test_the_openapi_document_has_the_actions_endpoints(client, workspace):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/actions"])
    assert {"get", "patch"} <= set(paths["/api/v1/actions/{code}"])
