"""The demo's survey migrated from Qualtrics (servicegap/demo/migrated_qualtrics.py): the text
typed into a choice is a text question of its own, shown only when its choice is picked, and
the export's ``_TEXT`` columns arrive in it."""

from __future__ import annotations

import datetime as dt

import numpy as np


def test_the_typed_text_of_a_choice_arrives_in_its_own_question(workspace):
    from servicegap.demo import migrated_qualtrics as demo
    from servicegap.surveys.models import Answer, Question, Response

    today = dt.date(2026, 3, 1)
    created = demo.migrate(np.random.default_rng(5), workspace, today)
    responses = Response.objects.filter(survey__code=demo.CODE)
    assert 60 <= created == responses.count() < 90
    questions = {q.code: q for q in Question.objects.filter(survey__code=demo.CODE)}
    assert list(questions) == ["HEARD", "HEARD_TEXT", "EXTRAS", "EXTRAS_4_TEXT", "NOTE"]
    assert questions["HEARD_TEXT"].condition == {"item": "HEARD", "kind": "choice", "in": ["4"]}
    answers = Answer.objects.filter(response__in=responses)
    # every response that picked "somewhere else" says where, and only those
    elsewhere = set(answers.filter(item="HEARD", value_text="4").values_list("response", flat=True))
    said = set(answers.filter(item="HEARD_TEXT").values_list("response", flat=True))
    assert elsewhere and said == elsewhere
    typed = set(answers.filter(item="HEARD_TEXT").values_list("value_text", flat=True))
    assert typed <= set(demo.HEARD_ELSE)
    extra = set(answers.filter(item="EXTRAS", value_text="4").values_list("response", flat=True))
    said = set(answers.filter(item="EXTRAS_4_TEXT").values_list("response", flat=True))
    assert extra and said == extra
    first, last = (today - dt.timedelta(days=d) for d in demo.DAYS)
    dates = {r.submitted_at.date() for r in responses}
    assert min(dates) >= first - dt.timedelta(days=1) and max(dates) <= last + dt.timedelta(days=1)
