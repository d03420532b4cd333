"""The monthly digest through a real SMTP server on 127.0.0.1: sent on the 1st to each employee
recognised last month who has an account with an e-mail address, with the right count, and
never twice for the same month."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.mail_support import smtp  # noqa: F401 - the fixture
from tests.recognition_support import compliment, employee, link

pytestmark = pytest.mark.django_db

FIRST = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)  # the job's due time on the 1st


def _at(workspace, person, text: str, when: dt.datetime):
    r = compliment(workspace, person, text)
    r.feedback.submitted_at = when
    r.feedback.save(update_fields=["submitted_at"])
    return r


@pytest.fixture
def november(workspace, users):
    """Anna (the employee persona's record): three compliments in November, one in October and
    one on 1 December; Ben: one in November but no account; Cleo, the manager, one."""
    anna = employee(workspace, "E-ANNA", "Anna Adams", "SALES")
    ben = employee(workspace, "E-BEN", "Ben Brown", "SALES", email="ben@acme.test")
    cleo = employee(workspace, "E-CLEO", "Cleo Clark", "SALES")
    link(workspace, users["employee"], anna)
    link(workspace, users["manager"], cleo)
    nov = dt.datetime(2026, 11, 10, 9, tzinfo=dt.UTC)
    for i, text in enumerate(["Anna was kind", "Anna was quick", "Anna was clear"]):
        _at(workspace, anna, text, nov + dt.timedelta(days=i))
    _at(workspace, anna, "Anna in October", dt.datetime(2026, 10, 30, tzinfo=dt.UTC))
    _at(workspace, anna, "Anna in December", dt.datetime(2026, 12, 1, 1, tzinfo=dt.UTC))
    _at(workspace, ben, "Ben was great", nov)
    _at(workspace, cleo, "Cleo sorted it", nov)
    return anna


def test_the_digest_goes_once_per_person_and_month_with_the_right_count(smtp, november):  # noqa: F811
    from servicegap.recognition.digest import run
    from servicegap.recognition.models import DigestSent

    assert (
        run(FIRST)
        == "acme: 2 sent, 0 already sent, 0 refused; other: 0 sent, 0 already sent, 0 refused"
    )
    assert sorted(m["To"] for m in smtp.messages) == ["employee@acme.test", "manager@acme.test"]
    [anna] = smtp.to("employee@acme.test")
    assert anna["Subject"] == "You were recognised 3 times in November 2026"
    body = anna.get_content()
    for text in ("Anna was kind", "Anna was quick", "Anna was clear"):
        assert f'"{text}"' in body
    assert "October" not in body and "Anna in December" not in body
    assert "http://" in body and "/w/acme/me/" in body
    [cleo] = smtp.to("manager@acme.test")
    assert cleo["Subject"] == "You were recognised 1 time in November 2026"

    assert "0 sent, 2 already sent" in run(FIRST + dt.timedelta(minutes=5))  # a rerun
    assert len(smtp.messages) == 2
    assert DigestSent.objects.filter(month=dt.date(2026, 11, 1), sent_at__isnull=False).count() == 2


def test_no_digest_on_other_days(smtp, november):  # noqa: F811
    from servicegap.recognition.digest import run

    assert run(FIRST + dt.timedelta(days=1)) == "not the 1st of the month: no digest"
    assert smtp.messages == []


def test_the_month_is_the_workspaces_own(smtp, november, workspace):  # noqa: F811
    """In Tokyo (UTC+9) 1 December 01:00 UTC is already December and 30 October is still
    October, but 31 October 16:00 UTC is 1 November: the November digest counts that one."""
    from servicegap.recognition.digest import run

    workspace.time_zone = "Asia/Tokyo"
    workspace.save(update_fields=["time_zone"])
    _at(workspace, november, "Anna at midnight", dt.datetime(2026, 10, 31, 16, tzinfo=dt.UTC))
    run(FIRST)
    [anna] = smtp.to("employee@acme.test")
    assert anna["Subject"] == "You were recognised 4 times in November 2026"
    assert "Anna at midnight" in anna.get_content()


def test_a_refused_address_is_recorded_and_not_tried_again(smtp, november):  # noqa: F811
    from servicegap.recognition.digest import run
    from servicegap.recognition.models import DigestSent

    smtp.refuse.add("employee@acme.test")
    assert "1 sent, 0 already sent, 1 refused" in run(FIRST)
    refused = DigestSent.objects.get(person=november)
    assert refused.sent_at is None and refused.refused.startswith("550")
    smtp.refuse.clear()
    run(FIRST)
    assert smtp.to("employee@acme.test") == []


def test_an_unreachable_server_sends_later(settings, november):
    from servicegap.recognition.digest import run
    from servicegap.recognition.models import DigestSent
    from tests.mail_support import free_port, use_smtp

    use_smtp(settings, free_port())  # nobody listens there
    assert "stopped: cannot connect" in run(FIRST)
    assert not DigestSent.objects.exists()  # nothing claimed: the next run sends it all


def _cli(*args: str):
    from click.testing import CliRunner

    from servicegap.cli import main_group

    return CliRunner().invoke(main_group, ["--workspace", "acme", "recognition", "digest", *args])


def test_the_command_sends_a_chosen_month_once_and_names_a_bad_month(smtp, workspace, users):  # noqa: F811
    import json

    from django.utils import timezone

    from servicegap.recognition.months import previous_month

    month = previous_month(timezone.now())  # the command's default and latest month
    anna = employee(workspace, "E-ANNA", "Anna Adams", "SALES")
    link(workspace, users["employee"], anna)
    for day in (3, 12):
        when = dt.datetime(month.year, month.month, day, 12, tzinfo=dt.UTC)
        _at(workspace, anna, f"Anna on day {day}", when)

    first = _cli("--month", f"{month:%Y-%m}", "--json")
    assert first.exit_code == 0, first.output
    doc = json.loads(first.stdout)
    assert (doc["month"], doc["sent"], doc["already_sent"]) == (f"{month:%Y-%m}", 1, 0)
    [mail] = smtp.to("employee@acme.test")
    assert mail["Subject"].startswith("You were recognised 2 times in")
    again = json.loads(_cli("--json").stdout)  # the default month is the same one
    assert (again["sent"], again["already_sent"]) == (0, 1)
    assert len(smtp.messages) == 1
    for bad, says in (("2026-13", "not a month"), ("2999-01", "has not ended"),
                      ("2001-01", "more than a year back")):  # fmt: skip
        result = _cli("--month", bad)
        assert result.exit_code == 1 and "--month:" in result.output and says in result.output
