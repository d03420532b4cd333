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


@pytest.mark.django_db
def test_drivers_by_need_sum_the_shares_and_pool_the_gap_of_each_group(workspace, standards, login):
    import random

    Standard.objects.filter(code__in=["GREET", "CLEAN"]).update(need_or_want="want")
    Standard.objects.filter(code="CALLBACK").update(need_or_want="need")
    rnd = random.Random(5)
    for _ in range(30):
        g, c, k = rnd.randint(1, 7), rnd.randint(1, 7), rnd.randint(1, 7)
        overall = max(1, min(7, round(0.7 * c + 0.2 * g + rnd.gauss(0, 0.5))))
        answers = [("GREET", "experience", g), ("CALLBACK", "experience", c)]
        answers += [("CLEAN", "experience", k), ("", "overall", overall)]
        respond(workspace, answers=answers)
    by_item = run(workspace, "drivers", {})
    shares = {r["item"]: r["importance"] for r in by_item["rows"]}
    doc = cli_json("acme", "drivers", "--by", "need")
    assert doc["n"] == by_item["n"] == 30 and doc["r2"] == pytest.approx(by_item["r2"])
    assert [r["need"] for r in doc["rows"]] == ["need", "want"]
    need, want = doc["rows"]
    assert need["importance"] == pytest.approx(shares["CALLBACK"])
    assert want["importance"] == pytest.approx(shares["GREET"] + shares["CLEAN"])
    assert need["importance"] > want["importance"]
    # the gap against the target (6), per response over the row's standards, with its interval
    gaps = {r["item"]: r["gap"] for r in by_item["rows"]}
    assert need["gap"] == pytest.approx(gaps["CALLBACK"])
    assert want["gap"] == pytest.approx((gaps["GREET"] + gaps["CLEAN"]) / 2)
    assert need["n"] == want["n"] == 30 and (need["standards"], want["standards"]) == (1, 2)
    assert need["ci_low"] < need["gap"] < need["ci_high"]
    assert need["name"].startswith("Needs")
    assert run(workspace, "drivers", {"by": "need"}) == doc
    page = login("owner").get("/w/acme/reports/drivers/?by=need")
    html = page.content.decode()
    assert page.status_code == 200 and 'role="img"' in html
    assert "Needs (the problem solved)" in html and "Wants (made to feel good)" in html


@pytest.mark.django_db
def test_moments_refuse_by_need(workspace, standards):
    from servicegap.gaps.filters import ReportError

    with pytest.raises(ReportError) as exc:
        run(workspace, "moments", {"by": "need"})
    assert exc.value.field == "by"
