"""An invitation e-mail received by a real SMTP server, answered in a real browser by keyboard;
its unsubscribe link stops the next one. axe on the invitation pages at phone and desktop widths."""

from __future__ import annotations

import pytest

from tests.browser_support import assert_no_sideways_scroll, check_a11y, shot
from tests.invitation_support import make_people, make_survey, send_now
from tests.mail_support import link, smtp  # noqa: F401 - the fixture

pytestmark = pytest.mark.browser

WIDTHS = (360, 1280)


@pytest.fixture
def invited(live_server, transactional_db, workspace, smtp):  # noqa: F811
    from servicegap.invitations.models import ContactRules

    ContactRules.objects.create(workspace=workspace, min_days_between=0)
    survey = make_survey(workspace)
    make_people(workspace, 2)
    send_now(workspace, survey)
    return survey


def _focus(page, selector: str, limit: int = 40) -> None:
    """Press Tab until the element matching ``selector`` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_the_link_in_the_mail_is_answered_by_keyboard_once(
    page,
    live_server,
    invited,
    smtp,  # noqa: F811
    artifacts,
):
    from servicegap.surveys.models import Response

    message = smtp.to("customer1@example.test")[0]
    url = live_server.url + link(message, "i")
    csat = f"q{invited.questions.get(kind='csat').pk}"
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url)
        check_a11y(page, f"invitation at {width}px")
        assert_no_sideways_scroll(page)
        shot(page, artifacts, f"invitation-{width}")

    _focus(page, f"input[name={csat}]")
    page.keyboard.press("Space")  # the first value, 1
    for _ in range(3):
        page.keyboard.press("ArrowRight")  # to 4
    _focus(page, "textarea")
    page.keyboard.type("Call me back sooner.")
    _focus(page, "button.submit")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Thank you").wait_for()
    check_a11y(page, "thanks")

    response = Response.objects.get()
    assert {a.kind: a.value for a in response.answers.all()} == {
        "csat": 4.0,
        "text": "Call me back sooner.",
    }
    assert response.respondent.email == "customer1@example.test"

    page.goto(url)
    assert page.get_by_role("heading", name="Already answered").is_visible()
    assert Response.objects.count() == 1


def test_the_unsubscribe_link_asks_first_and_stops_the_next_invitation(
    page,
    live_server,
    workspace,
    invited,
    smtp,  # noqa: F811
    artifacts,
):
    url = live_server.url + link(smtp.to("customer2@example.test")[0], "u")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url)
        check_a11y(page, f"unsubscribe at {width}px")
        assert_no_sideways_scroll(page)
        shot(page, artifacts, f"unsubscribe-{width}")
    _focus(page, "button")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="You are unsubscribed").wait_for()
    check_a11y(page, "unsubscribed")

    smtp.messages.clear()
    send_now(workspace, invited)
    assert [m["To"] for m in smtp.messages] == ["customer1@example.test"]


def test_the_staff_pages_preview_and_send_by_keyboard_and_pass_axe(
    page,
    live_server,
    workspace,
    users,
    invited,
    artifacts,
):
    import re

    from tests.browser_support import log_in, open_nav

    log_in(page, live_server.url, "leader@acme.test")
    page.wait_for_url(re.compile(r"/w/acme/$"))
    open_nav(page, "Invitations")
    check_a11y(page, "invitations")
    shot(page, artifacts, "invitations-index")
    page.get_by_role("link", name="New send").click()
    page.get_by_label("Survey").select_option(label=str(invited))
    page.get_by_label("At most this many people").fill("1")
    page.get_by_role("button", name="Preview").click()
    assert page.get_by_role("heading", name="1 person will be invited").is_visible()
    check_a11y(page, "new send with preview")
    page.get_by_role("button", name="Send now").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/invitations/sends/\d+/$"))
    assert page.get_by_role("heading", name="Status: Queued").is_visible()
    check_a11y(page, "send status")
    shot(page, artifacts, "invitations-send")
    page.goto(live_server.url + "/w/acme/invitations/schedules/new/")
    check_a11y(page, "new schedule")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server.url + "/w/acme/invitations/")
        check_a11y(page, f"invitations at {width}px")
