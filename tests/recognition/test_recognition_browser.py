"""An employee opens My page on a 360 px phone in a real Chromium: their compliments and a
reward, no sideways scroll, no serious axe finding; the wall reads on a phone too."""

from __future__ import annotations

import pytest

from tests.browser_support import assert_no_sideways_scroll, check_a11y, log_in, shot
from tests.recognition_support import compliment, employee, link

pytestmark = pytest.mark.browser


def test_an_employee_reads_my_page_at_360_px(
    browser, live_server, transactional_db, workspace, users, artifacts, monkeypatch
):
    from servicegap.feedback.models import Recognition
    from servicegap.recognition import views
    from servicegap.recognition.models import WallLink
    from servicegap.recognition.service import give_reward, revoke_wall_link

    monkeypatch.setattr(views, "WALL_REFRESH_S", 1)  # the wall's refresh, seen in a test

    anna = employee(workspace, "E-ANNA", "Anna Adams", "SALES")
    link(workspace, users["employee"], anna)
    first = compliment(workspace, anna, "Anna found us the perfect family car in one afternoon")
    compliment(
        workspace,
        anna,
        "Anna called back within the hour with a clear answer: justwhatweneededafteralongweekofwaiting",
        days_ago=2,
    )
    give_reward(first, users["manager"], "voucher", None, "Lunch on us, thank you Anna")
    wall = WallLink.objects.create(workspace=workspace, unit=anna.unit)

    context = browser.new_context(viewport={"width": 360, "height": 780})
    page = context.new_page()
    page.set_default_timeout(10_000)
    base = live_server.url
    log_in(page, base, "employee@acme.test")
    page.goto(base + "/w/acme/me/")
    assert page.get_by_role("heading", name="My page").is_visible()
    assert page.get_by_text("Anna found us the perfect family car").is_visible()
    assert page.get_by_text("Lunch on us, thank you Anna").is_visible()
    assert page.locator(".badge.new").count() == 2
    assert_no_sideways_scroll(page)
    check_a11y(page, "My page at 360 px")
    shot(page, artifacts, "recognition-my-page-360")
    assert not Recognition.objects.filter(seen_by_employee_at__isnull=True).exists()

    page.goto(f"{base}/r/acme/wall/{wall.token}/")
    assert page.get_by_text("Thank you, Anna").first.is_visible()
    assert_no_sideways_scroll(page)
    check_a11y(page, "the wall at 360 px")
    shot(page, artifacts, "recognition-wall-360")
    # A new compliment appears without anyone touching the screen; a revoked link empties it.
    compliment(workspace, anna, "Anna made the handover a real occasion")
    page.get_by_text("Anna made the handover a real occasion").wait_for()
    revoke_wall_link(wall, users["manager"])
    page.get_by_text("Anna made the handover").wait_for(state="detached")
    assert "Thank you, Anna" not in page.content()
    context.close()
