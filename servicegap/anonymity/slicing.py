"""Which slices of employee, leader and internal data a report may ask for at all: units and whole
calendar periods (one month, quarter or year, or all time), nothing else (docs/anonymity.md, "Fixed
slices only"). Called by ``servicegap.gaps.filters.parse`` for every protected report."""

from __future__ import annotations

from datetime import date

from servicegap.gaps.filters import (
    PERIODS,
    Filters,
    ReportError,
    is_period_end,
    period_key,
    period_start,
)

ALLOWED_SLICES = (
    "employee, leader and internal data may be sliced only by unit and by whole calendar "
    "periods (month, quarter, year)"
)


def check_slicing(f: Filters) -> None:
    """Refuse every slice of protected data but units and whole calendar periods (the first
    defence of docs/anonymity.md: a free window or a segment would allow differencing)."""
    if f.segment is not None:
        raise ReportError("segment", f"{ALLOWED_SLICES}; segments are not allowed")
    if f.touchpoint is not None:
        raise ReportError("touchpoint", f"{ALLOWED_SLICES}; touchpoints are not allowed")
    if f.by in ("touchpoint", "journey"):
        raise ReportError("by", f"{ALLOWED_SLICES}; by touchpoint or journey is not allowed")
    if f.date_from is not None and period_start(f.date_from, f.period) != f.date_from:
        raise ReportError("from", f"{ALLOWED_SLICES}; from must be the first day of a {f.period}")
    if f.date_to is not None and not is_period_end(f.date_to, f.period):
        raise ReportError("to", f"{ALLOWED_SLICES}; to must be the last day of a {f.period}")
    if (f.date_from is None) != (f.date_to is None):
        missing = "to" if f.date_to is None else "from"
        raise ReportError(
            missing, f"{ALLOWED_SLICES}; give both from and to (one calendar period) or neither"
        )
    if (
        f.date_from is not None
        and f.date_to is not None
        and not _one_period(f.date_from, f.date_to)
    ):
        raise ReportError(
            "to",
            f"{ALLOWED_SLICES}; from and to must name one calendar month, quarter or year "
            "(or leave both out for all time)",
        )


def _one_period(start: date, end: date) -> bool:
    return any(
        period_start(start, p) == start
        and is_period_end(end, p)
        and period_key(start, p) == period_key(end, p)
        for p in PERIODS
    )
