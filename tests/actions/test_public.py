"""'You said, we did': completed public actions with their effect in plain words, by the
standards' titles, never a unit or a code; and the partial the promise page includes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.template.loader import render_to_string

from servicegap.actions.public import sentence, you_said_we_did
from tests.actions.support import START, make_action, rated

pytestmark = pytest.mark.django_db


def test_only_done_public_actions_are_told_in_plain_words(workspace, standards):
    for i in range(40):
        rated(workspace, "SALES", START - timedelta(days=50 - i), [3 + i % 2])
        rated(workspace, "SALES", START + timedelta(days=20 + i), [4 + i % 2])
    done = make_action(workspace, "SHOWN", units=("SALES",), status="done", public=True,
                       completed_on=date(2026, 4, 1), after_to=START + timedelta(days=70))  # fmt: skip
    make_action(workspace, "PRIVATE", status="done", public=False)
    make_action(workspace, "NOT-YET", status="in_progress", public=True)
    items = you_said_we_did(workspace)
    assert [i["title"] for i in items] == [done.title]
    text = items[0]["sentence"]
    assert text.startswith(
        "Customers now rate 'Calls back within one working day' 1.0 point higher"
    )
    assert "(95 % interval 0." in text and "SALES" not in text and "CALLBACK" not in text
    html = render_to_string("actions/_you_said_we_did.html", {"items": items})
    assert "You said, we did" in html and "Calls back within one working day" in html
    assert render_to_string("actions/_you_said_we_did.html", {"items": []}).strip() == ""


def test_the_sentence_never_calls_an_unclear_result_a_change():
    row = {"verdict": "no_change", "change": 0.2, "change_ci_low": -0.1, "change_ci_high": 0.5}
    assert "not yet measured a clear change" in sentence(row, ["Greets you"])
    worse = {"verdict": "worse", "change": -0.6, "change_ci_low": -0.8, "change_ci_high": -0.4}
    assert sentence(worse, ["A", "B"]) == (
        "Customers now rate 'A' and 'B' 0.6 points lower (95 % interval 0.4 to 0.8)."
    )
    assert "too early" in sentence({"verdict": "too_early", "change": None}, [])
