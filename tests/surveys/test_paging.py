"""Long surveys in pages without JavaScript: answers carried, each page checked, one store at the
end; conditions across pages; errors marked on their question; the staff preview stores nothing;
one set of face words; customer-facing titles; the 3P importance question optional."""

from __future__ import annotations

import re

import pytest

from servicegap.lib.faces import labels
from servicegap.surveys import builder, paging
from servicegap.surveys.models import Answer, Question, Response
from servicegap.surveys.respond_text import customer_title
from servicegap.surveys.templates_catalogue import TemplateChoices, specs_for_type

pytestmark = pytest.mark.django_db
URL = "/r/acme/s/LONG/"


def test_short_surveys_are_one_page_and_long_ones_even_pages_that_keep_pairs_together():
    assert paging.split(["A"] * 0) == [range(0, 0)]
    assert paging.split([f"Q{i}" for i in range(10)]) == [range(0, 10)]
    codes = [c for i in range(9) for c in (f"S{i}", f"S{i}")] + ["OVERALL", "NPS", "IMP", "TEXT"]
    pages = paging.split(codes)  # the demo's perception survey: 22 questions
    assert len(pages) == 4 and [i for p in pages for i in p] == list(range(22))
    assert all(4 <= len(p) <= 7 for p in pages)
    assert all(codes[p.start - 1] != codes[p.start] for p in pages[1:])  # no pair cut in two
    assert paging.page_of(pages, 21) == 3
    assert paging.clamp("2", 4) == 2 and paging.clamp("9", 4) == 0 and paging.clamp("x", 4) == 0


@pytest.fixture
def long_survey(workspace, standards):
    """13 questions: three gap pairs (page 1), NPS and two ratings (page 2), a "what went wrong"
    shown only after a low NPS, importance, overall and a comment (page 3)."""
    s = builder.create_survey(
        workspace, code="LONG", title="Pulse: Servicing", template="custom", scale_max=5,
        languages=["en"], choices=TemplateChoices(),
    )  # fmt: skip
    specs = []
    for standard in standards:
        specs += specs_for_type("gap", standard.code, "", standard)
    specs += specs_for_type("nps", "NPS", "Would you recommend us?", required=True)
    specs += specs_for_type("rating", "PARKING", "Parking")
    specs += specs_for_type("rating", "WAITING", "The waiting room")
    specs += specs_for_type(
        "multi", "WHY", "What went wrong?",
        options=[{"code": "price", "label": "Price"}, {"code": "staff", "label": "Staff"}],
        condition={"item": "", "kind": "nps", "in": [str(v) for v in range(7)]},
    )  # fmt: skip
    specs += specs_for_type("importance", "IMPORTANCE", "", required=True)
    specs += specs_for_type("overall", "OVERALL", "")
    specs += specs_for_type("text", "COMMENT", "Anything else?")
    builder.add_questions(s, specs)
    builder.publish(s)
    s.refresh_from_db()
    return s


@pytest.fixture
def visit(workspace):
    from servicegap.journeys.models import Journey, Touchpoint

    journey = Journey.objects.create(workspace=workspace, code="BUY", name="Buying")
    return Touchpoint.objects.create(
        workspace=workspace, journey=journey, code="VISIT", name="Visit", step=1
    )


def q(survey, code, kind=None) -> str:
    qs = Question.objects.filter(survey=survey, survey_version=survey.version, code=code)
    return f"q{(qs.filter(kind=kind) if kind else qs).get().pk}"


def page_one(s) -> dict:
    return {
        q(s, "GREET", "expectation"): "5", q(s, "GREET", "experience"): "4",
        q(s, "CALLBACK", "expectation"): "5", q(s, "CALLBACK", "experience"): "2",
        q(s, "CLEAN", "expectation"): "4", q(s, "CLEAN", "experience"): "4",
    }  # fmt: skip


def hidden(html: str) -> dict[str, list[str]]:
    """The hidden fields of the form: what the page carries of the other pages."""
    out: dict[str, list[str]] = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html):
        out.setdefault(name, []).append(value)
    return out


def post(client, data: dict):
    """Post a page as a browser would: its hidden fields and the answers given on it."""
    r = client.post(URL, data)
    return r, r.content.decode()


def carry(html: str, answers: dict, go: str = "next") -> dict:
    data = {k: v for k, v in hidden(html).items() if k != "csrfmiddlewaretoken"}
    data.update(answers)
    if go:
        data["go"] = go
    return data


def test_a_long_survey_is_filled_page_by_page_and_stored_once_at_the_end(client, long_survey):
    s = long_survey
    first = client.get(URL).content.decode()
    assert "Page 1 of 3" in first and 'aria-labelledby="progress-label"' in first
    assert '<progress max="3" value="1"' in first
    assert q(s, "NPS") not in first and 'name="contact"' not in first  # later pages
    assert 'value="next"' in first and 'value="back"' not in first

    r, second = post(client, carry(first, page_one(s)))
    assert r.status_code == 200 and "Page 2 of 3" in second
    assert hidden(second)[q(s, "CALLBACK", "experience")] == ["2"]  # page 1 carried
    assert not Response.objects.exists()

    r, third = post(client, carry(second, {q(s, "NPS"): "3", q(s, "PARKING"): "5"}))
    assert "Page 3 of 3" in third and 'name="contact"' in third
    assert f'id="{q(s, "WHY")}"' in third  # NPS 3 on page 2 shows "what went wrong" on page 3
    assert "data-show-if" not in third  # decided by the server: no script needed

    last = {q(s, "WHY"): ["price", "staff"], q(s, "COMMENT"): "Quick and kind",
            "contact": "ann@example.test", "contact_consent": "yes"}  # fmt: skip
    r, _ = post(client, carry(third, last, go=""))
    assert r.status_code == 302 and Response.objects.count() == 1
    stored = {(a.item, a.kind, a.value) for a in Answer.objects.all()}
    assert ("CALLBACK", "experience", 2.0) in stored and ("", "nps", 3.0) in stored
    assert ("PARKING", "rating", 5.0) in stored and ("COMMENT", "text", "Quick and kind") in stored
    assert {a.value_text for a in Answer.objects.filter(item="WHY")} == {"price", "staff"}
    assert Response.objects.get().contact == "ann@example.test"


def test_a_question_hidden_by_an_answer_on_an_earlier_page_is_not_drawn(client, long_survey):
    s = long_survey
    _, second = post(client, carry(client.get(URL).content.decode(), page_one(s)))
    _, third = post(client, carry(second, {q(s, "NPS"): "9"}))
    assert "Page 3 of 3" in third and f'id="{q(s, "WHY")}"' not in third
    # A tampered "what went wrong" is dropped: its condition does not hold.
    post(client, carry(third, {q(s, "WHY"): "price"}, go=""))
    assert Response.objects.count() == 1 and not Answer.objects.filter(item="WHY").exists()


def test_next_checks_the_page_and_marks_the_question_and_back_keeps_every_answer(
    client, long_survey
):
    s = long_survey
    _, second = post(client, carry(client.get(URL).content.decode(), page_one(s)))
    r, again = post(client, carry(second, {q(s, "PARKING"): "4"}))  # NPS is required
    nps = q(s, "NPS")
    assert r.status_code == 200 and "Page 2 of 3" in again and not Response.objects.exists()
    assert f'<p class="q-error" id="{nps}-error">This question needs an answer.</p>' in again
    assert again.count('aria-invalid="true"') == 11  # every button of the 0-10 scale
    assert f'<a href="#{nps}">Would you recommend us?</a>' in again  # the summary's link
    assert 'value="4" checked' in again  # the answer given on the page is kept

    _, third = post(client, carry(again, {q(s, "NPS"): "8", q(s, "PARKING"): "4"}))
    r, back = post(client, carry(third, {q(s, "COMMENT"): "Typed, then went back"}, go="back"))
    assert "Page 2 of 3" in back and 'value="8" checked' in back
    assert hidden(back)[q(s, "COMMENT")] == ["Typed, then went back"]  # page 3 kept
    assert hidden(back)[q(s, "GREET", "expectation")] == ["5"]
    assert not Response.objects.exists()


def test_a_send_with_an_error_on_an_earlier_page_shows_that_page(client, long_survey):
    s = long_survey
    _, second = post(client, carry(client.get(URL).content.decode(), page_one(s)))
    _, third = post(client, carry(second, {q(s, "NPS"): "8"}))
    data = carry(third, {}, go="")
    data[q(s, "GREET", "experience")] = "6"  # tampered: the scale is 1-5
    r, html = post(client, data)
    assert "Page 1 of 3" in html and "Choose one of the options shown." in html
    assert not Response.objects.exists()
    tampered = carry(third, {}, go="")
    tampered["page"] = "99"
    assert "Page 2 of 3" in post(client, tampered | {"go": "next"})[1]  # read as page 1


def test_an_empty_send_marks_the_first_question_not_only_the_banner(client, workspace, visit):
    pulse = builder.create_survey(
        workspace, code="PULSE", title="Pulse: Visit", template="pulse", scale_max=5,
        languages=["en"], choices=TemplateChoices(standard_items=False), touchpoint=visit,
    )  # fmt: skip
    Question.objects.filter(survey=pulse).update(required=False)
    builder.publish(pulse)
    r = client.post("/r/acme/s/PULSE/", {})
    html = r.content.decode()
    moment = q(pulse, "MOMENT")
    assert r.status_code == 200 and not Response.objects.exists()
    assert "Answer at least one question to send your answers." in html
    assert f'<p class="q-error" id="{moment}-error">Answer at least one question' in html
    assert html.count('aria-invalid="true"') == 3 and f'href="#{moment}"' in html
    assert "check the answers marked below" not in html


def test_one_set_of_face_words_on_surveys_and_the_kiosk(client, workspace, visit):
    from servicegap.channels.models import Kiosk

    assert labels("en") == {"magic": "Great", "mediocrity": "Okay", "misery": "Poor"}
    kiosk = Kiosk.objects.create(workspace=workspace, code="DOOR", name="Front door")
    page = client.get(f"/r/acme/kiosk/{kiosk.token}/")
    html = page.content.decode()
    assert page.status_code == 200, page.status_code
    for word in labels("en").values():
        assert f"<span>{word}</span>" in html
    pulse = builder.create_survey(
        workspace, code="PULSE", title="Visit", template="pulse", scale_max=5,
        languages=["en"], choices=TemplateChoices(standard_items=False), touchpoint=visit,
    )  # fmt: skip
    builder.publish(pulse)
    survey = client.get("/r/acme/s/PULSE/").content.decode()
    for word in labels("en").values():
        assert f'<span class="face-label">{word}</span>' in survey


def test_respondents_never_read_an_internal_label_in_the_title(client, login, long_survey):
    assert customer_title("Pulse: booking a service") == "Booking a service"
    assert customer_title("CODE-1: Our visit", "CODE-1") == "Our visit"
    assert customer_title("Pulse") == "Pulse" and customer_title("Ratio: 3:1") == "Ratio: 3:1"
    html = client.get(URL).content.decode()
    assert "Pulse:" not in html and "<h1>Servicing</h1>" in html
    assert "<title>Servicing" in html
    staff = login("owner").get("/w/acme/surveys/LONG/").content.decode()
    assert "Pulse: Servicing" in staff  # staff pages keep the internal name


def test_the_3p_importance_question_is_optional_and_in_plain_words(client, long_survey):
    s = long_survey
    _, second = post(client, carry(client.get(URL).content.decode(), page_one(s)))
    _, third = post(client, carry(second, {q(s, "NPS"): "9"}))
    assert "What matters most to you when you deal with us?" in third
    assert "If you like, share out 100 points" in third and "(optional)" in third
    assert "People: how we treat you" in third
    r, _ = post(client, carry(third, {}, go=""))  # no points given although marked required
    assert r.status_code == 302 and not Answer.objects.filter(kind="importance").exists()


def test_the_preview_checks_like_the_real_page_and_stores_nothing(client, login, long_survey):
    s = long_survey
    owner = login("owner")
    url = "/w/acme/surveys/LONG/preview/"
    first = owner.get(url)
    html = first.content.decode()
    assert first.status_code == 200 and "Preview — answers are not saved" in html
    assert "Page 1 of 3" in html
    second = owner.post(url, carry(html, page_one(s))).content.decode()
    third = owner.post(url, carry(second, {q(s, "NPS"): "2"})).content.decode()
    wrong = owner.post(url, carry(third, {q(s, "WHY"): "bribe"}, go="")).content.decode()
    assert "Choose one of the options shown." in wrong and "Preview — answers" in wrong
    done = owner.post(url, carry(third, {q(s, "WHY"): "staff"}, go=""))
    result = done.content.decode()
    assert done.status_code == 200 and "What would have been recorded" in result
    assert "CALLBACK" in result and "staff" in result and "with 8 answers" in result
    assert not Response.objects.exists() and not Answer.objects.exists()
    assert login("leader").get(url).status_code == 200
    for persona in ("manager", "employee", "outsider"):
        assert login(persona).get(url).status_code == 404, persona


def test_a_draft_can_be_previewed_before_anyone_can_answer_it(client, login, workspace, visit):
    draft = builder.create_survey(
        workspace, code="DRAFT", title="New", template="pulse", scale_max=5,
        languages=["en"], choices=TemplateChoices(standard_items=False), touchpoint=visit,
    )  # fmt: skip
    assert client.get("/r/acme/s/DRAFT/").status_code == 404
    owner = login("owner")
    assert owner.get("/w/acme/surveys/DRAFT/preview/").status_code == 200
    moment = q(draft, "MOMENT")
    done = owner.post("/w/acme/surveys/DRAFT/preview/", {moment: "misery"})
    assert "What would have been recorded" in done.content.decode()
    assert not Response.objects.exists()
    detail = owner.get("/w/acme/surveys/DRAFT/").content.decode()
    assert 'href="/w/acme/surveys/DRAFT/preview/"' in detail
