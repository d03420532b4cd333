"""The change of each gaps row from the previous period of the same length.

With ``from`` and ``to`` the previous window is the same number of whole calendar periods just
before ``from`` when the range is made of whole periods (March → February, a quarter → the
quarter before), otherwise the same number of days just before ``from``. For ``by=period`` each
row is compared with the calendar period before it. The change is gap now − gap then: Welch's t
on the within-response differences of the two independent periods, with BH q over the rows;
only a significant change (q < 0.05) is called one. A row that is suppressed has no change keys;
a previous group that its own report would suppress gives no change (None), so nothing hidden
can be computed from a change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from servicegap.gaps.data import Ans, Data, load
from servicegap.gaps.filters import Filters, is_period_end, period_key, period_start
from servicegap.gaps.kinds.common import hidden
from servicegap.lib.inference import Moments, bh_adjust, welch_stat

KEYS = ("change", "change_ci_low", "change_ci_high", "change_p", "change_q", "previous_n")

Groups = dict[str, list[Ans]]


def _back(day: date, period: str, k: int) -> date:
    """The start of the period k periods before the one starting on ``day``."""
    for _ in range(k):
        day = period_start(day - timedelta(days=1), period)
    return day


def previous_window(f: Filters) -> tuple[date, date] | None:
    """The previous window of the same length just before ``from`` (None without from and to)."""
    if f.date_from is None or f.date_to is None:
        return None
    start, end = f.date_from, f.date_to
    if period_start(start, f.period) == start and is_period_end(end, f.period):
        k, day = 0, start
        while day <= end:
            k += 1
            day = _next(day, f.period)
        return _back(start, f.period, k), start - timedelta(days=1)
    length = (end - start).days + 1
    return start - timedelta(days=length), start - timedelta(days=1)


def _next(day: date, period: str) -> date:
    """The start of the period after the one that starts on ``day``."""
    probe = day
    while period_start(probe, period) == day:
        probe += timedelta(days=28 if period != "month" else 1)
    return period_start(probe, period)


def previous_period_key(key: str, period: str) -> str:
    if period == "year":
        return str(int(key) - 1)
    if period == "quarter":
        year, q = key.split("-Q")
        start = date(int(year), 3 * (int(q) - 1) + 1, 1)
    else:
        year, month = key.split("-")
        start = date(int(year), int(month), 1)
    return period_key(start - timedelta(days=1), period)


def no_change(out: list[dict[str, Any]]) -> None:
    for row in out:
        if not row.get("suppressed"):
            row.update(dict.fromkeys(KEYS), change_significant=False)


def change_window(f: Filters, by: str) -> tuple[date, date] | None:
    """The window whose groups the rows are compared with (by=period: the one period before)."""
    window = previous_window(f)
    if window is not None and by == "period":
        first = period_start(window[1] + timedelta(days=1), f.period)
        window = (_back(first, f.period, 1), window[1])
    return window


def add_change(
    data: Data,
    by: str,
    groups: Groups,
    out: list[dict[str, Any]],
    grouper: Callable[[Data, str], Groups],
    diffs: Callable[[Data, list[Ans]], list[float]],
    kinds: tuple[str, ...],
    perspectives,
) -> None:
    """Add the change keys to every row of ``out`` that is shown (in place)."""
    f = data.filters
    window = change_window(f, by)
    if window is None and by != "period":
        no_change(out)
        return
    now = {code: Moments.of(diffs(data, answers)) for code, answers in groups.items()}
    before: dict[str, Moments] = {}
    hide_before: set[str] = set()
    if window is not None:
        earlier = load(
            data.workspace, replace(f, date_from=window[0], date_to=window[1]), kinds, perspectives
        )
        earlier_groups = grouper(earlier, by)
        hide_before = hidden(earlier, by, earlier_groups)
        before = {code: Moments.of(diffs(earlier, a)) for code, a in earlier_groups.items()}
    hide_now = hidden(data, by, groups) if by == "period" else set()
    apply_change(out, by, f.period, now, before, hide_now, hide_before)


def apply_change(
    out: list[dict[str, Any]],
    by: str,
    period: str,
    now: dict[str, Moments],
    before: dict[str, Moments],
    hide_now: set[str],
    hide_before: set[str],
) -> None:
    """Compare each shown row's gap moments with its previous group's (Welch, BH over rows)."""
    by_period = by == "period"
    shown = [r for r in out if not r.get("suppressed")]
    for row in shown:
        code = row[by]
        prev_code = previous_period_key(code, period) if by_period else code
        prev: Moments | None
        if by_period and prev_code in now:
            prev = None if prev_code in hide_now else now[prev_code]
        elif prev_code in before and prev_code not in hide_before:
            prev = before[prev_code]
        else:
            prev = None if prev_code in hide_before else Moments.of([])
        if prev is None:
            row.update(dict.fromkeys(KEYS))
            continue
        stat = welch_stat(now[code], prev)
        row.update(
            change=stat.diff,
            change_ci_low=stat.ci_low,
            change_ci_high=stat.ci_high,
            change_p=stat.p,
            previous_n=stat.n_b,
        )
    for row, q in zip(shown, bh_adjust([r["change_p"] for r in shown]), strict=True):
        row["change_q"] = q
        row["change_significant"] = q is not None and q < 0.05
