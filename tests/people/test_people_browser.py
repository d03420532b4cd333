"""An owner finds a customer on the People page, downloads their data and erases them by keyboard
and mouse; axe on the list, the person and the confirmation page at 1280 px and phone width."""

from __future__ import annotations

import json

import pytest

from tests.browser_support import assert_no_sideways_scroll, check_a11y, log_in, shot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 375])
def test_the_owner_exports_and_erases_a_person(
    browser, live_server, transactional_db, workspace, users, artifacts, width
):
    from servicegap.people.models import Person

    Person.objects.create(
        workspace=workspace, code="C-JANE", name="Jane Roe", kind="customer", email="j@x.test"
    )
    Person.objects.create(workspace=workspace, code="C-JOHN", name="John Doe", kind="customer")
    context = browser.new_context(viewport={"width": width, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    base = live_server.url
    log_in(page, base, "owner@acme.test")
    page.goto(base + "/w/acme/people/")
    check_a11y(page, "people")
    assert_no_sideways_scroll(page)
    page.get_by_label("Code, name or e-mail").fill("jane")
    page.get_by_role("button", name="Find").click()
    page.wait_for_url("**/people/?q=jane*")
    assert page.get_by_role("link", name="C-JOHN").count() == 0
    page.get_by_role("link", name="C-JANE").click()
    check_a11y(page, "person")
    assert_no_sideways_scroll(page)
    shot(page, artifacts, f"people-person-{width}")

    with page.expect_download() as download:
        page.get_by_role("link", name="Export data (JSON)").click()
    document = json.loads(open(download.value.path()).read())  # noqa: SIM115
    assert document["person"]["email"] == "j@x.test"

    page.get_by_role("link", name="Erase C-JANE…").click()
    check_a11y(page, "erase confirmation")
    assert_no_sideways_scroll(page)
    page.get_by_label("Type the person's code to confirm").fill("C-JANE")
    page.keyboard.press("Enter")
    page.wait_for_url("**/w/acme/people/")
    assert "The person was erased." in page.content()
    assert not Person.objects.filter(code="C-JANE").exists()
    context.close()
