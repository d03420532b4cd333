"""Retention: a workspace's policy removes old personal data every night, and every table that
grows on its own (task results, idempotency keys, uploads, rate counters, sessions, audit entries,
scheduled runs) is pruned by a scheduled job with a documented default."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.utils import timezone

from servicegap import conf
from servicegap.cli import main_group

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def _response(ws, days_ago: float, text: str = "Old words", contact: str = "", person=None):
    from servicegap.surveys.models import Answer, Response

    when = timezone.now() - timedelta(days=days_ago)
    r = Response.objects.create(
        workspace=ws,
        submitted_at=when,
        perspective="customer",
        respondent=person,
        scale_max=7,
        contact=contact,
        contact_consent_at=when if contact else None,
    )
    Answer.objects.create(workspace=ws, response=r, kind="overall", value_num=5)
    Answer.objects.create(workspace=ws, response=r, item="WHY", kind="text", value_text=text)
    return r


def _feedback(ws, days_ago: float, text: str, contact: str = ""):
    from servicegap.feedback.models import Feedback

    return Feedback.objects.create(
        workspace=ws,
        kind="complaint",
        text=text,
        submitted_at=timezone.now() - timedelta(days=days_ago),
        contact=contact,
        consent=bool(contact),
    )


def _text(response) -> str:
    from servicegap.surveys.models import Answer

    return Answer.objects.get(response=response, kind="text").value_text


def test_retention_removes_old_text_and_contacts_and_keeps_ratings_and_recent_data(workspace):
    from servicegap.cases.models import Case
    from servicegap.core.models import AuditEntry
    from servicegap.feedback.models import Feedback
    from servicegap.people.models import Person
    from servicegap.people.retention import EXPIRED, apply_retention
    from servicegap.surveys.models import Answer, Response

    person = Person.objects.create(workspace=workspace, code="C1", kind="customer")
    old = _response(workspace, 400, "Mr X was rude", contact="x@example.test", person=person)
    recent = _response(workspace, 10, "Fine", contact="y@example.test")
    open_case = _response(workspace, 400, "Call me", contact="z@example.test")
    Case.objects.create(
        workspace=workspace, number=1, title="Open", response=open_case, opened_at=timezone.now()
    )
    old_fb = _feedback(workspace, 400, "Old complaint", contact="0612345678")
    new_fb = _feedback(workspace, 5, "New complaint", contact="0687654321")

    workspace.retention_days = 365
    workspace.save()
    done = apply_retention(workspace)
    assert done == {
        "text_answers": 1,
        "response_contacts": 1,
        "feedback_texts": 1,
        "feedback_contacts": 1,
        "invitations": 0,
        "comment_labels": 0,
        "conversation_notes": 0,
        "walk_through_photos": 0,
    }
    old.refresh_from_db()
    assert (_text(old), old.contact, old.contact_consent_at) == (EXPIRED, "", None)
    assert old.respondent_id == person.pk  # kept: the anonymity threshold counts people
    assert Answer.objects.filter(kind="overall", value_num=5).count() == 3
    assert _text(recent) == "Fine" and Response.objects.get(pk=recent.pk).contact
    assert _text(open_case) == "Call me"  # its case still needs the customer
    assert Response.objects.get(pk=open_case.pk).contact == "z@example.test"
    assert (
        Feedback.objects.get(pk=old_fb.pk).text,
        Feedback.objects.get(pk=old_fb.pk).contact,
    ) == (
        EXPIRED,
        "",
    )
    assert Feedback.objects.get(pk=new_fb.pk).contact == "0687654321"

    entry = AuditEntry.objects.get(action="retention.apply")
    assert entry.actor == "retention" and entry.detail["days"] == 365
    # A second night finds nothing new and writes no entry.
    assert sum(apply_retention(workspace).values()) == 0
    assert AuditEntry.objects.filter(action="retention.apply").count() == 1


def test_retention_clears_the_address_and_draft_of_old_expired_invitations(workspace):
    from servicegap.invitations.models import Invitation, Send
    from servicegap.people.models import Person
    from servicegap.people.retention import apply_retention
    from tests.invitation_support import make_survey

    survey = make_survey(workspace)
    send = Send.objects.create(workspace=workspace, survey=survey)
    now = timezone.now()
    made = []
    for i, (age, expires_in) in enumerate([(100, -60), (100, 10), (5, 25)]):
        person = Person.objects.create(workspace=workspace, code=f"P{i}", kind="customer")
        inv = Invitation.objects.create(
            workspace=workspace,
            send=send,
            survey=survey,
            person=person,
            email=f"p{i}@example.test",
            token_hash=str(i) * 64,
            expires_at=now + timedelta(days=expires_in),
            draft={"WHY": "draft"},
        )
        Invitation.objects.filter(pk=inv.pk).update(created_at=now - timedelta(days=age))
        made.append(inv)
    workspace.retention_days = 30
    workspace.save()
    assert apply_retention(workspace)["invitations"] == 1
    rows = {i.pk: (i.email, i.draft) for i in Invitation.objects.all()}
    assert rows[made[0].pk] == ("", {})
    assert rows[made[1].pk] == ("p1@example.test", {"WHY": "draft"})  # its link still works
    assert rows[made[2].pk][0] == "p2@example.test"


def test_without_a_policy_nothing_is_removed(workspace):
    from servicegap.people.retention import apply_retention

    old = _response(workspace, 4000, "Ancient words")
    assert apply_retention(workspace) == {}
    assert _text(old) == "Ancient words"


def test_the_retention_period_is_at_least_30_days_and_setting_it_is_audited(workspace):
    from django.db import IntegrityError, transaction

    from servicegap.core.models import AuditEntry, Workspace
    from servicegap.people.retention import RetentionError, set_retention

    with pytest.raises(RetentionError):
        set_retention(workspace, 29, actor="cli")
    with pytest.raises(IntegrityError), transaction.atomic():
        Workspace.objects.filter(pk=workspace.pk).update(retention_days=7)
    set_retention(workspace, 90, actor="owner@acme.test")
    set_retention(workspace, 90, actor="owner@acme.test")  # unchanged: no second entry
    set_retention(workspace, None, actor="cli")
    assert [e.detail for e in AuditEntry.objects.filter(action="retention.set").order_by("at")] == [
        {"days": 90},
        {"days": None},
    ]


def test_the_nightly_job_applies_every_workspaces_policy(workspace, other_workspace):
    from servicegap.people.retention import EXPIRED
    from servicegap.people.tasks import apply_retention
    from servicegap.runtime import schedule

    mine, theirs = _response(workspace, 100), _response(other_workspace, 100)
    workspace.retention_days = 60
    workspace.save()
    assert apply_retention.call() == "acme: 1 rows"
    assert (_text(mine), _text(theirs)) == (EXPIRED, "Old words")
    assert "apply_retention" in {j.name for j in schedule.jobs()}


def test_the_cli_shows_sets_and_applies_the_retention_period(workspace):
    from servicegap.people.retention import EXPIRED

    def cli(*args):
        return CliRunner().invoke(main_group, ["--workspace", "acme", "retention", *args])

    assert cli("show").stdout.strip() == "off"
    assert cli("set", "10").exit_code == 1
    assert cli("set", "soon").exit_code == 1
    assert cli("set", "45").exit_code == 0
    assert json.loads(cli("show", "--json").stdout)["retention_days"] == 45
    old = _response(workspace, 50)
    result = cli("apply", "--json")
    assert result.exit_code == 0 and json.loads(result.stdout)["counts"]["text_answers"] == 1
    assert _text(old) == EXPIRED
    assert cli("set", "off").exit_code == 0 and cli("show").stdout.strip() == "off"


def test_the_owner_sets_the_retention_period_on_the_people_page(login, workspace):
    client = login("owner")
    r = client.post("/w/acme/people/retention/", {"days": "12"}, follow=True)
    assert b"greater than or equal to 30" in r.content
    workspace.refresh_from_db()
    assert workspace.retention_days is None
    client.post("/w/acme/people/retention/", {"days": "180"})
    workspace.refresh_from_db()
    assert workspace.retention_days == 180
    assert b"kept 180 days" in client.get("/w/acme/people/").content
    client.post("/w/acme/people/retention/", {"days": ""})
    workspace.refresh_from_db()
    assert workspace.retention_days is None
    assert login("leader").post("/w/acme/people/retention/", {"days": "60"}).status_code == 404


# --- pruning of what grows ---------------------------------------------------------------------


def test_every_pruning_job_is_scheduled():
    from servicegap.runtime import schedule

    jobs = {j.name: j.target for j in schedule.jobs()}
    for name in (
        "prune_task_results",
        "prune_scheduled_runs",
        "prune_idempotency_keys",
        "prune_imports",
        "prune_rate_counters",
        "prune_sessions",
        "prune_audit_entries",
        "apply_retention",
    ):
        assert name in jobs, name
        module, _, attr = jobs[name].rpartition(".")
        assert hasattr(__import__(module, fromlist=[attr]), attr), jobs[name]


def test_audit_entries_are_pruned_after_the_setting_and_kept_forever_with_0(workspace, settings):
    from servicegap.core.models import AuditEntry
    from servicegap.core.tasks import prune_audit_entries

    for age in (800, 10):
        entry = AuditEntry.objects.create(workspace=workspace, actor="cli", action=f"x.{age}")
        AuditEntry.objects.filter(pk=entry.pk).update(at=timezone.now() - timedelta(days=age))
    settings.AUDIT_RETENTION_DAYS = 0
    assert "kept forever" in prune_audit_entries.call()
    assert AuditEntry.objects.count() == 2
    settings.AUDIT_RETENTION_DAYS = 365
    assert prune_audit_entries.call().startswith("deleted 1 ")
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["x.10"]


def test_ended_rate_limit_windows_are_pruned_in_every_workspace(workspace, other_workspace):
    from servicegap.channels.models import RateCounter
    from servicegap.channels.tasks import prune_rate_counters

    now = timezone.now()
    for ws, ends, key in (
        (workspace, now - timedelta(hours=2), "public:192.0.2.1"),
        (other_workspace, now - timedelta(minutes=5), "public:192.0.2.2"),
        (workspace, now + timedelta(minutes=5), "public:192.0.2.3"),
    ):
        RateCounter.objects.create(workspace=ws, key=key, window=0, count=3, expires_at=ends)
    assert prune_rate_counters.call().startswith("deleted 2 ")
    assert list(RateCounter.objects.values_list("key", flat=True)) == ["public:192.0.2.3"]


def test_expired_sessions_are_pruned(client, users):
    from django.contrib.sessions.models import Session

    from servicegap.accounts.tasks import prune_sessions

    client.force_login(users["owner"])
    Session.objects.create(
        session_key="x" * 32, session_data="", expire_date=timezone.now() - timedelta(days=1)
    )
    assert prune_sessions.call().startswith("deleted 1 ")
    assert Session.objects.count() == 1


def test_idempotency_keys_and_imports_follow_their_settings(
    workspace, settings, tmp_path, monkeypatch
):
    from servicegap.api.idempotency import prune_idempotency_keys
    from servicegap.core.models import IdempotencyKey
    from servicegap.imports.models import ImportJob
    from servicegap.imports.tasks import prune_imports

    now = timezone.now()
    for key, hours in (("old", 100), ("young", 60)):
        IdempotencyKey.objects.create(
            workspace=workspace, key=key, request_hash="h", created_at=now - timedelta(hours=hours)
        )
    settings.IDEMPOTENCY_RETENTION_HOURS = 72
    assert prune_idempotency_keys().startswith("deleted 1 ")
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["young"]

    settings.IMPORT_RETENTION_DAYS = 7
    monkeypatch.setenv("SERVICEGAP_DATA_DIR", str(tmp_path))
    for age in (8, 6):
        job = ImportJob.objects.create(
            workspace=workspace, kind="units", filename=f"{age}.csv", stored_path=f"u/{age}.csv"
        )
        ImportJob.objects.filter(pk=job.pk).update(created_at=now - timedelta(days=age))
    prune_imports.call()
    assert list(ImportJob.objects.values_list("filename", flat=True)) == ["6.csv"]


def test_the_retention_settings_are_declared_and_documented():
    doc = (ROOT / "docs" / "privacy.md").read_text()
    for name in (
        "SERVICEGAP_TASK_RETENTION_DAYS",
        "SERVICEGAP_IDEMPOTENCY_RETENTION_HOURS",
        "SERVICEGAP_IMPORT_RETENTION_DAYS",
        "SERVICEGAP_AUDIT_RETENTION_DAYS",
    ):
        assert name in {s.name for s in conf.SETTINGS}
        assert f"`{name}`" in doc, name


@pytest.mark.parametrize(
    "name, value",
    [("SERVICEGAP_IDEMPOTENCY_RETENTION_HOURS", "12"), ("SERVICEGAP_AUDIT_RETENTION_DAYS", "-1")],
)
def test_a_retention_below_its_minimum_stops_the_program(name, value, tmp_path):
    env = {**os.environ, name: value, "SERVICEGAP_DATA_DIR": str(tmp_path)}
    env.pop("SERVICEGAP_DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", "import servicegap.settings"],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode != 0 and name in result.stderr
