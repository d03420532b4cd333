"""Fact vs perception: the rule that places a standard in one of four quadrants.

Pure computation, no Django: the report (``servicegap.quality.fact_report``) reads the readings
and the customers' gap and asks this module where the standard stands.

* delivered: the indicator's value meets its target in the indicator's direction (on target
  counts as delivered): ``value >= target`` when higher is better, ``value <= target`` otherwise;
* noticed: the customers' gap's 95 % interval is not below 0 (its upper end is 0 or more), i.e.
  the data do not show customers experiencing less than they expect;
* no interval (fewer than two customers rated it) or no target: not placed (``None``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

QUADRANTS = (
    "delivered_noticed",
    "delivered_not_noticed",
    "not_delivered_rated_well",
    "not_delivered",
)


def delivered(value: float | None, target: float | None, higher_is_better: bool) -> bool | None:
    if value is None or target is None:
        return None
    return value >= target if higher_is_better else value <= target


def noticed(ci_low: float | None, ci_high: float | None) -> bool | None:
    if ci_low is None or ci_high is None:
        return None
    return ci_high >= 0


def quadrant(is_delivered: bool | None, is_noticed: bool | None) -> str | None:
    if is_delivered is None or is_noticed is None:
        return None
    if is_delivered:
        return "delivered_noticed" if is_noticed else "delivered_not_noticed"
    return "not_delivered_rated_well" if is_noticed else "not_delivered"


def quarter_of(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def latest_complete_quarter(today: date) -> str:
    """The calendar quarter that ended last before ``today``'s quarter began."""
    first = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    return quarter_of(first - timedelta(days=1))


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None
