"""The gaps report's change from the previous period, SERVQUAL weighted score and zone of
tolerance (issue 4, item 1), checked against figures computed by hand and by scipy."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime

import pytest
from scipy import stats

from servicegap.gaps.filters import parse
from servicegap.gaps.kinds import run
from servicegap.gaps.kinds.gap_change import previous_period_key, previous_window
from tests.report_support import respond

FEB = datetime(2026, 2, 10, 10, tzinfo=UTC)
MARCH = {"from": "2026-03-01", "to": "2026-03-31"}
CHANGE_KEYS = ("change", "change_ci_low", "change_ci_high", "change_p", "change_q", "previous_n")


def row(report, key, code):
    return next(r for r in report["rows"] if r[key] == code)


def greet(ws, pairs, when=None, **kw):
    for e, x in pairs:
        extra = {"when": when} if when else {}
        respond(
            ws, answers=[("GREET", "expectation", e), ("GREET", "experience", x)], **extra, **kw
        )


@pytest.mark.django_db
def test_change_is_welch_between_this_month_and_the_month_before(workspace, standards):
    greet(workspace, [(6, 4), (7, 5), (5, 4)])  # March: gaps -2, -2, -1
    greet(workspace, [(5, 5), (5, 6), (6, 6), (4, 5)], when=FEB)  # February: 0, 1, 0, 1
    r = row(run(workspace, "gaps", MARCH), "item", "GREET")
    t = stats.ttest_ind([-2, -2, -1], [0, 1, 0, 1], equal_var=False)
    ci = t.confidence_interval()
    assert r["change"] == pytest.approx(-5 / 3 - 0.5)
    assert (r["change_ci_low"], r["change_ci_high"]) == pytest.approx((ci.low, ci.high))
    assert r["change_p"] == pytest.approx(t.pvalue)
    assert r["change_q"] == pytest.approx(t.pvalue)
    assert r["change_significant"] is bool(t.pvalue < 0.05)
    assert r["previous_n"] == 4 and r["n"] == 3 and r["gap"] == pytest.approx(-5 / 3)


@pytest.mark.django_db
def test_without_from_and_to_or_without_earlier_data_the_change_is_none_never_nan(
    workspace, standards
):
    greet(workspace, [(6, 4), (7, 5)])
    r = row(run(workspace, "gaps", {}), "item", "GREET")
    assert all(r[k] is None for k in CHANGE_KEYS) and r["change_significant"] is False
    r = row(run(workspace, "gaps", MARCH), "item", "GREET")
    assert r["previous_n"] == 0 and r["change"] is None and r["change_p"] is None
    greet(workspace, [(5, 5)], when=FEB)  # one earlier answer: a change but no interval
    r = row(run(workspace, "gaps", MARCH), "item", "GREET")
    assert r["change"] == pytest.approx(-2.0) and r["change_ci_low"] is None
    assert r["change_significant"] is False
    assert not any(isinstance(v, float) and math.isnan(v) for v in r.values())


@pytest.mark.django_db
def test_by_period_rows_compare_with_the_calendar_period_before(workspace, standards):
    greet(workspace, [(6, 4), (7, 5), (5, 4)])
    greet(workspace, [(5, 5), (5, 6)], when=FEB)
    greet(workspace, [(5, 6), (5, 6)], when=datetime(2026, 1, 10, tzinfo=UTC))
    rows = run(workspace, "gaps", {"by": "period"})["rows"]
    jan, feb, mar = rows
    assert jan["previous_n"] == 0 and jan["change"] is None
    assert feb["change"] == pytest.approx(0.5 - 1) and feb["previous_n"] == 2
    assert mar["change"] == pytest.approx(-5 / 3 - 0.5)
    # With from/to the first month is compared with the month before `from`, loaded apart.
    only = run(workspace, "gaps", {"by": "period", **MARCH})["rows"]
    assert [(r["period"], r["previous_n"]) for r in only] == [("2026-03", 2)]
    assert only[0]["change"] == pytest.approx(mar["change"])


def test_the_previous_window_has_the_same_length_in_whole_periods_or_days():
    def window(**params):
        return previous_window(parse("gaps", params))

    assert window(**{"from": "2026-01-01", "to": "2026-03-31"}) == (
        date(2025, 10, 1),
        date(2025, 12, 31),
    )
    assert window(**MARCH) == (date(2026, 2, 1), date(2026, 2, 28))
    assert window(**{"from": "2026-03-05", "to": "2026-03-14"}) == (
        date(2026, 2, 23),
        date(2026, 3, 4),
    )
    q = {"from": "2026-04-01", "to": "2026-06-30", "period": "quarter"}
    assert window(**q) == (date(2026, 1, 1), date(2026, 3, 31))
    assert window(**{"from": "2026-03-05"}) is None
    assert previous_period_key("2026-Q1", "quarter") == "2025-Q4"
    assert previous_period_key("2026-01", "month") == "2025-12"
    assert previous_period_key("2026", "year") == "2025"


@pytest.mark.django_db
def test_protected_change_hides_a_previous_group_below_the_threshold(workspace, standards):
    def employees(count, prefix, when, value):
        for i in range(count):
            respond(
                workspace,
                "employee",
                [("GREET", "expectation", 6), ("GREET", "experience", value)],
                respondent=f"{prefix}{i}",
                when=when,
            )

    employees(5, "M", datetime(2026, 3, 10, tzinfo=UTC), 5)
    employees(2, "F", FEB, 3)
    # January hides with February (the quarter is shown), so March stays visible.
    employees(5, "J", datetime(2026, 1, 10, tzinfo=UTC), 4)
    params = {"perspective": "employee", **MARCH}
    r = row(run(workspace, "gaps", params), "item", "GREET")
    assert r["n"] == 5 and all(r[k] is None for k in CHANGE_KEYS)
    employees(3, "G", FEB, 3)  # now five in February: the change may be shown
    r = row(run(workspace, "gaps", params), "item", "GREET")
    assert r["previous_n"] == 5 and r["change"] == pytest.approx(2.0)
    employees(4, "X", datetime(2026, 3, 11, tzinfo=UTC), 5)
    respond(workspace, "employee", [("CLEAN", "experience", 5)], respondent="Y")
    rows = run(workspace, "gaps", params)["rows"]
    hidden = row({"rows": rows}, "item", "CLEAN")
    assert {k: v for k, v in hidden.items() if k != "name"} == {"item": "CLEAN", "suppressed": True}


def answers_3p(e_x_by_code, importance):
    out = []
    for code, (e, x) in e_x_by_code.items():
        out += [(code, "expectation", e), (code, "experience", x)]
    return out + [(dim, "importance", pts) for dim, pts in importance.items()]


@pytest.mark.django_db
def test_weighted_servqual_score_reproduces_the_worked_example(workspace, standards):
    # Worked example (by hand). Gaps: GREET (people) -2, -1; CALLBACK (process) 0, -2;
    # CLEAN (product) -3, 0 → dimension gaps -1.5, -1, -1.5. Importance points: people 50 and 30,
    # process 30 and 30, product 20 and 40 → weights 0.4, 0.3, 0.3.
    # Weighted gap = 0.4 × -1.5 + 0.3 × -1 + 0.3 × -1.5 = -0.6 - 0.3 - 0.45 = -1.35.
    respond(
        workspace,
        answers=answers_3p(
            {"GREET": (6, 4), "CALLBACK": (5, 5), "CLEAN": (7, 4)},
            {"people": 50, "process": 30, "product": 20},
        ),
    )
    respond(
        workspace,
        answers=answers_3p(
            {"GREET": (6, 5), "CALLBACK": (6, 4), "CLEAN": (5, 5)},
            {"people": 30, "process": 30, "product": 40},
        ),
    )
    doc = run(workspace, "gaps", {"by": "dimension"})
    assert doc["weights"] == pytest.approx({"people": 0.4, "process": 0.3, "product": 0.3})
    assert doc["weighted_gap"] == pytest.approx(-1.35)
    assert {r["dimension"]: r["gap"] for r in doc["rows"]} == pytest.approx(
        {"people": -1.5, "process": -1.0, "product": -1.5}
    )
    assert "weighted_gap" not in run(workspace, "gaps", {})


@pytest.mark.django_db
def test_by_dimension_adds_servqual_rows_and_weights_them_when_their_importance_is_given(
    workspace, standards
):
    from servicegap.standards.models import Standard

    Standard.objects.filter(code="GREET").update(servqual="empathy")
    Standard.objects.filter(code="CALLBACK").update(servqual="responsiveness")
    greet_cb = {"GREET": (6, 4), "CALLBACK": (5, 4)}  # gaps -2 and -1
    respond(workspace, answers=answers_3p(greet_cb, {}))
    doc = run(workspace, "gaps", {"by": "dimension"})
    gaps = {r["dimension"]: r["gap"] for r in doc["rows"]}
    assert gaps == {"people": -2.0, "process": -1.0, "empathy": -2.0, "responsiveness": -1.0}
    assert doc["weighted_gap"] is None and doc["weights"] is None
    respond(workspace, answers=answers_3p(greet_cb, {"empathy": 60, "responsiveness": 40}))
    doc = run(workspace, "gaps", {"by": "dimension"})
    # 0.6 × -2 + 0.4 × -1 = -1.6
    assert doc["weights"] == pytest.approx({"empathy": 0.6, "responsiveness": 0.4})
    assert doc["weighted_gap"] == pytest.approx(-1.6)


@pytest.mark.django_db
def test_zone_of_tolerance_pairs_experience_with_adequate_and_desired(workspace, standards):
    for x, a, d in [(5, 4, 6), (4, 4, 7), (6, 3, 6)]:
        respond(
            workspace,
            answers=[("GREET", "experience", x), ("GREET", "adequate", a), ("GREET", "desired", d)],
        )
    respond(workspace, answers=[("CLEAN", "experience", 4)])
    doc = run(workspace, "gaps", {})
    r = row(doc, "item", "GREET")
    for name, diffs in (("adequacy", [1, 0, 3]), ("superiority", [-1, -3, 0])):
        ci = stats.ttest_1samp(diffs, 0).confidence_interval()
        assert r[f"{name}_gap"] == pytest.approx(sum(diffs) / 3)
        assert (r[f"{name}_ci_low"], r[f"{name}_ci_high"]) == pytest.approx((ci.low, ci.high))
    assert r["target_n"] == 3 and r["gap_vs_target"] == pytest.approx(5 - 6)  # unchanged
    clean = row(doc, "item", "CLEAN")
    assert clean["adequacy_gap"] is None and clean["superiority_ci_high"] is None
