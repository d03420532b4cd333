"""The answers report page in a real browser: every shape of question drawn at 1280 and 360 px
without sideways scroll, axe clean, and a survey chosen by its title."""

from __future__ import annotations

import pytest

from tests.browser_support import assert_no_sideways_scroll, check_a11y, log_in
from tests.surveys.test_import_ls_responses import COLORS_LSA
from tests.transfer.test_import_export import cli, ok

pytestmark = pytest.mark.browser

RANKS = [{"code": str(k), "label": str(k)} for k in (1, 2, 3)]
QUESTIONS = [  # code, kind, text, options, rows, multiple
    ("PICK", "choice", "Which <b>services</b> did you use?",
     [{"code": "WASH", "label": "Car wash"}, {"code": "TYRE", "label": "Tyre change"}], [], True),
    ("GRID", "choice", "How was each visit?",
     [{"code": "G", "label": "Good"}, {"code": "B", "label": "Bad"}],
     [{"code": "r1", "label": "First visit"}, {"code": "r2", "label": "Second visit"}], False),
    ("RANK", "choice", "Rank what matters most", RANKS,
     [{"code": "price", "label": "Price"}, {"code": "speed", "label": "Speed"},
      {"code": "care", "label": "Care"}], False),
    ("KM", "number", "How many kilometres did you drive?", [], [], False),
    ("WHEN", "date", "When did you buy the car?", [], [], False),
    ("SAY", "text", "Anything else?", [], [], False),
]  # fmt: skip


def rich_survey(workspace) -> None:
    from servicegap.surveys.contract import record_response
    from servicegap.surveys.models import Question, Survey

    s = Survey.objects.create(workspace=workspace, code="RICH", title="After your service")
    for position, (code, kind, text, options, rows, multiple) in enumerate(QUESTIONS, 1):
        Question.objects.create(
            workspace=workspace, survey=s, code=code, kind=kind, text={"en": text},
            options=options, rows=rows, multiple=multiple, position=position,
        )  # fmt: skip
    for i in range(3):
        order = ["price", "speed", "care"][i:] + ["price", "speed", "care"][:i]
        answers = [
            {"item": "PICK", "kind": "choice", "value": "WASH"},
            {"item": "GRID.r1", "kind": "choice", "value": "G" if i else "B"},
            {"item": "KM", "kind": "number", "value": 1200 * (i + 1)},
            {"item": "WHEN", "kind": "date", "value": f"2025-0{i + 1}-15"},
            {"item": "SAY", "kind": "text", "value": f"A long remark number {i} " * 8},
            *({"item": f"RANK.{item}", "kind": "choice", "value": str(k)}
              for k, item in enumerate(order, 1)),
        ]  # fmt: skip
        if i:
            answers.append({"item": "PICK", "kind": "choice", "value": "TYRE"})
        record_response(workspace, {
            "submitted_at": f"2026-03-0{i + 1}T10:00:00Z", "perspective": "customer",
            "survey": "RICH", "answers": answers,
        })  # fmt: skip


def test_the_answers_page_fits_a_phone_and_chooses_a_survey_by_title(
    page, live_server, transactional_db, workspace, users
):
    ok(cli("import", "limesurvey", COLORS_LSA, "--code", "COLORS"))
    rich_survey(workspace)
    log_in(page, live_server.url, "owner@acme.test")
    page.wait_for_url(f"{live_server.url}/w/acme/")
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/w/acme/reports/answers/")
        assert (
            page.locator(".answers-question h3").first.text_content()
            == "1. Which services did you use?"
        )
        assert page.get_by_text("Ranking: each item's mean rank").is_visible()
        assert page.get_by_text("From 2025-01-15 to 2025-03-15").is_visible()
        assert_no_sideways_scroll(page)
        check_a11y(page, f"the answers report at {width} px")
    page.locator(".filters-card > summary").click()  # the filters fold under a summary line
    page.get_by_label("Survey", exact=True).select_option(label="Colors")
    page.get_by_role("button", name="Show the report").click()
    page.wait_for_url("**/reports/answers/?*survey=COLORS*")
    assert "I am a fan of heavy metal music" in page.content()
    assert_no_sideways_scroll(page)
