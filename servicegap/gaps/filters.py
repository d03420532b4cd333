"""The filters every report takes, parsed and checked once for the CLI and the API.

``parse(kind, params)`` turns the raw strings (query parameters or CLI options of the same names)
into a ``Filters`` or raises ``ReportError(field, message)``, which the API answers with 422 and the
CLI prints as one sentence. Employee, leader and internal data may be sliced only by unit and by
whole calendar periods: ``servicegap.anonymity.slicing`` checks that here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from servicegap.lib.errors import FieldError
from servicegap.lib.scales import PERSPECTIVES, PROTECTED_PERSPECTIVES
from servicegap.lib.text import NUL, NUL_MESSAGE
from servicegap.reports import params, registry

PERIODS = params.PERIODS


class ReportError(FieldError):
    """A filter is not valid; ``field`` names the parameter."""


@dataclass(frozen=True)
class Filters:
    kind: str
    by: str | None
    perspective: str
    unit: str | None
    touchpoint: str | None
    date_from: date | None
    date_to: date | None  # inclusive
    period: str
    segment: tuple[str, str] | None
    options: Mapping[str, str | None] = field(default_factory=dict)  # the kind's own parameters

    @property
    def outcome(self) -> str:
        """drivers: the outcome the standards explain."""
        return self.options.get("outcome") or "overall"

    @property
    def protected(self) -> bool:
        """Does the report show employee, leader or internal data?"""
        declared = registry.get(self.kind)
        return (
            self.perspective in PROTECTED_PERSPECTIVES
            or self.by == "perspective"
            or (declared is not None and declared.always_protected)
        )


def period_key(day: date, period: str) -> str:
    if period == "year":
        return f"{day.year}"
    if period == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return f"{day.year}-{day.month:02d}"


def period_start(day: date, period: str) -> date:
    if period == "year":
        return date(day.year, 1, 1)
    if period == "quarter":
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return date(day.year, day.month, 1)


def is_period_end(day: date, period: str) -> bool:
    following = day + timedelta(days=1)
    return period_start(following, period) == following


WINDOW = re.compile(r"^(\d{4})(?:-(?:(\d{2})|Q([1-4])))?$")


def window_bounds(raw: str) -> tuple[date, date]:
    """The first and last day of one calendar period written as a report key: 2026-11 (a
    month), 2026-Q3 (a quarter) or 2026 (a year)."""
    found = WINDOW.match(raw.strip())
    if found is None:
        raise ReportError("window", f"window must be YYYY-MM, YYYY-Qn or YYYY, not {raw!r}")
    year, month, quarter = int(found[1]), found[2], found[3]
    if not YEAR_MIN <= year <= YEAR_MAX or (month is not None and not 1 <= int(month) <= 12):
        raise ReportError("window", f"window must be a month, quarter or year, not {raw!r}")
    if month is not None:
        first, kind = date(year, int(month), 1), "month"
    elif quarter is not None:
        first, kind = date(year, 3 * int(quarter) - 2, 1), "quarter"
    else:
        first, kind = date(year, 1, 1), "year"
    months = {"month": 1, "quarter": 3, "year": 12}[kind]
    index = first.year * 12 + first.month - 1 + months  # the next period's first month
    return first, date(index // 12, index % 12 + 1, 1) - timedelta(days=1)


def _choice(params: Mapping[str, str | None], name: str, allowed, default):
    value = (params.get(name) or "").strip() or default
    if value is not None and value not in allowed:
        raise ReportError(name, f"{name} must be one of {', '.join(allowed)}, not {value!r}")
    return value


# The years a report filter may name. The aggregates' month and period arithmetic (and a
# window's neighbours: the previous period, the alerts' history) steps outside the window, which
# would overflow Python's dates near year 1 and 9999; no survey answer is that old or that new.
YEAR_MIN, YEAR_MAX = 1900, 2999


def _option(values: Mapping[str, str | None], param: params.Param) -> str | None:
    """A kind's own parameter: checked against its choices, or a date, or free text."""
    if param.choices:
        return _choice(values, param.name, param.choices, param.default)
    if param.date:
        day = _date(values, param.name)
        return day.isoformat() if day else param.default
    return (values.get(param.name) or "").strip() or param.default


def _date(params: Mapping[str, str | None], name: str) -> date | None:
    raw = (params.get(name) or "").strip()
    if not raw:
        return None
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        raise ReportError(name, f"{name} must be an ISO date (YYYY-MM-DD), not {raw!r}") from None
    if not YEAR_MIN <= day.year <= YEAR_MAX:
        raise ReportError(
            name, f"{name} must be a date from {YEAR_MIN}-01-01 to {YEAR_MAX}-12-31, not {raw!r}"
        )
    return day


def parse(kind: str, params: Mapping[str, str | None]) -> Filters:
    """Check the raw parameters of one report; raise ReportError naming the first bad one."""
    declared = registry.get(kind)
    if declared is None:
        known = ", ".join(registry.names())
        raise ReportError("kind", f"kind must be one of {known}, not {kind!r}")
    for name, value in params.items():
        if value and NUL in value:
            raise ReportError(name, NUL_MESSAGE)
    own = {p.name for p in declared.params}
    if not declared.filtered:  # the headline: no filter applies; a kind's own params still do
        params = {k: v for k, v in params.items() if k in own}
    by = _choice(params, "by", declared.by, declared.default_by) if declared.by else None
    perspective = _choice(params, "perspective", PERSPECTIVES, "customer")
    # an unfiltered kind may give "period" its own meaning (fact-vs-perception: one quarter)
    own_period = not declared.filtered and "period" in own
    period = "month" if own_period else _choice(params, "period", PERIODS, "month")
    options = {p.name: _option(params, p) for p in declared.params}
    date_from, date_to = _date(params, "from"), _date(params, "to")
    window = (params.get("window") or "").strip()
    if window:
        if date_from or date_to:
            raise ReportError(
                "window", "give one calendar period (window) or from and to, not both"
            )
        date_from, date_to = window_bounds(window)
    if date_from and date_to and date_from > date_to:
        raise ReportError("to", "to must not be before from")
    segment = None
    raw_segment = (params.get("segment") or "").strip()
    if raw_segment:
        key, sep, value = raw_segment.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise ReportError("segment", f"segment must be key=value, not {raw_segment!r}")
        segment = (key.strip(), value.strip())
    filters = Filters(
        kind=kind,
        by=by,
        perspective=perspective,
        unit=(params.get("unit") or "").strip() or None,
        touchpoint=(params.get("touchpoint") or "").strip() or None,
        date_from=date_from,
        date_to=date_to,
        period=period,
        segment=segment,
        options=options,
    )
    if filters.protected:
        from servicegap.anonymity.slicing import check_slicing  # it reads this module's periods

        check_slicing(filters)
    return filters
