"""A real headless Chromium (the system's, never a downloaded one) against pytest-django's live server.

The browser tests live next to their app's other tests (``tests/<app>/test_*_browser.py``, marked
``browser``); this plugin, loaded by tests/conftest.py's ``pytest_plugins``, gives them their
fixtures everywhere and the helpers they share (axe, screenshots, logging in).

One Chromium serves the whole run (started by the first browser test; the browser tests run last,
see tests/conftest.py); each test gets its own context. Playwright's sync API keeps an event loop
in the test thread from then on, so Django's async-safety check is relaxed for the rest of the
run; the live server shares the test's in-memory SQLite connection.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.utils import timezone

CHROMIUM = os.environ.get("SERVICEGAP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


BLOCKING = {"serious", "critical"}


def check_a11y(page, what: str) -> None:
    """Fail on any axe violation of serious or critical impact, listing them all."""
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    bad = [v for v in violations if v.get("impact") in BLOCKING]
    lines = [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(" ".join(n["target"]) for n in v["nodes"][:5])
        for v in bad
    ]
    assert not bad, f"axe on {what}:\n" + "\n".join(lines)


def shot(page, artifacts, name: str) -> None:
    page.screenshot(path=str(artifacts / f"{name}.png"), full_page=True)


def assert_no_sideways_scroll(page) -> None:
    """Only tables scroll sideways on a phone, never the whole page."""
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the screen"


def log_in(page, base: str, email: str) -> None:
    from tests.conftest import PASSWORD

    page.goto(base + "/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def chromium():
    """The run's one Chromium, and the list the Content-Security-Policy watch fills."""
    if not Path(CHROMIUM).exists():
        # A missing browser is a broken set-up, not a reason to pass quietly.
        pytest.fail(
            f"no Chromium at {CHROMIUM}: install Debian's chromium (scripts/test does) "
            "or leave the browser tests out with -m 'not browser'"
        )
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    launched = playwright.chromium.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
    )
    blocked = watch_csp(launched)
    try:
        yield launched, blocked
    finally:
        launched.close()
        playwright.stop()


@pytest.fixture
def browser(chromium):
    shared, blocked = chromium
    blocked.clear()
    yield shared
    for context in shared.contexts:  # a test that left a context open
        context.close()
    # Every page a browser test visits must work under the Content-Security-Policy.
    assert blocked == [], "blocked by the Content-Security-Policy:\n" + "\n".join(blocked)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def watch_csp(browser) -> list[str]:
    """Collect what the Content-Security-Policy blocked, in every context ``browser`` opens."""
    blocked: list[str] = []
    new_context = browser.new_context

    def on_console(message) -> None:
        if "Content Security Policy" in message.text:
            blocked.append(f"{message.location.get('url', '')}: {message.text}")

    def watched(*args, **kwargs):
        context = new_context(*args, **kwargs)
        context.on("console", on_console)
        return context

    browser.new_context = watched
    return blocked


@pytest.fixture
def seeded(live_server, transactional_db, workspace, standards, users):
    """The workspace with a journey and answers from all three perspectives."""
    from servicegap.aggregates import cells
    from servicegap.journeys.models import Journey, Touchpoint
    from servicegap.surveys.models import Answer, Response

    journey = Journey.objects.create(
        workspace=workspace,
        code="BUY",
        name="Buying a car",
        description="From the first visit to the handover.",
    )
    for step, (code, name, channel) in enumerate(
        [
            ("VISIT", "Showroom visit", "in-person"),
            ("CALL", "Follow-up call", "phone"),
            ("HANDOVER", "Handover", "in-person"),
        ],
        start=1,
    ):
        t = Touchpoint.objects.create(
            workspace=workspace, journey=journey, code=code, name=name, step=step, channel=channel
        )
        t.standards.add(standards[step - 1], through_defaults={"workspace": workspace})
    plan = {  # perspective: (count, {standard: [(expectation, experience), ...] cycled})
        "customer": (
            24,
            {
                "GREET": [(6, 4), (7, 5), (6, 6)],
                "CALLBACK": [(6, 3), (5, 4), (7, 3)],
                "CLEAN": [(5, 6), (6, 6), (5, 5)],
            },
        ),
        "employee": (3, {"GREET": [(6, 5), (6, 6)], "CALLBACK": [(6, 4)], "CLEAN": [(5, 5)]}),
        "leader": (5, {"GREET": [(6, 7), (6, 6)], "CALLBACK": [(6, 6), (5, 6)], "CLEAN": [(6, 6)]}),
    }
    for perspective, (count, items) in plan.items():
        for i in range(count):
            r = Response.objects.create(
                workspace=workspace,
                submitted_at=timezone.now(),
                perspective=perspective,
                scale_max=7,
            )
            for code, pairs in items.items():
                expc, expr = pairs[i % len(pairs)]
                Answer.objects.create(
                    workspace=workspace, response=r, item=code, kind="expectation", value_num=expc
                )
                Answer.objects.create(
                    workspace=workspace, response=r, item=code, kind="experience", value_num=expr
                )
    cells.rebuild(workspace)  # the answers were written straight to the table
    return live_server


def open_nav(page, label: str) -> None:
    """Follow the main menu's link ``label``, opening its group (a <details>) first if needed."""
    nav = page.get_by_role("navigation", name="Main")
    link = nav.get_by_role("link", name=label, exact=True, include_hidden=True)
    group = nav.locator(
        "details", has=page.get_by_role("link", name=label, exact=True, include_hidden=True)
    )
    if group.count() and not link.is_visible():
        group.locator("summary").click()
    link.click()
