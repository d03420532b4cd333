"""Quality in fact: indicator imports, the quadrant rule and the fact-vs-perception report."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from click.testing import CliRunner

from servicegap.cli import main_group
from servicegap.gaps.kinds import run
from servicegap.people.models import Unit
from servicegap.quality import facts
from servicegap.quality.models import Indicator, IndicatorReading
from tests.report_support import cli_json, respond

DEFINITIONS = (
    "code,name,standard,measure,unit,target,higher_is_better\n"
    "RINGS,Calls answered within 3 rings,CALLBACK,% of calls,,90,true\n"
    "WAIT,Minutes waited at the desk,GREET,minutes,,5,false\n"
)
READINGS = (
    "indicator,standard,unit,period_start,value\n"
    "RINGS,CALLBACK,,2026-07-01,92\n"
    "RINGS,CALLBACK,,2026-08-01,94\n"
    "WAIT,,SALES,2026-07-01,7.5\n"
)


def cli(*args: str):
    return CliRunner().invoke(main_group, ["--workspace", "acme", *args])


def load(tmp_path, kind: str, text: str):
    path = tmp_path / f"{kind}.csv"
    path.write_text(text, encoding="utf-8")
    return cli("import", kind, str(path))


def test_quadrant_rule_at_each_boundary():
    # on target is delivered, in either direction
    assert facts.delivered(90, 90, True) is True and facts.delivered(89.99, 90, True) is False
    assert facts.delivered(5, 5, False) is True and facts.delivered(5.01, 5, False) is False
    assert facts.delivered(None, 5, True) is None and facts.delivered(5, None, True) is None
    # noticed: the interval is not below 0; touching 0 counts as noticed
    assert facts.noticed(-1.0, 0.0) is True and facts.noticed(-1.0, -0.001) is False
    assert facts.noticed(None, None) is None
    assert facts.quadrant(True, True) == "delivered_noticed"
    assert facts.quadrant(True, False) == "delivered_not_noticed"
    assert facts.quadrant(False, True) == "not_delivered_rated_well"
    assert facts.quadrant(False, False) == "not_delivered"
    assert facts.quadrant(None, True) is None and facts.quadrant(True, None) is None
    assert set(facts.QUADRANTS) == {"delivered_noticed", "delivered_not_noticed",
                                    "not_delivered_rated_well", "not_delivered"}  # fmt: skip


def test_the_latest_complete_quarter():
    assert facts.latest_complete_quarter(date(2026, 12, 8)) == "2026-Q3"
    assert facts.latest_complete_quarter(date(2026, 1, 1)) == "2025-Q4"
    assert facts.latest_complete_quarter(date(2026, 3, 31)) == "2025-Q4"
    assert facts.latest_complete_quarter(date(2026, 4, 1)) == "2026-Q1"


@pytest.mark.django_db
def test_import_definitions_and_readings_then_export_them(workspace, standards, tmp_path):
    assert load(tmp_path, "indicator-definitions", DEFINITIONS).exit_code == 0
    assert load(tmp_path, "indicators", READINGS).exit_code == 0
    rings = Indicator.objects.get(code="RINGS")
    assert (rings.standard.code, rings.target, rings.higher_is_better) == ("CALLBACK", 90, True)
    assert Indicator.objects.get(code="WAIT").higher_is_better is False
    assert IndicatorReading.objects.count() == 3
    # a reading given again replaces the stored one
    assert load(tmp_path, "indicators", READINGS.replace(",94", ",95")).exit_code == 0
    assert IndicatorReading.objects.get(period_start=date(2026, 8, 1)).value == 95
    assert IndicatorReading.objects.count() == 3
    exported = cli("export", "indicators")
    assert exported.exit_code == 0
    assert "RINGS,CALLBACK,,2026-08-01,95" in exported.output.replace("95.0", "95")
    assert "WAIT,GREET,SALES,2026-07-01,7.5" in exported.output


@pytest.mark.django_db
def test_a_bad_reading_names_row_and_field_and_writes_nothing(workspace, standards, tmp_path):
    load(tmp_path, "indicator-definitions", DEFINITIONS)
    bad = (
        "indicator,standard,unit,period_start,value\n"
        "RINGS,CALLBACK,,2026-07-01,92\n"
        "NOPE,,,2026-07-01,1\n"
        "RINGS,GREET,,2026-08-01,1\n"
        "RINGS,,MARS,2026-09-01,1\n"
        "RINGS,,,July,1\n"
        "RINGS,,,2026-10-01,lots\n"
        "RINGS,,,2026-07-01,93\n"
    )
    result = load(tmp_path, "indicators", bad)
    assert result.exit_code != 0 and "Traceback" not in result.output
    said = [line.split("indicators.csv:")[-1] for line in result.stderr.splitlines()
            if "indicators.csv:" in line and "nothing" not in line]  # fmt: skip
    assert [s.split(":")[:2] for s in said] == [
        ["3", " indicator"], ["4", " standard"], ["5", " unit"], ["6", " period_start"],
        ["7", " value"], ["8", " period_start"],
    ]  # fmt: skip
    assert "first on line 2" in said[-1]
    assert not IndicatorReading.objects.exists()


@pytest.mark.django_db
def test_a_bad_definition_writes_nothing(workspace, standards, tmp_path):
    text = DEFINITIONS + "X1,No such standard,NOPE,,,1,true\nX2,Bad target,GREET,,,ten,maybe\n"
    result = load(tmp_path, "indicator-definitions", text)
    assert result.exit_code != 0
    assert "indicator-definitions.csv:4: standard: unknown standard NOPE" in result.stderr
    assert "indicator-definitions.csv:5: target" in result.stderr
    assert "indicator-definitions.csv:5: higher_is_better" in result.stderr
    assert not Indicator.objects.exists()


def _rate(ws, pairs, unit=None, when=datetime(2026, 8, 10, tzinfo=UTC)):
    for item, expected, experienced in pairs:
        respond(ws, answers=[(item, "expectation", expected), (item, "experience", experienced)],
                unit=unit, when=when)  # fmt: skip


@pytest.mark.django_db
def test_fact_vs_perception_places_each_indicator_and_agrees_everywhere(
    workspace, standards, tmp_path, client, api_key
):
    load(tmp_path, "indicator-definitions", DEFINITIONS)
    load(tmp_path, "indicators", READINGS)
    sales = Unit.objects.get(workspace=workspace, code="SALES")
    # CALLBACK: on target (mean 93 ≥ 90) but customers' gap clearly below 0: not noticed
    _rate(workspace, [("CALLBACK", 6, 4), ("CALLBACK", 7, 5), ("CALLBACK", 6, 5)])
    # GREET at SALES: 7.5 minutes against at most 5 (not delivered), rated well
    _rate(workspace, [("GREET", 5, 6), ("GREET", 5, 5), ("GREET", 6, 6)], unit=sales)
    # a response outside the quarter is not paired
    _rate(workspace, [("CALLBACK", 1, 7)], when=datetime(2026, 10, 2, tzinfo=UTC))
    doc = cli_json("acme", "fact-vs-perception", "--period", "2026-Q3")
    assert doc["period"] == "2026-Q3"
    rows = {r["indicator"]: r for r in doc["rows"]}
    rings, wait = rows["RINGS"], rows["WAIT"]
    assert (rings["standard"], rings["unit"], rings["value"], rings["target"]) == (
        "CALLBACK",
        None,
        93,
        90,
    )
    gaps = run(workspace, "gaps", {"window": "2026-Q3"})["rows"]
    callback = next(r for r in gaps if r["item"] == "CALLBACK")
    assert rings["n"] == 3 and rings["gap"] == pytest.approx(callback["gap"])
    assert (rings["gap_ci_low"], rings["gap_ci_high"]) == (callback["ci_low"], callback["ci_high"])
    assert rings["gap_ci_high"] < 0
    assert (rings["delivered"], rings["noticed"], rings["quadrant"]) == (
        True,
        False,
        "delivered_not_noticed",
    )
    assert (wait["unit"], wait["value"], wait["delivered"], wait["noticed"]) == (
        "SALES",
        7.5,
        False,
        True,
    )
    assert wait["quadrant"] == "not_delivered_rated_well"
    assert run(workspace, "fact-vs-perception", {"period": "2026-Q3"}) == doc
    # the API answers the same document
    answer = client.get("/api/v1/reports/fact-vs-perception", {"period": "2026-Q3"},
                        HTTP_AUTHORIZATION=f"Bearer {api_key}")  # fmt: skip
    assert answer.status_code == 200 and answer.json() == doc
    refused = client.get("/api/v1/reports/fact-vs-perception", {"period": "Q3"},
                         HTTP_AUTHORIZATION=f"Bearer {api_key}")  # fmt: skip
    assert refused.status_code == 422 and "period" in refused.text
    # another quarter has no readings: no rows, and a period that is not a quarter is refused
    assert cli_json("acme", "fact-vs-perception", "--period", "2026-Q2")["rows"] == []
    bad = cli("report", "fact-vs-perception", "--period", "2026-07", "--json")
    assert bad.exit_code != 0 and "period" in bad.output and "Traceback" not in bad.output
