"""The demo's past invitation rounds: the response rates have figures on realistic data."""

from __future__ import annotations

import datetime as dt
import inspect

import pytest

END = dt.date(2026, 3, 1)


@pytest.fixture
def built(db, monkeypatch):
    from servicegap.demo import extras, generator, invitation_rounds

    if "invitation_rounds" not in inspect.getsource(extras.create):  # until the demo wires it
        original = extras.create

        def create(rng, w, ws, refs):
            original(rng, w, ws, refs)
            invitation_rounds.create(rng, w, ws, refs)

        monkeypatch.setattr(extras, "create", create)
    return generator.build_demo(seed=7, answers=3000, end=END)


def test_the_demo_has_rounds_with_rates_and_linked_responses(built):
    from servicegap.invitations.models import Invitation, Send
    from servicegap.invitations.rates import survey_rates
    from servicegap.surveys.models import Survey

    ws = built.workspace
    survey = Survey.objects.of(ws).get(code="PERCEPTION-SVC")
    sends = Send.objects.of(ws).filter(survey=survey)
    assert 1 <= sends.count() <= 3  # three at the demo's full size; a small demo may skip one
    total, rounds = survey_rates(ws, survey)
    assert total.n > 0 and total.answered > 0 and 20 < total.pct < 70, total
    assert all(r.rate.n and r.rate.opened >= r.rate.answered for r in rounds)
    answered = Invitation.objects.of(ws).exclude(response=None).select_related("response")
    assert answered.count() == total.answered
    for inv in answered:
        assert inv.response.respondent_id == inv.person_id and inv.response.survey == survey
        assert inv.sent_at <= inv.response.submitted_at
    assert all(
        e.endswith((".com", ".net", ".org"))
        for e in sends[0].invitations.values_list("email", flat=True)
    )
