"""The survey builder: templates, question editing, the code namespace, versions, QR codes."""

from __future__ import annotations

import io

import pytest
import segno

from servicegap.surveys import builder
from servicegap.surveys.models import Answer, Question, Response, Survey
from servicegap.surveys.templates_catalogue import TemplateChoices

pytestmark = pytest.mark.django_db


def _create(client, **extra):
    data = {
        "template": "perception",
        "code": "PERC",
        "title": "How did we do?",
        "scale_max": "7",
        "languages": "en, nl",
        "standards": ["GREET", "CALLBACK", "CLEAN"],
        "importance": "on",
        "zone": "on",
        "overall": "on",
        "nps": "on",
        "comment": "on",
        **extra,
    }
    return client.post("/w/acme/surveys/new/", data)


def _kinds(survey, version=None):
    version = version or survey.version
    qs = Question.objects.filter(survey=survey, survey_version=version).order_by("position")
    return [(q.code, q.kind) for q in qs]


def test_owner_creates_a_perception_survey_from_three_standards_with_every_option(login, standards):
    r = _create(login("owner"))
    assert r.status_code == 302 and r["Location"] == "/w/acme/surveys/PERC/"
    survey = Survey.objects.get(code="PERC")
    assert (survey.perspective, survey.status, survey.version) == ("customer", "draft", 1)
    assert survey.languages == ["en", "nl"] and survey.scale_max == 7
    expected = []
    for code in ("CALLBACK", "CLEAN", "GREET"):  # in code order
        expected += [(code, "expectation"), (code, "adequate"), (code, "desired")]
        expected += [(code, "experience")]
    expected += [("IMPORTANCE", "importance"), ("OVERALL", "overall"), ("NPS", "nps")]
    expected += [("COMMENT", "text")]
    assert _kinds(survey) == expected
    greet = Question.objects.get(survey=survey, code="GREET", kind="experience")
    assert greet.standard.code == "GREET" and "Greets every customer" in greet.text["en"]
    importance = Question.objects.get(survey=survey, kind="importance")
    assert [r["code"] for r in importance.rows] == ["people", "process", "product"]


def test_a_leader_may_build_but_an_employee_gets_404_and_a_manager_only_reads(login, standards):
    assert _create(login("leader")).status_code == 302
    employee = login("employee")
    assert employee.get("/w/acme/surveys/").status_code == 404
    assert employee.get("/w/acme/surveys/PERC/").status_code == 404
    assert _create(employee, code="X").status_code == 404
    manager = login("manager")
    page = manager.get("/w/acme/surveys/PERC/")
    assert page.status_code == 200 and b"Add a question" not in page.content
    assert b"/r/acme/s/PERC/" in page.content
    assert manager.get("/w/acme/surveys/new/").status_code == 404
    assert manager.post("/w/acme/surveys/PERC/publish/").status_code == 404


def test_a_perception_survey_without_standards_is_refused_and_nothing_is_created(login, standards):
    r = _create(login("owner"), standards=[])
    assert r.status_code == 400 and b"Choose at least one standard" in r.content
    assert not Survey.objects.exists()


def test_every_template_makes_its_own_questions_and_perspective(workspace, standards):
    from servicegap.journeys.models import Journey, Touchpoint

    journey = Journey.objects.create(workspace=workspace, code="BUY", name="Buying")
    tp = Touchpoint.objects.create(
        workspace=workspace, journey=journey, code="VISIT", name="Visit", step=1
    )
    tp.standards.add(standards[0], through_defaults={"workspace": workspace})

    def make(template, **kw):
        return builder.create_survey(
            workspace, code=template.upper(), title=template, template=template, scale_max=5,
            languages=["en"], choices=TemplateChoices(**kw),
            touchpoint=tp if template == "pulse" else None,
        )  # fmt: skip

    pulse = make("pulse")
    assert _kinds(pulse) == [("MOMENT", "moment"), ("GREET", "experience"), ("COMMENT", "text")]
    assert Question.objects.get(survey=pulse, kind="moment").required
    employee = make("employee", standards=standards[:1])
    assert employee.perspective == "employee"
    assert _kinds(employee) == [
        ("GREET", "expectation"),
        ("GREET", "experience"),
        ("COMMENT", "text"),
    ]
    assert (
        "How well do we deliver this"
        in Question.objects.get(survey=employee, kind="experience").text["en"]
    )
    assert make("leader", standards=standards[:1]).perspective == "leader"
    internal = make("internal")
    assert internal.perspective == "internal"
    assert ("INT-ONTIME", "rating") in _kinds(internal)
    exit_ = make("exit")
    reason = Question.objects.get(survey=exit_, code="REASON")
    assert reason.kind == "choice" and reason.multiple and len(reason.options) > 3
    assert _kinds(make("custom")) == []


def test_question_types_are_added_with_required_flag_condition_and_texts_per_language(
    login, standards
):
    client = login("owner")
    _create(client, template="custom", standards=[])
    base = "/w/acme/surveys/PERC/questions/new/"
    r = client.post(
        base,
        {"qtype": "nps", "text_en": "Recommend us?", "text_nl": "Aanbevelen?", "required": "on"},
    )
    assert r.status_code == 302, r.content
    r = client.post(
        base,
        {"qtype": "multi", "code": "WHY", "text_en": "Why?", "options": "price: Price\nstaff: Staff",
         "show_if": "|nps", "show_values": "0, 1, 2"},
    )  # fmt: skip
    assert r.status_code == 302, r.content
    client.post(base, {"qtype": "kano", "code": "LOANER", "text_en": "a loan car"})
    client.post(
        base,
        {
            "qtype": "matrix",
            "code": "ROOM",
            "text_en": "The room",
            "rows": "clean: Clean\nquiet: Quiet",
        },
    )
    client.post(base, {"qtype": "gap", "standard": "GREET"})
    survey = Survey.objects.get(code="PERC")
    assert _kinds(survey) == [
        ("NPS", "nps"), ("WHY", "choice"), ("LOANER", "kano_functional"),
        ("LOANER", "kano_dysfunctional"), ("ROOM", "rating"), ("GREET", "expectation"),
        ("GREET", "experience"),
    ]  # fmt: skip
    nps = Question.objects.get(survey=survey, kind="nps")
    assert nps.required and nps.text == {"en": "Recommend us?", "nl": "Aanbevelen?"}
    why = Question.objects.get(survey=survey, code="WHY")
    assert why.multiple and why.condition == {"item": "", "kind": "nps", "in": ["0", "1", "2"]}
    assert [r["code"] for r in Question.objects.get(survey=survey, code="ROOM").rows] == [
        "clean",
        "quiet",
    ]


def test_a_question_code_equal_to_another_standard_code_is_refused(login, standards):
    client = login("owner")
    _create(client, template="custom", standards=[])
    r = client.post(
        "/w/acme/surveys/PERC/questions/new/",
        {"qtype": "rating", "code": "CLEAN", "text_en": "Tidy?"},
    )
    assert r.status_code == 400 and "the code of the standard" in r.content.decode()
    assert not Question.objects.filter(code="CLEAN").exists()
    client.post("/w/acme/surveys/PERC/questions/new/", {"qtype": "nps", "text_en": "Recommend?"})
    r = client.post(
        "/w/acme/surveys/PERC/questions/new/", {"qtype": "nps", "code": "NPS2", "text_en": "Again?"}
    )
    assert r.status_code == 400 and "asks nps once" in r.content.decode()
    with pytest.raises(builder.BuildError):
        builder.check_code(standards[0].workspace, "GREET", standards[1])
    builder.check_code(standards[0].workspace, "GREET", standards[0])  # its own standard: fine


def test_questions_are_reordered_edited_and_removed(login, standards):
    client = login("owner")
    _create(client, template="employee", standards=["GREET"])
    survey = Survey.objects.get(code="PERC")
    comment = Question.objects.get(survey=survey, code="COMMENT")
    client.post(f"/w/acme/surveys/PERC/questions/{comment.pk}/up/")
    assert _kinds(survey)[1] == ("COMMENT", "text")
    r = client.post(
        f"/w/acme/surveys/PERC/questions/{comment.pk}/",
        {"text_en": "What stops us?", "text_nl": "Wat houdt ons tegen?", "required": "on"},
    )
    assert r.status_code == 302
    comment.refresh_from_db()
    assert comment.required and comment.text["nl"] == "Wat houdt ons tegen?"
    client.post(f"/w/acme/surveys/PERC/questions/{comment.pk}/remove/")
    assert ("COMMENT", "text") not in _kinds(survey)
    assert survey.version == 1  # a draft without answers is edited in place


def _answered_v1(workspace, survey):
    from servicegap.surveys.contract import record_response

    return record_response(
        workspace,
        {"submitted_at": "2025-01-02T10:00:00Z", "perspective": "customer", "survey": survey.code,
         "answers": [{"item": "GREET", "kind": "experience", "value": 5}, {"kind": "nps", "value": 9}]},
    )  # fmt: skip


def test_editing_a_published_survey_makes_a_new_version_and_past_answers_keep_their_meaning(
    login, workspace, standards
):
    client = login("owner")
    _create(client, standards=["GREET"], importance="", zone="")
    survey = Survey.objects.get(code="PERC")
    client.post("/w/acme/surveys/PERC/publish/")
    survey.refresh_from_db()
    assert (survey.status, survey.version) == ("published", 1)
    past = _answered_v1(workspace, survey)
    assert past.survey_version == 1
    v1_texts = dict(
        Question.objects.filter(survey=survey, survey_version=1).values_list("kind", "text")
    )

    exp = Question.objects.get(survey=survey, survey_version=1, kind="experience")
    client.post(
        f"/w/acme/surveys/PERC/questions/{exp.pk}/", {"text_en": "Rewritten", "text_nl": ""}
    )
    client.post("/w/acme/surveys/PERC/questions/new/", {"qtype": "csat", "text_en": "Happy?"})
    survey.refresh_from_db()
    assert survey.version == 1  # respondents still answer version 1 until it is published
    assert builder.working_version(survey) == 2
    client.post("/w/acme/surveys/PERC/publish/")
    survey.refresh_from_db()
    assert survey.version == 2
    assert ("CSAT", "csat") in _kinds(survey) and ("CSAT", "csat") not in _kinds(survey, 1)
    assert (
        dict(Question.objects.filter(survey=survey, survey_version=1).values_list("kind", "text"))
        == v1_texts
    )
    assert (
        Question.objects.get(survey=survey, survey_version=2, kind="experience").text["en"]
        == "Rewritten"
    )
    past.refresh_from_db()
    assert past.survey_version == 1
    assert Answer.objects.filter(response=past).count() == 2
    new = _answered_v1(workspace, survey)
    assert new.survey_version == 2 and Response.objects.filter(survey=survey).count() == 2


def test_pending_changes_can_be_discarded(login, workspace, standards):
    client = login("owner")
    _create(client, standards=["GREET"])
    client.post("/w/acme/surveys/PERC/publish/")
    client.post("/w/acme/surveys/PERC/questions/new/", {"qtype": "csat", "text_en": "Happy?"})
    survey = Survey.objects.get(code="PERC")
    assert builder.working_version(survey) == 2
    client.post("/w/acme/surveys/PERC/discard/")
    assert builder.working_version(survey) == 1


def test_qr_codes_are_a_png_and_an_svg_of_the_public_url(login, standards, settings):
    settings.BASE_URL = "https://cx.acme.test"
    _create(login("owner"), standards=["GREET"])
    client = login("manager")
    url = "https://cx.acme.test/r/acme/s/PERC/"
    png = client.get("/w/acme/surveys/PERC/qr.png")
    assert png.status_code == 200 and png["Content-Type"] == "image/png"
    assert png.content.startswith(b"\x89PNG")
    svg = client.get("/w/acme/surveys/PERC/qr.svg?download")
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    assert svg["Content-Disposition"].startswith("attachment")
    expected = io.BytesIO()
    segno.make(url, error="m").save(
        expected, kind="svg", scale=8, border=4, title="QR code: How did we do?"
    )
    assert svg.content == expected.getvalue()
    assert url.encode() in client.get("/w/acme/surveys/PERC/").content
    assert login("employee").get("/w/acme/surveys/PERC/qr.png").status_code == 404
