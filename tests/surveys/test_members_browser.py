"""An employee answers their employee survey in a real browser, after signing in; an anonymous
visitor of an employee, leader or internal survey link gets the sign-in page, never the form."""

from __future__ import annotations

import re

import pytest

from tests.browser_support import assert_no_sideways_scroll, check_a11y, shot

pytestmark = pytest.mark.browser


@pytest.fixture
def protected(live_server, transactional_db, workspace, standards, users):
    from servicegap.surveys import builder
    from servicegap.surveys.templates_catalogue import TemplateChoices

    for template in ("employee", "leader", "internal"):
        s = builder.create_survey(
            workspace, code=template.upper(), title=f"Your view: {template}", template=template,
            scale_max=5, languages=["en"], choices=TemplateChoices(standards=standards[:1]),
        )  # fmt: skip
        builder.publish(s)
    return live_server


def test_an_employee_signs_in_and_answers_their_survey_on_a_phone(browser, protected, artifacts):
    from servicegap.surveys.models import Response
    from tests.conftest import PASSWORD

    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.set_default_timeout(30_000)  # a shared machine: the first page may be slow
    for code in ("LEADER", "INTERNAL", "EMPLOYEE"):  # the employee survey last: we answer it
        page.goto(f"{protected.url}/r/acme/s/{code}/")
        assert re.search(rf"/accounts/login/\?next=/r/acme/s/{code}/$", page.url), page.url
        assert page.locator("form .q").count() == 0  # not the survey's form
    shot(page, artifacts, "members-01-sign-in-360")
    page.get_by_label("E-mail").fill("employee@acme.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/r/acme/s/EMPLOYEE/$"))
    assert page.locator(".q").count() >= 2
    assert_no_sideways_scroll(page)
    check_a11y(page, "employee survey at 360px, signed in")
    shot(page, artifacts, "members-02-survey-360")
    rated = page.locator(".q[data-kind]", has=page.locator('input[type="radio"][value="4"]'))
    assert rated.count() == 2  # GREET: expectation and experience
    for block in rated.all():
        block.locator('label:has(input[value="4"])').first.click()
    page.get_by_role("button", name="Send my answers").click()
    page.get_by_role("heading", name="Thank you").wait_for()
    stored = Response.objects.get()
    assert stored.perspective == "employee" and stored.unit.code == "SALES"
    assert stored.respondent.code.startswith("anon-")  # not the employee's account or person
    page.goto(f"{protected.url}/r/acme/s/EMPLOYEE/")  # once a month
    assert page.get_by_text("You have answered this survey this month already").is_visible()
    context.close()
