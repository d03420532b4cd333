"""The leaders' digest e-mail, sent through the real local SMTP server: who gets it, what it
says (figures with n and interval), once per person and period, and the choice page."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from servicegap.notifications.digest import send_due, send_workspace
from servicegap.notifications.digest_text import period_of
from servicegap.notifications.models import DigestChoice, DigestSent
from tests.mail_support import smtp  # noqa: F401 - the fixture
from tests.report_support import respond

pytestmark = pytest.mark.django_db

MONDAY = datetime(2026, 3, 16, 6, 0, tzinfo=UTC)


def test_periods_are_the_day_or_the_iso_week():
    assert period_of("daily", date(2026, 3, 16)) == "2026-03-16"
    assert period_of("weekly", date(2026, 3, 16)) == "2026-W12"
    assert period_of("weekly", date(2026, 3, 22)) == "2026-W12"  # Sunday: the same week
    assert period_of("weekly", date(2027, 1, 1)) == "2026-W53"


@pytest.fixture
def story(workspace, standards, users):
    """Customer ratings of GREET, an overdue open case and a closed one."""
    from servicegap.cases.models import Case
    from servicegap.people.models import Unit

    sales = Unit.objects.of(workspace).get(code="SALES")
    for value in (3, 4, 5, 4, 3, 5):
        respond(workspace, "customer", [("GREET", "experience", value)], unit=sales)
    for number, status, title in ((1, "open", "Car not ready"), (2, "closed", "Rude call")):
        Case.objects.create(
            workspace=workspace, number=number, title=title, status=status, unit=sales,
            opened_at=MONDAY - timedelta(days=5), due_at=MONDAY - timedelta(days=2),
        )  # fmt: skip
    return workspace


def test_leaders_and_owners_get_one_digest_per_period_as_they_chose(smtp, story, users):  # noqa: F811
    DigestChoice.objects.create(workspace=story, user=users["owner"], frequency="daily")
    # Acme's owner (daily) and leader (weekly), and the other workspace's owner (weekly).
    assert send_due(MONDAY) == "3 digests sent"
    assert send_due(MONDAY + timedelta(hours=1)) == "0 digests sent"  # idempotent
    assert {m["To"] for m in smtp.messages} == {
        "owner@acme.test", "leader@acme.test", "outsider@other.test"
    }  # fmt: skip
    assert "Other Ltd" in smtp.to("outsider@other.test")[0]["Subject"]
    assert not smtp.to("manager@acme.test") and not smtp.to("employee@acme.test")

    weekly = smtp.to("leader@acme.test")[0]
    assert weekly["Subject"] == "Weekly digest of Acme Motors: 2026-W12"
    text = weekly.get_content()
    greet = next(line for line in text.splitlines() if line.startswith("- GREET"))
    assert "n=6" in greet and " to " in greet  # the gap with its interval and n
    assert "Case 1 (SALES): Car not ready" in text and "Rude call" not in text
    assert "OVERDUE CASES (1 past" in text
    assert "http://" in text and "/w/acme/" in text

    # Tuesday: the owner's daily digest again, the leader's weekly one not.
    assert send_due(MONDAY + timedelta(days=1)) == "1 digests sent"
    assert len(smtp.to("owner@acme.test")) == 2 and len(smtp.to("leader@acme.test")) == 1
    assert DigestSent.objects.of(story).filter(period="2026-W12").count() == 1


def test_off_means_no_digest(smtp, story, users):  # noqa: F811
    for persona in ("owner", "leader"):
        DigestChoice.objects.create(workspace=story, user=users[persona], frequency="off")
    assert send_workspace(story, MONDAY) == 0 and smtp.messages == []


def test_a_refused_mail_is_tried_again_on_the_next_run(smtp, story, users):  # noqa: F811
    smtp.refuse.add("leader@acme.test")
    assert send_due(MONDAY) == "2 digests sent"  # the owners'
    assert not DigestSent.objects.filter(user=users["leader"]).exists()
    smtp.refuse.clear()
    assert send_due(MONDAY + timedelta(hours=24)) == "1 digests sent"
    assert len(smtp.to("leader@acme.test")) == 1


def test_the_digest_page_saves_each_persons_choice(login, workspace):
    leader = login("leader")
    page = leader.get("/w/acme/digest/")
    assert page.status_code == 200
    assert page.context["form"]["frequency"].value() == "weekly"  # the default
    assert leader.post("/w/acme/digest/", {"frequency": "daily"}).status_code == 302
    assert DigestChoice.objects.get().frequency == "daily"
    assert leader.get("/w/acme/digest/").context["form"]["frequency"].value() == "daily"
    assert leader.post("/w/acme/digest/", {"frequency": "hourly"}).status_code == 400
    for persona in ("manager", "employee", "outsider"):
        assert login(persona).get("/w/acme/digest/").status_code == 404
