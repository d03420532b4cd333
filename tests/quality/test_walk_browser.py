"""A walk-through on a phone in a real browser: step by step at 360 px, a photo, the connection
dropped mid-way, then back: the walk is stored exactly once (also when the queue resends it)."""

from __future__ import annotations

import io
import time

import pytest

from tests.browser_support import assert_no_sideways_scroll, check_a11y, log_in, shot
from tests.walk_support import journey

pytestmark = pytest.mark.browser
QUEUE = "servicegap-walk-queue:acme"


def jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (1600, 900), (20, 120, 200)).save(out, "JPEG")
    return out.getvalue()


def walks_stored() -> int:
    from servicegap.quality.models import WalkThrough

    return WalkThrough.objects.count()


def test_a_walk_through_on_a_phone_survives_a_dropped_connection(
    browser, live_server, transactional_db, workspace, standards, users, artifacts
):
    from servicegap.quality.models import WalkThrough

    journey(workspace, standards)
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(30_000)  # the shared CI machine can be slow
    log_in(page, live_server.url, "leader@acme.test")
    page.goto(f"{live_server.url}/w/acme/quality/walks/")
    page.get_by_role("link", name="Walk Buying a car").click()
    assert_no_sideways_scroll(page)
    check_a11y(page, "the walk's first screen at 360 px")
    page.get_by_label("Walked by").select_option("leader")
    page.get_by_label("Unit visited").select_option("SALES")
    page.get_by_role("button", name="Start: Arrival").click()

    step = page.locator("section[data-touchpoint='ARRIVE']")
    step.get_by_role("heading", name="Step 1 of 3: Arrival").wait_for()
    step.get_by_role("group", name="Looks up").get_by_label("Observed", exact=True).check()
    step.get_by_role("group", name="Uses the name").get_by_label("Not observed").check()
    step.get_by_role("group", name="Returns the car cleaner").get_by_label("Not observed").check()
    step.get_by_label("Note").fill("Nobody looked up for a minute")
    step.get_by_label("Photo (optional)").set_input_files(
        {"name": "desk.jpg", "mimeType": "image/jpeg", "buffer": jpeg()}
    )
    step.get_by_text("Photo attached.").wait_for()
    assert_no_sideways_scroll(page)
    check_a11y(page, "a walk step at 360 px")
    shot(page, artifacts, "walk-step-360")

    context.set_offline(True)  # the connection drops mid-way
    step.get_by_role("button", name="Next").click()
    page.get_by_role("heading", name="Step 2 of 3: Test drive").wait_for()
    page.locator("section[data-touchpoint='DRIVE']").get_by_label("Note").fill("Car was ready")
    page.locator("section[data-touchpoint='DRIVE']").get_by_role("button", name="Next").click()
    last = page.locator("section[data-touchpoint='FOLLOW']")
    last.get_by_role("group").first.get_by_label("Observed", exact=True).check()
    last.get_by_role("group").nth(1).get_by_label("Observed", exact=True).check()
    last.get_by_role("button", name="Next").click()
    page.get_by_label("Overall notes").fill("Good, apart from the greeting")
    page.get_by_role("button", name="Send the walk-through").click()
    page.get_by_text("1 walk-through waiting to be sent").wait_for()
    queued = page.evaluate(f"localStorage.getItem('{QUEUE}')")
    assert walks_stored() == 0

    context.set_offline(False)  # back: the queue sends it
    page.get_by_text("Sent: the walk-through is stored.").wait_for(timeout=20_000)
    assert page.evaluate(f"localStorage.getItem('{QUEUE}')") == "[]"
    walk = WalkThrough.objects.get()
    assert walk.unit.code == "SALES" and walk.notes == "Good, apart from the greeting"
    checks = sorted(walk.checks.values_list("touchpoint__code", "behaviour", "met"))
    assert checks == [
        ("ARRIVE", "Looks up", True), ("ARRIVE", "Returns the car cleaner than it came", False),
        ("ARRIVE", "Uses the name", False), ("FOLLOW", "Looks up", True),
        ("FOLLOW", "Uses the name", True)]  # fmt: skip
    photo = walk.steps.get(touchpoint__code="ARRIVE")
    assert photo.photo_type == "image/jpeg" and photo.note == "Nobody looked up for a minute"
    assert walk.steps.get(touchpoint__code="DRIVE").note == "Car was ready"

    # The same walk sent again (a resend whose first answer was lost) is not stored twice.
    page.evaluate(f"localStorage.setItem('{QUEUE}', {queued!r});"
                  "window.dispatchEvent(new Event('online'))")  # fmt: skip
    deadline = time.monotonic() + 15
    while page.evaluate(f"localStorage.getItem('{QUEUE}')") != "[]":
        assert time.monotonic() < deadline, "the resend never left the queue"
        time.sleep(0.2)
    assert walks_stored() == 1

    page.get_by_role("link", name="See the stored walk-through").click()
    page.get_by_role("heading", name="Buying a car at Sales").wait_for()
    assert (
        page.locator("img.walk-photo").evaluate("i => i.decode().then(() => i.naturalWidth)")
        == 1280
    )
    assert_no_sideways_scroll(page)
    check_a11y(page, "a stored walk-through at 360 px")
    context.close()


@pytest.mark.parametrize("width", (360, 1280))
def test_the_walk_throughs_page_and_the_audits_report_fit_and_pass_axe(
    browser, live_server, transactional_db, workspace, standards, users, artifacts, width
):
    from datetime import date, timedelta

    from servicegap.people.models import Unit
    from servicegap.quality import walks
    from servicegap.quality.models import AuditRound, Conversation
    from tests.walk_support import walk_doc

    buy = journey(workspace, standards)
    walks.store(workspace, users["leader"], walk_doc())
    walks.store(workspace, None, walk_doc("walk-key-0002", walker_kind="mystery_shopper",
                                          walker_name="Clearview Research"))  # fmt: skip
    sales = Unit.objects.get(workspace=workspace, code="SALES")
    AuditRound.objects.create(workspace=workspace, unit=sales, journey=buy, walker_kind="leader",
                              due_on=date.today() - timedelta(days=2))  # fmt: skip
    Conversation.objects.create(workspace=workspace, leader=users["owner"], held_on=date.today())
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.set_default_timeout(30_000)
    log_in(page, live_server.url, "owner@acme.test")
    page.goto(f"{live_server.url}/w/acme/quality/walks/")
    page.get_by_text("1 round overdue").wait_for()
    page.get_by_text("Walked no journey in").wait_for()
    assert_no_sideways_scroll(page)
    check_a11y(page, f"the walk-throughs page at {width} px")
    shot(page, artifacts, f"walks-{width}")
    page.goto(f"{live_server.url}/w/acme/reports/audits/")
    shown = "narrow" if width < 600 else "wide"
    assert page.locator(f"svg.report-chart.layout-{shown}").is_visible()
    assert_no_sideways_scroll(page)
    check_a11y(page, f"the audits report at {width} px")
    shot(page, artifacts, f"audits-report-{width}")
    context.close()
