"""The respondent's page /r/<workspace>/s/<survey>/: no login, published surveys only."""

from __future__ import annotations

import pytest

from servicegap.surveys import builder
from servicegap.surveys.models import Answer, Question, Response, Survey
from servicegap.surveys.respond_text import pick_language
from servicegap.surveys.templates_catalogue import TemplateChoices, specs_for_type

pytestmark = pytest.mark.django_db
URL = "/r/acme/s/PERC/"


@pytest.fixture
def survey(workspace, standards):
    s = builder.create_survey(
        workspace, code="PERC", title="How did we do?", template="perception", scale_max=7,
        languages=["en", "nl"], choices=TemplateChoices(standards=standards[:1], importance=True,
        overall=False, nps=False, comment=False),
    )  # fmt: skip
    nps = specs_for_type("nps", "NPS", "Recommend us?", required=True)
    nps[0].text["nl"] = "Zou u ons aanbevelen?"
    why = specs_for_type(
        "multi", "WHY", "What went wrong?",
        options=[{"code": "price", "label": "Price"}, {"code": "staff", "label": "Staff"}],
        condition={"item": "", "kind": "nps", "in": ["0", "1", "2", "3", "4", "5", "6"]},
    )  # fmt: skip
    room = specs_for_type(
        "matrix", "ROOM", "The waiting room",
        rows=[{"code": "clean", "label": "Clean"}, {"code": "quiet", "label": "Quiet"}],
    )  # fmt: skip
    builder.add_questions(s, [*nps, *why, *room, *specs_for_type("text", "COMMENT", "Tell us")])
    builder.publish(s)
    s.refresh_from_db()
    return s


def _field(survey, code, kind=None):
    qs = Question.objects.filter(survey=survey, survey_version=survey.version, code=code)
    return f"q{(qs.filter(kind=kind) if kind else qs).get().pk}"


def _valid(survey, **extra):
    data = {
        _field(survey, "GREET", "expectation"): "6",
        _field(survey, "GREET", "experience"): "4",
        _field(survey, "NPS"): "9",
        _field(survey, "ROOM") + ".clean": "5",
        _field(survey, "IMPORTANCE") + ".people": "50",
        _field(survey, "IMPORTANCE") + ".process": "30",
        _field(survey, "IMPORTANCE") + ".product": "20",
        _field(survey, "COMMENT"): "<b>Nice</b> people",
        "tz": "Europe/Amsterdam",
    }
    data.update(extra)
    return data


def _stored():
    return {(a.item, a.kind, a.value) for a in Answer.objects.all()}


def test_the_survey_page_is_public_labelled_and_in_the_asked_language(client, survey):
    r = client.get(URL)
    html = r.content.decode()
    assert r.status_code == 200 and '<html lang="en">' in html
    assert "Recommend us?" in html and "<legend" in html
    assert html.count('type="radio"') >= 7 * 2 + 11 + 7 * 2  # gap pair, NPS 0-10, matrix rows
    assert "0 = Not at all likely" in html and "10 = Extremely likely" in html
    nl = client.get(URL + "?lang=nl").content.decode()
    assert '<html lang="nl">' in nl and "Zou u ons aanbevelen?" in nl and "Verstuur" in nl
    assert "What you expected of us" in nl  # no Dutch text yet: the first language's
    header = client.get(URL, HTTP_ACCEPT_LANGUAGE="nl-BE,nl;q=0.9,en;q=0.5").content.decode()
    assert '<html lang="nl">' in header
    assert pick_language(["en", "de"], "xx", "fr, de;q=0.5") == "de"


def test_a_valid_submission_is_stored_with_its_kinds_items_values_and_version(client, survey):
    r = client.post(URL, _valid(survey, contact="ann@example.test", contact_consent="yes"))
    assert r.status_code == 302 and r["Location"].startswith("/r/acme/s/PERC/thanks/")
    response = Response.objects.get()
    assert (response.perspective, response.survey, response.survey_version) == (
        "customer", survey, 1,
    )  # fmt: skip
    assert response.time_zone == "Europe/Amsterdam" and response.scale_max == 7
    assert response.contact == "ann@example.test" and response.contact_consent_at is not None
    assert _stored() == {
        ("GREET", "expectation", 6.0), ("GREET", "experience", 4.0), ("", "nps", 9.0),
        ("ROOM.clean", "rating", 5.0), ("people", "importance", 50.0),
        ("process", "importance", 30.0), ("product", "importance", 20.0),
        ("COMMENT", "text", "<b>Nice</b> people"),
    }  # fmt: skip
    assert Answer.objects.get(item="GREET", kind="experience").standard_version.version == 1
    thanks = client.get(r["Location"])
    assert thanks.status_code == 200 and b"Thank you" in thanks.content


def test_a_missing_required_answer_shows_the_error_by_the_question_and_keeps_the_rest(
    client, survey
):
    data = _valid(survey)
    del data[_field(survey, "NPS")]
    r = client.post(URL, data)
    html = r.content.decode()
    assert r.status_code == 200 and not Response.objects.exists()
    nps = _field(survey, "NPS")
    assert f'aria-describedby="{nps}-anchors {nps}-error"' in html
    assert f'<p class="q-error" id="{nps}-error">This question needs an answer.</p>' in html
    assert 'value="4" checked' in html and "&lt;b&gt;Nice&lt;/b&gt; people" in html
    assert 'value="50"' in html


def test_a_tampered_out_of_range_value_is_refused_and_nothing_is_stored(client, survey):
    r = client.post(URL, _valid(survey, **{_field(survey, "GREET", "experience"): "9"}))
    assert r.status_code == 200 and "Choose one of the options shown." in r.content.decode()
    r = client.post(
        URL, _valid(survey, **{_field(survey, "WHY"): "bribe", _field(survey, "NPS"): "3"})
    )
    assert "Choose one of the options shown." in r.content.decode()
    assert not Response.objects.exists() and not Answer.objects.exists()


def test_importance_points_must_add_up_to_100(client, survey):
    r = client.post(URL, _valid(survey, **{_field(survey, "IMPORTANCE") + ".people": "80"}))
    assert "add up to 100 (now 130)" in r.content.decode() and not Response.objects.exists()


def test_answers_to_a_question_hidden_by_its_condition_are_dropped(client, survey):
    why = _field(survey, "WHY")
    client.post(URL, _valid(survey, **{why: ["price", "staff"]}))  # NPS 9: WHY is hidden
    assert not Answer.objects.filter(item="WHY").exists() and Response.objects.count() == 1
    client.post(URL, _valid(survey, **{why: ["price", "staff"], _field(survey, "NPS"): "2"}))
    shown = Answer.objects.filter(item="WHY", kind="choice")
    assert sorted(shown.values_list("value_text", flat=True)) == ["price", "staff"]


def test_contact_details_without_consent_are_refused(client, survey):
    r = client.post(URL, _valid(survey, contact="ann@example.test"))
    assert r.status_code == 200 and "Tick the box" in r.content.decode()
    assert not Response.objects.exists()
    client.post(URL, _valid(survey))
    assert Response.objects.get().contact == ""


def test_drafts_closed_surveys_and_other_workspaces_are_not_answerable(
    client, survey, workspace, other_workspace
):
    builder.set_status(survey, "closed")
    r = client.get(URL)
    assert r.status_code == 410 and b"closed" in r.content
    assert client.post(URL, _valid(survey)).status_code == 410 and not Response.objects.exists()
    builder.set_status(survey, "draft")
    assert client.get(URL).status_code == 404
    builder.set_status(survey, "published")
    assert client.get("/r/other/s/PERC/").status_code == 404
    assert client.get("/r/nowhere/s/PERC/").status_code == 404
    Survey.objects.create(workspace=other_workspace, code="THEIRS", title="T", status="published")
    assert client.get("/r/acme/s/THEIRS/").status_code == 404


def test_the_pulse_stores_its_touchpoint_and_the_internal_survey_its_supplier(
    client, workspace, standards, users
):
    from servicegap.journeys.models import Journey, Touchpoint

    journey = Journey.objects.create(workspace=workspace, code="BUY", name="Buying")
    tp = Touchpoint.objects.create(
        workspace=workspace, journey=journey, code="VISIT", name="Visit", step=1
    )
    pulse = builder.create_survey(
        workspace, code="PULSE", title="Visit", template="pulse", scale_max=5, languages=["en"],
        choices=TemplateChoices(), touchpoint=tp,
    )  # fmt: skip
    builder.publish(pulse)
    page = client.get("/r/acme/s/PULSE/").content.decode()
    assert page.count('class="face ') == 3 and "Great" in page and "Poor" in page
    assert "Magic" not in page and "Misery" not in page  # the glossary's words are internal
    moment = f"q{Question.objects.get(survey=pulse, kind='moment').pk}"
    assert client.post("/r/acme/s/PULSE/", {moment: "magic"}).status_code == 302
    r = Response.objects.get()
    assert r.touchpoint == tp and r.answers.get().value == "magic"

    internal = builder.create_survey(
        workspace, code="INT", title="Internal", template="internal", scale_max=5,
        languages=["en"], choices=TemplateChoices(),
    )  # fmt: skip
    builder.publish(internal)
    client.force_login(users["employee"])  # internal surveys answer signed-in members only
    item = f"q{Question.objects.get(survey=internal, code='INT-RIGHT').pk}"
    r = client.post("/r/acme/s/INT/", {item: "4"})
    assert r.status_code == 200 and not Response.objects.filter(perspective="internal").exists()
    assert client.post("/r/acme/s/INT/", {item: "4", "supplier": "SERVICE"}).status_code == 302
    stored = Response.objects.get(perspective="internal")
    assert stored.supplier.code == "SERVICE"


def test_handle_survey_runs_on_saved_in_the_transaction_and_prefills_initial_answers(
    rf, workspace, survey
):
    from servicegap.surveys.respond import handle_survey

    page = handle_survey(rf.get(URL), workspace, survey, initial=[{"kind": "nps", "value": 7}])
    assert 'value="7" checked' in page.content.decode()

    def refuse(response):
        raise RuntimeError("token already used")

    request = rf.post(URL, _valid(survey))
    with pytest.raises(RuntimeError):
        handle_survey(request, workspace, survey, on_saved=refuse)
    assert not Response.objects.exists()
    seen = []
    done = handle_survey(rf.post(URL, _valid(survey)), workspace, survey, on_saved=seen.append)
    assert done.status_code == 200 and seen == [Response.objects.get()]
