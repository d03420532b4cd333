"""The competitor comparison in a real browser at 360 px: the builder shows the competitor
question; a customer names the company they also use, rates us and them on the same standards,
and the competitors report has the row."""

from __future__ import annotations

import pytest

from tests.browser_support import assert_no_sideways_scroll, check_a11y, log_in, shot
from tests.report_support import cli_json

pytestmark = pytest.mark.browser


def _survey(workspace, standards):
    from servicegap.competitors.models import Competitor
    from servicegap.surveys import builder
    from servicegap.surveys.templates_catalogue import TemplateChoices

    Competitor.objects.create(workspace=workspace, code="RIVAL", name="Rival Motors")
    Competitor.objects.create(workspace=workspace, code="OTHER", name="Other Cars")
    s = builder.create_survey(
        workspace, code="COMP", title="You and the others", template="competitors",
        scale_max=7, languages=["en"],
        choices=TemplateChoices(standards=standards[:1], nps=False, comment=False),
    )  # fmt: skip
    builder.publish(s)


def _pick(page, question: str, value: str) -> None:
    page.locator(".q", has_text=question).locator(f'label:has(input[value="{value}"])').click()


def test_a_customer_rates_us_and_their_main_alternative_on_a_phone(
    browser, seeded, workspace, standards, artifacts
):
    from servicegap.surveys.models import Answer

    _survey(workspace, standards)
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, seeded.url, "owner@acme.test")
    page.wait_for_url(f"{seeded.url}/w/acme/")
    page.goto(f"{seeded.url}/w/acme/surveys/COMP/")
    assert page.get_by_text("Competitor question: names the company").is_visible()
    assert page.get_by_text("the competitor's experience").first.is_visible()
    assert_no_sideways_scroll(page)
    context.close()

    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(seeded.url + "/r/acme/s/COMP/")
    them = page.locator(".q", has_text="How well did that other company do this")
    assert page.get_by_text("Which company did you use instead of us").is_visible()
    assert not them.is_visible()  # shown only once a competitor is named
    _pick(page, "Which company", "RIVAL")
    them.wait_for(state="visible")
    _pick(page, "How well did we do this", "6")
    _pick(page, "How well did that other company do this", "3")
    _pick(page, "Overall", "6")
    assert_no_sideways_scroll(page)
    check_a11y(page, "competitor comparison survey at 360px")
    shot(page, artifacts, "competitor-survey-360")
    page.get_by_role("button", name="Send").click()
    page.get_by_text("Thank you").first.wait_for()
    context.close()

    stored = Answer.objects.get(kind="competitor_experience")
    assert (stored.item, stored.value_num, stored.competitor) == ("GREET", 3.0, "RIVAL")
    rows = cli_json("acme", "competitors")["rows"]
    assert [(r["standard"], r["competitor"], r["n"], r["difference"]) for r in rows] == [
        ("GREET", "RIVAL", 1, 3.0)
    ]
