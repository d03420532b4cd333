"""Every respondent page's POST is held to the public rate limit, as Tell us and the widget are
(security review, issue 11): SERVICEGAP_PUBLIC_RATE_LIMIT, 20 posts per address and workspace in
10 minutes by default, counted by ``channels.ratelimit``. Past it: 429 with Retry-After, a page a
person can read, and nothing stored; another address still gets through, and reading a page is
not counted. Kiosk taps have their own, higher limit (SERVICEGAP_KIOSK_RATE_LIMIT).

The counters live in the database, so each test starts from none (its transaction is rolled back).
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from servicegap.channels.ratelimit import rate_of
from servicegap.surveys.models import Answer, Response
from tests.invitation_support import make_people, make_survey

pytestmark = pytest.mark.django_db
HERE, THERE = "203.0.113.7", "198.51.100.9"
SURVEY = "/r/acme/s/PULSE/"


@pytest.fixture(autouse=True)
def _default_limit(monkeypatch):
    monkeypatch.delenv("SERVICEGAP_PUBLIC_RATE_LIMIT", raising=False)
    monkeypatch.delenv("SERVICEGAP_TRUSTED_PROXIES", raising=False)
    assert rate_of("public").count == 20


@pytest.fixture
def survey(workspace):
    return make_survey(workspace)


def csat(survey) -> str:
    return f"q{survey.questions.get(kind='csat').pk}"


def assert_refused(r, *, stored: int) -> None:
    assert r.status_code == 429, r.status_code
    assert 1 <= int(r["Retry-After"]) <= 600
    assert Response.objects.count() == stored


def test_the_21st_post_to_a_survey_link_from_one_address_is_429_and_stores_nothing(client, survey):
    for n in range(20):
        assert client.get(SURVEY, REMOTE_ADDR=HERE).status_code == 200  # reading is not counted
        r = client.post(SURVEY, {csat(survey): "4", "tz": "UTC"}, REMOTE_ADDR=HERE)
        assert r.status_code == 302, n
    assert Response.objects.count() == 20
    r = client.post(SURVEY, {csat(survey): "2", "tz": "UTC"}, REMOTE_ADDR=HERE)
    assert_refused(r, stored=20)
    page = r.content.decode()
    assert "Too many answers have come from your address" in page  # a page, not a bare status
    assert f'name="{csat(survey)}" value="2" checked' in page  # the answer kept for later
    assert Answer.objects.filter(value_num=2).count() == 0
    assert client.get(SURVEY, REMOTE_ADDR=HERE).status_code == 200  # still readable
    other = client.post(SURVEY, {csat(survey): "5"}, REMOTE_ADDR=THERE)
    assert other.status_code == 302 and Response.objects.count() == 21


def test_a_refused_post_is_counted_even_when_its_answers_are_invalid(client, survey):
    for _ in range(20):
        assert client.post(SURVEY, {}, REMOTE_ADDR=HERE).status_code == 200  # "needs an answer"
    assert_refused(client.post(SURVEY, {csat(survey): "4"}, REMOTE_ADDR=HERE), stored=0)


def invitation_links(workspace, survey, count: int) -> list[str]:
    from servicegap.invitations.models import Invitation, Send, new_token

    send = Send.objects.create(workspace=workspace, survey=survey, state="done")
    links = []
    for person in make_people(workspace, count):
        raw, digest = new_token()
        Invitation.objects.create(
            workspace=workspace, send=send, survey=survey, person=person, email=person.email,
            token_hash=digest, state="sent", sent_at=timezone.now(),
            expires_at=timezone.now() + timedelta(days=30),
        )  # fmt: skip
        links.append(f"/r/acme/i/{raw}/")
    return links


def test_the_21st_post_to_invitation_links_from_one_address_is_429_and_stores_nothing(
    client, workspace, survey
):
    from servicegap.invitations.models import Invitation

    *answered, last = invitation_links(workspace, survey, 21)
    for n, link in enumerate(answered):
        assert client.get(link, REMOTE_ADDR=HERE).status_code == 200
        r = client.post(link, {csat(survey): "4"}, REMOTE_ADDR=HERE)
        assert r.status_code == 200 and "Thank you" in r.content.decode(), n
    assert Response.objects.count() == 20
    r = client.post(last, {csat(survey): "2"}, REMOTE_ADDR=HERE)
    assert_refused(r, stored=20)
    assert "Too many answers have come from your address" in r.content.decode()
    # saving for later is a post too: refused, no draft kept
    assert_refused(
        client.post(last, {csat(survey): "2", "later": "1"}, REMOTE_ADDR=HERE), stored=20
    )
    invitation = Invitation.objects.get(token_hash=_hash(last))
    assert invitation.responded_at is None and invitation.draft == {}
    other = client.post(last, {csat(survey): "2"}, REMOTE_ADDR=THERE)
    assert other.status_code == 200 and Response.objects.count() == 21
    invitation.refresh_from_db()
    assert invitation.responded_at is not None


def _hash(link: str) -> str:
    from servicegap.invitations.models import hash_token

    return hash_token(link.rstrip("/").rsplit("/", 1)[1])


def test_survey_and_invitation_posts_share_the_public_count_with_tell_us(client, workspace, survey):
    from servicegap.feedback.models import Feedback

    [link] = invitation_links(workspace, survey, 1)
    for _ in range(19):
        r = client.post("/r/acme/tell-us/", {"kind": "idea", "text": "x"}, REMOTE_ADDR=HERE)
        assert r.status_code == 302
    assert client.post(SURVEY, {csat(survey): "4"}, REMOTE_ADDR=HERE).status_code == 302
    assert_refused(client.post(link, {csat(survey): "4"}, REMOTE_ADDR=HERE), stored=1)
    r = client.post("/r/acme/tell-us/", {"kind": "idea", "text": "x"}, REMOTE_ADDR=HERE)
    assert r.status_code == 429 and Feedback.objects.count() == 19


def test_kiosk_taps_past_the_kiosk_limit_are_429_and_store_nothing(client, workspace, monkeypatch):
    from servicegap.channels.models import Kiosk, KioskTap

    monkeypatch.setenv("SERVICEGAP_KIOSK_RATE_LIMIT", "20/600")
    kiosk = Kiosk.objects.create(workspace=workspace, code="DOOR", name="Door")

    def tap(n: int, address: str):
        body = {"kiosk": kiosk.token, "moment": "magic", "client_id": f"tap-{n:04d}-abcdef"}
        return client.post(
            "/api/v1/public/acme/taps", json.dumps(body), "application/json", REMOTE_ADDR=address
        )

    assert [tap(n, HERE).status_code for n in range(20)] == [201] * 20
    assert_refused(tap(20, HERE), stored=20)
    assert KioskTap.objects.count() == 20
    assert tap(21, THERE).status_code == 201 and KioskTap.objects.count() == 21
