"""The measure reports' figures against values computed by hand (and scipy) on small fixtures."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from scipy import stats

from servicegap.gaps.kinds import run, tell_widths
from tests.report_support import respond


def row(report, key, code):
    return next(r for r in report["rows"] if r[key] == code)


@pytest.mark.django_db
def test_gap_is_paired_within_responses_with_a_t_interval_and_p(workspace, standards):
    for e, x in [(6, 4), (7, 5), (5, 4)]:
        respond(workspace, answers=[("GREET", "expectation", e), ("GREET", "experience", x)])
    r = row(run(workspace, "gaps", {}), "item", "GREET")
    diffs = [-2, -2, -1]
    t = stats.ttest_1samp(diffs, 0)
    ci = t.confidence_interval()
    assert r["n"] == 3
    assert r["expectation_mean"] == pytest.approx(6)
    assert r["experience_mean"] == pytest.approx(13 / 3)
    assert r["gap"] == pytest.approx(-5 / 3)
    assert (r["ci_low"], r["ci_high"]) == pytest.approx((ci.low, ci.high))
    assert r["p"] == pytest.approx(t.pvalue)
    assert r["q"] == pytest.approx(t.pvalue)  # one row: BH leaves p as it is
    assert r["significant"] is bool(t.pvalue < 0.05)


@pytest.mark.django_db
def test_gap_without_expectation_uses_the_target_and_rescales_other_scales(workspace, standards):
    respond(workspace, answers=[("CLEAN", "experience", 4)])
    # 3 on 1..5 is 4 on 1..7.
    respond(workspace, answers=[("CLEAN", "experience", 3)], scale_max=5)
    r = row(run(workspace, "gaps", {}), "item", "CLEAN")
    assert r["target_n"] == 2 and r["gap_vs_target"] == pytest.approx(4 - 6)
    # No expectation: no gap of their own, and no means that would not add up to it.
    assert r["n"] == 0 and r["gap"] is r["expectation_mean"] is r["experience_mean"] is None


@pytest.mark.django_db
def test_gap_by_period_by_dimension_and_one_response_without_interval(workspace, standards):
    respond(workspace, answers=[("GREET", "experience", 5)], when=datetime(2026, 1, 5, tzinfo=UTC))
    respond(workspace, answers=[("CALLBACK", "experience", 3)])
    months = run(workspace, "gaps", {"by": "period"})["rows"]
    assert [r["period"] for r in months] == ["2026-01", "2026-03"]
    first = months[0]
    assert first["target_n"] == 1 and first["target_ci_low"] is None and first["n"] == 0
    quarters = run(workspace, "gaps", {"by": "period", "period": "quarter"})["rows"]
    assert [(r["period"], r["target_n"]) for r in quarters] == [("2026-Q1", 2)]
    years = run(workspace, "gaps", {"by": "period", "period": "year"})["rows"]
    assert years[0]["period"] == "2026"
    dims = run(workspace, "gaps", {"by": "dimension"})["rows"]
    assert {r["dimension"]: r["gap_vs_target"] for r in dims} == {"people": -1.0, "process": -3.0}


@pytest.mark.django_db
def test_q_values_are_benjamini_hochberg_over_the_rows(workspace, standards):
    for i in range(6):
        respond(
            workspace,
            answers=[
                ("GREET", "expectation", 6),
                ("GREET", "experience", 1 + i % 2),
                ("CLEAN", "expectation", 6),
                ("CLEAN", "experience", 6 + i % 2 - 1),
            ],
        )
    rows = run(workspace, "gaps", {})["rows"]
    ps = sorted(r["p"] for r in rows)
    qs = {r["p"]: r["q"] for r in rows}
    assert qs[ps[0]] == pytest.approx(min(ps[0] * 2, ps[1]))
    assert qs[ps[1]] == pytest.approx(ps[1])


@pytest.mark.django_db
def test_nps_csat_and_ces_count_their_answers(workspace):
    for score in (10, 9, 8, 3):
        respond(workspace, answers=[("", "nps", score)])
    for value in (5, 4, 2):
        respond(workspace, answers=[("", "csat", value)])
    for value in (2, 4):
        respond(workspace, answers=[("", "ces", value)])
    nps = run(workspace, "nps", {})
    assert (nps["n"], nps["promoters"], nps["passives"], nps["detractors"]) == (4, 2, 1, 1)
    assert nps["nps"] == pytest.approx(25.0)
    assert -100 <= nps["ci_low"] < 25 < nps["ci_high"] <= 100
    csat = run(workspace, "csat", {})
    assert (csat["n"], csat["satisfied"]) == (3, 2)
    assert csat["csat_pct"] == pytest.approx(200 / 3)
    ces = run(workspace, "ces", {})
    ci = stats.t.interval(0.95, 1, loc=3, scale=stats.sem([2, 4]))
    assert ces["n"] == 2 and ces["mean"] == 3
    assert (ces["ci_low"], ces["ci_high"]) == pytest.approx(ci)
    by_unit = run(workspace, "nps", {"by": "perspective"})
    assert by_unit["rows"][0]["perspective"] == "customer" and by_unit["rows"][0]["n"] == 4


@pytest.mark.django_db
def test_too_few_answers_to_tell_when_the_interval_is_wider_than_the_setting(workspace, settings):
    for score in (10, 3, 9):
        respond(workspace, answers=[("", "nps", score)])
    few = run(workspace, "nps", {})
    assert few["too_few_to_tell"] is True and few["ci_high"] - few["ci_low"] > 30
    for i in range(400):
        respond(workspace, answers=[("", "nps", 10 if i % 2 else 9)])
    many = run(workspace, "nps", {})
    assert many["ci_high"] - many["ci_low"] < 30 and many["too_few_to_tell"] is False
    settings.TELL_WIDTHS = {**tell_widths(), "nps": 1.0}
    assert run(workspace, "nps", {"by": "perspective"})["rows"][0]["too_few_to_tell"] is True


def test_tell_widths_setting_is_checked(monkeypatch, settings):
    """Defaults come from the kinds' declarations; only kinds with an interval may be named."""
    from servicegap import conf

    tell_widths()
    del settings.TELL_WIDTHS
    monkeypatch.setenv("SERVICEGAP_TELL_WIDTHS", "csat=12.5")
    assert tell_widths() == {"nps": 30.0, "csat": 12.5, "ces": 1.0, "engagement": 40.0}
    del settings.TELL_WIDTHS
    monkeypatch.setenv("SERVICEGAP_TELL_WIDTHS", "gaps=3")
    with pytest.raises(conf.ConfigError, match="SERVICEGAP_TELL_WIDTHS"):
        tell_widths()


@pytest.fixture
def journey(workspace):
    from servicegap.journeys.models import Journey, Touchpoint

    j = Journey.objects.create(workspace=workspace, code="BUY", name="Buying")
    return [
        Touchpoint.objects.create(workspace=workspace, journey=j, code=c, name=c, step=i)
        for i, c in enumerate(("VISIT", "DELIVERY"), start=1)
    ]


@pytest.mark.django_db
def test_moments_share_per_touchpoint_and_the_weakest_step(workspace, journey):
    visit, delivery = journey
    for moment in ("magic", "magic", "misery", "mediocrity"):
        respond(workspace, answers=[("", "moment", moment)], touchpoint=visit)
    for moment in ("misery", "misery", "magic"):
        respond(workspace, answers=[("", "moment", moment)], touchpoint=delivery)
    report = run(workspace, "moments", {})
    v = row(report, "touchpoint", "VISIT")
    assert (v["n"], v["magic"], v["mediocrity"], v["misery"]) == (4, 2, 1, 1)
    assert v["magic_pct"] == 50 and v["misery_pct"] == 25
    assert v["misery_ci_low"] < 25 < v["misery_ci_high"]
    assert report["weakest"] == {"BUY": "DELIVERY"}
    by_journey = run(workspace, "moments", {"by": "journey"})["rows"]
    assert by_journey == [{**by_journey[0], "journey": "BUY", "n": 7, "misery": 3}]


@pytest.mark.django_db
def test_kano_category_and_coefficients_per_item(workspace, standards):
    for f, d in [
        ("like", "dislike"),
        ("like", "dislike"),
        ("neutral", "dislike"),
        ("like", "neutral"),
    ]:
        respond(
            workspace, answers=[("GREET", "kano_functional", f), ("GREET", "kano_dysfunctional", d)]
        )
    r = row(run(workspace, "kano", {}), "item", "GREET")
    assert r["counts"] == {"A": 1, "O": 2, "M": 1, "I": 0, "R": 0, "Q": 0}
    assert r["category"] == "O"
    assert r["better"] == pytest.approx(3 / 4) and r["worse"] == pytest.approx(-3 / 4)


@pytest.mark.django_db
def test_perception_compares_three_perspectives_with_top_box_shares(workspace, standards):
    for i, x in enumerate([7, 7, 6, 7, 6]):
        respond(workspace, "leader", [("GREET", "experience", x)], respondent=f"L{i}")
    for x in [2, 3, 2, 6, 3]:
        respond(workspace, answers=[("GREET", "experience", x)])
    r = run(workspace, "perception", {})["rows"][0]
    assert r["item"] == "GREET"
    assert r["leader"]["n"] == 5 and r["leader"]["top_box_pct"] == 100
    assert r["customer"]["mean"] == pytest.approx(3.2) and r["customer"]["top_box_pct"] == 20
    assert r["employee"]["n"] == 0
    assert r["significant"]["leader_vs_customer"] is True
    assert r["significant"]["employee_vs_customer"] is None


@pytest.mark.django_db
def test_drivers_give_shares_of_r2_on_complete_responses(workspace, standards):
    import random

    rnd = random.Random(3)
    for _ in range(40):
        g, c = rnd.randint(1, 7), rnd.randint(1, 7)
        overall = max(1, min(7, round(0.8 * g + 0.1 * c + rnd.gauss(0, 0.5))))
        respond(
            workspace,
            answers=[
                ("GREET", "experience", g),
                ("CALLBACK", "experience", c),
                ("", "overall", overall),
            ],
        )
    respond(workspace, answers=[("GREET", "experience", 3)])  # no outcome: not counted
    report = run(workspace, "drivers", {})
    assert report["method"] == "lmg" and report["n"] == 40
    shares = {r["item"]: r["importance"] for r in report["rows"]}
    assert sum(shares.values()) == pytest.approx(1)
    assert shares["GREET"] > shares["CALLBACK"]
    greet = row(report, "item", "GREET")
    assert greet["gap"] == pytest.approx(greet["performance"] - 6)
    assert {r["quadrant"] for r in report["rows"]} <= {
        "fix first",
        "keep up the good work",
        "low priority",
        "possible overkill",
    }


@pytest.mark.django_db
def test_alerts_flag_only_an_out_of_control_month(workspace, standards):
    import random

    rnd = random.Random(1)
    for month in range(1, 10):
        for _ in range(20):
            base = 6 if month < 9 else 2
            value = max(1, min(7, base + rnd.choice((-1, 0, 0, 1))))
            respond(
                workspace,
                answers=[("GREET", "experience", value)],
                when=datetime(2025, month, 10, tzinfo=UTC),
            )
    rows = run(workspace, "alerts", {})["rows"]
    assert [(r["item"], r["period"], r["direction"]) for r in rows] == [
        ("GREET", "2025-09", "down")
    ]
    assert rows[0]["method"] == "ewma" and rows[0]["kind"] == "standard"
