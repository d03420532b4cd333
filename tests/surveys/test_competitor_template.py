"""The competitor comparison template: the competitor question names the competitor of every
competitor_experience answer of a response; refused in a workspace without competitors."""

from __future__ import annotations

import pytest

from servicegap.competitors.models import Competitor
from servicegap.surveys import builder
from servicegap.surveys.competitor_question import name_competitor, named
from servicegap.surveys.models import Answer, Question, Survey
from servicegap.surveys.templates_catalogue import TemplateChoices
from tests.report_support import cli_json

URL = "/r/acme/s/COMP/"


def _form(client, **extra):
    data = {
        "template": "competitors", "code": "COMP", "title": "You and the others",
        "scale_max": "7", "languages": "en", "standards": ["GREET", "CALLBACK"],
        "overall": "on", **extra,
    }  # fmt: skip
    return client.post("/w/acme/surveys/new/", data)


@pytest.fixture
def rivals(workspace):
    for code, name in (("RIVAL", "Rival Motors"), ("OTHER", "Other Cars")):
        Competitor.objects.create(workspace=workspace, code=code, name=name)


def _survey(workspace, standards):
    s = builder.create_survey(
        workspace, code="COMP", title="You and the others", template="competitors",
        scale_max=7, languages=["en"],
        choices=TemplateChoices(standards=standards[:2], overall=False, nps=False),
    )  # fmt: skip
    builder.publish(s)
    s.refresh_from_db()
    return s


def test_the_competitor_answer_is_given_to_each_competitor_rating_or_they_are_dropped():
    which = {"item": "COMPETITOR", "kind": "choice", "value": "RIVAL"}
    us = {"item": "GREET", "kind": "experience", "value": "6"}
    them = {"item": "GREET", "kind": "competitor_experience", "value": "3"}
    answered = [("q1", [which]), ("q2", [us]), ("q3", [them])]
    assert name_competitor(answered)[2] == ("q3", [{**them, "competitor": "RIVAL"}])
    assert named([{**which, "value": "none"}]) == ""
    dropped = name_competitor([("q1", [{**which, "value": "none"}]), ("q2", [us]), ("q3", [them])])
    assert [q for q, _ in dropped] == ["q1", "q2"]
    assert name_competitor([("q2", [us]), ("q3", [them])]) == [("q2", [us])]


@pytest.mark.django_db
def test_without_competitors_the_template_says_so_and_is_refused(login, standards):
    owner = login("owner")
    page = owner.get("/w/acme/surveys/new/").content.decode()
    assert "Competitor comparison (needs competitors: this workspace has none yet)" in page
    r = _form(owner)
    assert r.status_code == 400
    assert "This workspace has no competitors yet: import them first" in r.content.decode()
    assert not Survey.objects.exists()
    with pytest.raises(builder.BuildError) as exc:
        _survey(standards[0].workspace, standards)
    assert exc.value.field == "template" and "no competitors" in exc.value.message


@pytest.mark.django_db
def test_the_builder_makes_and_shows_the_competitor_questions(login, standards, rivals):
    owner = login("owner")
    r = _form(owner)
    assert r.status_code == 302, r.content.decode()[:2000]
    survey = Survey.objects.get(code="COMP")
    assert survey.template == "competitors" and survey.perspective == "customer"
    qs = list(Question.objects.filter(survey=survey).order_by("position"))
    assert [(q.code, q.kind) for q in qs] == [
        ("COMPETITOR", "choice"),
        ("CALLBACK", "experience"), ("CALLBACK", "competitor_experience"),
        ("GREET", "experience"), ("GREET", "competitor_experience"),
        ("OVERALL", "overall"),
    ]  # fmt: skip
    assert [o["code"] for o in qs[0].options] == ["OTHER", "RIVAL", "none"]
    assert qs[4].condition == {"item": "COMPETITOR", "kind": "choice", "in": ["OTHER", "RIVAL"]}
    assert qs[4].standard.code == "GREET"
    detail = owner.get("/w/acme/surveys/COMP/").content.decode()
    assert "Competitor question: names the company rated" in detail
    assert "Standard: the competitor&#x27;s experience" in detail
    assert "shown if COMPETITOR is OTHER, RIVAL" in detail
    them = qs[4]
    edit = f"/w/acme/surveys/COMP/questions/{them.pk}/"
    assert owner.get(edit).status_code == 200
    saved = owner.post(edit, {"text_en": "And the other company? Greets by name",
                              "show_if": "COMPETITOR|choice", "show_values": "RIVAL"})  # fmt: skip
    assert saved.status_code == 302, saved.content.decode()[:3000]
    them.refresh_from_db()
    assert them.condition["in"] == ["RIVAL"] and them.text["en"].startswith("And the other")
    with_none = _form(owner, code="COMP2", standards=[])
    assert (
        with_none.status_code == 400
        and "Choose at least one standard" in with_none.content.decode()
    )


def _post(client, survey, picked: str) -> None:
    q = {(x.code, x.kind): f"q{x.pk}" for x in Question.objects.filter(survey=survey)}
    data = {
        q[("COMPETITOR", "choice")]: picked,
        q[("GREET", "experience")]: "6", q[("GREET", "competitor_experience")]: "3",
        q[("CALLBACK", "experience")]: "5", q[("CALLBACK", "competitor_experience")]: "6",
    }  # fmt: skip
    r = client.post(URL, data)
    assert r.status_code in (200, 302) and b"has-error" not in r.content, r.content.decode()


@pytest.mark.django_db
def test_a_respondent_names_the_competitor_once_and_the_report_compares(client, standards, rivals):
    survey = _survey(standards[0].workspace, standards)
    _post(client, survey, "RIVAL")
    theirs = Answer.objects.filter(kind="competitor_experience").order_by("item")
    assert [(a.item, a.value_num, a.competitor) for a in theirs] == [
        ("CALLBACK", 6.0, "RIVAL"), ("GREET", 3.0, "RIVAL"),
    ]  # fmt: skip
    assert Answer.objects.get(kind="choice").value_text == "RIVAL"
    _post(client, survey, "none")  # names no competitor: its competitor ratings are not kept
    assert Answer.objects.filter(kind="competitor_experience").count() == 2
    assert Answer.objects.filter(kind="experience").count() == 4
    rows = cli_json("acme", "competitors")["rows"]
    greet = next(r for r in rows if r["standard"] == "GREET")
    assert (greet["competitor"], greet["n"], greet["difference"]) == ("RIVAL", 1, 3.0)


@pytest.mark.django_db
def test_the_demo_comparison_is_answered_through_the_template_survey():
    import datetime as dt

    from servicegap.demo.generator import build_demo

    ws = build_demo(seed=7, answers=2000, end=dt.date(2026, 6, 30)).workspace
    survey = Survey.objects.of(ws).get(code="COMPARE")
    assert (survey.template, survey.status) == ("competitors", "published")
    named = dict(
        Answer.objects.of(ws)
        .filter(item="COMPETITOR", kind="choice", response__survey=survey)
        .values_list("response_id", "value_text")
    )
    theirs = Answer.objects.of(ws).filter(kind="competitor_experience")
    assert named and theirs.exists()
    assert all(named[rid] == code for rid, code in theirs.values_list("response_id", "competitor"))
    rows = cli_json(ws.slug, "competitors")["rows"]
    assert {r["competitor"] for r in rows} == {"KINGSWAY", "DALES", "QUICKSERVE"}
