"""The first sentence of each report claims only what the intervals support."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from servicegap.reports import sentences
from servicegap.reports.rounding import decimals, rounded


def gap_row(code: str, gap: float, half: float, n: int = 100) -> dict:
    return {"item": code, "name": f"Name of {code}", "n": n, "gap": gap,
            "ci_low": gap - half, "ci_high": gap + half}  # fmt: skip


rows = st.lists(
    st.tuples(st.floats(-4, 4, allow_nan=False), st.floats(0.01, 3, allow_nan=False)),
    min_size=1,
    max_size=12,
)


@given(rows)
def test_the_gaps_sentence_counts_only_gaps_below_zero_beyond_doubt(drawn):
    doc = {"rows": [gap_row(f"S{i}", g, h) for i, (g, h) in enumerate(drawn)]}
    said = sentences.gaps(doc, "item", {})
    below = [r for r in doc["rows"] if r["ci_high"] < 0]
    if not below:
        assert said.startswith("On none of")
        return
    assert said.startswith(f"Customers get less than they expect on {len(below)} of {len(drawn)}")
    worst = min(below, key=lambda r: r["gap"])
    assert f"The widest gap is {worst['name']} (" in said  # a name, never the code alone


def test_the_sentence_names_the_widest_gap_with_its_interval_and_n():
    doc = {"rows": [gap_row("CALLBACK", -3.0, 0.1, 4000), gap_row("GREET", -0.2, 0.3)]}
    said = sentences.gaps(doc, "item", {"perspective": "customer"})
    assert said == (
        "Customers get less than they expect on 1 of 2 standards. The widest gap is Name of "
        "CALLBACK (\u22123.00 points, 95 % interval \u22123.10 to \u22122.90, n = 4,000)."
    )


def test_perception_claims_a_difference_only_where_the_adjusted_test_says_so():
    row = {"item": "CALLBACK", "name": "Call-backs",
           "customer": {"n": 50, "mean": 3.0}, "leader": {"n": 9, "mean": 6.0},
           "significant": {"leader_vs_customer": False}}  # fmt: skip
    assert "alike" in sentences.perception({"rows": [row]}, "item", {})
    row["significant"]["leader_vs_customer"] = True
    said = sentences.perception({"rows": [row]}, "item", {})
    assert said.startswith("Leaders rate 1 of 1 standards higher") and "Call-backs" in said


def test_a_spread_between_units_within_chance_is_called_so():
    doc = {"rows": [{"unit": "A", "name": "York", "nps": -10.0, "ci_low": -20.0, "ci_high": 0.0},
                    {"unit": "B", "name": "Leeds", "nps": 5.0, "ci_low": -5.0, "ci_high": 15.0}]}  # fmt: skip
    assert "within what chance explains" in sentences.nps(doc, "unit", {})
    doc["rows"][1].update(nps=30.0, ci_low=20.0, ci_high=40.0)
    said = sentences.nps(doc, "unit", {})
    assert said == "The NPS runs from \u221210.0 at York to +30.0 at Leeds."


def test_the_home_sentence_says_what_leaders_think_of_the_widest_gap():
    said = sentences.headline(-1.5, True, ("Call-backs", -3.0), (0.0, False))
    assert said == (
        "Customers rate you 1.5 points below what they expected. The widest gap is Call-backs "
        "(\u22123.0); leaders think it is fine (+0.0)."
    )
    assert "within what chance explains" in sentences.headline(-0.1, False, None, None)


@given(st.floats(1e-6, 1e6, allow_nan=False))
def test_csv_rounding_keeps_the_first_significant_digit_of_the_margin(width):
    places, half = decimals(width), width / 2
    # the margin's first significant digit is the last one written
    if places == 0:
        assert half >= 1 - 1e-12
    elif places == 4:
        assert half < 10**-3
    else:
        assert 10**-places <= half * (1 + 1e-12) and half < 10 ** (1 - places)


def test_csv_rounding_of_a_gaps_row():
    row = {"item": "X", "n": 2600, "expectation_mean": 5.303076923076923, "gap": 0.1376923,
           "ci_low": 0.0871314, "ci_high": 0.18825, "p": 1.0096e-07, "misery_pct": 40.557,
           "misery_ci_low": 36.83, "misery_ci_high": 44.38}  # fmt: skip
    out = rounded(row)
    assert out["gap"] == 0.14 and out["ci_low"] == 0.09 and out["expectation_mean"] == 5.30
    assert out["p"] == 1.01e-07 and out["misery_pct"] == 41 and out["n"] == 2600
    assert all(not re.search(r"\.\d{5,}", str(v)) for v in out.values())
