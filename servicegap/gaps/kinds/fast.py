"""Reports from the aggregates (``servicegap.aggregates.cells``) instead of a scan of every answer.

Used for gaps (every ``by`` but dimension), nps, csat, ces and moments without a segment: every
figure is a function of additive sums per slice, and the anonymity rule of employee, leader and
internal data counts distinct respondents from the presence rows (``guard``). Segments (a person
attribute), by=dimension (a response's mean over a dimension's standards), drivers, Kano,
perception and alerts scan the answers. A property test checks that both paths give the same
document (tests/aggregates/test_cells.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, replace
from datetime import date
from functools import partial
from typing import Any

from django.db.models import Q

from servicegap.aggregates import cells
from servicegap.anonymity.guard import Guard
from servicegap.core.models import Workspace
from servicegap.gaps.data import Data, context
from servicegap.gaps.filters import Filters, period_key
from servicegap.gaps.kinds.gap_change import apply_change, change_window, no_change
from servicegap.gaps.kinds.moments import counted, weakest_of
from servicegap.lib.cells import Sums
from servicegap.lib.inference import bh_adjust, gap_stat, mean_stat
from servicegap.lib.proportions import nps_from_counts, share
from servicegap.lib.scales import PERSPECTIVES

GROUP_COLUMN = {
    None: None, "item": "item", "touchpoint": "touchpoint", "journey": "touchpoint",
    "unit": "unit", "period": "day", "perspective": "perspective",
}  # fmt: skip

Groups = dict[str, dict[str, Sums]]
GAP_MEASURES = ("gap", "pair_expect", "pair_experience", "target_gap")


def applicable(workspace: Workspace, f: Filters) -> bool:
    """Can a kind with a fast path (``ReportKind.fast``) answer these filters from the cells?"""
    return f.segment is None and f.by in GROUP_COLUMN and cells.usable(workspace)


def _groups(
    data: Data,
    by: str | None,
    measures: Sequence[str],
    item_level: bool,
    window: tuple[date | None, date | None],
) -> Groups:
    """Row code → measure → summed cells, for the report's filters and a date window."""
    f = data.filters
    where = Q(perspective__in=perspectives_of(f), measure__in=list(measures))
    where &= ~Q(item="") if item_level else Q(item="")
    if f.unit is not None:
        where &= Q(unit__in=data.chosen_units())
    if f.touchpoint is not None:
        where &= Q(touchpoint=data.chosen_touchpoint())
    where &= cells.window(*window)
    column = GROUP_COLUMN[by]
    found = cells.read(data.workspace, where, (column, "measure") if column else ("measure",))
    code_of = _coder(data, by)
    out: Groups = {}
    for key, sums in found.items():
        code = code_of(key[0]) if column else ""
        if code is None:
            continue
        slot = out.setdefault(code, {})
        measure = key[-1]
        if measure in slot:
            slot[measure].merge(sums)
        else:
            slot[measure] = sums
    return out


def perspectives_of(f: Filters) -> tuple[str, ...]:
    return PERSPECTIVES if f.by == "perspective" else (f.perspective,)


def _coder(data: Data, by: str | None):
    """Cell column value → the row code of ``by`` (None: in no row)."""
    if by == "touchpoint":
        return lambda tp: t[0] if (t := data.touchpoints.get(tp)) else None
    if by == "journey":
        return lambda tp: t[1] if (t := data.touchpoints.get(tp)) else None
    if by == "unit":
        groups = data.unit_groups()
        return lambda unit: groups.get(unit)
    if by == "period":
        return lambda day: period_key(day, data.filters.period)
    return lambda value: value


def _gap_row(m: dict[str, Sums]) -> dict[str, Any]:
    """The figures of ``gaps.gap_figures``: the own-expectation gap and its two means from the
    paired measures, the gap against the target from ``target_gap`` (``servicegap.lib.cells``)."""
    stat = gap_stat(m.get("gap", Sums()).moments())
    target = gap_stat(m.get("target_gap", Sums()).moments())
    return {
        "n": stat.n,
        "expectation_mean": m.get("pair_expect", Sums()).moments().mean,
        "experience_mean": m.get("pair_experience", Sums()).moments().mean,
        "gap": stat.mean,
        "ci_low": stat.ci_low,
        "ci_high": stat.ci_high,
        "p": stat.p,
        "gap_vs_target": target.mean,
        "target_n": target.n,
        "target_ci_low": target.ci_low,
        "target_ci_high": target.ci_high,
    }


TARGET_KEYS = ("gap_vs_target", "target_n", "target_ci_low", "target_ci_high")


def add_q(out: list[dict[str, Any]]) -> None:
    """q (BH over the own-expectation gaps of the rows shown), significant = q < 0.05, and the
    gap against the target after them (its own group of columns on the page), in place."""
    shown = [r for r in out if not r.get("suppressed")]
    for row, q in zip(shown, bh_adjust([r["p"] for r in shown]), strict=True):
        row["q"] = q
        row["significant"] = q is not None and q < 0.05
        for key in TARGET_KEYS:
            row[key] = row.pop(key)


def _zone(m: dict[str, Sums], enough: Callable[[str], bool]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in ("adequacy", "superiority"):
        sums = m.get(name)
        stat = gap_stat(sums.moments()) if sums is not None and sums.n and enough(name) else None
        out[f"{name}_gap"] = stat.mean if stat else None
        out[f"{name}_ci_low"] = stat.ci_low if stat else None
        out[f"{name}_ci_high"] = stat.ci_high if stat else None
    return out


def _guard(data: Data, window: tuple[date | None, date | None]) -> Guard | None:
    f = data.filters
    return Guard(data, perspectives_of(f), window) if f.protected else None


def _rows(by: str, groups: Groups, hide: set[str], figures) -> list[dict[str, Any]]:
    return [
        {by: code, "suppressed": True} if code in hide else {by: code, **figures(groups[code])}
        for code in sorted(groups)
    ]


def gaps(workspace: Workspace, f: Filters) -> dict[str, Any]:
    data = context(workspace, f)
    by = f.by or "item"
    item_level = by == "item"
    # expectation and experience: a row for every rated standard (or response), even one
    # with no figure (an experience without an expectation, of a standard without a target).
    measures: tuple[str, ...] = ("expectation", "experience", *GAP_MEASURES)
    if item_level:
        measures += ("adequacy", "superiority")
    window = (f.date_from, f.date_to)
    groups = _groups(data, by, measures, item_level, window)
    guard = _guard(data, window)
    hide = guard.hidden(by, groups, item_level) if guard else set()
    out = _rows(by, groups, hide, _gap_row)
    add_q(out)
    _change(data, by, item_level, groups, out, hide)
    if item_level:
        for row in out:
            if not row.get("suppressed"):
                ok = partial(guard.enough, row["item"]) if guard else (lambda name: True)
                row.update(_zone(groups[row["item"]], ok))
    return {"rows": out}


def _change(data, by, item_level, groups: Groups, out, hide: set[str]) -> None:
    f = data.filters
    window = change_window(f, by)
    if window is None and by != "period":
        no_change(out)
        return
    now = {code: m.get("gap", Sums()).moments() for code, m in groups.items()}
    before = {}
    hide_before: set[str] = set()
    if window is not None:
        earlier_data = replace(data, filters=replace(f, date_from=window[0], date_to=window[1]))
        earlier = _groups(
            earlier_data, by, ("expectation", "experience", "gap"), item_level, window
        )
        before = {code: m.get("gap", Sums()).moments() for code, m in earlier.items()}
        guard = _guard(earlier_data, window)
        hide_before = guard.hidden(by, earlier, item_level) if guard else set()
    apply_change(out, by, f.period, now, before, hide if by == "period" else set(), hide_before)


def _nps(s: Sums) -> dict[str, Any]:
    return asdict(nps_from_counts(s.c1, s.c2, s.c3))


def _csat(s: Sums) -> dict[str, Any]:
    got = share(s.c1, s.n)
    return {"n": got.n, "satisfied": got.k, "csat_pct": got.pct, "ci_low": got.ci_low,
            "ci_high": got.ci_high}  # fmt: skip


def _ces(s: Sums) -> dict[str, Any]:
    stat = mean_stat(s.moments())
    return {"n": stat.n, "mean": stat.mean, "ci_low": stat.ci_low, "ci_high": stat.ci_high}


SCORES = {"nps": _nps, "csat": _csat, "ces": _ces}


def score(workspace: Workspace, f: Filters) -> dict[str, Any]:
    data = context(workspace, f)
    window = (f.date_from, f.date_to)
    groups = _groups(data, f.by, (f.kind,), False, window)
    figures = SCORES[f.kind]
    guard = _guard(data, window)
    if f.by is None:
        if guard and guard.whole_hidden():
            return {"suppressed": True}
        return figures(groups.get("", {}).get(f.kind, Sums()))
    hide = guard.hidden(f.by, groups, False) if guard else set()
    return {"rows": _rows(f.by, groups, hide, lambda m: figures(m[f.kind]))}


def _moments(s: Sums) -> dict[str, Any]:
    return counted({"magic": s.c1, "mediocrity": s.c2, "misery": s.c3})


def moments(workspace: Workspace, f: Filters) -> dict[str, Any]:
    data = context(workspace, f)
    by = f.by or "touchpoint"
    window = (f.date_from, f.date_to)
    groups = _groups(data, by, ("moment",), False, window)
    guard = _guard(data, window)
    hide = guard.hidden(by, groups, False) if guard else set()
    out = _rows(by, groups, hide, lambda m: _moments(m["moment"]))
    if f.protected:
        return {"rows": [r for r in out if r.get("n", 1)], "weakest": {}}
    per_tp = (
        groups if by == "touchpoint" else _groups(data, "touchpoint", ("moment",), False, window)
    )
    weakest = weakest_of(data, {code: _moments(m["moment"]) for code, m in per_tp.items()})
    return {"rows": [r for r in out if r.get("n", 1)], "weakest": weakest}
