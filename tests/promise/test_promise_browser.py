"""The promise page in a real Chromium: on a 360 px phone (no sideways scroll, axe clean, the
workspace's logo and colours under the Content-Security-Policy) and in print media (no buttons,
each standard on two columns, titles as written)."""

from __future__ import annotations

import pytest

from tests.browser_support import assert_no_sideways_scroll, check_a11y, shot
from tests.promise_support import SVG

pytestmark = pytest.mark.browser

STYLE = "(el, p) => getComputedStyle(el)[p]"


def _rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def test_the_promise_page_on_a_phone_and_on_paper(page, seeded, workspace, standards, artifacts):
    from servicegap.lib import colour

    standards[0].title = "Greets every customer by name, in PERSON and on eBay"
    standards[0].why = "A customer who is known feels welcome."
    standards[0].save_version()
    workspace.brand_colour = "#ffd400"  # light: the header's text must turn dark
    workspace.logo, workspace.logo_type = SVG, "image/svg+xml"
    workspace.save()
    palette = colour.palette("#ffd400")

    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{seeded.url}/p/acme/")
    assert page.get_by_role("heading", name="Our promise to you").is_visible()
    title = page.get_by_role("heading", name="Greets every customer by name, in PERSON and on eBay")
    assert title.is_visible()
    assert title.evaluate(STYLE, "textTransform") == "none"
    assert_no_sideways_scroll(page)
    check_a11y(page, "promise page at 360px")
    logo = page.locator("header .brand-logo")
    assert logo.evaluate("img => img.complete && img.naturalWidth > 0")
    header = page.locator("header.site-header")
    assert header.evaluate(STYLE, "backgroundColor") == _rgb(palette.brand)
    assert page.locator(".brand-name").evaluate(STYLE, "color") == _rgb(palette.on_brand)
    complain = page.get_by_role("link", name="Make a complaint")
    assert complain.is_visible()
    shot(page, artifacts, "promise-01-phone")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.emulate_media(media="print")
    assert not complain.is_visible()  # no buttons on paper
    assert not page.get_by_role("link", name="The service card to print (PDF)").is_visible()
    first = page.locator(".promise-standard").first
    columns = first.evaluate(STYLE, "gridTemplateColumns").split()
    assert len(columns) == 2, columns
    assert first.evaluate(STYLE, "breakInside") == "avoid"
    assert header.evaluate(STYLE, "backgroundColor") == "rgb(255, 255, 255)"  # no ink band
    assert title.is_visible() and title.evaluate(STYLE, "textTransform") == "none"
    shot(page, artifacts, "promise-02-print")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")


def test_an_owner_sets_the_brand_and_the_survey_page_shows_it(
    page, seeded, workspace, artifacts, tmp_path
):
    from tests.browser_support import log_in
    from tests.promise_support import png

    logo_file = tmp_path / "logo.png"
    logo_file.write_bytes(png(120, 40))
    log_in(page, seeded.url, "owner@acme.test")
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{seeded.url}/w/acme/settings/brand/")
    assert_no_sideways_scroll(page)
    check_a11y(page, "brand page at 360px")
    page.get_by_label("Logo").set_input_files(str(logo_file))
    page.get_by_label("Brand colour").fill("#7a1f5c")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("Brand saved").is_visible()
    shot(page, artifacts, "promise-03-brand-settings")

    page.goto(f"{seeded.url}/r/acme/tell-us/")
    assert page.locator("header .brand-logo").evaluate("img => img.naturalWidth") == 120
    header = page.locator("header.site-header")
    assert header.evaluate(STYLE, "backgroundColor") == _rgb("#7a1f5c")
    assert "ServiceGap" not in page.content()
    check_a11y(page, "Tell us in the workspace's brand")
