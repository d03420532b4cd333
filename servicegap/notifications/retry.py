"""When a failed webhook delivery is tried again: pure, no Django.

The Standard Webhooks specification's suggested schedule: after the first attempt fails, again in
5 seconds, 5 minutes, 30 minutes, 2 hours, 5 hours and 10 hours; after the seventh attempt fails
the delivery is given up (its log keeps the last status and error, and an owner can resend it).
"""

from __future__ import annotations

from datetime import timedelta

SCHEDULE = (
    timedelta(seconds=5),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=5),
    timedelta(hours=10),
)
MAX_ATTEMPTS = len(SCHEDULE) + 1


def next_delay(attempts: int) -> timedelta | None:
    """How long to wait after ``attempts`` attempts have failed; None: give up."""
    if attempts < 1:
        raise ValueError("attempts counts the attempts made, at least 1")
    if attempts > len(SCHEDULE):
        return None
    return SCHEDULE[attempts - 1]
