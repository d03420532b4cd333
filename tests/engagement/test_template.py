"""The "Employee voice" survey template: eNPS, engagement statements, enablement and the employee
view per standard; its answers pass the response contract."""

from __future__ import annotations

import pytest

from servicegap.lib.scales import AnswerError, clean_answer
from servicegap.surveys.models import Question, Survey


@pytest.mark.django_db
def test_the_voice_template_asks_enps_engagement_and_enablement(login, standards):
    r = login("owner").post(
        "/w/acme/surveys/new/",
        {"template": "voice", "code": "VOICE", "title": "Employee voice", "scale_max": "5",
         "languages": "en", "standards": ["GREET", "CALLBACK"]},
    )  # fmt: skip
    assert r.status_code == 302, r.content.decode()[:2000]
    survey = Survey.objects.get(code="VOICE")
    assert survey.perspective == "employee" and survey.get_template_display() == "Employee voice"
    asked = [(q.code, q.kind) for q in Question.objects.filter(survey=survey).order_by("position")]
    assert asked == [
        ("ENPS", "enps"),
        ("ENG-TOOLS", "engagement"), ("ENG-MANAGER", "engagement"), ("ENG-RECOMMEND", "engagement"),
        ("CALLBACK", "enablement"), ("CALLBACK", "experience"),
        ("GREET", "enablement"), ("GREET", "experience"),
        ("COMMENT", "text"),
    ]  # fmt: skip
    texts = {q.kind: q.text["en"] for q in Question.objects.filter(survey=survey)}
    assert texts["enps"] == "How likely are you to recommend working here to a friend?"


def test_the_voice_answer_kinds_in_the_contract():
    assert clean_answer(None, "enps", 10, 7).value_num == 10.0
    assert clean_answer("ENG-TOOLS", "engagement", 5, 5).value_num == 5.0
    with pytest.raises(AnswerError) as bad:
        clean_answer(None, "enps", 11, 7)
    assert bad.value.field == "value"
    with pytest.raises(AnswerError) as bad:
        clean_answer("ENPS", "enps", 9, 7)  # belongs to the whole response
    assert bad.value.field == "item"
    with pytest.raises(AnswerError) as bad:
        clean_answer(None, "enablement", 4, 7)  # names its standard
    assert bad.value.field == "item"
