"""Response rates of invitations: per round and per survey, with the Wilson interval and n, on
the invitations page, a send's page and the survey page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from servicegap.invitations.models import Invitation, Send, new_token
from servicegap.invitations.rates import rate, survey_rates
from tests.invitation_support import make_people, make_survey

pytestmark = pytest.mark.django_db


def _round(workspace, survey, people, opened: int, answered: int) -> Send:
    """A finished send to ``people``: the first ``opened`` opened the link, the first
    ``answered`` of them answered."""
    now = timezone.now()
    send = Send.objects.create(
        workspace=workspace, survey=survey, state="done", planned=len(people), sent=len(people)
    )
    for i, person in enumerate(people):
        Invitation.objects.create(
            workspace=workspace, send=send, survey=survey, person=person, email=person.email,
            token_hash=new_token()[1], state="responded" if i < answered else "sent",
            sent_at=now, opened_at=now if i < opened else None,
            responded_at=now if i < answered else None, expires_at=now + timedelta(days=30),
        )  # fmt: skip
    return send


def test_a_rate_is_answered_per_sent_with_its_wilson_interval():
    r = rate(10, 4, 3)
    assert (r.n, r.opened, r.answered, r.pct) == (10, 4, 3, 30.0)
    assert r.ci_low == pytest.approx(10.78, abs=0.01) and r.ci_high == pytest.approx(
        60.32, abs=0.01
    )
    assert rate(0, 0, 0).pct is None and rate(0, 0, 0).n == 0
    assert rate(2, 2, 3).n == 3  # an answer to a mail later counted as bounced is still one sent


def test_the_pages_show_the_rate_per_round_and_per_survey(login, workspace):
    survey = make_survey(workspace, "PULSE")
    people = make_people(workspace, 10)
    first = _round(workspace, survey, people, opened=4, answered=3)
    _round(workspace, survey, people[:5], opened=5, answered=5)
    total, rounds = survey_rates(workspace, survey)
    assert (total.sent, total.opened, total.answered) == (15, 9, 8)
    assert [r.rate.answered for r in rounds] == [5, 3]  # newest first

    owner = login("owner")
    index = owner.get("/w/acme/invitations/").content.decode()
    assert "Response rate per survey" in index and "53 %" in index  # 8 of 15
    assert '30 %<span class="dim"> (11–60 %, n = 10)</span>' in index
    detail = owner.get(f"/w/acme/invitations/sends/{first.pk}/").content.decode()
    assert "(11–60 %, n = 10)" in detail
    page = owner.get("/w/acme/surveys/PULSE/").content.decode()
    assert "Response rate of invitations" in page and "Of 15 invitations sent" in page
    assert "(11–60 %, n = 10)" in page and "100 %" in page
    assert login("manager").get("/w/acme/surveys/PULSE/").status_code == 200


def test_a_survey_never_sent_says_how_to_get_a_rate(login, workspace):
    make_survey(workspace, "QUIET")
    page = login("owner").get("/w/acme/surveys/QUIET/").content.decode()
    assert "No invitations sent for this survey yet" in page
