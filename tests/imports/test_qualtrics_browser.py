"""An owner uploads the real Qualtrics export, adjusts one column on the mapping page (at 1280
and 360 px), starts the import and follows its job to the end; axe on every page."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser_support import assert_no_sideways_scroll, check_a11y, log_in, open_nav, shot
from tests.invitation_support import run_worker

pytestmark = pytest.mark.browser
SAMPLE = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "qualtrics" / "sample.csv"


def test_a_qualtrics_export_is_mapped_in_the_browser_and_imported(
    page, live_server, transactional_db, workspace, users, artifacts, monkeypatch, tmp_path
):
    from servicegap.surveys.models import Answer, Question, Survey

    monkeypatch.setenv("SERVICEGAP_DATA_DIR", str(tmp_path))
    survey = Survey.objects.create(workspace=workspace, code="SAMPLE", title="Sample")
    for position, (code, kind, text) in enumerate(
        [("Q1", "choice", "Which one?"), ("COMMENT", "text", "Anything else?")], start=1
    ):
        Question.objects.create(
            workspace=workspace,
            survey=survey,
            code=code,
            kind=kind,
            position=position,
            text={"en": text},
        )
    base = live_server.url
    # The first request of a fresh server loads the URLconf and templates (about 5 s; more on a
    # busy machine): give it longer than the 10 s each step gets.
    page.goto(base + "/accounts/login/", timeout=60_000)
    log_in(page, base, "owner@acme.test")
    open_nav(page, "Imports")
    page.get_by_label("What the file holds").select_option("qualtrics-responses")
    page.get_by_label("File", exact=True).set_input_files(str(SAMPLE))
    page.get_by_label("Survey the responses answer").select_option("SAMPLE")
    page.get_by_role("button", name="Import").click()

    page.wait_for_url("**/imports/*/mapping/")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "What each column of sample.csv holds"
    )
    when = page.get_by_role("combobox", name="RecordedDate Erfassungsdatum")
    assert when.input_value() == ",submitted_at"  # the proposal
    free_text = page.get_by_role("combobox", name="Q2 This is a free text question.")
    assert free_text.input_value() == ""  # no question is named Q2: ignored
    assert page.locator("#mapped-count").inner_text() == "3"
    free_text.select_option(label="COMMENT · text: Anything else?")
    assert page.locator("#mapped-count").inner_text() == "4"  # imports.js, under the CSP
    check_a11y(page, "qualtrics mapping")
    shot(page, artifacts, "imports-qualtrics-mapping-1280")
    page.set_viewport_size({"width": 360, "height": 800})
    assert_no_sideways_scroll(page)
    assert free_text.is_visible() and free_text.bounding_box()["width"] <= 360
    check_a11y(page, "qualtrics mapping at 360 px")
    shot(page, artifacts, "imports-qualtrics-mapping-360")
    page.set_viewport_size({"width": 1280, "height": 900})

    when.select_option(label="Ignore this column")  # no date: refused by the server
    page.get_by_role("button", name="Start the import").click()
    alert = page.get_by_role("alert")
    assert "map one column (e.g. RecordedDate) to submitted_at" in alert.inner_text()
    assert free_text.input_value() == "COMMENT,text"  # what was chosen is kept
    check_a11y(page, "qualtrics mapping with a problem")
    shot(page, artifacts, "imports-qualtrics-mapping-problem")
    when.select_option(label="submitted_at (when submitted)")
    page.get_by_role("button", name="Start the import").click()
    page.wait_for_url("**/imports/*/")
    assert "Waiting for the worker" in page.content()
    run_worker(monkeypatch)
    page.wait_for_selector("text=Status: Done", timeout=8000)  # the page polls every 2 s
    assert "1 row read: 1 created" in page.content()
    check_a11y(page, "finished qualtrics import")
    shot(page, artifacts, "imports-qualtrics-job-done")
    stored = Answer.objects.filter(response__survey=survey)
    assert {(a.item, a.kind, a.value) for a in stored} == {
        ("Q1", "choice", "2"),
        ("COMMENT", "text", "Hello World!"),
    }
