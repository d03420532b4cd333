"""On the demo, the call-back promise shows its measured effect: `servicegap report actions
--json` says it worked, with its interval, and "You said, we did" tells customers so."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.report_support import cli_json

END = dt.date(2026, 3, 1)


@pytest.fixture
def demo(db):
    from servicegap.demo.generator import build_demo

    return build_demo(seed=7, answers=40_000, end=END).workspace


def test_the_call_back_promise_worked_and_customers_are_told(demo):
    doc = cli_json(demo.slug, "actions")
    rows = {r["action"]: r for r in doc["rows"]}
    callback = rows["CALLBACK-PROMISE"]
    assert callback["verdict"] == "worked", callback
    assert 0 < callback["change_ci_low"] < callback["change"] < callback["change_ci_high"]
    assert callback["before"]["n"] >= 30 and callback["after"]["n"] >= 30
    assert callback["did"] is None  # every unit got it: there is no control
    assert callback["measure"] == "experience on CALLBACK in every unit"
    handover = rows["HANDOVER-CHECKLIST"]  # one unit's action: measured against the others
    assert handover["did"] is not None and handover["did"]["control_units"] > 1
    assert handover["verdict"] in ("no_change", "too_early")

    from servicegap.actions.public import you_said_we_did

    items = you_said_we_did(demo)
    assert [i["title"] for i in items] == ["Named call-back promise and a daily call-back list"]
    sentence = items[0]["sentence"]
    assert sentence.startswith("Customers now rate '") and "higher (95 % interval" in sentence
    assert "CALLBACK" not in sentence and "NORTH" not in sentence
