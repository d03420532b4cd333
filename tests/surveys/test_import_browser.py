"""An imported survey in a real browser: checkboxes for multiple answers, the source's bold and
italics drawn as such, and no tag or entity shown as text (tests/data/imports/surveys)."""

from __future__ import annotations

import pytest

from tests.browser_support import assert_no_sideways_scroll, check_a11y, shot
from tests.surveys.test_import_migration import COLORS, SAMPLE_QSF, imported

pytestmark = pytest.mark.browser


def test_an_imported_survey_is_drawn_as_its_source_meant_it(browser, seeded, artifacts):
    from servicegap.surveys.models import Response

    imported("limesurvey", COLORS, "--code", "COLORS", "--publish")
    imported("qualtrics-survey", SAMPLE_QSF, "--code", "FRUIT", "--publish")
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()

    page.goto(seeded.url + "/r/acme/s/COLORS/")
    colors = page.locator(".q", has_text="What colors are your favorite?")
    boxes = colors.locator('input[type="checkbox"]')
    assert boxes.count() == 11 and colors.locator('input[type="radio"]').count() == 0
    assert "This is a question help text." in colors.inner_text()  # the help, under the question
    colors.get_by_label("red").check()
    colors.get_by_label("blue").check()
    assert_no_sideways_scroll(page)
    check_a11y(page, "imported LimeSurvey survey")
    shot(page, artifacts, "import-01-limesurvey")
    page.locator("button.submit").click()
    page.wait_for_url("**/thanks/**")
    answers = Response.objects.get(survey__code="COLORS").answers.all()
    assert sorted(a.value for a in answers) == ["SQ001", "SQ004"]

    page.goto(seeded.url + "/r/acme/s/FRUIT/")
    several = page.locator(".q", has_text="multiple choice multiple answer vertical question")
    assert several.first.locator('input[type="checkbox"]').count() == 3
    seen = {"bold": False, "italic": False, "em": False}
    for _ in range(12):  # page by page ("Next"), as long as the survey has pages
        seen["bold"] |= page.locator("legend strong", has_text="This").count() > 0
        seen["italic"] |= page.locator("legend i", has_text="question").count() > 0
        seen["em"] |= page.locator("label em", has_text="dislike").count() > 0
        body = page.locator("body").inner_text()
        for literal in ("<strong>", "</strong>", "<i>", "&nbsp;", "<div", "<br"):
            assert literal not in body, literal
        if page.locator("legend strong", has_text="This").count() and not seen.get("shot"):
            assert page.locator("legend strong", has_text="This").first.is_visible()
            assert_no_sideways_scroll(page)
            check_a11y(page, "imported Qualtrics survey with rich text")
            shot(page, artifacts, "import-02-qualtrics-rich-text")
            seen["shot"] = True
        next_button = page.locator('button[name="go"][value="next"]')
        if not next_button.count():
            break
        next_button.click()
        page.wait_for_load_state()
    assert seen == {"bold": True, "italic": True, "em": True, "shot": True}
    context.close()
