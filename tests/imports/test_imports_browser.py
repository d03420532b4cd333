"""An owner uploads a units file on the Imports page and follows its job to the end; axe at 1280 px."""

from __future__ import annotations

import pytest

from tests.browser_support import check_a11y, log_in, open_nav, shot
from tests.invitation_support import run_worker

pytestmark = pytest.mark.browser


def test_an_uploaded_file_is_followed_on_its_job_page(
    page, live_server, transactional_db, workspace, users, artifacts, monkeypatch, tmp_path
):
    monkeypatch.setenv("SERVICEGAP_DATA_DIR", str(tmp_path))
    base = live_server.url
    log_in(page, base, "owner@acme.test")
    open_nav(page, "Imports")
    check_a11y(page, "imports")
    page.get_by_label("What the file holds").select_option("units")
    page.get_by_label("File", exact=True).set_input_files(
        files=[
            {
                "name": "units.csv",
                "mimeType": "text/csv",
                "buffer": b"code,name,parent\nNORTH,North,HQ\nBAD,,HQ\n",
            }
        ]
    )
    page.get_by_label("Skip invalid rows", exact=False).check()
    page.get_by_role("button", name="Import").click()
    page.wait_for_url("**/imports/*/")
    assert "Waiting for the worker" in page.content()
    check_a11y(page, "queued import")

    run_worker(monkeypatch)
    page.wait_for_selector("text=Status: Done", timeout=8000)  # the page polls every 2 s
    assert page.get_by_role("link", name="Download the 1 rejected row (CSV)").is_visible()
    assert "units.csv:3: name: is required" in page.content()
    check_a11y(page, "finished import")
    shot(page, artifacts, "imports-job-done")
