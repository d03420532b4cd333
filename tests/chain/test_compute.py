"""The chain's figures: the clustered interval, the anonymity rule against subtraction, the weak
rule, declared links without ratings, the Fisher-z correlation and the chain behind a unit."""

from __future__ import annotations

import math

import pytest
from scipy import stats

from servicegap.chain.compute import (
    Rating,
    chain_rows,
    clustered_mean,
    correlation,
    suppressed_links,
    upstream,
)
from servicegap.lib.inference import mean_ci


def test_one_answer_per_respondent_gives_the_plain_t_interval():
    values = [3.0, 4.0, 6.0, 5.0, 2.0, 7.0]
    got = clustered_mean([(i, v) for i, v in enumerate(values)])
    want = mean_ci(values)
    assert got.n == 6 and got.mean == pytest.approx(want.mean)
    assert (got.ci_low, got.ci_high) == (pytest.approx(want.ci_low), pytest.approx(want.ci_high))


def test_several_answers_of_one_person_count_once_and_widen_the_interval():
    # each person answers three items alike: 15 answers, but only 5 independent views
    people = {"a": 2.0, "b": 3.0, "c": 4.0, "d": 5.0, "e": 6.0}
    got = clustered_mean([(who, v) for who, v in people.items() for _ in range(3)])
    naive = mean_ci([v for v in people.values() for _ in range(3)])
    assert got.n == 5 and got.mean == pytest.approx(4.0)
    assert got.ci_high - got.ci_low > naive.ci_high - naive.ci_low
    # equal cluster sizes: the interval of the five people's means
    means = mean_ci(list(people.values()))
    assert (got.ci_low, got.ci_high) == (pytest.approx(means.ci_low), pytest.approx(means.ci_high))


def test_a_single_rater_has_a_mean_but_no_interval():
    got = clustered_mean([("a", 4.0), ("a", 5.0)])
    assert (got.n, got.mean, got.ci_low, got.ci_high) == (1, 4.5, None, None)


def _ratings(supplier, customer, people, value=5.0, prefix=""):
    return [Rating(supplier, customer, f"{prefix}{customer}{i}", value) for i in range(people)]


def test_a_link_below_the_threshold_is_hidden_and_a_declared_link_without_ratings_has_n_0():
    ratings = _ratings("PARTS", "SERVICE", 6) + _ratings("DESK", "SALES", 2, prefix="x")
    rows = chain_rows(ratings, [("FINANCE", "SALES")], threshold=5)
    by = {(r["supplier"], r["customer"]): r for r in rows}
    assert set(by) == {("PARTS", "SERVICE"), ("DESK", "SALES"), ("FINANCE", "SALES")}
    assert by["DESK", "SALES"]["suppressed"] and by["DESK", "SALES"]["n"] is None
    assert by["DESK", "SALES"]["mean"] is None
    assert by["FINANCE", "SALES"] == {
        "supplier": "FINANCE", "customer": "SALES", "n": 0, "mean": None, "ci_low": None,
        "ci_high": None, "weak": False, "suppressed": False,
    }  # fmt: skip
    assert by["PARTS", "SERVICE"]["n"] == 6 and not by["PARTS", "SERVICE"]["suppressed"]
    assert [list(r) for r in rows] == [
        ["supplier", "customer", "n", "mean", "ci_low", "ci_high", "weak", "suppressed"]
    ] * 3


def test_a_link_that_could_be_worked_out_from_the_customer_units_total_is_hidden_too():
    # SERVICE's 9 raters: 6 rate PARTS, 3 rate DESK. The gaps report shows SERVICE's internal
    # total (9); showing PARTS (6) would give away DESK's 3 by subtraction.
    ratings = _ratings("PARTS", "SERVICE", 6) + _ratings("DESK", "SERVICE", 3, prefix="d")
    rows = chain_rows(ratings, [], threshold=5)
    assert all(r["suppressed"] for r in rows)
    # with a third shown link of its own, the two hidden ones are safe (6 + 3 raters hidden)
    ratings += _ratings("FINANCE", "SERVICE", 7, prefix="f")
    hidden = {(r["supplier"], r["customer"]) for r in chain_rows(ratings, [], 5) if r["suppressed"]}
    assert hidden == {("PARTS", "SERVICE"), ("DESK", "SERVICE")}


def test_the_supplier_side_is_guarded_too_and_hiding_repeats_until_stable():
    counts = {("PARTS", "SERVICE"): 8, ("PARTS", "SALES"): 2, ("DESK", "SALES"): 9}
    hidden = suppressed_links(counts, {"SERVICE": 8, "SALES": 11}, {"PARTS": 10, "DESK": 9}, 5)
    # PARTS→SALES (2) is hidden; PARTS's total (10) less PARTS→SERVICE would show it, and SALES's
    # total (11) less DESK→SALES would too: both are hidden as well
    assert hidden == {("PARTS", "SALES"), ("PARTS", "SERVICE"), ("DESK", "SALES")}


def test_weak_means_the_whole_interval_lies_below_the_mean_of_the_shown_links_means():
    ratings = []
    for link, values in {
        ("PARTS", "SERVICE"): [2, 3, 3, 2, 3, 2],
        ("DESK", "SERVICE"): [6, 5, 6, 5, 6, 6],
        ("DESK", "SALES"): [5, 6, 5, 5, 6, 6],
        ("FINANCE", "SALES"): [4, 6, 2, 7, 3, 5],  # low-ish mean but a wide interval
    }.items():
        ratings += [Rating(*link, f"{link}{i}", float(v)) for i, v in enumerate(values)]
    rows = {(r["supplier"], r["customer"]): r for r in chain_rows(ratings, [], threshold=5)}
    benchmark = sum(r["mean"] for r in rows.values()) / 4
    assert rows["PARTS", "SERVICE"]["ci_high"] < benchmark and rows["PARTS", "SERVICE"]["weak"]
    assert rows["FINANCE", "SALES"]["mean"] < benchmark
    assert rows["FINANCE", "SALES"]["ci_high"] > benchmark and not rows["FINANCE", "SALES"]["weak"]
    assert not rows["DESK", "SERVICE"]["weak"] and not rows["DESK", "SALES"]["weak"]


def test_the_correlation_and_its_fisher_interval_match_scipy():
    pairs = [(3.1, 3.9), (5.2, 5.3), (5.0, 4.3), (4.8, 4.6), (5.5, 5.0), (4.1, 4.4)]
    got = correlation(pairs)
    want = stats.pearsonr([p[0] for p in pairs], [p[1] for p in pairs])
    low, high = want.confidence_interval(0.95)
    assert got.units == 6 and got.r == pytest.approx(want.statistic)
    assert (got.ci_low, got.ci_high) == (pytest.approx(low), pytest.approx(high))
    assert math.tanh(math.atanh(got.r)) == pytest.approx(got.r)


def test_fewer_than_four_units_are_too_few_to_tell():
    got = correlation([(1.0, 2.0), (2.0, 3.0), (3.0, 5.0)])
    assert got.too_few and got.units == 3 and got.r is None
    assert correlation([(1.0, 2.0)] * 5).too_few  # no spread: nothing to tell either


def test_the_chain_behind_a_unit_follows_suppliers_of_suppliers_once_round_a_loop():
    links = [("PARTS", "SERVICE"), ("DESK", "SERVICE"), ("SERVICE", "SALES"),
             ("SALES", "FINANCE"), ("FINANCE", "SALES"), ("WAREHOUSE", "PARTS")]  # fmt: skip
    assert upstream("SALES", links) == [
        ("FINANCE", "SALES"), ("SERVICE", "SALES"), ("SALES", "FINANCE"), ("DESK", "SERVICE"),
        ("PARTS", "SERVICE"), ("WAREHOUSE", "PARTS"),
    ]  # fmt: skip
    assert upstream("WAREHOUSE", links) == []


def test_the_graph_puts_suppliers_above_their_customers_and_fits_a_phone():
    from servicegap.chain.graph import BOX_W, layout

    rows = [
        {"supplier": s, "customer": c, "n": 6, "mean": m, "ci_low": m - 0.5, "ci_high": m + 0.5,
         "weak": m < 4, "suppressed": False}
        for s, c, m in (("PARTS", "SERVICE", 3.1), ("DESK", "SERVICE", 5.3),
                        ("DESK", "SALES", 5.5), ("SERVICE", "SALES", 4.8),
                        ("SALES", "FINANCE", 4.6), ("FINANCE", "SALES", 4.9))
    ]  # fmt: skip
    rows.append({"supplier": "X", "customer": "Y", "n": None, "mean": None, "ci_low": None,
                 "ci_high": None, "weak": False, "suppressed": True})  # fmt: skip
    drawing = layout({"PARTS": "Harrogate Parts"}, rows, 7)
    at = {n.code: n for n in drawing.nodes}
    assert at["PARTS"].y < at["SERVICE"].y < at["SALES"].y and at["DESK"].y == at["PARTS"].y
    assert at["X"].y > at["FINANCE"].y  # a second block, below the first
    assert drawing.width <= 360 and all(n.x + BOX_W <= drawing.width for n in drawing.nodes)
    edges = {(e.supplier, e.customer): e for e in drawing.edges}
    assert edges["PARTS", "SERVICE"].weak and edges["PARTS", "SERVICE"].width > 4
    assert edges["PARTS", "SERVICE"].colour != edges["DESK", "SALES"].colour
    assert edges["X", "Y"].dashed and edges["X", "Y"].label == ""
    assert "hidden" in edges["X", "Y"].title and "weak link" in edges["PARTS", "SERVICE"].title
    assert at["PARTS"].lines == [("Harrogate Parts", at["PARTS"].y + 24)]
