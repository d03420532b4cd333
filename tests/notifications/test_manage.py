"""Managing webhooks: the CLI, the API (admin scope) and the owners' pages with the delivery
log and its Resend button."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from standardwebhooks import Webhook as Verifier

from servicegap.cli import main_group
from servicegap.notifications.events import emit
from servicegap.notifications.models import Delivery, Webhook
from servicegap.notifications.service import add_webhook
from tests.invitation_support import run_worker

pytestmark = pytest.mark.django_db


def cli(*args: str):
    return CliRunner().invoke(main_group, ["--workspace", "acme", *args])


# --- the CLI -----------------------------------------------------------------------------------


def test_cli_add_prints_the_secret_as_its_last_line(workspace, allow_private):
    result = cli("webhook", "add", "http://127.0.0.1:9/in", "--events", "case.created,case.closed")
    assert result.exit_code == 0, result.output
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith("whsec_")
    made = Webhook.objects.of(workspace).get()
    assert made.secret == last and made.events == ["case.created", "case.closed"]
    Verifier(last)  # a valid Standard Webhooks secret (base64 after the prefix)

    listed = cli("webhook", "list", "--json")
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.stdout)["rows"]
    assert [r["url"] for r in rows] == ["http://127.0.0.1:9/in"]
    assert rows[0]["last_delivery"] is None and "secret" not in rows[0]
    assert last not in listed.stdout

    removed = cli("webhook", "remove", str(made.pk))
    assert removed.exit_code == 0, removed.output
    assert not Webhook.objects.exists()
    assert cli("webhook", "remove", str(made.pk)).exit_code == 1


@pytest.mark.parametrize(
    ("url", "events", "words"),
    [
        ("ftp://example.com/x", "case.created", "--url: must start with http:// or https://"),
        ("not a url", "case.created", "--url: must start with http"),
        (
            "http://127.0.0.1:9/in",
            "case.created,case.deleted",
            "--events: unknown event case.deleted",
        ),
        ("http://127.0.0.1:9/in", ",", "--events: choose at least one"),
    ],
)
def test_cli_add_refuses_a_bad_url_or_event_clearly(workspace, allow_private, url, events, words):
    result = cli("webhook", "add", url, "--events", events)
    assert result.exit_code == 1
    assert words in result.output and "Traceback" not in result.output
    assert not Webhook.objects.exists()


def test_cli_add_refuses_a_private_address_without_the_setting(workspace, settings):
    settings.WEBHOOK_ALLOW_PRIVATE = False
    result = cli("webhook", "add", "http://192.168.1.20/hook", "--events", "case.created")
    assert result.exit_code == 1 and "private address" in result.output
    assert "SERVICEGAP_WEBHOOK_ALLOW_PRIVATE" in result.output


# --- the API -----------------------------------------------------------------------------------


def api(client, workspace, method: str, path: str, body=None, scopes=("admin",)):
    from servicegap.accounts.models import ApiKey

    raw = ApiKey.issue(workspace, list(scopes))[1]
    call = getattr(client, method)
    extra = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    if body is None:
        return call(f"/api/v1/{path}", **extra)
    return call(f"/api/v1/{path}", data=json.dumps(body), content_type="application/json", **extra)


def test_api_creates_lists_and_deletes_webhooks_with_the_admin_scope(
    client, workspace, allow_private
):
    body = {"url": "http://127.0.0.1:9/in", "events": ["alert.raised"]}
    assert api(client, workspace, "post", "webhooks", body, scopes=("read",)).status_code == 403
    made = api(client, workspace, "post", "webhooks", body)
    assert made.status_code == 201, made.content
    assert made.json()["secret"].startswith("whsec_") and made.json()["events"] == ["alert.raised"]
    listed = api(client, workspace, "get", "webhooks").json()["rows"]
    assert [r["id"] for r in listed] == [made.json()["id"]] and "secret" not in listed[0]

    bad = api(client, workspace, "post", "webhooks", {"url": "gopher://x", "events": ["x"]})
    assert bad.status_code == 422 and bad.json()["field"] == "url"
    bad = api(client, workspace, "post", "webhooks", {"url": body["url"], "events": "case"})
    assert bad.status_code == 422 and bad.json()["field"] == "events"
    assert Webhook.objects.count() == 1

    gone = api(client, workspace, "delete", f"webhooks/{made.json()['id']}")
    assert gone.status_code == 204 and not Webhook.objects.exists()
    assert api(client, workspace, "delete", f"webhooks/{made.json()['id']}").status_code == 404


# --- the pages ---------------------------------------------------------------------------------


def test_only_owners_see_the_webhook_pages(login, workspace):
    assert login("owner").get("/w/acme/webhooks/").status_code == 200
    for persona in ("leader", "manager", "employee", "outsider"):
        assert login(persona).get("/w/acme/webhooks/").status_code == 404


def test_the_add_form_shows_the_secret_once_and_names_a_bad_field(login, workspace, allow_private):
    owner = login("owner")
    bad = owner.post("/w/acme/webhooks/", {"url": "ftp://x", "events": ["case.created"]})
    assert bad.status_code == 400 and "must start with http" in bad.content.decode()
    assert not Webhook.objects.exists()

    page = owner.post(
        "/w/acme/webhooks/", {"url": "http://127.0.0.1:9/in", "events": ["case.created"]}
    )
    assert page.status_code == 200
    made = Webhook.objects.get()
    assert made.secret in page.content.decode() and made.created_by == "owner@acme.test"
    again = owner.get("/w/acme/webhooks/").content.decode()
    assert made.secret not in again and "http://127.0.0.1:9/in" in again


def test_the_delivery_log_resends_a_message(
    login, workspace, receiver, allow_private, monkeypatch, django_capture_on_commit_callbacks
):
    made = add_webhook(workspace, receiver.url, ["case.closed"], "test")
    receiver.answers = [503]
    with django_capture_on_commit_callbacks(execute=True):
        emit(workspace, "case.closed", {"id": 3})
    run_worker(monkeypatch)
    row = Delivery.objects.get()
    owner = login("owner")
    log = owner.get(f"/w/acme/webhooks/{made.pk}/").content.decode()
    assert "retrying" in log and "HTTP 503" in log and row.msg_id in log

    with django_capture_on_commit_callbacks(execute=True):
        done = owner.post(f"/w/acme/webhooks/{made.pk}/deliveries/{row.pk}/resend/")
    assert done.status_code == 302
    run_worker(monkeypatch)
    row.refresh_from_db()
    assert row.state == "delivered" and row.attempts == 2
    assert [r.headers["webhook-id"] for r in receiver.got] == [row.msg_id, row.msg_id]
    assert "delivered" in owner.get(f"/w/acme/webhooks/{made.pk}/").content.decode()
    # Another workspace's owner cannot resend it.
    outsider = login("outsider")
    resent = outsider.post(f"/w/acme/webhooks/{made.pk}/deliveries/{row.pk}/resend/")
    assert resent.status_code == 404


def test_an_owner_removes_a_webhook(login, workspace, allow_private):
    made = add_webhook(workspace, "http://127.0.0.1:9/in", ["case.closed"], "test")
    assert login("owner").post(f"/w/acme/webhooks/{made.pk}/remove/").status_code == 302
    assert not Webhook.objects.exists()
