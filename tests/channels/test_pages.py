"""The Tell us page, the kiosk page and the owner's channel settings page."""

from __future__ import annotations

import pytest

from servicegap.channels.models import ChannelSettings, Kiosk
from servicegap.feedback.models import Feedback

TELL = "/r/acme/tell-us/"
PAGE = "/w/acme/channels/"


def tell(client, **data):
    return client.post(TELL, {"kind": "complaint", "text": "Waited an hour", **data})


@pytest.mark.django_db
def test_the_tell_us_page_stores_feedback_and_thanks_the_visitor(client, workspace):
    page = client.get(TELL)
    assert page.status_code == 200 and b"Tell us" in page.content
    r = tell(client, unit="SERVICE")
    assert r.status_code == 302 and r["Location"] == "/r/acme/tell-us/thanks/"
    fb = Feedback.objects.of(workspace).get()
    assert (fb.kind, fb.text, fb.channel, fb.unit.code) == (
        "complaint", "Waited an hour", "tell-us", "SERVICE",
    )  # fmt: skip
    assert client.get(r["Location"]).status_code == 200


@pytest.mark.django_db
def test_contact_details_without_consent_are_refused_next_to_the_consent_box(client, workspace):
    r = tell(client, contact="ann@example.com")
    assert r.status_code == 422 and "only with consent" in r.content.decode()
    assert Feedback.objects.count() == 0
    assert tell(client, contact="ann@example.com", consent="on").status_code == 302
    fb = Feedback.objects.get()
    assert fb.contact == "ann@example.com" and fb.consent is True


@pytest.mark.django_db
def test_html_in_a_refused_message_is_shown_escaped(client, workspace):
    r = tell(client, text="<script>alert(1)</script>", kind="")
    body = r.content.decode()
    assert r.status_code == 422
    assert "<script>alert(1)</script>" not in body and "&lt;script&gt;alert(1)" in body


@pytest.mark.django_db
def test_a_filled_honeypot_on_the_tell_us_page_looks_sent_and_stores_nothing(client, workspace):
    r = tell(client, website="http://spam.example")
    assert r.status_code == 302 and Feedback.objects.count() == 0


@pytest.mark.django_db
def test_the_tell_us_page_is_rate_limited_per_address(client, workspace, monkeypatch):
    monkeypatch.setenv("SERVICEGAP_PUBLIC_RATE_LIMIT", "2/600")
    assert [tell(client).status_code for _ in range(2)] == [302, 302]
    r = tell(client)
    assert r.status_code == 429 and r["Retry-After"] and Feedback.objects.count() == 2


@pytest.mark.django_db
def test_the_tell_us_page_is_404_when_public_feedback_is_off_or_the_workspace_unknown(
    client, workspace
):
    assert client.get("/r/nowhere/tell-us/").status_code == 404
    ChannelSettings.objects.create(workspace=workspace, public_feedback=False)
    assert client.get(TELL).status_code == 404
    assert tell(client).status_code == 404 and Feedback.objects.count() == 0


@pytest.mark.django_db
def test_the_kiosk_page_opens_only_with_an_active_kiosks_token(client, workspace):
    kiosk = Kiosk.objects.create(workspace=workspace, code="DOOR", name="Door", reset_seconds=7)
    r = client.get(f"/r/acme/kiosk/{kiosk.token}/")
    body = r.content.decode()
    assert r.status_code == 200 and 'data-reset="7"' in body
    assert "/api/v1/public/acme/taps" in body and "Great" in body
    assert client.get("/r/acme/kiosk/DOOR/").status_code == 404  # the code is not the secret
    kiosk.active = False
    kiosk.save()
    assert client.get(f"/r/acme/kiosk/{kiosk.token}/").status_code == 404


# The owner's settings page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "status"),
    [("owner", 200), ("leader", 404), ("manager", 404), ("employee", 404), ("outsider", 404)],
)
def test_only_the_owner_sees_the_channel_settings(login, persona, status):
    assert login(persona).get(PAGE).status_code == status


@pytest.mark.django_db
def test_the_owner_saves_allowed_origins_normalised_and_sees_the_snippet(login, workspace):
    client = login("owner")
    page = client.get(PAGE).content.decode()
    assert "widget.js" in page and "data-servicegap-workspace=&quot;acme&quot;" in page
    r = client.post(PAGE, {"form": "settings", "public_feedback": "on",
                           "allowed_origins": "HTTPS://Shop.Example/\n\nhttp://localhost:8000"})  # fmt: skip
    assert r.status_code == 302
    cs = ChannelSettings.objects.of(workspace).get()
    assert cs.allowed_origins == ["https://shop.example", "http://localhost:8000"]
    assert cs.public_feedback is True


@pytest.mark.django_db
def test_a_bad_origin_is_refused_naming_its_line_and_nothing_is_saved(login, workspace):
    r = login("owner").post(
        PAGE, {"form": "settings", "allowed_origins": "https://ok.example\nhttps://*.example"}
    )
    assert r.status_code == 400 and "Line 2" in r.content.decode()
    assert not ChannelSettings.objects.of(workspace).exists()


@pytest.mark.django_db
def test_the_owner_adds_a_kiosk_gives_it_a_new_link_and_retires_it(login, workspace):
    client = login("owner")
    form = {"form": "kiosk", "code": "DOOR", "name": "Front door",
            "question": "How was your visit today?", "reset_seconds": "5"}  # fmt: skip
    assert client.post(PAGE, form).status_code == 302
    kiosk = Kiosk.objects.of(workspace).get(code="DOOR")
    assert f"/r/acme/kiosk/{kiosk.token}/" in client.get(PAGE).content.decode()
    duplicate = client.post(PAGE, form)
    assert duplicate.status_code == 400 and "exists already" in duplicate.content.decode()
    old = kiosk.token
    client.post(f"/w/acme/channels/kiosks/{kiosk.pk}/", {"action": "new-link"})
    kiosk.refresh_from_db()
    assert kiosk.token != old
    client.post(f"/w/acme/channels/kiosks/{kiosk.pk}/", {"action": "retire"})
    kiosk.refresh_from_db()
    assert kiosk.active is False


@pytest.mark.django_db
def test_a_kiosk_with_an_unknown_touchpoint_or_a_silly_reset_time_is_refused(login, workspace):
    form = {"form": "kiosk", "code": "DOOR", "name": "Door", "question": "Q?",
            "reset_seconds": "600", "touchpoint": "99999"}  # fmt: skip
    r = login("owner").post(PAGE, form)
    assert r.status_code == 400 and not Kiosk.objects.exists()


@pytest.mark.django_db
def test_the_kiosk_of_another_workspace_cannot_be_changed(login, other_workspace):
    theirs = Kiosk.objects.create(workspace=other_workspace, code="X", name="Theirs")
    r = login("owner").post(f"/w/acme/channels/kiosks/{theirs.pk}/", {"action": "retire"})
    assert r.status_code == 404
    theirs.refresh_from_db()
    assert theirs.active is True
