"""The demo's migrated LimeSurvey survey (servicegap/demo/migrated.py): published, its texts kept as
the safe subset with the tracking image gone, multiple answers stored one row each."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import numpy as np


def test_the_migrated_survey_keeps_rich_text_and_multiple_answers(workspace, client):
    from servicegap.demo import migrated
    from servicegap.demo.population import Timeline
    from servicegap.surveys.models import Answer, Question, Response, Survey

    world = SimpleNamespace(timeline=Timeline(dt.date(2026, 3, 1)))
    migrated.create(np.random.default_rng(7), world, workspace, {})  # type: ignore[arg-type]
    survey = Survey.objects.get(code=migrated.CODE)
    assert survey.status == "published"
    questions = {q.code: q for q in Question.objects.filter(survey=survey)}
    reason = questions["CAME-FOR"]
    assert reason.multiple and questions["CHECKED"].multiple and questions["CHECKED"].rows
    assert reason.text["en"] == (
        "<p>What brought you to our <strong>workshop</strong>? <em>Tick all that apply.</em></p>"
    )
    assert "<span" not in questions["CHECKED"].text["en"]
    assert (questions["VISITS"].kind, questions["VISITS"].limits["max"]) == ("number", 50)
    responses = Response.objects.filter(survey=survey)
    assert 70 <= responses.count() < 110
    picks = Answer.objects.filter(response__survey=survey, item="CAME-FOR")
    assert picks.count() > responses.count()  # several answers to one question
    html = client.get(f"/r/{workspace.slug}/s/{migrated.CODE}/").content.decode()
    assert "<strong>workshop</strong>" in html and "pixel.gif" not in html
