"""The saved/lost rule and the recovery paradox's NPS difference (servicegap.lib.recovery)."""

from datetime import UTC, date, datetime, timedelta

import pytest

from servicegap.lib.proportions import nps, nps_from_counts
from servicegap.lib.recovery import Evidence, decide, nps_difference, recovery_rate

CLOSED = datetime(2026, 1, 10, 15, tzinfo=UTC)
DAY = date(2026, 1, 10)
LATER = date(2026, 12, 31)  # well past the 180-day horizon


def closed(**over) -> Evidence:
    return Evidence(closed_at=CLOSED, closed_on=DAY, **over)


def test_a_case_that_is_not_closed_is_open():
    assert decide(Evidence(closed_at=None, recovery_answer=5), 180, LATER) == "open"


@pytest.mark.parametrize(("answer", "expected"), [(5, "saved"), (4, "saved"), (3, "unknown")])
def test_the_recovery_answer_4_or_5_saves(answer, expected):
    assert decide(closed(recovery_answer=answer), 180, DAY) == expected


def test_a_recovery_answer_of_an_earlier_closing_does_not_count():
    before = CLOSED - timedelta(days=10)
    assert decide(closed(recovery_answer=5, recovery_answered_at=before), 180, DAY) == "unknown"
    after = CLOSED + timedelta(hours=2)
    assert decide(closed(recovery_answer=5, recovery_answered_at=after), 180, DAY) == "saved"


@pytest.mark.parametrize(("score", "expected"), [(7, "saved"), (6, "unknown")])
def test_the_recovery_surveys_recommend_answer_of_7_or_more_saves(score, expected):
    assert decide(closed(recovery_answer=2, recovery_nps=score), 180, DAY) == expected


def test_a_later_recommend_answer_saves_only_after_the_close_and_within_the_horizon():
    after = CLOSED + timedelta(days=30)
    assert decide(closed(nps_after=[(after, 8.0)]), 180, DAY) == "saved"
    assert decide(closed(nps_after=[(after, 6.0)]), 180, DAY) == "unknown"
    too_late = CLOSED + timedelta(days=181)
    assert decide(closed(nps_after=[(too_late, 10.0)]), 180, DAY) == "unknown"


def test_a_later_transaction_within_the_horizon_saves_but_not_one_on_the_closing_day():
    assert decide(closed(transactions=[date(2026, 3, 1)], known_buyer=True), 180, DAY) == "saved"
    same_day = closed(transactions=[DAY], known_buyer=True)
    assert decide(same_day, 180, DAY) == "unknown"  # may have been before the close
    assert decide(same_day, 180, LATER) == "lost"
    late = closed(transactions=[DAY + timedelta(days=181)], known_buyer=True)
    assert decide(late, 180, LATER) == "lost"


def test_an_exit_survey_after_the_close_loses_even_after_a_good_recovery_answer():
    exit_at = CLOSED + timedelta(days=3)
    assert decide(closed(recovery_answer=5, exits_after=[exit_at]), 180, DAY) == "lost"
    before = CLOSED - timedelta(days=3)
    assert decide(closed(recovery_answer=5, exits_after=[before]), 180, DAY) == "saved"


def test_no_transaction_loses_only_once_the_horizon_has_passed_and_only_a_known_buyer():
    buyer = closed(known_buyer=True)
    assert decide(buyer, 180, DAY + timedelta(days=180)) == "unknown"  # the last day counts
    assert decide(buyer, 180, DAY + timedelta(days=181)) == "lost"
    assert decide(closed(), 180, LATER) == "unknown"  # no transactions on record: silence


def test_recovery_rate_counts_saved_and_lost_only():
    assert recovery_rate(["saved", "lost", "open", "unknown", "saved"]) == (2, 1)


def test_nps_difference_reproduces_the_adjusted_wald_interval_by_hand():
    # Rocks (2016): adjusted counts add 3/4 to promoters and detractors and 3 to n.
    a = nps_from_counts(30, 10, 10)  # NPS 40
    b = nps_from_counts(20, 10, 20)  # NPS 0
    got = nps_difference(a, b)
    pa, da, pb, db = 30.75 / 53, 10.75 / 53, 20.75 / 53, 20.75 / 53
    va = (pa + da - (pa - da) ** 2) / 53
    vb = (pb + db - (pb - db) ** 2) / 53
    centre = (pa - da) - (pb - db)
    half = 1.96 * (va + vb) ** 0.5
    assert got.difference == pytest.approx(40.0)
    assert got.ci_low == pytest.approx(100 * (centre - half))
    assert got.ci_high == pytest.approx(100 * (centre + half))
    assert got.ci_low < 40 < got.ci_high


def test_nps_difference_of_an_empty_side_is_none():
    got = nps_difference(nps([9, 10]), nps([]))
    assert (got.difference, got.ci_low, got.ci_high) == (None, None, None)
