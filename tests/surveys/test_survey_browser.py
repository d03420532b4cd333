"""Surveys in a real browser: a phone-size survey answered by keyboard; axe on every survey page."""

from __future__ import annotations

import re

import pytest

from tests.browser_support import assert_no_sideways_scroll, check_a11y, log_in, shot

pytestmark = pytest.mark.browser


def _survey(workspace, standards, touchpoint=None):
    from servicegap.surveys import builder
    from servicegap.surveys.templates_catalogue import TemplateChoices, specs_for_type

    s = builder.create_survey(
        workspace, code="VISIT-PULSE", title="Your visit", template="pulse", scale_max=7,
        languages=["en", "nl"], choices=TemplateChoices(standards=standards[:1]),
        touchpoint=touchpoint,
    )  # fmt: skip
    nps = specs_for_type("nps", "NPS", "How likely are you to recommend us?", required=True)
    why = specs_for_type(
        "multi", "WHY", "What should we improve?",
        options=[{"code": "price", "label": "The price"}, {"code": "staff", "label": "The staff"}],
        condition={"item": "", "kind": "nps", "in": [str(i) for i in range(7)]},
    )  # fmt: skip
    builder.add_questions(s, [*nps, *why, *specs_for_type("importance", "IMPORTANCE", "")])
    builder.publish(s)
    return s


def tab_to(page, selector: str, limit: int = 40) -> None:
    """Press Tab until the focused element matches ``selector`` (keyboard only)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_a_survey_is_answered_on_a_phone_with_the_keyboard_only(browser, seeded, artifacts):
    from servicegap.journeys.models import Touchpoint
    from servicegap.standards.models import Standard
    from servicegap.surveys.models import Response

    ws = Touchpoint.objects.get(code="VISIT").workspace
    survey = _survey(
        ws, list(Standard.objects.order_by("code")), Touchpoint.objects.get(code="VISIT")
    )
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(seeded.url + "/r/acme/s/VISIT-PULSE/")
    assert page.get_by_role("heading", level=1).inner_text() == "Your visit"
    assert_no_sideways_scroll(page)
    check_a11y(page, "survey at 360px")
    shot(page, artifacts, "survey-01-phone")
    why = page.locator(".q", has_text="What should we improve?")
    assert why.is_hidden()  # shown only for a low NPS

    tab_to(page, "button.submit")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # nothing answered: the required questions say so
    assert page.get_by_role("alert").is_visible()
    assert page.get_by_text("This question needs an answer.").first.is_visible()
    assert page.evaluate("document.activeElement.name") != ""  # focus moved to the first error
    check_a11y(page, "survey with errors at 360px")
    shot(page, artifacts, "survey-02-errors")

    page.goto(seeded.url + "/r/acme/s/VISIT-PULSE/")
    tab_to(page, 'input[value="magic"]')
    page.keyboard.press("Space")
    tab_to(page, 'input[type="radio"][value="1"]')  # the standard's experience, 1-7
    for _ in range(4):
        page.keyboard.press("ArrowRight")  # arrows move within a radio group
    tab_to(page, 'input[type="radio"][value="0"]')  # NPS
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    assert why.is_visible()  # NPS 3: the follow-up appears
    tab_to(page, 'input[value="staff"]')
    page.keyboard.press("Space")
    tab_to(page, 'input[name$=".people"]')
    page.keyboard.type("60")
    page.keyboard.press("Tab")
    page.keyboard.type("40")
    page.keyboard.press("Tab")
    page.keyboard.type("0")
    assert page.locator(".points-total output").inner_text() == "100"
    tab_to(page, "textarea")
    page.keyboard.type("Lovely coffee")
    shot(page, artifacts, "survey-03-answered")
    tab_to(page, "button.submit")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/thanks/"))
    assert page.get_by_role("heading", name="Thank you").is_visible()
    check_a11y(page, "thank-you page")
    shot(page, artifacts, "survey-04-thanks")

    r = Response.objects.get(survey=survey)
    got = {(a.item, a.kind, a.value) for a in r.answers.all()}
    assert got == {
        ("", "moment", "magic"), ("CALLBACK", "experience", 5.0), ("", "nps", 3.0),
        ("WHY", "choice", "staff"), ("people", "importance", 60.0),
        ("process", "importance", 40.0), ("product", "importance", 0.0),
        ("COMMENT", "text", "Lovely coffee"),
    }  # fmt: skip
    assert r.touchpoint.code == "VISIT" and r.time_zone  # the browser's zone came along
    context.close()


@pytest.mark.parametrize("width", [360, 1280])
def test_the_survey_and_builder_pages_pass_axe(browser, seeded, artifacts, width):
    from servicegap.journeys.models import Touchpoint
    from servicegap.standards.models import Standard
    from servicegap.surveys.models import Question

    ws = Touchpoint.objects.get(code="VISIT").workspace
    survey = _survey(
        ws, list(Standard.objects.order_by("code")), Touchpoint.objects.get(code="VISIT")
    )
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(seeded.url + "/r/acme/s/VISIT-PULSE/?lang=nl")
    if width == 360:
        assert_no_sideways_scroll(page)  # long Dutch words stay inside the faces
    check_a11y(page, f"survey in Dutch at {width}px")
    shot(page, artifacts, f"survey-10-nl-{width}")

    log_in(page, seeded.url, "owner@acme.test")
    page.wait_for_url(re.compile(r"/w/acme/$"))
    question = Question.objects.filter(survey=survey, survey_version=survey.version).first()
    pages = {
        "list": "/w/acme/surveys/",
        "new": "/w/acme/surveys/new/",
        "detail": "/w/acme/surveys/VISIT-PULSE/",
        "question-new": "/w/acme/surveys/VISIT-PULSE/questions/new/",
        "question-edit": f"/w/acme/surveys/VISIT-PULSE/questions/{question.pk}/",
        "settings": "/w/acme/surveys/VISIT-PULSE/settings/",
    }
    for name, path in pages.items():
        page.goto(seeded.url + path)
        if width == 360:
            assert_no_sideways_scroll(page)
        check_a11y(page, f"builder {name} at {width}px")
        shot(page, artifacts, f"survey-2{list(pages).index(name)}-{name}-{width}")
    page.goto(seeded.url + "/w/acme/surveys/new/")
    page.get_by_role("button", name="Create the draft").click()  # empty: errors by the fields
    assert page.get_by_text("This field is required.").first.is_visible()
    check_a11y(page, f"new survey with errors at {width}px")
    assert page.get_by_role("img", name=re.compile("QR code")).count() == 0
    page.goto(seeded.url + "/w/acme/surveys/VISIT-PULSE/")
    assert page.get_by_role("img", name=re.compile("QR code that opens")).is_visible()
    context.close()
