"""End to end in the demo workspace: the owner sends an invitation round in the browser, the
worker sends it into the demo mailbox, and the link in a kept mail opens the survey. axe and
no sideways scroll on the mailbox pages at phone and desktop widths."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser_support import assert_no_sideways_scroll, check_a11y, log_in, open_nav, shot
from tests.invitation_support import run_worker

pytestmark = pytest.mark.browser

WIDTHS = (360, 1280)


@pytest.fixture
def demo(live_server, transactional_db, settings):
    from django.contrib.auth import get_user_model

    from servicegap.demo.generator import build_demo
    from tests.conftest import PASSWORD

    settings.DEMO_MAILBOX = True
    settings.EMAIL_BACKEND = "servicegap.mailbox.backend.MailboxBackend"
    settings.BASE_URL = live_server.url
    workspace = build_demo(seed=7, answers=2000).workspace
    owner = get_user_model().objects.get(email="owner@demo.servicegap.test")
    owner.set_password(PASSWORD)
    owner.save()
    return workspace


def test_an_invitation_round_in_the_demo_reaches_the_mailbox_and_its_link_the_survey(
    page, live_server, demo, monkeypatch, artifacts
):
    from servicegap.mailbox.models import Message

    log_in(page, live_server.url, "owner@demo.servicegap.test")
    page.wait_for_url(re.compile(r"/w/demo/$"))
    open_nav(page, "Invitations")
    page.get_by_role("link", name="New send").click()
    page.get_by_label("Survey").select_option(label="AFTER-VISIT After your visit")
    page.get_by_label("Who").select_option(value="customer")
    page.get_by_label("At most this many people").fill("3")
    page.get_by_role("button", name="Preview").click()
    # the preview is a new page: wait for it (a bare is_visible() does not) under a loaded CI
    expect(page.get_by_role("heading", name="3 people will be invited")).to_be_visible()
    page.get_by_role("button", name="Send now").click()
    page.wait_for_url(re.compile(r"/invitations/sends/\d+/$"))
    run_worker(monkeypatch)  # the worker sends the round: into the mailbox, nowhere else

    kept = list(Message.objects.of(demo))
    assert len(kept) == 3
    assert all(re.search(r"@example\.(com|net|org)$", m.recipients[0]) for m in kept)
    open_nav(page, "Demo mailbox")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.reload()
        check_a11y(page, f"demo mailbox at {width}px")
        assert_no_sideways_scroll(page)
        shot(page, artifacts, f"mailbox-{width}")
    rows = page.get_by_role("row")
    assert rows.count() == 1 + 3  # the head and one row per mail
    page.get_by_role("link", name=re.compile("asks for your view")).first.click()
    page.wait_for_url(re.compile(r"/w/demo/mailbox/\d+/$"))
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        check_a11y(page, f"demo mail at {width}px")
        assert_no_sideways_scroll(page)
        shot(page, artifacts, f"mailbox-message-{width}")
    answer = page.locator(".mail-body a[href*='/r/demo/i/']")
    assert answer.count() == 1
    answer.click()
    page.wait_for_url(re.compile(r"/r/demo/i/"))
    expect(page.get_by_text("How satisfied were you with this visit?").first).to_be_visible()
