"""Schedule periods, next run times and sample sizes (pure)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from servicegap.lib.cadence import add_months, draw, next_run, period_of, sample_size

AT = datetime(2026, 1, 31, 9, 0, tzinfo=UTC)


def test_each_cadence_names_its_period():
    assert period_of("monthly", AT) == "2026-01"
    assert period_of("quarterly", datetime(2026, 5, 1, tzinfo=UTC)) == "2026-Q2"
    assert period_of("yearly", AT) == "2026"
    assert period_of("once", AT) == "once"
    with pytest.raises(ValueError):
        period_of("weekly", AT)


def test_the_31st_moves_to_the_last_day_of_a_shorter_month():
    assert add_months(AT, 1) == datetime(2026, 2, 28, 9, 0, tzinfo=UTC)
    assert add_months(AT, 12) == datetime(2027, 1, 31, 9, 0, tzinfo=UTC)
    assert add_months(datetime(2026, 11, 15, tzinfo=UTC), 3).month == 2


def test_the_next_run_is_after_now_without_catching_up_missed_runs():
    assert next_run("monthly", AT, AT) == datetime(2026, 2, 28, 9, 0, tzinfo=UTC)
    later = datetime(2026, 6, 1, tzinfo=UTC)
    assert next_run("monthly", AT, later) == datetime(2026, 6, 30, 9, 0, tzinfo=UTC)
    assert next_run("quarterly", AT, AT) == datetime(2026, 4, 30, 9, 0, tzinfo=UTC)
    assert next_run("yearly", AT, AT) == datetime(2027, 1, 31, 9, 0, tzinfo=UTC)
    assert next_run("once", AT, AT) is None


def test_a_sample_is_all_a_number_or_a_share_rounded_up():
    assert sample_size(10, None, None) == 10
    assert sample_size(10, 4, None) == 4
    assert sample_size(10, None, 25) == 3
    assert sample_size(10, 2, 50) == 2
    assert sample_size(3, 10, None) == 3
    with pytest.raises(ValueError):
        sample_size(10, None, 0)


def test_a_draw_is_reproducible_and_without_repeats():
    items = list(range(100))
    first, again = draw(items, 10, "send-1"), draw(items, 10, "send-1")
    assert first == again and len(set(first)) == 10
    assert draw(items, 10, "send-2") != first
    assert draw([1, 2], 5, "x") == [1, 2]
