"""Needs and wants: the gaps report by the standards' need_or_want (issue 18, item 5)."""

from __future__ import annotations

import pytest
from scipy import stats

from servicegap.gaps.kinds import run
from servicegap.standards.models import Standard
from tests.report_support import cli_json, respond


@pytest.mark.django_db
def test_gaps_by_need_gives_two_rows_with_n_and_paired_intervals(workspace, standards):
    Standard.objects.filter(code__in=["GREET", "CLEAN"]).update(need_or_want="want")
    Standard.objects.filter(code="CALLBACK").update(need_or_want="need")
    # Each response counts once per row: its mean gap over that row's standards.
    for greet, clean, call in [((6, 4), (6, 6), (7, 3)), ((5, 5), (7, 5), (6, 5)),
                               ((7, 4), (6, 6), (6, 6))]:  # fmt: skip
        respond(
            workspace,
            answers=[
                ("GREET", "expectation", greet[0]),
                ("GREET", "experience", greet[1]),
                ("CLEAN", "expectation", clean[0]),
                ("CLEAN", "experience", clean[1]),
                ("CALLBACK", "expectation", call[0]),
                ("CALLBACK", "experience", call[1]),
            ],
        )
    doc = cli_json("acme", "gaps", "--by", "need")
    assert [r["need"] for r in doc["rows"]] == ["need", "want"]
    need, want = doc["rows"]
    want_diffs = [(-2 + 0) / 2, (0 - 2) / 2, (-3 + 0) / 2]
    need_diffs = [-4, -1, 0]
    for row, diffs in [(need, need_diffs), (want, want_diffs)]:
        ci = stats.ttest_1samp(diffs, 0).confidence_interval()
        assert row["n"] == 3
        assert row["gap"] == pytest.approx(sum(diffs) / 3)
        assert (row["ci_low"], row["ci_high"]) == pytest.approx((ci.low, ci.high))
    assert need["name"].startswith("Needs") and want["name"].startswith("Wants")
    # the engine (API, page) answers the same document as the CLI
    assert run(workspace, "gaps", {"by": "need"}) == doc


@pytest.mark.django_db
def test_a_standard_marked_neither_need_nor_want_is_in_no_row(workspace, standards):
    Standard.objects.filter(code="GREET").update(need_or_want="need")
    respond(
        workspace,
        answers=[
            ("GREET", "expectation", 6),
            ("GREET", "experience", 5),
            ("CLEAN", "expectation", 6),
            ("CLEAN", "experience", 2),
        ],
    )
    rows = run(workspace, "gaps", {"by": "need"})["rows"]
    assert [(r["need"], r["n"], r["gap"]) for r in rows] == [("need", 1, -1.0)]
