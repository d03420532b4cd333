"""The demo tells the loyalty story: captive customers (frequent buyers who are detractors) with
value at risk on the loyalty page, exit-survey reasons, the touchpoint that loses most value,
and referrals."""

from __future__ import annotations

import datetime as dt

import pytest

END = dt.date(2026, 11, 30)


@pytest.fixture
def demo(db):
    from servicegap.demo.generator import build_demo

    return build_demo(seed=7, answers=3000, end=END).workspace


def test_the_demo_shows_captive_customers_value_at_risk_and_where_value_is_lost(demo, client):
    from django.contrib.auth import get_user_model

    from servicegap.gaps.kinds import run
    from servicegap.people.models import Person

    doc = run(demo, "loyalty", {})
    captive = [r for r in doc["rows"] if r["group"] == "captive"]
    assert len(captive) >= 40 and doc["value_at_risk"] > 0
    frequent = sorted(r["frequency"] for r in doc["rows"])[len(doc["rows"]) * 3 // 4]
    assert sum(r["frequency"] > frequent for r in captive) >= 30  # frequent buyers, detractors
    assert doc["captive_comments"]
    assert Person.objects.of(demo).filter(referred_by__isnull=False).count() > 100
    lost = run(demo, "lost", {})
    assert lost["reasons"]
    top = next(r for r in lost["rows"] if r["touchpoint"] or r["standard"])
    assert top["touchpoint"] == "SVC-UPDATE"
    owner = get_user_model().objects.get(email="owner@demo.servicegap.test")
    client.force_login(owner)
    page = client.get("/w/demo/loyalty/").content.decode()
    assert "are captive" in page and f"{doc['value_at_risk']:,.0f}" in page
