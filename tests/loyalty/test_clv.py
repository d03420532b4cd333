"""Lifetime value: the published CDNOW fit, the models' properties, and the ``clv`` report, whose
CLI and API answer the same document and refuse bad input by naming the field.

The CDNOW sample is read out of the ``lifetimes`` wheel that scripts/test downloads once and names
in SERVICEGAP_LIFETIMES_WHEEL; it is never copied into the repository nor fetched by the test."""

from __future__ import annotations

import os
import zipfile
from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicegap.gaps.kinds import run
from servicegap.loyalty import bgnbd, gammagamma, rfm, value
from servicegap.reports import progress
from tests.loyalty.support import AS_OF, shop
from tests.report_support import cli, cli_json

WHEEL = os.environ.get("SERVICEGAP_LIFETIMES_WHEEL", "")
CDNOW_END = date(1997, 9, 30)


def _cdnow() -> rfm.Summary:
    with zipfile.ZipFile(WHEEL) as wheel:
        text = wheel.read("lifetimes/datasets/CDNOW_sample.txt").decode()
    c, d, m = [], [], []
    for line in text.splitlines():
        fields = line.split()  # customer, sample id, yyyymmdd, CDs, amount
        if fields:
            day = fields[2]
            c.append(int(fields[0]))
            d.append(date(int(day[:4]), int(day[4:6]), int(day[6:])).toordinal())
            m.append(float(fields[4]))
    return rfm.summarise(c, d, m, CDNOW_END.toordinal(), "weeks")


@pytest.mark.skipif(
    not WHEEL,
    reason="the CDNOW sample ships in the lifetimes wheel, which scripts/test downloads and names "
    "in SERVICEGAP_LIFETIMES_WHEEL; run scripts/test (or set it) to check the published fit",
)
def test_the_published_cdnow_parameters_within_one_percent():
    s = _cdnow()
    assert len(s) == 2357
    f = bgnbd.fit(s.frequency, s.recency, s.T)
    for got, published in ((f.r, 0.243), (f.alpha, 4.414), (f.a, 0.793), (f.b, 2.426)):
        assert got == pytest.approx(published, rel=0.01)
    assert f.log_likelihood == pytest.approx(-9582.4, abs=0.1)
    g = gammagamma.fit(s.frequency, s.monetary)
    for got, published in ((g.p, 6.25), (g.q, 3.74), (g.gamma, 15.44)):
        assert got == pytest.approx(published, rel=0.01)
    # the paper's worked customer: x = 2, t_x = 30.43, T = 38.86 expects 1.226 purchases in 39 weeks
    one = np.array
    e = bgnbd.expected_purchases(f, 39, one([2.0]), one([30.43]), one([38.86]))
    assert e[0] == pytest.approx(1.226, abs=0.002)


FIT = bgnbd.Fit(r=0.243, alpha=4.414, a=0.793, b=2.426, log_likelihood=0.0)


@settings(max_examples=80, deadline=None)
@given(
    st.integers(0, 40),
    st.floats(0, 1),
    st.floats(0.5, 80),
    st.floats(0.1, 50),
    st.floats(0.1, 50),
)
def test_bgnbd_properties(x, share, T, t1, extra):
    tx = np.array([0.0 if x == 0 else share * T])
    xs, Ts = np.array([float(x)]), np.array([T])
    p = bgnbd.p_alive(FIT, xs, tx, Ts)[0]
    assert 0 <= p <= 1
    if x == 0:
        assert p == 1  # the model's own property: no repeat purchase, no chance to drop out yet
    near = bgnbd.expected_purchases(FIT, t1, xs, tx, Ts)[0]
    far = bgnbd.expected_purchases(FIT, t1 + extra, xs, tx, Ts)[0]
    assert 0 <= near <= far + 1e-9


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 30), st.floats(1, 500))
def test_expected_spend_lies_between_own_mean_and_the_population_mean(x, m):
    g = gammagamma.Fit(p=6.25, q=3.74, gamma=15.44)
    spend = gammagamma.expected_spend(g, np.array([float(x)]), np.array([m]))[0]
    population = g.p * g.gamma / (g.q - 1)
    assert min(m, population) - 1e-9 <= spend <= max(m, population) + 1e-9


def test_clv_is_discounted_expected_spend():
    s = rfm.Summary(*(np.array(v) for v in ([1, 2], [3.0, 0], [20.0, 0], [30.0, 30], [50.0, 0],
                                              [0, 0], [200.0, 40])))  # fmt: skip
    g = gammagamma.Fit(p=6.25, q=3.74, gamma=15.44)
    bought, spend, plain = value.clv(FIT, g, s, months=12, discount=0.0, unit_days=7)
    assert plain == pytest.approx(bought * spend)  # no discount: purchases × spend
    _, _, dear = value.clv(FIT, g, s, months=12, discount=0.10, unit_days=7)
    assert np.all(dear < plain) and np.all(dear > plain / 1.10)  # within a year's discount
    _, _, longer = value.clv(FIT, g, s, months=24, discount=0.10, unit_days=7)
    assert np.all(longer > dear)


@pytest.mark.django_db
def test_the_cli_and_the_api_agree_on_the_clv_report(client, workspace, api_key):
    shop(workspace)
    doc = cli_json("acme", "clv", "--as-of", AS_OF.isoformat(), "--horizon", "6")
    got = client.get(
        f"/api/v1/reports/clv?as-of={AS_OF}&horizon=6", HTTP_AUTHORIZATION=f"Bearer {api_key}"
    )
    assert got.status_code == 200 and got.json() == doc
    assert set(doc["bgnbd"]) == {"r", "alpha", "a", "b", "log_likelihood"}
    assert set(doc["gamma_gamma"]) == {"p", "q", "gamma"}
    assert doc["customers"] == len(doc["rows"]) == 65 and doc["horizon"] == 6
    rows = {r["customer"]: r for r in doc["rows"]}
    assert set(rows["FAN"]) >= {"frequency", "recency", "T", "p_alive", "expected_purchases",
                                "expected_spend", "clv"}  # fmt: skip
    assert rows["GONE"]["p_alive"] < 0.15 < 0.9 < rows["FAN"]["p_alive"]
    assert rows["FAN"]["clv"] > rows["GONE"]["clv"]
    fading = sum(r["clv"] for r in doc["rows"] if r["p_alive"] < 0.5)
    assert doc["value_at_risk"] == pytest.approx(fading, abs=0.005)
    # the document is customer_values's: the contract the loyalty report builds on
    direct = value.customer_values(workspace, AS_OF, horizon=6)
    assert direct["bgnbd"] == doc["bgnbd"] and direct["customers"] == doc["customers"]
    # the fit tells its steps to whoever watches (the CLI's bar on a terminal, the page's task)
    steps: list[tuple[int, int]] = []
    with progress.reporting(lambda done, total: steps.append((done, total))):
        watched = run(workspace, "clv", {"as-of": AS_OF.isoformat(), "horizon": "6"})
    assert watched == doc and steps == [(i, value.STEPS) for i in range(value.STEPS + 1)]
    days = cli_json("acme", "clv", "--as-of", AS_OF.isoformat(), "--time-unit", "days")
    by_day = {r["customer"]: r for r in days["rows"]}
    assert by_day["FAN"]["T"] == pytest.approx(rows["FAN"]["T"] * 7, abs=0.01)
    assert by_day["FAN"]["p_alive"] == pytest.approx(rows["FAN"]["p_alive"], abs=0.02)


@pytest.mark.django_db
def test_bad_input_names_its_field(client, workspace, api_key):
    shop(workspace)
    for args, field in (
        (("--horizon", "soon"), "horizon"),
        (("--horizon", "0"), "horizon"),
        (("--discount", "1.5"), "discount"),
        (("--time-unit", "months"), "time-unit"),
    ):
        result = cli("acme", "clv", "--as-of", AS_OF.isoformat(), *args, "--json")
        assert result.exit_code != 0 and field in result.output, result.output
        assert "Traceback" not in result.output
    got = client.get("/api/v1/reports/clv?discount=x", HTTP_AUTHORIZATION=f"Bearer {api_key}")
    assert got.status_code == 422 and "discount" in got.content.decode()


@pytest.mark.django_db
def test_too_few_customers_is_a_plain_error(workspace):
    shop(workspace)
    result = cli("acme", "clv", "--as-of", "2025-01-05", "--json")
    assert result.exit_code != 0 and "at least 10 customers" in result.output
    with pytest.raises(ValueError, match="at least 10 customers"):
        value.customer_values(workspace, date(2025, 1, 5))


def test_nearly_poisson_data_fits_at_a_bound_without_error():
    # 300 customers buying at a steady Poisson rate for a year and never leaving: a → 0
    rng = np.random.default_rng(5)
    c, d = [], []
    for who in range(300):
        days = np.unique(np.cumsum(rng.exponential(14, 40)).astype(int))
        days = days[days < 365]
        c += [who] * len(days)
        d += days.tolist()
    s = rfm.summarise(c, d, np.full(len(c), 20.0) + rng.gamma(4, 2, len(c)), 365, "weeks")
    f = bgnbd.fit(s.frequency, s.recency, s.T)
    assert all(np.isfinite([f.r, f.alpha, f.a, f.b, f.log_likelihood]))
    assert f.a < 0.05 or f.b > 100  # hardly anyone drops out
    assert np.mean(bgnbd.p_alive(f, s.frequency, s.recency, s.T)) > 0.95
