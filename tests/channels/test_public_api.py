"""The keyless endpoints under /api/v1/public/<workspace>/: kiosk taps and widget feedback, behind
the workspace's CORS allow-list, a per-address rate limit and a honeypot."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from servicegap.channels.models import ChannelSettings, Kiosk, KioskTap
from servicegap.feedback.models import Feedback
from servicegap.surveys.models import Answer, Response

SHOP = "https://shop.example"


@pytest.fixture
def kiosk(workspace):
    from servicegap.journeys.models import Journey, Touchpoint
    from servicegap.people.models import Unit

    journey = Journey.objects.create(workspace=workspace, code="BUY", name="Buying a car")
    sales = Unit.objects.of(workspace).get(code="SALES")
    visit = Touchpoint.objects.create(
        workspace=workspace, journey=journey, code="VISIT", name="Showroom visit", step=1,
        unit=sales,
    )  # fmt: skip
    return Kiosk.objects.create(workspace=workspace, code="DOOR", name="Door", touchpoint=visit)


@pytest.fixture
def allow_shop(workspace):
    return ChannelSettings.objects.create(workspace=workspace, allowed_origins=[SHOP])


def post(client, path, body, origin: str = "", **meta):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    headers = {"Origin": origin} if origin else {}
    return client.post(path, data, content_type="application/json", headers=headers, **meta)


def tap(kiosk, client_id="tap-0001-abcdef", moment="magic", **extra):
    return {"kiosk": kiosk.token, "moment": moment, "client_id": client_id, **extra}


TAPS = "/api/v1/public/acme/taps"
FEEDBACK = "/api/v1/public/acme/feedback"


@pytest.mark.django_db
def test_a_kiosk_tap_is_stored_as_a_customer_moment_at_the_kiosks_touchpoint_and_unit(
    client, kiosk
):
    r = post(client, TAPS, tap(kiosk, moment="misery", time_zone="Europe/Brussels"))
    assert r.status_code == 201 and r.json() == {"received": True}
    response = Response.objects.of(kiosk.workspace).get()
    assert response.perspective == "customer"
    assert response.touchpoint.code == "VISIT" and response.unit.code == "SALES"
    assert response.time_zone == "Europe/Brussels"
    answer = Answer.objects.get(response=response)
    assert (answer.kind, answer.value_text) == ("moment", "misery")
    assert KioskTap.objects.get().response == response


@pytest.mark.django_db
def test_a_retried_tap_with_the_same_client_id_is_stored_once(client, kiosk):
    assert post(client, TAPS, tap(kiosk)).status_code == 201
    again = post(client, TAPS, tap(kiosk))
    assert again.status_code == 200 and again.json() == {"received": True}
    assert Response.objects.of(kiosk.workspace).count() == 1
    assert post(client, TAPS, tap(kiosk, client_id="tap-0002-abcdef")).status_code == 201
    assert Response.objects.of(kiosk.workspace).count() == 2


@pytest.mark.django_db
def test_a_queued_tap_keeps_the_time_it_was_made(client, kiosk):
    made = (timezone.now() - timedelta(hours=3)).replace(microsecond=0)
    assert post(client, TAPS, tap(kiosk, tapped_at=made.isoformat())).status_code == 201
    assert Response.objects.get().submitted_at == made
    old = (timezone.now() - timedelta(days=30)).isoformat()
    r = post(client, TAPS, tap(kiosk, client_id="tap-old-000001", tapped_at=old))
    assert r.status_code == 422 and r.json()["field"] == "tapped_at"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"moment": "bliss"}, "moment"),
        ({"client_id": "x"}, "client_id"),
        ({"client_id": "has spaces in it"}, "client_id"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"tapped_at": "yesterday"}, "submitted_at"),
    ],
)
def test_a_bad_tap_is_refused_naming_the_field_and_nothing_is_stored(client, kiosk, change, field):
    r = post(client, TAPS, {**tap(kiosk), **change})
    assert r.status_code == 422 and r.json()["field"] == field and r.json()["error"]
    assert Response.objects.count() == 0 and KioskTap.objects.count() == 0


@pytest.mark.django_db
def test_a_tap_from_an_unknown_or_retired_kiosk_is_404_and_an_unknown_workspace_too(client, kiosk):
    r = post(client, TAPS, {**tap(kiosk), "kiosk": "not-a-token"})
    assert r.status_code == 404 and r.json()["field"] == "kiosk"
    kiosk.active = False
    kiosk.save()
    assert post(client, TAPS, tap(kiosk)).status_code == 404
    r = post(client, "/api/v1/public/nowhere/taps", tap(kiosk))
    assert r.status_code == 404 and set(r.json()) == {"error", "field"}
    assert Response.objects.count() == 0


@pytest.mark.django_db
def test_a_kiosk_token_of_another_workspace_does_not_work_here(client, kiosk, other_workspace):
    r = post(client, "/api/v1/public/other/taps", tap(kiosk))
    assert r.status_code == 404 and Response.objects.count() == 0


@pytest.mark.django_db
def test_widget_feedback_is_stored_with_its_html_kept_as_text(client, workspace, kiosk):
    text = '<script>alert("x")</script> The salesman was rude'
    body = {"kind": "complaint", "text": text, "touchpoint": "VISIT"}
    r = post(client, FEEDBACK, body)
    assert r.status_code == 201
    fb = Feedback.objects.of(workspace).get()
    assert (fb.kind, fb.text, fb.channel, fb.unit.code) == ("complaint", text, "widget", "SALES")
    assert fb.perspective == "customer"


@pytest.mark.django_db
def test_contact_details_are_kept_only_with_consent(client, workspace):
    body = {"kind": "complaint", "text": "Call me", "contact": "ann@example.com"}
    r = post(client, FEEDBACK, body)
    assert r.status_code == 422 and r.json()["field"] == "consent"
    assert Feedback.objects.count() == 0
    assert post(client, FEEDBACK, {**body, "consent": True}).status_code == 201
    fb = Feedback.objects.get()
    assert fb.contact == "ann@example.com" and fb.consent is True


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "rant", "text": "x"}, "kind"),
        ({"kind": "idea", "text": "   "}, "text"),
        ({"kind": "idea", "text": "x", "unit": "NOPE"}, "unit"),
        ("[1, 2]", ""),
        ("{not json", ""),
    ],
)
def test_bad_feedback_is_refused_in_the_error_shape(client, workspace, body, field):
    r = post(client, FEEDBACK, body)
    assert r.status_code == 422 and r.json()["field"] == field
    assert Feedback.objects.count() == 0


@pytest.mark.django_db
def test_public_fields_only_a_visitor_cannot_pose_as_an_employee(client, workspace):
    body = {"kind": "idea", "text": "More coffee", "perspective": "leader", "employee": "E1"}
    assert post(client, FEEDBACK, body).status_code == 201
    fb = Feedback.objects.get()
    assert fb.perspective == "customer" and fb.employee is None


@pytest.mark.django_db
def test_a_filled_honeypot_gets_a_normal_answer_and_nothing_is_stored(client, workspace, kiosk):
    r = post(client, FEEDBACK, {"kind": "idea", "text": "Buy pills", "website": "http://spam"})
    assert r.status_code == 201 and r.json() == {"received": True}
    r = post(client, TAPS, tap(kiosk, website="x"))
    assert r.status_code == 201 and r.json() == {"received": True}
    assert Feedback.objects.count() == 0 and Response.objects.count() == 0


@pytest.mark.django_db
def test_an_oversized_body_is_413_and_nothing_is_stored(client, workspace, monkeypatch):
    monkeypatch.setenv("SERVICEGAP_PUBLIC_MAX_BYTES", "200")
    r = post(client, FEEDBACK, {"kind": "idea", "text": "x" * 500})
    assert r.status_code == 413 and set(r.json()) == {"error", "field"}
    assert Feedback.objects.count() == 0


@pytest.mark.django_db
def test_public_feedback_switched_off_is_404(client, workspace):
    ChannelSettings.objects.create(workspace=workspace, public_feedback=False)
    assert post(client, FEEDBACK, {"kind": "idea", "text": "x"}).status_code == 404
    assert Feedback.objects.count() == 0


# CORS


@pytest.mark.django_db
def test_an_allowed_origin_gets_the_cors_header_and_its_post_is_stored(client, allow_shop):
    r = post(client, FEEDBACK, {"kind": "idea", "text": "x"}, origin=SHOP)
    assert r.status_code == 201
    assert r["Access-Control-Allow-Origin"] == SHOP and "Origin" in r["Vary"]


@pytest.mark.django_db
def test_another_origin_gets_no_cors_header_and_its_post_is_refused(client, allow_shop):
    r = post(client, FEEDBACK, {"kind": "idea", "text": "x"}, origin="https://evil.example")
    assert r.status_code == 403 and r.json()["field"] == "Origin"
    assert "Access-Control-Allow-Origin" not in r
    assert Feedback.objects.count() == 0


@pytest.mark.django_db
def test_a_refusal_to_an_allowed_origin_carries_the_cors_header_so_the_widget_can_read_it(
    client, allow_shop
):
    r = post(client, FEEDBACK, {"kind": "idea", "text": ""}, origin=SHOP)
    assert r.status_code == 422 and r["Access-Control-Allow-Origin"] == SHOP


@pytest.mark.django_db
def test_the_servers_own_origin_may_post_without_being_listed(client, kiosk):
    r = post(client, TAPS, tap(kiosk), origin="http://testserver")
    assert r.status_code == 201


@pytest.mark.django_db
def test_preflight_answers_allowed_origins_only(client, allow_shop):
    headers = {"Origin": SHOP, "Access-Control-Request-Method": "POST"}
    r = client.options(FEEDBACK, headers=headers)
    assert r.status_code == 204
    assert r["Access-Control-Allow-Origin"] == SHOP
    assert "POST" in r["Access-Control-Allow-Methods"]
    assert "content-type" in r["Access-Control-Allow-Headers"].lower()
    r = client.options(FEEDBACK, headers={**headers, "Origin": "https://evil.example"})
    assert r.status_code == 204 and "Access-Control-Allow-Origin" not in r
    assert client.options("/api/v1/public/nowhere/taps", headers=headers).status_code == 404


# Rate limit


@pytest.mark.django_db
def test_the_rate_limit_answers_429_with_retry_after_once_an_address_has_posted_n_times(
    client, workspace, monkeypatch
):
    monkeypatch.setenv("SERVICEGAP_PUBLIC_RATE_LIMIT", "3/600")
    body = {"kind": "idea", "text": "x"}
    for _ in range(3):
        assert post(client, FEEDBACK, body, REMOTE_ADDR="203.0.113.5").status_code == 201
    r = post(client, FEEDBACK, body, REMOTE_ADDR="203.0.113.5")
    assert r.status_code == 429 and set(r.json()) == {"error", "field"}
    assert 1 <= int(r["Retry-After"]) <= 600
    assert Feedback.objects.count() == 3
    other = post(client, FEEDBACK, body, REMOTE_ADDR="203.0.113.6")
    assert other.status_code == 201


@pytest.mark.django_db
def test_x_forwarded_for_is_ignored_unless_a_proxy_is_configured(client, workspace, monkeypatch):
    monkeypatch.setenv("SERVICEGAP_PUBLIC_RATE_LIMIT", "1/600")
    body = json.dumps({"kind": "idea", "text": "x"})

    def send(forged):
        return client.post(FEEDBACK, body, content_type="application/json",
                           REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forged)  # fmt: skip

    assert send("1.1.1.1").status_code == 201
    assert send("2.2.2.2").status_code == 429  # the same connecting address
    monkeypatch.setenv("SERVICEGAP_TRUSTED_PROXIES", "1")
    assert send("9.9.9.9, 3.3.3.3").status_code == 201  # the proxy saw 3.3.3.3
    assert send("8.8.8.8, 3.3.3.3").status_code == 429  # a forged left entry changes nothing


@pytest.mark.django_db
def test_the_rate_limit_counts_in_the_database_so_all_workers_share_it(workspace, monkeypatch):
    from servicegap.channels.models import RateCounter
    from servicegap.channels.ratelimit import hit

    monkeypatch.setenv("SERVICEGAP_KIOSK_RATE_LIMIT", "2/60")
    assert [hit(workspace, "kiosk", "198.51.100.1", now_s=120.0) for _ in range(3)][:2] == [0, 0]
    assert RateCounter.objects.of(workspace).get().count == 3
    assert hit(workspace, "kiosk", "198.51.100.1", now_s=150.0) == 30  # same window: wait 30 s
    assert hit(workspace, "kiosk", "198.51.100.1", now_s=250.0) == 0  # a later window
    assert RateCounter.objects.of(workspace).count() == 1  # the ended window was pruned


# OpenAPI


@pytest.mark.django_db
def test_the_openapi_documents_every_status_of_the_public_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    taps = paths["/api/v1/public/{slug}/taps"]["post"]
    feedback = paths["/api/v1/public/{slug}/feedback"]["post"]
    assert {"200", "201", "403", "404", "413", "422", "429"} <= set(map(str, taps["responses"]))
    assert {"201", "403", "404", "413", "422", "429"} <= set(map(str, feedback["responses"]))
    assert "Retry-After" in feedback["responses"]["429"]["headers"]
    assert "kiosk" in taps["requestBody"]["content"]["application/json"]["schema"]["properties"]
