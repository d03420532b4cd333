"""A long survey on a phone (360 px) in a real browser: pages with progress, the 0-10 scale on
one row, an error marked on its question, the answers of every page stored once; and the staff
preview, which stores nothing."""

from __future__ import annotations

import re

import pytest

from tests.browser_support import assert_no_sideways_scroll, check_a11y, log_in, shot

pytestmark = pytest.mark.browser


def _long_survey(workspace, standards):
    """13 questions in three pages: three gap pairs; NPS and two ratings; "what went wrong"
    (after a low NPS), importance, overall and a comment."""
    from servicegap.surveys import builder
    from servicegap.surveys.templates_catalogue import TemplateChoices, specs_for_type

    s = builder.create_survey(
        workspace, code="LONG", title="Pulse: Your service visit", template="custom",
        scale_max=5, languages=["en"], choices=TemplateChoices(),
    )  # fmt: skip
    specs = [p for st in standards for p in specs_for_type("gap", st.code, "", st)]
    specs += specs_for_type("nps", "NPS", "Would you recommend us?", required=True)
    specs += specs_for_type("rating", "PARKING", "Parking")
    specs += specs_for_type("rating", "WAITING", "The waiting room")
    specs += specs_for_type(
        "multi", "WHY", "What went wrong?",
        options=[{"code": "price", "label": "The price"}, {"code": "staff", "label": "The staff"}],
        condition={"item": "", "kind": "nps", "in": [str(v) for v in range(7)]},
    )  # fmt: skip
    specs += specs_for_type("importance", "IMPORTANCE", "")
    specs += specs_for_type("overall", "OVERALL", "")
    specs += specs_for_type("text", "COMMENT", "Anything else?")
    builder.add_questions(s, specs)
    builder.publish(s)
    s.refresh_from_db()
    return s


def _pick(page, question: str, value: str) -> None:
    """Tap the option ``value`` of the question whose text contains ``question``."""
    block = page.locator(".q", has_text=question)
    block.locator(f'label:has(input[value="{value}"])').click()


def _one_row(page, selector: str) -> tuple[int, set[int]]:
    """How many options the scale has and the distinct tops they sit at."""
    tops = page.eval_on_selector_all(
        selector, "els => els.map(e => Math.round(e.getBoundingClientRect().top))"
    )
    return len(tops), set(tops)


def test_a_long_survey_is_answered_page_by_page_on_a_phone(browser, seeded, artifacts):
    from servicegap.standards.models import Standard
    from servicegap.surveys.models import Response

    ws = Standard.objects.first().workspace
    survey = _long_survey(ws, list(Standard.objects.order_by("code")))
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(seeded.url + "/r/acme/s/LONG/")
    assert page.get_by_role("heading", level=1).inner_text() == "Your service visit"
    assert page.get_by_text("Page 1 of 3").is_visible()
    assert page.get_by_role("progressbar", name="Page 1 of 3").is_visible()
    assert_no_sideways_scroll(page)
    check_a11y(page, "long survey page 1 at 360px")
    shot(page, artifacts, "paging-01-page1-360")
    for i, block in enumerate(page.locator(".q[data-kind]").all()):
        block.locator(f'label:has(input[value="{2 + i % 3}"])').click()  # 2, 3, 4, 2, 3, 4
    page.get_by_role("button", name="Next").click()

    page.get_by_text("Page 2 of 3").wait_for()
    count, tops = _one_row(page, ".q:has-text('recommend') .scale .opt")
    assert count == 11 and len(tops) == 1, f"the 0-10 scale wraps at 360px: {tops}"
    assert_no_sideways_scroll(page)
    _pick(page, "Parking", "4")
    page.get_by_role("button", name="Next").click()  # NPS is required
    page.get_by_role("alert").wait_for()
    nps = page.locator(".q.has-error", has_text="recommend")
    assert nps.get_by_text("This question needs an answer.").is_visible()
    assert nps.locator('input[aria-invalid="true"]').count() == 11
    assert page.evaluate("document.activeElement.closest('.q').id") == nps.get_attribute("id")
    assert (
        page.locator(".q", has_text="Parking").locator("input:checked").get_attribute("value")
        == "4"
    )  # kept
    check_a11y(page, "long survey error at 360px")
    shot(page, artifacts, "paging-02-error-360")
    _pick(page, "recommend", "3")
    page.get_by_role("button", name="Next").click()

    page.get_by_text("Page 3 of 3").wait_for()
    assert page.get_by_text("What went wrong?").is_visible()  # decided by page 2's NPS
    _pick(page, "What went wrong?", "staff")
    page.get_by_label("Anything else?").fill("Kind people")
    page.get_by_role("button", name="Back").click()
    page.get_by_text("Page 2 of 3").wait_for()
    assert (
        page.locator(".q", has_text="recommend").locator("input:checked").get_attribute("value")
        == "3"
    )
    page.get_by_role("button", name="Next").click()
    page.get_by_text("Page 3 of 3").wait_for()
    assert page.get_by_label("Anything else?").input_value() == "Kind people"
    assert not Response.objects.filter(survey=survey).exists()  # nothing before the send
    check_a11y(page, "long survey last page at 360px")
    shot(page, artifacts, "paging-03-last-360")
    page.get_by_role("button", name="Send my answers").click()
    page.wait_for_url(re.compile(r"/thanks/"))

    r = Response.objects.get(survey=survey)
    got = {(a.item, a.kind, a.value) for a in r.answers.all()}
    assert ("CALLBACK", "expectation", 2.0) in got and ("GREET", "experience", 4.0) in got
    assert ("", "nps", 3.0) in got and ("PARKING", "rating", 4.0) in got
    assert ("WHY", "choice", "staff") in got and ("COMMENT", "text", "Kind people") in got
    assert len(got) == 10
    context.close()


def test_an_empty_pulse_marks_its_question_and_the_preview_stores_nothing(
    browser, seeded, artifacts
):
    from servicegap.journeys.models import Touchpoint
    from servicegap.surveys import builder
    from servicegap.surveys.models import Answer, Question, Response
    from servicegap.surveys.templates_catalogue import TemplateChoices

    visit = Touchpoint.objects.get(code="VISIT")
    pulse = builder.create_survey(
        visit.workspace, code="PULSE", title="Pulse: Showroom visit", template="pulse",
        scale_max=5, languages=["en"], choices=TemplateChoices(), touchpoint=visit,
    )  # fmt: skip
    Question.objects.filter(survey=pulse).update(required=False)
    builder.publish(pulse)
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(seeded.url + "/r/acme/s/PULSE/")
    assert "Pulse" not in page.title() and "Pulse" not in page.locator("h1").inner_text()
    page.get_by_role("button", name="Send my answers").click()
    page.get_by_role("alert").wait_for()
    first = page.locator(".q.has-error").first
    assert "Answer at least one question" in first.inner_text()
    assert first.locator('input[aria-invalid="true"]').count() == 3
    assert [t.strip() for t in first.locator(".face-label").all_inner_texts()] == [
        "Great",
        "Okay",
        "Poor",
    ]
    check_a11y(page, "empty pulse at 360px")

    log_in(page, seeded.url, "owner@acme.test")
    page.wait_for_url(re.compile(r"/w/acme/$"))
    page.goto(seeded.url + "/w/acme/surveys/PULSE/")
    page.get_by_role("link", name="Preview and test").click()
    assert page.get_by_text("Preview — answers are not saved").is_visible()
    check_a11y(page, "preview at 360px")
    _pick(page, "How did it feel?", "misery")
    page.get_by_role("button", name="Send my answers").click()
    page.get_by_role("heading", name="What would have been recorded").wait_for()
    assert page.get_by_role("cell", name="misery").is_visible()
    assert_no_sideways_scroll(page)
    check_a11y(page, "preview result at 360px")
    shot(page, artifacts, "paging-04-preview-result-360")
    assert not Response.objects.filter(survey=pulse).exists()
    assert not Answer.objects.filter(kind="moment").exists()
    context.close()
