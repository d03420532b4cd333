"""An owner adds a webhook in a real browser, copies its secret, watches a message arrive in the
delivery log and resends it; axe and no sideways scroll at 1280 px and 360 px."""

from __future__ import annotations

import pytest
from standardwebhooks import Webhook as Verifier

from tests.browser_support import assert_no_sideways_scroll, check_a11y, log_in, shot
from tests.invitation_support import run_worker

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 360])
def test_an_owner_adds_a_webhook_and_resends_from_its_log(
    browser, live_server, transactional_db, workspace, users, artifacts, width, receiver,
    allow_private, monkeypatch,
):  # fmt: skip
    from servicegap.notifications.events import emit
    from servicegap.notifications.models import Delivery

    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    base = live_server.url
    log_in(page, base, "owner@acme.test")
    page.goto(base + "/w/acme/webhooks/")
    check_a11y(page, "webhooks")
    assert_no_sideways_scroll(page)
    page.get_by_label("Receiver URL").fill(receiver.url)
    page.get_by_label("case.created").check()
    page.get_by_role("button", name="Add the webhook").click()
    secret = page.get_by_test_id("webhook-secret").inner_text().strip()
    assert secret.startswith("whsec_")
    check_a11y(page, "webhook secret")
    shot(page, artifacts, f"webhooks-secret-{width}")
    assert_no_sideways_scroll(page)

    emit(workspace, "case.created", {"id": 1, "number": 1, "status": "new"})  # autocommit here
    run_worker(monkeypatch)
    assert len(receiver.got) == 1
    Verifier(secret).verify(receiver.got[0].body, receiver.got[0].headers)

    page.goto(base + "/w/acme/webhooks/")
    page.get_by_role("link", name=receiver.url).click()
    assert "delivered" in page.content()
    check_a11y(page, "delivery log")
    assert_no_sideways_scroll(page)
    shot(page, artifacts, f"webhooks-log-{width}")
    msg_id = Delivery.objects.get().msg_id
    page.get_by_role("button", name=f"Resend case.created {msg_id}").click()
    assert "queued again" in page.content()
    run_worker(monkeypatch)
    assert [r.headers["webhook-id"] for r in receiver.got] == [msg_id, msg_id]
    context.close()


@pytest.mark.parametrize("width", [1280, 360])
def test_a_leader_chooses_the_daily_digest(
    browser, live_server, transactional_db, workspace, users, width
):
    from servicegap.notifications.models import DigestChoice

    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, live_server.url, "leader@acme.test")
    page.goto(live_server.url + "/w/acme/digest/")
    check_a11y(page, "digest")
    assert_no_sideways_scroll(page)
    page.get_by_label("Daily").check()
    page.get_by_role("button", name="Save").click()
    assert "Your digest choice is saved." in page.content()
    assert DigestChoice.objects.get().frequency == "daily"
    context.close()
