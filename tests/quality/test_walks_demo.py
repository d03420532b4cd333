"""The demo's walk-throughs (servicegap/demo/audits.py): a clearly weaker touchpoint, an overdue
round, and a leader who walked no journey this quarter."""

from __future__ import annotations

import pytest

from servicegap.demo import generator
from servicegap.gaps.kinds import run
from servicegap.quality.models import WalkThrough, WalkThroughStep
from servicegap.quality.walk_page import build


@pytest.fixture
def demo(db):
    return generator.build_demo(seed=7, answers=2000).workspace


def test_the_demo_shows_walks_rounds_and_an_undercover_boss(demo):
    assert WalkThrough.objects.filter(workspace=demo, walker_kind="mystery_shopper").count() >= 36
    assert WalkThrough.objects.filter(workspace=demo, walker_kind="leader").count() >= 20
    assert WalkThroughStep.objects.filter(workspace=demo).exclude(photo_type="").exists()
    pooled = {r["touchpoint"]: r for r in run(demo, "audits", {})["touchpoints"]}
    weak = pooled.pop("BUY-FINANCE")
    assert all(weak["ci_high"] < r["ci_low"] for r in pooled.values())  # clearly weaker
    page = build(demo)
    assert [r.state for r in page["rounds"]].count("overdue") == 1
    assert [r.name for r in page["leaders"]["undercover"]] == ["Tom Hughes"]
    assert page["leaders"]["rows"][0].walks[1] > 0  # he walked in the quarter before
