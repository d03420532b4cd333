"""The invitation pages of a workspace: who may use them, preview, send with progress, schedules."""

from __future__ import annotations

import pytest

from tests.invitation_support import make_people, make_survey, run_worker
from tests.mail_support import smtp  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

PAGES = ("/w/acme/invitations/", "/w/acme/invitations/new/", "/w/acme/invitations/schedules/new/")


@pytest.mark.parametrize("persona", ["manager", "employee", "outsider"])
def test_only_owners_and_leaders_reach_the_invitation_pages(login, persona, workspace):
    client = login(persona)
    for path in PAGES:
        assert client.get(path).status_code == 404, path
    survey = make_survey(workspace)
    make_people(workspace, 1)
    r = client.post("/w/acme/invitations/new/", {"survey": survey.pk, "action": "send"})
    assert r.status_code == 404


@pytest.mark.parametrize("persona", ["owner", "leader"])
def test_owners_and_leaders_see_the_invitation_pages(login, persona, workspace):
    client = login(persona)
    for path in PAGES:
        assert client.get(path).status_code == 200, path
    nav = client.get("/w/acme/").content.decode()
    assert 'href="/w/acme/invitations/"' in nav


def test_a_preview_counts_the_audience_after_the_rules_and_sends_nothing(
    smtp,  # noqa: F811
    login,
    workspace,
):
    from servicegap.invitations.models import Send, Unsubscribe

    survey = make_survey(workspace)
    people = make_people(workspace, 4)
    Unsubscribe.objects.create(workspace=workspace, person=people[0])
    page = login("leader").post(
        "/w/acme/invitations/new/",
        {"survey": survey.pk, "person_kind": "customer", "sample_size": "2", "action": "preview"},
    )
    body = page.content.decode()
    assert page.status_code == 200 and "2 people will be invited" in body
    assert "<dt>Unsubscribed</dt><dd>1</dd>" in body and "<dt>Eligible</dt><dd>3</dd>" in body
    assert not Send.objects.exists() and smtp.messages == []


def test_send_now_runs_in_the_background_and_the_page_shows_its_progress(
    smtp,  # noqa: F811
    login,
    workspace,
    monkeypatch,
):
    from servicegap.invitations.models import Send

    survey = make_survey(workspace)
    make_people(workspace, 3)
    client = login("owner")
    r = client.post("/w/acme/invitations/new/", {"survey": survey.pk, "action": "send"})
    send = Send.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/w/acme/invitations/sends/{send.pk}/"
    assert send.state == "queued" and smtp.messages == []  # the worker sends, not the request
    page = client.get(r["Location"]).content.decode()
    assert "Status: Queued" in page and 'hx-trigger="every 2s"' in page

    run_worker(monkeypatch)
    assert len(smtp.messages) == 3
    fragment = client.get(r["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert "Status: Done" in fragment and "3 of 3 sent" in fragment
    assert "hx-trigger" not in fragment and "<html" not in fragment  # polling stops
    listing = client.get("/w/acme/invitations/").content.decode()
    assert "Service pulse" in listing and "Done" in listing


def test_a_send_form_with_bad_input_names_the_field_and_starts_nothing(login, workspace):
    from servicegap.invitations.models import Send

    survey = make_survey(workspace)
    client = login("owner")
    r = client.post(
        "/w/acme/invitations/new/",
        {"survey": survey.pk, "sample_share": "150", "attribute_value": "gold", "action": "send"},
    )
    body = r.content.decode()
    assert r.status_code == 400 and "less than or equal to 100" in body
    assert "Name the attribute whose value is given." in body
    assert client.post("/w/acme/invitations/new/", {"action": "send"}).status_code == 400
    assert not Send.objects.exists()


def test_a_survey_of_another_workspace_cannot_be_sent(login, workspace, other_workspace):
    theirs = make_survey(other_workspace)
    r = login("owner").post("/w/acme/invitations/new/", {"survey": theirs.pk, "action": "send"})
    assert r.status_code == 400


def test_a_schedule_is_created_paused_and_resumed_from_the_pages(login, workspace):
    from servicegap.invitations.models import Schedule

    survey = make_survey(workspace)
    client = login("leader")
    r = client.post(
        "/w/acme/invitations/schedules/new/",
        {
            "name": "Annual perception",
            "survey": survey.pk,
            "cadence": "yearly",
            "first_run": "2030-01-15",
            "sample_share": "50",
        },
    )
    assert r.status_code == 302
    schedule = Schedule.objects.get()
    assert (schedule.cadence, schedule.sample_share, schedule.active) == ("yearly", 50, True)
    assert schedule.next_run_at.isoformat() == "2030-01-15T09:00:00+00:00"
    toggle = f"/w/acme/invitations/schedules/{schedule.pk}/toggle/"
    client.post(toggle)
    schedule.refresh_from_db()
    assert not schedule.active
    assert "Paused" in client.get("/w/acme/invitations/").content.decode()
    client.post(toggle)
    schedule.refresh_from_db()
    assert schedule.active


def test_the_contact_rules_are_saved_per_workspace(login, workspace):
    from servicegap.invitations.audience import min_days_between

    client = login("owner")
    assert min_days_between(workspace) == 30
    r = client.post("/w/acme/invitations/rules/", {"min_days_between": "14"})
    assert r.status_code == 302 and min_days_between(workspace) == 14
    bad = client.post("/w/acme/invitations/rules/", {"min_days_between": "400"})
    assert bad.status_code == 400 and "At most 365 days." in bad.content.decode()
    assert min_days_between(workspace) == 14
