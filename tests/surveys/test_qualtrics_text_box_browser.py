"""The text typed into a Qualtrics choice, in a real browser: the .qsf import made it a text
question of its own, hidden until its choice is picked, as Qualtrics showed the box
(tests/data/imports: shared/fixtures/qualtrics/Questions_with_Text_Entry_Components.qsf)."""

from __future__ import annotations

import pytest

from tests.browser_support import assert_no_sideways_scroll, check_a11y, shot
from tests.surveys.test_import_migration import imported
from tests.surveys.test_import_qualtrics import TEXT_QSF

pytestmark = pytest.mark.browser


def test_the_box_of_a_choice_shows_when_it_is_picked_and_its_text_is_stored(
    browser, seeded, artifacts
):
    from servicegap.surveys.models import Answer

    imported("qualtrics-survey", TEXT_QSF, "--code", "TE", "--publish")
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(seeded.url + "/r/acme/s/TE/")
    box = page.locator('.q[data-item="MCSA_single_text_TEXT"]')
    assert box.count() == 1 and not box.is_visible()  # hidden until "Choice 3" is picked
    question = page.locator('.q[data-item="MCSA_single_text"]')
    question.get_by_label("Click to write Choice 1").check()
    assert not box.is_visible()
    question.get_by_label("Click to write Choice 3").check()
    assert box.is_visible()
    box.locator("textarea, input[type=text]").first.fill("Saw the van at the fair")
    assert_no_sideways_scroll(page)
    check_a11y(page, "imported Qualtrics survey with a text box on a choice")
    shot(page, artifacts, "import-03-qualtrics-text-box")
    for _ in range(12):  # page by page ("Next") as long as the survey has pages
        next_button = page.locator('button[name="go"][value="next"]')
        if not next_button.count():
            break
        next_button.click()
        page.wait_for_load_state()
    page.locator("button.submit").click()
    page.wait_for_url("**/thanks/**")
    stored = Answer.objects.filter(response__survey__code="TE")
    assert {(a.item, a.value) for a in stored} >= {
        ("MCSA_single_text", "3"),
        ("MCSA_single_text_TEXT", "Saw the van at the fair"),
    }
    context.close()
