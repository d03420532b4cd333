"""A correction made in a real browser (HTMX) changes how the next similar comment is read."""

from __future__ import annotations

import pytest

from servicegap.text.models import Enrichment
from tests.browser_support import assert_no_sideways_scroll, check_a11y, log_in, shot
from tests.text_support import feedback, run_worker

pytestmark = pytest.mark.browser
TEXT = "The parking out the back was a nightmare, it took ages to find a space"


def test_a_correction_in_the_ui_changes_the_next_classification(
    browser, seeded, workspace, artifacts, monkeypatch
):
    first = feedback(workspace, "suggestion", TEXT)
    run_worker(monkeypatch)
    before = Enrichment.objects.of(workspace).get(feedback=first)
    wanted = next(k for k in ("question", "compliment", "suggestion") if k != before.kind)

    context = browser.new_context(viewport={"width": 360, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, seeded.url, "owner@acme.test")
    page.goto(seeded.url + "/w/acme/feedback/")
    labels = page.locator(f"#labels-{before.pk}")
    labels.get_by_text("Correct these labels").click()
    labels.get_by_label("Kind").select_option(wanted)
    url = page.url
    labels.get_by_role("button", name="Save the labels").click()
    page.get_by_role("status").filter(has_text="Saved").wait_for()
    assert page.url == url  # swapped in place by HTMX, no page load
    assert page.locator(f"#labels-{before.pk} .badge", has_text=wanted).count() == 1
    assert_no_sideways_scroll(page)
    check_a11y(page, "feedback inbox with a correction (phone)")
    shot(page, artifacts, "text-correction-phone")
    context.close()

    run_worker(monkeypatch)  # the refit
    second = feedback(workspace, "suggestion", TEXT + " again")
    run_worker(monkeypatch)
    after = Enrichment.objects.of(workspace).get(feedback=second)
    assert after.kind == wanted != before.kind
    assert after.corrected == []  # the engine read it so; nobody set it by hand

    context = browser.new_context(viewport={"width": 360, "height": 900})
    page = context.new_page()
    log_in(page, seeded.url, "owner@acme.test")
    page.goto(seeded.url + "/w/acme/text/")
    assert page.get_by_role("heading", level=1).inner_text() == "Comment labels"
    assert page.get_by_role("rowheader", name="kind").count() == 1  # its held-out accuracy
    assert_no_sideways_scroll(page)
    check_a11y(page, "comment labels (phone)")
    shot(page, artifacts, "text-model-phone")
    context.close()
