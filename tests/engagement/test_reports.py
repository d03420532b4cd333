"""The engagement and linkage reports: CLI, API and page, with the anonymity rule."""

from __future__ import annotations

import pytest
from scipy import stats

from servicegap.lib.proportions import nps
from tests.engagement.support import UNITS, voice_data
from tests.report_support import cli_json


def _enps(code):
    staff, _front, answers, _nps = UNITS[code]
    return nps([answers[i % len(answers)] for i in range(staff)]).nps


def _api(client, key, kind, **params):
    return client.get(f"/api/v1/reports/{kind}", params, HTTP_AUTHORIZATION=f"Bearer {key}")


@pytest.mark.django_db
def test_linkage_pairs_units_and_leaves_out_those_under_the_threshold(
    client, api_key, workspace, standards
):
    voice_data(workspace, standards)
    doc = cli_json("acme", "linkage")
    assert _api(client, api_key, "linkage").json() == doc
    rows = {r["unit"]: r for r in doc["rows"]}
    small = rows["SMALL"]
    assert small["employee_suppressed"] and small["enps"] is None and small["employee_n"] is None
    assert not small["linked"] and small["customer_n"] == 6  # customers are not protected
    linked = [r for r in doc["rows"] if r["linked"]]
    assert len(linked) >= 4 and "SMALL" not in {r["unit"] for r in linked}
    for r in linked:  # each shown unit's own employees, and the complement rule hides no more
        assert r["employee_n"] == UNITS[r["unit"]][0] and r["enps"] == _enps(r["unit"])
    assert len(linked) >= len(UNITS) - 2
    main = next(c for c in doc["correlations"] if (c["x"], c["y"]) == ("enps", "nps"))
    want = stats.pearsonr([r["enps"] for r in linked], [r["nps"] for r in linked])
    assert main["units"] == len(linked)
    assert main["r"] == pytest.approx(want.statistic)
    ci = want.confidence_interval(0.95)
    assert (main["ci_low"], main["ci_high"]) == pytest.approx((ci.low, ci.high))
    assert {(c["x"], c["y"]) for c in doc["correlations"]} == {
        ("enps", "nps"), ("enps", "gap"), ("enablement", "nps"), ("enablement", "gap"),
    }  # fmt: skip


@pytest.mark.django_db
def test_under_four_units_the_correlation_is_too_few_to_tell(workspace, standards, login):
    voice_data(workspace, standards)
    doc = cli_json("acme", "linkage", "--unit=U1")
    assert all(c["r"] is None and c["units"] <= 1 for c in doc["correlations"])
    page = login("owner").get("/w/acme/reports/linkage/?unit=U1").content.decode()
    assert "too few units to tell" in page


@pytest.mark.django_db
def test_the_linkage_page_shows_the_scatter_the_correlations_and_unit_names(
    workspace, standards, login
):
    voice_data(workspace, standards)
    response = login("owner").get("/w/acme/reports/linkage/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Employee eNPS against customer NPS by unit" in html
    assert "Correlations across units" in html and "95 % interval" in html
    assert "Team U1" in html and 'class="chart report-chart scatter' in html


@pytest.mark.django_db
def test_engagement_by_unit_hides_small_units(workspace, standards, client, api_key):
    voice_data(workspace, standards)
    doc = cli_json("acme", "engagement", "--unit=HQ")
    rows = {r["unit"]: r for r in doc["rows"]}
    assert rows["SMALL"] == {"unit": "SMALL", "suppressed": True, "name": "Team SMALL"}
    shown = [r for r in doc["rows"] if not r.get("suppressed")]
    assert len(shown) >= len(UNITS) - 2
    for r in shown:
        assert r["n"] == UNITS[r["unit"]][0] and r["enps"] == _enps(r["unit"])
        assert r["tools_mean"] is not None and r["enablement_mean"] is not None
    assert _api(client, api_key, "engagement", unit="HQ").json() == doc


@pytest.mark.django_db
def test_the_front_line_view_respects_the_threshold_against_subtraction(workspace, standards):
    voice_data(workspace, standards)
    doc = cli_json("acme", "engagement", "--unit=HQ", "--front_line=yes")
    rows = {r["unit"]: r for r in doc["rows"]}
    everyone = {r["unit"]: r for r in cli_json("acme", "engagement", "--unit=HQ")["rows"]}
    for code in ("U2", "U3", "U4"):  # all of them talk to customers: the same figures
        if not everyone[code].get("suppressed"):
            assert rows[code] == everyone[code]
    assert rows["U5"]["n"] == 5  # five of ten: the other five reach the threshold too
    assert rows["U5"]["enps"] == nps([7, 8, 6, 9, 5]).nps
    assert rows["U6"]["suppressed"]  # 5 of 7: the 2 others could be computed by subtraction
    assert rows["SMALL"]["suppressed"]


@pytest.mark.django_db
def test_a_bad_front_line_value_is_422_naming_the_field(client, api_key, workspace):
    r = _api(client, api_key, "engagement", front_line="maybe")
    assert r.status_code == 422 and r.json()["field"] == "front_line"
