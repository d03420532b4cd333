"""eNPS is the NPS formula on "How likely are you to recommend working here?"."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from servicegap.engagement.figures import enps, voice
from servicegap.lib.proportions import nps


def test_enps_by_hand():
    # 5 promoters, 3 passives, 2 detractors of 10: eNPS 30; Rocks (2016) adjusted Wald:
    # n' = 13, p' = 5.75/13, d' = 2.75/13, 30/13 ± 1.96·√((p' + d' − (p' − d')²)/13), ×100.
    got = enps([9, 10, 9, 10, 9, 7, 8, 7, 3, 6])
    p, d = 5.75 / 13, 2.75 / 13
    half = 1.96 * math.sqrt((p + d - (p - d) ** 2) / 13)
    assert got["enps"] == 30.0 and got["enps_n"] == 10
    assert math.isclose(got["ci_low"], 100 * (p - d - half))
    assert math.isclose(got["ci_high"], 100 * (p - d + half))


@given(st.lists(st.integers(min_value=0, max_value=10), max_size=60))
def test_enps_reproduces_the_nps_formula(values):
    got, want = enps([float(v) for v in values]), nps([float(v) for v in values])
    assert (got["enps"], got["ci_low"], got["ci_high"], got["enps_n"]) == (
        want.nps, want.ci_low, want.ci_high, want.n,
    )  # fmt: skip


def test_voice_groups_engagement_statements_and_enablement():
    got = voice([("enps", "", 9.0), ("engagement", "ENG-TOOLS", 6.0),
                 ("engagement", "ENG-TOOLS", 4.0), ("engagement", "ENG-OTHER", 1.0),
                 ("enablement", "GREET", 5.0), ("experience", "GREET", 3.0)])  # fmt: skip
    assert got["tools_mean"] == 5.0 and got["tools_ci_low"] < 5.0 < got["tools_ci_high"]
    assert got["manager_mean"] is None and got["manager_ci_low"] is None  # nobody answered it
    assert got["enablement_mean"] == 5.0 and got["view_mean"] == 3.0
    assert got["enps"] == 100.0
