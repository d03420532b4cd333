"""The issue's first "Done when", in a real browser: a complaint sent through the widget becomes
a case in the right unit; a front-line employee answers it by e-mail (a real SMTP server),
the customer writes back, the employee grants goodwill within their limit and closes the case;
the recovery survey e-mail arrives, the customer answers 5, and the customer counts as saved."""

from __future__ import annotations

import http.server
import re
import threading

import pytest

from tests.browser_support import assert_no_sideways_scroll, check_a11y, log_in, shot
from tests.invitation_support import run_worker
from tests.mail_support import smtp  # noqa: F401 - the fixture

pytestmark = pytest.mark.browser

SHOP = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Acme shop</title>
<script src="{base}/static/servicegap/widget.js" data-servicegap-workspace="acme"
 data-unit="SALES" defer></script>
</head><body><main><h1>Acme shop</h1><p>Our cars.</p></main></body></html>"""


@pytest.fixture
def shop(live_server, transactional_db, workspace, users):
    """The widget on another local origin (its own tiny HTTP server), allowed to post."""
    from servicegap.channels.models import ChannelSettings

    html = SHOP.format(base=live_server.url).encode()

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
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    ChannelSettings.objects.create(workspace=workspace, allowed_origins=[origin])
    yield origin
    server.shutdown()
    server.server_close()


def link_in(message, kind: str) -> str:
    found = re.search(rf"https?://[^/\s]+(/r/acme/{kind}/[\w-]+/)", message.get_content())
    assert found, message.get_content()
    return found[1]


def at_phone_width(page, what: str, artifacts) -> None:
    page.set_viewport_size({"width": 360, "height": 800})
    check_a11y(page, f"{what} at 360px")
    assert_no_sideways_scroll(page)
    shot(page, artifacts, f"cases-{what}-360")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_widget_complaint_is_answered_put_right_and_the_customer_saved(
    page,
    live_server,
    shop,
    workspace,
    users,
    smtp,  # noqa: F811
    monkeypatch,
    artifacts,
):
    from servicegap.cases.models import Case, CaseEvent, Goodwill
    from servicegap.cases.outcome import outcome

    # The customer complains through the widget on the shop's own site.
    page.goto(f"{shop}/cars")
    page.get_by_role("button", name="Complaint").click()
    dialog = page.get_by_role("dialog", name="Complaint")
    dialog.get_by_label("Your complaint").fill("Nobody called me back about the repair.")
    dialog.get_by_label("E-mail or phone").fill("ann@example.test")
    dialog.get_by_label("You may contact me about this.").check()
    dialog.get_by_role("button", name="Send").click()
    dialog.get_by_text("Thank you! We have received your complaint.").wait_for()
    case = Case.objects.of(workspace).get()
    assert (case.unit.code, case.status, case.contact) == ("SALES", "new", "ann@example.test")

    # A front-line employee of that unit answers it by e-mail from the case page.
    log_in(page, live_server.url, "employee@acme.test")
    page.wait_for_url(re.compile(r"/w/acme/$"))
    page.goto(f"{live_server.url}/w/acme/cases/{case.number}/")
    at_phone_width(page, "case", artifacts)
    reply = page.locator("#reply")
    reply.get_by_label("Message to the customer").fill("Sorry! Which day may we call you?")
    reply.get_by_role("button", name="Send the reply").click()
    page.get_by_text("Sent to ann@example.test.").wait_for()
    [mail] = smtp.to("ann@example.test")
    assert "Which day may we call you?" in mail.get_content()

    # The customer writes back through the single-use link in that e-mail.
    answer = page.context.browser.new_context().new_page()
    answer.goto(live_server.url + link_in(mail, "case"))
    at_phone_width(answer, "customer-answer", artifacts)
    answer.get_by_label("Your answer").fill("Tuesday morning, please.")
    answer.get_by_role("button", name="Send").click()
    answer.get_by_role("heading", name="Thank you").wait_for()
    answer.reload()
    assert answer.get_by_role("heading", name="This link has been used").is_visible()

    # Goodwill within the employee's limit (25 EUR): granted at once, with who and how much.
    page.reload()
    assert page.get_by_text("Tuesday morning, please.").first.is_visible()  # in the log
    gift = page.locator("#goodwill")
    gift.get_by_label("Kind").select_option("gesture")
    gift.get_by_label("Amount").fill("20")
    gift.get_by_label("Note (optional)").fill("Free car wash")
    gift.get_by_role("button", name="Grant").click()
    page.get_by_text("Granted: 20.00 EUR.").wait_for()
    row = Goodwill.objects.get()
    assert (row.state, row.amount, row.granted_by) == ("granted", 20, users["employee"])

    # Closing queues the recovery survey; the worker sends it.
    page.get_by_label("Resolution").fill("Called on Tuesday; car washed for free.")
    page.get_by_role("button", name="Close the case").click()
    page.wait_for_url(re.compile(rf"/cases/{case.number}/$"))
    run_worker(monkeypatch)
    survey = [m for m in smtp.to("ann@example.test") if "put it right" in m["Subject"]]
    assert len(survey) == 1

    # The customer answers 5 (and 9 to recommending us): saved.
    answer.goto(live_server.url + link_in(survey[0], "recovery"))
    at_phone_width(answer, "recovery-survey", artifacts)
    answer.get_by_role("group", name=re.compile("Did we put it right")).get_by_text(
        "5", exact=True
    ).click()
    answer.get_by_role("group", name=re.compile("recommend")).get_by_text("9", exact=True).click()
    answer.get_by_role("button", name="Send").click()
    answer.get_by_role("heading", name="Thank you").wait_for()
    check_a11y(answer, "recovery thanks")

    case.refresh_from_db()
    assert (case.status, case.recovery_answer, case.recovery_nps) == ("closed", 5, 9)
    assert outcome(case) == "saved"
    kinds = list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    for kind in ("reply", "customer", "goodwill", "recovery"):
        assert kind in kinds
