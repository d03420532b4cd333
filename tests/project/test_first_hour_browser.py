"""The first hour, in a real browser over the demo workspace: every page the owner's menu reaches,
every report, the home page and the public pages, at 1280 and 360 px wide. On each: no sideways
scroll of the page, no label that is only a code where the code has a name (chart labels and
table row headers), and no serious or critical axe finding. At 1280 px the perception table's
main comparison (the leaders' column next to the customers') is in view without scrolling."""

from __future__ import annotations

import re

import pytest

from tests.browser_support import assert_no_sideways_scroll, check_a11y, log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WIDTHS = (1280, 360)
LABELS = "svg text.code, svg g.row > text, .report-table tbody th, .figures tbody th"


@pytest.fixture
def demo(live_server, transactional_db, settings):
    from django.contrib.auth import get_user_model

    from servicegap.demo.generator import build_demo
    from tests.conftest import PASSWORD

    settings.BASE_URL = live_server.url
    workspace = build_demo(seed=7, answers=3000).workspace
    owner = get_user_model().objects.get(email="owner@demo.servicegap.test")
    owner.set_password(PASSWORD)
    owner.save()
    return workspace


def pages(workspace) -> list[str]:
    """The home page, every entry of the owner's menu, every report page, the public pages."""
    from django.urls import NoReverseMatch, reverse

    from servicegap.channels.models import Kiosk
    from servicegap.core.capabilities import nav_entries
    from servicegap.reports import registry
    from servicegap.surveys.models import Survey

    slug = workspace.slug
    found = [f"/w/{slug}/"]
    for entry in nav_entries():
        if entry.roles and "owner" not in entry.roles:
            continue
        try:
            found.append(reverse(entry.url_name, kwargs={"slug": slug}))
        except NoReverseMatch:
            continue  # an entry outside the workspace (none today)
    found += [f"/w/{slug}/reports/{k.name}/" for k in registry.pages()]
    found += [f"/w/{slug}/reports/gaps/?by=period", f"/w/{slug}/reports/gaps/?by=unit"]
    survey = Survey.objects.of(workspace).filter(status="published").order_by("code").first()
    found += [f"/r/{slug}/tell-us/", f"/p/{slug}/"]
    if survey is not None:
        found.append(f"/r/{slug}/s/{survey.code}/")
    kiosk = Kiosk.objects.of(workspace).filter(active=True).order_by("code").first()
    if kiosk is not None:
        found.append(f"/r/{slug}/kiosk/{kiosk.token}/")
    return list(dict.fromkeys(found))


def named_codes(workspace) -> set[str]:
    """Codes that have a name of their own: showing one of these alone is a finding."""
    from servicegap.reports.names import lookup

    out: set[str] = set()
    for key, known in lookup(workspace).items():
        if key != "perspective":
            out |= {code for code, name in known.items() if name and name != code}
    return out


def test_every_page_reads_by_name_fits_the_screen_and_passes_axe(page, live_server, demo):
    base = live_server.url
    log_in(page, base, "owner@demo.servicegap.test")
    page.wait_for_url(re.compile(r"/w/demo/$"))
    codes = named_codes(demo)
    every = pages(demo)
    assert len(every) > 25 and {"CALLBACK", "NORTH-SERVICE"} <= codes
    labels = 0
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for path in every:
            response = page.goto(base + path)
            assert response is not None and response.status == 200, path
            assert_no_sideways_scroll(page)
            shown = page.eval_on_selector_all(
                LABELS,
                "els => els.filter(e => e.getClientRects().length).map(e => e.textContent.trim())",
            )
            labels += len(shown)
            bare = sorted({text for text in shown if text in codes})
            assert not bare, f"{path} at {width} px shows codes without their names: {bare}"
            check_a11y(page, f"{path} at {width} px")
    assert labels > 500  # the check read the charts' and tables' labels, not an empty page


def test_the_leaders_column_of_the_perception_table_is_in_view_at_1280(page, live_server, demo):
    base = live_server.url
    log_in(page, base, "owner@demo.servicegap.test")
    page.wait_for_url(re.compile(r"/w/demo/$"))
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(base + "/w/demo/reports/perception/")
    wrap = page.locator(".table-wrap").first.bounding_box()
    for key in ("customer.mean", "leader.mean", "significant.leader_vs_customer"):
        cell = page.locator(f'th[data-key="{key}"]').bounding_box()
        assert wrap is not None and cell is not None, key
        assert cell["x"] + cell["width"] <= wrap["x"] + wrap["width"] + 1, key
        assert cell["x"] + cell["width"] <= 1280, key
    assert page.locator("#sentence").inner_text().startswith("Leaders rate")
