"""The digest's calendar (servicegap/recognition/months.py) and what a wall shows
(servicegap/recognition/display.py): pure functions on plain values."""

from __future__ import annotations

import datetime as dt

import pytest

from servicegap.recognition.display import first_name, masked
from servicegap.recognition.months import (
    is_digest_day,
    month_bounds,
    month_label,
    previous_month,
)

UTC = dt.UTC


def test_the_digest_day_is_the_first_in_utc():
    assert is_digest_day(dt.datetime(2026, 12, 1, 12, tzinfo=UTC))
    assert not is_digest_day(dt.datetime(2026, 12, 2, 12, tzinfo=UTC))
    # 1 December 08:00 in Tokyo is still 30 November in UTC.
    tokyo = dt.datetime(2026, 12, 1, 8, tzinfo=dt.timezone(dt.timedelta(hours=9)))
    assert not is_digest_day(tokyo)
    with pytest.raises(ValueError):
        is_digest_day(dt.datetime(2026, 12, 1))


def test_the_previous_month_crosses_the_year():
    assert previous_month(dt.datetime(2026, 12, 1, 12, tzinfo=UTC)) == dt.date(2026, 11, 1)
    assert previous_month(dt.datetime(2027, 1, 1, 12, tzinfo=UTC)) == dt.date(2026, 12, 1)


def test_a_months_bounds_are_in_the_workspaces_zone():
    start, end = month_bounds(dt.date(2026, 11, 1), "UTC")
    assert (start, end) == (
        dt.datetime(2026, 11, 1, tzinfo=UTC),
        dt.datetime(2026, 12, 1, tzinfo=UTC),
    )
    start, end = month_bounds(dt.date(2026, 12, 1), "America/New_York")
    assert start == dt.datetime(2026, 12, 1, 5, tzinfo=UTC)  # EST, UTC-5
    assert end == dt.datetime(2027, 1, 1, 5, tzinfo=UTC)
    start, end = month_bounds(dt.date(2026, 3, 1), "Europe/London")  # summer time begins
    assert (start.hour, end.hour, end.day) == (0, 23, 31)


def test_every_zone_has_finished_the_month_when_the_job_runs():
    due = dt.datetime(2026, 12, 1, 12, tzinfo=UTC)
    for zone in ("Etc/GMT+12", "Pacific/Kiritimati", "America/Los_Angeles", "Asia/Tokyo"):
        _, end = month_bounds(previous_month(due), zone)
        assert end <= due, zone


def test_month_labels_are_english_whatever_the_locale():
    assert month_label(dt.date(2026, 11, 1)) == "November 2026"


def test_a_wall_shows_first_names_only():
    assert first_name("Anna Maria Adams") == "Anna"
    assert first_name("  ") == ""


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Call me on 07700 900123, thanks", "Call me on …, thanks"),
        ("Ring +44 (0)7700-900-123 any time", "Ring … any time"),
        ("Write to jane.doe+car@example.co.uk please", "Write to … please"),
        ("Car ready in 2 hours, 5 stars", "Car ready in 2 hours, 5 stars"),
        ("Invoice 2026 paid", "Invoice 2026 paid"),
    ],
)
def test_a_customers_contact_details_are_masked_on_a_wall(text, shown):
    assert masked(text) == shown
