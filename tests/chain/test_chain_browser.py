"""The chain page in a real browser at 1280 and 360 px: the graph is drawn with its weak link
flagged, nothing scrolls sideways, no accessibility rule of serious impact is broken; a link
is added on the links page by the units' names."""

from __future__ import annotations

import pytest

from servicegap.people.models import InternalLink
from tests.browser_support import assert_no_sideways_scroll, check_a11y, log_in, shot
from tests.chain.support import chain

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 360])
def test_the_chain_page_draws_the_graph_and_passes_axe(
    page, live_server, transactional_db, workspace, users, artifacts, width
):
    chain(workspace)
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server.url, "owner@acme.test")
    page.goto(live_server.url + "/w/acme/chain/")
    graph = page.get_by_role(
        "img", name="The internal chain: units and the suppliers they depend on"
    )
    assert graph.is_visible()
    assert page.locator("svg g.edge.weak").count() == 1
    assert graph.bounding_box()["width"] <= width
    check_a11y(page, f"chain page at {width}px")
    assert_no_sideways_scroll(page)
    shot(page, artifacts, f"chain-{width}")
    page.goto(live_server.url + "/w/acme/chain/links/")
    page.get_by_label("Supplier unit").select_option(label="Front desk")
    page.get_by_label("Depends on it (customer unit)").select_option(label="Service")
    page.get_by_role("button", name="Add the link").click()
    page.get_by_text("Service now depends on Front desk.").wait_for()
    assert InternalLink.objects.of(workspace).filter(supplier__code="DESK").count() == 2
    check_a11y(page, f"links page at {width}px")
    assert_no_sideways_scroll(page)
