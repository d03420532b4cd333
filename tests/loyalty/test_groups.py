"""The loyalty groups' rules at each boundary, their order, the summary and the movement table;
the exit reasons' Wilson intervals against Newcombe (1998); what loyalty gives back; the charts."""

from __future__ import annotations

from datetime import date

import pytest

from servicegap.loyalty import charts, lost, returns
from servicegap.loyalty.groups import (
    Thresholds,
    attitude,
    group_of,
    referral_counts,
    summary,
    transitions,
)

T = Thresholds()


@pytest.mark.parametrize(
    ("nps", "said"),
    [(None, None), (0, "detractor"), (6, "detractor"), (6.9, "detractor"), (7, "passive"),
     (8, "passive"), (8.9, "passive"), (9, "promoter"), (10, "promoter")],
)  # fmt: skip
def test_attitude_follows_reichheld(nps, said):
    assert attitude(nps) == said


@pytest.mark.parametrize(
    ("p_alive", "nps", "exited", "group"),
    [
        (0.1499, 10, False, "lost"),  # below the lost threshold, whatever they say
        (0.15, None, False, "unknown"),  # at the threshold: not lost; no answer: unknown
        (0.99, 10, True, "lost"),  # an exit answer: lost, even a promoter who still buys
        (0.99, None, True, "lost"),  # lost comes before unknown
        (0.4999, 10, False, "at_risk"),  # fading promoter
        (0.4999, 0, False, "at_risk"),  # fading detractor: at risk, not captive
        (0.5, 10, False, "loyal"),  # at the fading threshold: alive
        (0.5, 9, False, "loyal"),
        (0.9, 8, False, "at_risk"),  # alive and passive
        (0.9, 7, False, "at_risk"),
        (0.9, 6, False, "captive"),  # alive and a detractor: retained, not loyal
        (0.5, 0, False, "captive"),
        (0.2, None, False, "unknown"),  # unknown comes before at risk
    ],
)
def test_the_group_rules_at_each_boundary_and_in_their_order(p_alive, nps, exited, group):
    assert group_of(p_alive, nps, exited, T) == group


def test_thresholds_are_settable_and_checked():
    assert group_of(0.3, 10, False, Thresholds(lost=0.35, fading=0.6)) == "lost"
    assert group_of(0.55, 10, False, Thresholds(lost=0.35, fading=0.6)) == "at_risk"
    with pytest.raises(ValueError, match="lost"):
        Thresholds(lost=0.6, fading=0.5)


def test_the_thresholds_come_from_the_environment(monkeypatch):
    from servicegap.conf import ConfigError
    from servicegap.loyalty.config import thresholds

    assert thresholds() == Thresholds(0.15, 0.5)
    monkeypatch.setenv("SERVICEGAP_LOYALTY_LOST_BELOW", "0.2")
    monkeypatch.setenv("SERVICEGAP_LOYALTY_AT_RISK_BELOW", "0.6")
    assert thresholds() == Thresholds(0.2, 0.6)
    monkeypatch.setenv("SERVICEGAP_LOYALTY_AT_RISK_BELOW", "0.1")
    with pytest.raises(ConfigError, match="SERVICEGAP_LOYALTY_LOST_BELOW"):
        thresholds()
    monkeypatch.setenv("SERVICEGAP_LOYALTY_AT_RISK_BELOW", "lots")
    with pytest.raises(ConfigError, match="SERVICEGAP_LOYALTY_AT_RISK_BELOW"):
        thresholds()


def test_summary_sums_customers_and_value_and_value_at_risk_is_captive_plus_at_risk():
    rows = [
        {"customer": "A", "group": "loyal", "clv": 100.0},
        {"customer": "B", "group": "captive", "clv": 250.5},
        {"customer": "C", "group": "captive", "clv": 49.5},
        {"customer": "D", "group": "at_risk", "clv": 20.0},
        {"customer": "E", "group": "lost", "clv": 1.0},
    ]
    groups, at_risk = summary(rows)
    assert list(groups) == ["loyal", "captive", "at_risk", "lost", "unknown"]
    assert groups["captive"] == {"customers": 2, "clv": 300.0}
    assert groups["unknown"] == {"customers": 0, "clv": 0.0}
    assert at_risk == 320.0
    counts = referral_counts(["A", "A", "B", "Z"], rows)
    assert counts["loyal"] == {"customers": 1, "referrals": 2, "per_customer": 2.0}
    assert counts["captive"] == {"customers": 2, "referrals": 1, "per_customer": 0.5}
    assert counts["unknown"]["per_customer"] is None


def test_transitions_count_customers_in_both_quarters_by_their_groups():
    before = {"A": "loyal", "B": "loyal", "C": "captive", "D": "at_risk", "GONE": "loyal"}
    after = {"A": "loyal", "B": "captive", "C": "lost", "D": "at_risk", "NEW": "loyal"}
    rows = {r["group"]: r for r in transitions(before, after)}
    assert set(rows) == {"loyal", "captive", "at_risk"}
    assert rows["loyal"]["n"] == 2 and rows["loyal"]["loyal"] == 1 and rows["loyal"]["captive"] == 1
    assert rows["captive"]["lost"] == 1 and rows["at_risk"]["at_risk"] == 1


def test_exit_reasons_carry_wilson_intervals_as_published_by_newcombe_1998():
    # Newcombe (1998), Statistics in Medicine 17: 857–872, Table I: 81/263 → 0.2553 to 0.3662,
    # 15/148 → 0.0624 to 0.1605 (the score method without continuity correction).
    picked = {f"C{i}": {"price"} for i in range(81)}
    picked |= {f"D{i}": {"service"} for i in range(182)}
    [service, price] = lost.reasons(picked)
    assert (price["reason"], price["n"], price["of"]) == ("price", 81, 263)
    assert (price["ci_low"], price["ci_high"]) == (25.53, 36.62)
    assert service["share"] == pytest.approx(100 * 182 / 263, abs=0.05)
    picked = {f"C{i}": {"waiting-time"} for i in range(15)} | {f"D{i}": set() for i in range(133)}
    picked |= {f"E{i}": {"other"} for i in range(133)}
    got = {r["reason"]: r for r in lost.reasons(picked)}
    assert got["waiting-time"]["of"] == 148  # an exit answer without a reason is not counted
    assert (got["waiting-time"]["ci_low"], got["waiting-time"]["ci_high"]) == (6.24, 16.05)


def test_several_reasons_of_one_customer_each_count():
    rows = lost.reasons({"A": {"price", "service"}, "B": {"price"}})
    assert [(r["reason"], r["n"], r["of"], r["share"]) for r in rows] == [
        ("price", 2, 2, 100.0), ("service", 1, 2, 50.0)
    ]  # fmt: skip


def test_lost_value_goes_to_the_last_bad_experience_and_adds_up():
    gone = [{"customer": "A", "value": 100.0}, {"customer": "B", "value": 50.0},
            {"customer": "C", "value": 30.0}, {"customer": "D", "value": 5.0}]  # fmt: skip
    last = {"A": ("SVC-UPDATE", ""), "B": ("SVC-UPDATE", ""), "C": ("", "CALLBACK")}
    rows = lost.lost_value(gone, last)
    assert rows[0] == {"touchpoint": "SVC-UPDATE", "standard": None, "customers": 2,
                       "lost_clv": 150.0}  # fmt: skip
    assert rows[-1] == {"touchpoint": None, "standard": None, "customers": 1, "lost_clv": 5.0}
    assert sum(r["lost_clv"] for r in rows) == 185.0


def test_a_lost_customer_takes_away_the_value_they_would_have_had_alive():
    import numpy as np

    from servicegap.loyalty import bgnbd

    fit = bgnbd.Fit(r=0.243, alpha=4.414, a=0.793, b=2.426, log_likelihood=0.0)  # CDNOW
    params = {"r": fit.r, "alpha": fit.alpha, "a": fit.a, "b": fit.b}
    x, tx, T, t = np.array([8.0]), np.array([10.0]), np.array([60.0]), 365.25 / 12 / 7
    alive = bgnbd.p_alive(fit, x, tx, T)[0]
    expected = bgnbd.expected_purchases(fit, t, x, tx, T)[0]
    # the model's expectation is p_alive × what a customer alive now buys
    assert lost.alive_purchases(params, t, 8.0, 60.0) * alive == pytest.approx(expected, rel=1e-9)
    row = {"frequency": 8, "T": 60.0, "expected_spend": 50.0}
    one_month = lost.value_if_alive(params, row, months=1, discount=0.0)
    assert one_month == pytest.approx(50.0 * expected / alive, abs=0.01)
    assert alive < 0.05 and one_month > 10  # the fit's CLV (× p_alive) would say almost nothing
    assert lost.value_if_alive(params, row) > one_month


def test_customers_who_had_a_misery_moment_spent_less_with_an_interval():
    people = [returns.Customer(f"M{i}", 100.0 + i, 3, frozenset({"SVC-UPDATE"})) for i in range(10)]
    people += [returns.Customer(f"P{i}", 300.0 + 2 * i, 10) for i in range(10)]
    [row] = returns.by_experience(people, {"SVC-UPDATE": "Service update"})
    assert (row["experience"], row["code"], row["customers"], row["others"]) == (
        "misery", "SVC-UPDATE", 10, 10)  # fmt: skip
    assert row["difference"] == pytest.approx(104.5 - 309.0)
    assert row["ci_low"] < row["difference"] < row["ci_high"] < 0
    said = returns.sentence(row, "EUR")
    assert said.startswith("Customers who had a misery moment at Service update spent EUR 204 less")
    by = {r["attitude"]: r for r in returns.by_attitude(people)}
    assert by["promoter"]["customers"] == 10 and by["promoter"]["revenue"] == 309.0
    assert by["detractor"]["ci_low"] < 104.5 < by["detractor"]["ci_high"]
    assert by["passive"]["customers"] == 0 and by["passive"]["revenue"] is None
    few = people[:4] + people[10:]  # four customers with the moment: too few to compare
    assert returns.by_experience(few) == []


def test_the_quadrant_puts_captive_customers_top_left_and_sizes_dots_by_value():
    rows = [
        {"customer": "CAP", "group": "captive", "p_alive": 0.95, "nps": 2, "clv": 900.0},
        {"customer": "LOY", "group": "loyal", "p_alive": 0.9, "nps": 10, "clv": 100.0},
        {"customer": "UNK", "group": "unknown", "p_alive": 0.9, "nps": None, "clv": 50.0},
    ]
    groups, _ = summary(rows)
    chart = charts.quadrant(rows, groups, T, "EUR")
    cap, loy = chart["points"]
    assert cap["x"] < chart["splits_x"][0] < chart["splits_x"][1] < loy["x"]
    assert cap["y"] < chart["splits_y"][0] < chart["splits_y"][1]  # up is alive
    assert cap["r"] > loy["r"] and chart["unplotted"] == 1
    assert chart["corners"][0]["text"] == "Captive: 1 · EUR 900"


def test_the_timeline_lays_events_in_lanes_by_date():
    events = [
        {"kind": "transaction", "day": date(2026, 1, 1), "label": "a"},
        {"kind": "response", "day": date(2026, 7, 1), "label": "b", "bad": True},
        {"kind": "case", "day": date(2026, 12, 31), "label": "c"},
    ]
    chart = charts.timeline(events)
    first, middle, last = chart["marks"]
    assert first["x"] == chart["left"] and last["x"] == chart["right"]
    assert first["x"] < middle["x"] < last["x"] and middle["bad"]
    assert first["y"] < middle["y"] < last["y"]
    assert charts.timeline([])["marks"] == []


def test_revenue_is_anchored_at_the_latest_answer_old_enough_and_scaled_to_a_year():
    as_of = date(2026, 12, 31)
    answers = {"A": [(date(2025, 6, 1), 10.0), (date(2026, 11, 30), 2.0)],  # the later is too young
               "B": [(date(2026, 8, 31), 3.0)], "C": [(date(2026, 12, 1), 9.0)]}  # fmt: skip
    spend = {"A": [(date(2025, 6, 1), 999.0), (date(2025, 7, 1), 100.0), (date(2026, 7, 1), 50.0)],
             "B": [(date(2026, 9, 30), 100.0)]}  # fmt: skip
    bad = {"B": [(date(2026, 8, 1), "SVC-UPDATE", ""), (date(2026, 9, 1), "", "CALLBACK")]}
    a, b = returns.anchored(answers, bad, spend, as_of)
    assert (a.code, a.nps, a.revenue) == (
        "A",
        10.0,
        100.0,
    )  # the answer's own day, and after a year: out
    assert (b.code, b.nps) == ("B", 3.0)
    assert b.revenue == pytest.approx(100.0 * 365 / 122, abs=0.01)  # 122 days seen of 365
    assert b.misery == {"SVC-UPDATE"} and b.gaps == frozenset()  # CALLBACK came after the answer
