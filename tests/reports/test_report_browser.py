"""The nine report pages in a real browser as the owner: axe clean at 1280 px, screenshots."""

from __future__ import annotations

import pytest

from servicegap.reports import registry
from tests.browser_support import check_a11y, log_in, open_nav, shot
from tests.reports.test_pages import report_data

KINDS = [kind.name for kind in registry.pages()]  # every kind with a page

pytestmark = pytest.mark.browser


def test_the_owner_visits_every_report_page(page, seeded, workspace, artifacts):
    report_data(workspace)
    log_in(page, seeded.url, "owner@acme.test")
    page.wait_for_url(f"{seeded.url}/w/acme/")
    open_nav(page, "Reports")  # in the Measure group beside the internal chain
    page.wait_for_url(f"{seeded.url}/w/acme/reports/gaps/")
    for i, kind in enumerate(KINDS, start=1):
        page.goto(f"{seeded.url}/w/acme/reports/{kind}/")
        assert page.get_by_role("heading", level=1).is_visible()
        check_a11y(page, f"the {kind} report")
        shot(page, artifacts, f"reports-{i:02d}-{kind}")
    page.goto(f"{seeded.url}/w/acme/reports/gaps/?by=colour")
    page.locator("#id_by_errors").wait_for()
    check_a11y(page, "the gaps report with a filter error")


FRIENDLY = {  # a header each report's table must show on a phone
    "gaps": ("Expected (mean)", "Experienced (mean)", "Gap to own expectation", "95 % interval",
             "q (BH-adjusted)", "Significant", "Gap to target", "Rated vs target (n)"),
    "consistency": ("Standard", "Below target", "Below target: 95 % interval",
                    "Variation between units (this standard)"),
    "perception": ("Customers", "Top-2-box %", "95 % interval"),
    "moments": ("Misery %", "Misery: 95 % interval"),
    "nps": ("Promoters", "NPS", "95 % interval"),
    "csat": ("CSAT %", "95 % interval"),
    "ces": ("Mean", "95 % interval"),
    "drivers": ("Importance (share of R²)", "Quadrant"),
    "kano": ("Category", "Better", "Worse"),
    "alerts": (),  # the fixture's data may raise no alert: "No rows."
    "actions": (),  # the fixture has no action: "No rows."
    "recovery": (),  # nor a case
    "answers": (),  # nor a survey: "No rows." (tests/surveys/test_answers_report.py reads one)
    "chain": (),  # nor internal links (tests/chain reads them)
    "engagement": (),  # nor employee voice answers (tests/engagement reads them)
    "linkage": (),  # nor engagement beside customers (tests/engagement reads them)
    "competitors": ("Us − competitor", "Rated both (n)"),
    "fact-vs-perception": (),  # nor indicators (tests/quality/test_facts_browser.py reads them)
    "audits": (),  # nor walk-throughs (tests/quality/test_walks.py reads them)
}  # fmt: skip
RAW = ("expectation_mean", "experience_mean", "ci_low", "ci_high", "misery_ci_high", "csat_pct")


def test_every_report_page_fits_a_phone_and_its_headers_read_well(browser, seeded, workspace,
                                                                   artifacts):  # fmt: skip
    report_data(workspace)
    context = browser.new_context(viewport={"width": 360, "height": 780})
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, seeded.url, "owner@acme.test")
    page.wait_for_url(f"{seeded.url}/w/acme/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, "the home page"
    assert page.locator("svg.chart.layout-narrow").first.is_visible()
    assert not page.locator("svg.chart.layout-wide").first.is_visible()
    shot(page, artifacts, "phone-00-home")
    for i, kind in enumerate(KINDS, start=1):
        page.goto(f"{seeded.url}/w/acme/reports/{kind}/")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"the {kind} report is {width}px wide on a 360px screen"
        shown = page.locator("table.report-table thead th").all_inner_texts()
        for name in FRIENDLY[kind]:
            assert name in shown, f"{kind}: no {name!r} among {shown}"
        assert not set(RAW) & set(shown), f"{kind}: raw keys as headers: {shown}"
        charts = page.locator("svg.report-chart")
        if charts.count():
            assert page.locator("svg.report-chart.layout-narrow").is_visible(), kind
            assert not page.locator("svg.report-chart.layout-wide").is_visible(), kind
            box = page.locator("svg.report-chart.layout-narrow").bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360
        wrap = page.locator(".table-wrap")
        if wrap.count():  # a wide table scrolls inside its own box
            assert (
                page.evaluate("getComputedStyle(document.querySelector('.table-wrap')).overflowX")
                == "auto"
            )
        check_a11y(page, f"the {kind} report on a phone")
        shot(page, artifacts, f"phone-{i:02d}-{kind}")
    context.close()
