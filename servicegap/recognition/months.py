"""The digest's calendar: which month a run on a given day reports, and that month's bounds in
the workspace's time zone. Pure: no Django import.

The job runs daily at 12:00 UTC and sends only when the UTC date is the 1st. At that moment the
previous calendar month has ended in every time zone from UTC-12 to UTC+14, so the month it
reports is complete wherever the workspace is.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo


def is_digest_day(now: datetime) -> bool:
    """True on the 1st of the month (UTC), the one day the digest goes out."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(UTC).day == 1


def previous_month(now: datetime) -> date:
    """The first day of the calendar month before ``now``'s (UTC) month."""
    day = now.astimezone(UTC).date() if now.tzinfo else now.date()
    return date(day.year - 1, 12, 1) if day.month == 1 else date(day.year, day.month - 1, 1)


def next_month(month: date) -> date:
    return date(month.year + 1, 1, 1) if month.month == 12 else date(month.year, month.month + 1, 1)


def month_bounds(month: date, zone: str) -> tuple[datetime, datetime]:
    """[start, end) of ``month`` in the time zone ``zone``, as aware UTC datetimes."""
    tz = ZoneInfo(zone or "UTC")
    first = date(month.year, month.month, 1)
    start = datetime.combine(first, time(), tzinfo=tz)
    end = datetime.combine(next_month(first), time(), tzinfo=tz)
    return start.astimezone(UTC), end.astimezone(UTC)


def month_label(month: date) -> str:
    """'November 2026' (English month names, independent of the server's locale)."""
    return f"{_MONTHS[month.month - 1]} {month.year}"


_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
