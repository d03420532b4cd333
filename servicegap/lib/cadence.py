"""Recurring invitation schedules and samples: periods, next run times, sample sizes. Pure.

A schedule runs once per *period* of its cadence (a month, a quarter, a year, or just once); the
period key is what makes a run unique, so a job that checks twice still sends once.
"""

from __future__ import annotations

import calendar
import random
from collections.abc import Sequence
from datetime import datetime
from typing import TypeVar

CADENCES = ("once", "monthly", "quarterly", "yearly")
MONTHS = {"monthly": 1, "quarterly": 3, "yearly": 12}

T = TypeVar("T")


def period_of(cadence: str, moment: datetime) -> str:
    """The period ``moment`` falls in: ``once``, ``2026-03``, ``2026-Q1`` or ``2026``."""
    if cadence == "once":
        return "once"
    if cadence == "monthly":
        return f"{moment.year:04d}-{moment.month:02d}"
    if cadence == "quarterly":
        return f"{moment.year:04d}-Q{(moment.month - 1) // 3 + 1}"
    if cadence == "yearly":
        return f"{moment.year:04d}"
    raise ValueError(f"unknown cadence {cadence!r}; expected one of {', '.join(CADENCES)}")


def add_months(moment: datetime, months: int) -> datetime:
    """The same day and time ``months`` later; the 31st becomes the month's last day."""
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def next_run(cadence: str, last: datetime, now: datetime) -> datetime | None:
    """The first run time after ``now`` on the cadence that ran at ``last``; None for ``once``.

    Runs missed while no worker was running are not caught up one by one: the next one is in the
    future.
    """
    if cadence == "once":
        return None
    if cadence not in MONTHS:
        raise ValueError(f"unknown cadence {cadence!r}; expected one of {', '.join(CADENCES)}")
    step, n = MONTHS[cadence], 1
    candidate = add_months(last, step)
    while candidate <= now:
        n += 1
        candidate = add_months(last, step * n)
    return candidate


def sample_size(population: int, size: int | None, share: int | None) -> int:
    """How many of ``population`` to ask: all, a fixed number, or a percentage (rounded up)."""
    wanted = population
    if share is not None:
        if not 1 <= share <= 100:
            raise ValueError("share is a percentage between 1 and 100")
        wanted = -(-population * share // 100)
    if size is not None:
        if size < 1:
            raise ValueError("sample size is at least 1")
        wanted = min(wanted, size)
    return min(wanted, population)


def draw(items: Sequence[T], count: int, seed: str) -> list[T]:
    """A reproducible random sample of ``count`` items (all of them, in order, if fewer)."""
    if count >= len(items):
        return list(items)
    return random.Random(seed).sample(list(items), count)  # noqa: S311 - not for security
