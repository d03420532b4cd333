"""The standards pages in a real Chromium, at 360 px too: a leader writes a standard, moves a
behaviour up with the no-JavaScript buttons, saves, edits it into version 2 and retires it. No
page scrolls sideways, none breaks accessibility rules of serious impact."""

from __future__ import annotations

import pytest

from servicegap.standards.models import Standard
from tests.browser_support import assert_no_sideways_scroll, check_a11y, log_in, shot

pytestmark = pytest.mark.browser


def at_phone_width(page, what: str, artifacts) -> None:
    page.set_viewport_size({"width": 360, "height": 800})
    check_a11y(page, f"{what} at 360px")
    assert_no_sideways_scroll(page)
    shot(page, artifacts, f"standards-{what}-360")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_leader_creates_reorders_edits_and_retires_a_standard(
    page, live_server, transactional_db, workspace, users, standards, artifacts
):
    base = live_server.url
    log_in(page, base, "leader@acme.test")
    page.goto(base + "/w/acme/standards/")
    page.get_by_role("link", name="New standard").click()
    at_phone_width(page, "new", artifacts)
    page.get_by_label("Code").fill("WAIT")
    page.get_by_label("Title").fill("Serves you within five minutes")
    page.get_by_label("Dimension", exact=True).select_option("process")
    page.get_by_label("Target").fill("6")
    boxes = page.get_by_label("New behaviour")
    boxes.nth(0).fill("Tells you how long it takes")
    boxes.nth(1).fill("Greets you at the door")
    page.get_by_role("button", name="More boxes").click()  # a round trip keeps what was typed
    page.get_by_role("button", name="Move behaviour 2 up").click()
    assert page.get_by_label("Behaviour 1", exact=True).input_value() == "Greets you at the door"
    at_phone_width(page, "reordered", artifacts)
    page.get_by_role("button", name="Save", exact=True).last.click()
    page.get_by_text("Standard WAIT was created.").wait_for()
    wait = Standard.objects.get(code="WAIT")
    assert wait.behaviours == ["Greets you at the door", "Tells you how long it takes"]
    assert wait.version == 1 and wait.target == 6
    at_phone_width(page, "list", artifacts)

    page.get_by_role("link", name="Edit WAIT").click()
    page.get_by_label("Title").fill("Serves you within three minutes")
    page.get_by_label("Behaviour 2", exact=True).fill("")  # emptied: removed
    page.get_by_label("Target").press("Enter")  # Enter saves, it does not move a behaviour
    page.get_by_text("WAIT is now version 2.").wait_for()
    wait.refresh_from_db()
    assert (wait.version, wait.title, wait.behaviours) == (
        2, "Serves you within three minutes", ["Greets you at the door"],
    )  # fmt: skip
    assert list(wait.versions.values_list("title", flat=True)) == [
        "Serves you within five minutes", "Serves you within three minutes",
    ]  # fmt: skip

    page.get_by_role("link", name="Edit WAIT").click()
    at_phone_width(page, "edit", artifacts)
    page.get_by_role("button", name="Retire").click()
    page.get_by_text("WAIT was retired.").wait_for()
    assert Standard.objects.get(code="WAIT").retired
    page.get_by_role("heading", name="Retired standards").wait_for()
