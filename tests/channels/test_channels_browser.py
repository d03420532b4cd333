"""Kiosk, widget and Tell us in a real browser: taps stored (also after an outage), the widget on
another site posts a complaint through CORS, axe at phone and desktop widths, keyboard only."""

from __future__ import annotations

import http.server
import re
import threading
import time

import pytest

from tests.browser_support import check_a11y, log_in, open_nav, shot

pytestmark = pytest.mark.browser

WIDTHS = (360, 1280)


@pytest.fixture
def kiosk(seeded, workspace):
    from servicegap.channels.models import Kiosk
    from servicegap.journeys.models import Touchpoint

    visit = Touchpoint.objects.of(workspace).get(code="VISIT")
    return Kiosk.objects.create(
        workspace=workspace, code="DOOR", name="Door", touchpoint=visit, reset_seconds=2
    )


def a11y_at_both_widths(page, what: str) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        check_a11y(page, f"{what} at {width}px")


def queue_empty(page, kiosk, timeout_s: float = 10.0) -> None:
    # Polled from here: wait_for_function evaluates its string in the page, which the
    # Content-Security-Policy (no 'unsafe-eval') forbids, as it should.
    key = f"servicegap-kiosk-queue:{kiosk.token}"
    deadline = time.monotonic() + timeout_s
    while page.evaluate(f"window.localStorage.getItem({key!r}) || '[]'") != "[]":
        assert time.monotonic() < deadline, "the kiosk queue did not empty"
        page.wait_for_timeout(100)


def stored(page, workspace, expected, timeout_s: float = 10.0) -> None:
    """Wait until the moments stored are ``expected``: an empty queue alone may be read before the
    click's handler has put the tap in it (a busy machine)."""
    deadline = time.monotonic() + timeout_s
    while moments(workspace) != expected and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert moments(workspace) == expected


def moments(workspace):
    from servicegap.surveys.models import Answer

    return list(
        Answer.objects.of(workspace)
        .filter(kind="moment")
        .values_list("value_text", "response__touchpoint__code")
    )


def test_a_kiosk_tap_is_stored_and_the_kiosk_resets(page, seeded, kiosk, workspace, artifacts):
    page.goto(f"{seeded.url}/r/acme/kiosk/{kiosk.token}/")
    a11y_at_both_widths(page, "kiosk")
    shot(page, artifacts, "channels-01-kiosk")
    page.get_by_role("button", name="Great").click()
    assert page.get_by_role("heading", name="Thank you!").is_visible()
    check_a11y(page, "kiosk thank-you")
    queue_empty(page, kiosk)
    stored(page, workspace, [("magic", "VISIT")])
    page.get_by_role("button", name="Great").wait_for(state="visible", timeout=5_000)
    # Keyboard: Tab to a face, Enter.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.moment") == "mediocrity"
    page.keyboard.press("Enter")
    queue_empty(page, kiosk)
    assert sorted(moments(workspace)) == [("magic", "VISIT"), ("mediocrity", "VISIT")]


def test_a_tap_during_an_outage_is_queued_and_stored_once_when_back(
    browser, seeded, kiosk, workspace
):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(f"{seeded.url}/r/acme/kiosk/{kiosk.token}/")
    context.set_offline(True)
    page.get_by_role("button", name="Poor").click()
    assert page.get_by_role("heading", name="Thank you!").is_visible()
    page.get_by_text("1 answer waiting to be sent").wait_for()
    queued = page.evaluate(f"localStorage.getItem('servicegap-kiosk-queue:{kiosk.token}')")
    assert moments(workspace) == []
    context.set_offline(False)
    queue_empty(page, kiosk)
    stored(page, workspace, [("misery", "VISIT")])
    # The same tap sent again (a retry whose first answer was lost) is not stored twice.
    page.evaluate(
        f"localStorage.setItem('servicegap-kiosk-queue:{kiosk.token}', {queued!r});"
        "window.dispatchEvent(new Event('online'))"
    )
    queue_empty(page, kiosk)
    assert moments(workspace) == [("misery", "VISIT")]
    context.close()


WIDGET_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Acme shop</title>
{snippet}
</head><body><main><h1>Acme shop</h1><p>Our cars.</p></main></body></html>"""


@pytest.fixture
def other_site(seeded, workspace, settings):
    """A static page with the snippet the channels page hands out, in the workspace's brand,
    on a second local origin (its own tiny HTTP server).

    A real server, not a routed fake: Chromium lets only a page itself served from loopback
    reach the (loopback) ServiceGap server.
    """
    from servicegap.channels.views import widget_snippet

    settings.BASE_URL = seeded.url
    workspace.brand_colour = "#ffd200"  # a light yellow: buttons must stay readable on it
    workspace.save()
    html = WIDGET_PAGE.format(snippet=widget_snippet(workspace)).encode()

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(html)))
            self.end_headers()
            self.wfile.write(html)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def shop_page(page, other_site, workspace):
    from servicegap.channels.models import ChannelSettings

    ChannelSettings.objects.create(workspace=workspace, allowed_origins=[other_site])
    page.goto(f"{other_site}/cars")
    return page


def test_the_widget_on_another_site_posts_a_complaint(shop_page, workspace, artifacts):
    from servicegap.feedback.models import Feedback

    page = shop_page
    button = page.get_by_role("button", name="Complaint")
    from servicegap.promise.brand import palette_of

    accent = palette_of(workspace).accent  # the brand colour, darkened to read on white
    rgb = "rgb({}, {}, {})".format(*(int(accent[i : i + 2], 16) for i in (1, 3, 5)))
    assert button.evaluate("b => getComputedStyle(b).backgroundColor") == rgb
    button.click()
    dialog = page.get_by_role("dialog", name=f"Complaint for {workspace.name}")
    assert dialog.is_visible()
    a11y_at_both_widths(page, "widget dialog")
    shot(page, artifacts, "channels-02-widget")
    dialog.get_by_label("Your complaint").fill("<b>Nobody</b> called me back")
    dialog.get_by_role("button", name="Send").click()
    dialog.get_by_text("Thank you! We have received your complaint.").wait_for()
    fb = Feedback.objects.of(workspace).get()
    assert (fb.kind, fb.text, fb.channel) == ("complaint", "<b>Nobody</b> called me back", "widget")
    dialog.get_by_role("button", name="Close").click()
    assert not dialog.is_visible()
    assert page.evaluate("document.activeElement.textContent") == "Complaint"


def test_the_widget_by_keyboard_only(shop_page, workspace):
    from servicegap.feedback.models import Feedback

    page = shop_page
    for _ in range(3):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "Idea":
            break
    assert page.evaluate("document.activeElement.textContent") == "Idea"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "sgw-text"  # focus moved into it
    page.keyboard.press("Tab")  # to the contact field: an empty message is refused first
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # the honeypot is skipped: on to Send
    assert page.evaluate("document.activeElement.textContent") == "Send"
    page.keyboard.press("Enter")
    page.get_by_text("Please write your message first.").wait_for()
    assert page.evaluate("document.activeElement.id") == "sgw-text"
    page.keyboard.type("A waiting room with coffee")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.get_by_text("Thank you! We have received your idea.").wait_for()
    page.keyboard.press("Enter")  # focus is on Close
    assert page.evaluate("document.activeElement.textContent") == "Idea"
    assert Feedback.objects.of(workspace).get().kind == "idea"
    # Escape closes the dialog too.
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    assert not page.get_by_role("dialog").is_visible()


def test_a_site_not_on_the_allow_list_cannot_post_through_the_widget(page, other_site, workspace):
    from servicegap.feedback.models import Feedback

    page.goto(f"{other_site}/")  # its origin is not on the (empty) allow-list
    page.get_by_role("button", name="Idea").click()
    page.get_by_label("Your idea").fill("Hello")
    page.get_by_role("button", name="Send").click()
    page.get_by_text("Not sent: the connection failed.").wait_for()
    assert Feedback.objects.count() == 0


def test_the_tell_us_page_by_keyboard_only(page, seeded, workspace, artifacts):
    from servicegap.feedback.models import Feedback

    page.goto(f"{seeded.url}/r/acme/tell-us/")
    a11y_at_both_widths(page, "tell us")
    shot(page, artifacts, "channels-03-tell-us")
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "kind":
            break
    assert page.evaluate("document.activeElement.value") == "compliment"
    page.keyboard.press("ArrowDown")  # arrows choose within the group
    assert page.evaluate("document.activeElement.value") == "complaint"
    page.keyboard.press("Tab")
    page.keyboard.type("The coffee machine was broken")
    page.keyboard.press("Tab")  # touchpoint
    page.keyboard.press("Tab")  # an idea's flavour
    page.keyboard.press("Tab")  # unit
    page.keyboard.press("Tab")  # standard
    page.keyboard.press("Tab")
    page.keyboard.type("ann@example.com")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "consent"
    page.keyboard.press("Tab")  # consent left unticked: refused, next to the box
    page.keyboard.press("Enter")
    page.get_by_text("kept only with consent").wait_for()
    check_a11y(page, "tell us with errors")
    page.get_by_label("You may contact me about this.").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/tell-us/thanks/$"))
    a11y_at_both_widths(page, "tell us thanks")
    fb = Feedback.objects.of(workspace).get()
    assert (fb.kind, fb.contact, fb.consent, fb.channel) == (
        "complaint", "ann@example.com", True, "tell-us",
    )  # fmt: skip


def test_the_owner_sets_up_a_kiosk_on_the_channels_page(page, seeded, workspace, artifacts):
    from servicegap.channels.models import Kiosk

    log_in(page, seeded.url, "owner@acme.test")
    page.wait_for_url(re.compile(r"/w/acme/$"))
    open_nav(page, "Channels")
    page.wait_for_url(re.compile(r"/channels/$"))
    a11y_at_both_widths(page, "channels settings")
    page.get_by_label("Code").fill("DESK")
    page.get_by_label("Name").fill("Service desk")
    page.get_by_label("Touchpoint").select_option(label="HANDOVER Handover")
    page.get_by_role("button", name="Add the kiosk").click()
    page.get_by_text("Kiosk DESK added").wait_for()
    check_a11y(page, "channels settings with a kiosk")
    shot(page, artifacts, "channels-04-settings")
    page.get_by_role("link", name="Open kiosk DESK").click()
    page.get_by_role("button", name="Okay").click()
    token = Kiosk.objects.of(workspace).get(code="DESK").token
    queue_empty(page, Kiosk(token=token))
    stored(page, workspace, [("mediocrity", "HANDOVER")])
