"""The data of an action's effect: its windows, its responses, its control (docs/actions.md).

Measured over the customer responses that rated the action's standards (answers whose item is
one of their codes, of kind experience or expectation), or, for an action without standards,
the responses at its touchpoints; in its units and their subtrees (every unit when it has none).
The control is the responses whose unit is neither in those subtrees nor an ancestor of one of
its units (an ancestor's responses are partly the treated units' own customers); an action
without units has none. The statistics are ``servicegap.actions.effect``.

One query per action: the answers of the customer responses submitted in its two windows,
grouped in SQL to one row per response and standard (its experience and expectation, rescaled
to the workspace scale), so Python sees a few thousand rows, not the whole answer table.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Case, FloatField, Max, Value, When
from django.db.models.functions import Cast
from django.utils import timezone

from servicegap.actions import effect as stats
from servicegap.actions.models import Action, ActionStandard, ActionTouchpoint, ActionUnit
from servicegap.core.models import Workspace
from servicegap.people.models import Unit
from servicegap.surveys.models import Answer

BEFORE_DAYS = 90  # the before window: the 90 days before the start
AFTER_DELAY = 14  # the after window starts 14 days after the start (the change takes hold) …
AFTER_DAYS = 90  # … and lasts 90 days, or to today


@dataclass(frozen=True)
class Windows:
    before_from: date
    before_to: date  # inclusive
    after_from: date
    after_to: date  # inclusive: the set end, or today when that is earlier
    after_days: int  # days of the after window that have passed (0 before it begins)

    def as_dict(self) -> dict[str, Any]:
        return {
            "before": {"from": self.before_from.isoformat(), "to": self.before_to.isoformat()},
            "after": {"from": self.after_from.isoformat(), "to": self.after_to.isoformat()},
        }


def today(workspace: Workspace) -> date:
    return timezone.now().astimezone(ZoneInfo(workspace.time_zone or "UTC")).date()


def bounds(action: Action) -> tuple[date, date, date, date] | None:
    """The action's windows as set (its own dates where given, else the defaults from its
    start), the after window's end not yet cut at today; None when it has no start and not
    every end is set."""
    start = action.started_on
    if start is None and None in (
        action.before_from,
        action.before_to,
        action.after_from,
        action.after_to,
    ):
        return None

    def given_or(day: date | None, days: int) -> date:
        if day is not None:
            return day
        assert start is not None  # without a start every end is set (above)
        return start + timedelta(days=days)

    before_from = given_or(action.before_from, -BEFORE_DAYS)
    before_to = given_or(action.before_to, -1)
    after_from = given_or(action.after_from, AFTER_DELAY)
    after_to = action.after_to or after_from + timedelta(days=AFTER_DAYS - 1)
    return before_from, before_to, after_from, after_to


def windows(action: Action, on: date) -> Windows | None:
    """The action's windows as of day ``on``: the after window ends at ``on`` at the latest."""
    got = bounds(action)
    if got is None:
        return None
    before_from, before_to, after_from, after_to = got
    end = min(after_to, on)
    days = max(0, (end - after_from).days + 1)
    return Windows(before_from, before_to, after_from, max(end, after_from), days)


@dataclass(frozen=True)
class Scope:
    """What an action is measured on."""

    standards: list[str]  # codes
    touchpoints: dict[int, str]  # id → code; used only without standards
    units: list[str]  # the action's own unit codes (empty: every unit)
    treated: set[int] | None  # unit ids in their subtrees; None: every response
    control: set[int] | None  # unit ids of the control; None: no control

    def describe(self) -> str:
        """What was measured, in words: ``experience on CALLBACK in 3 units and below``."""
        if self.standards:
            what = f"experience on {', '.join(self.standards)}"
        elif self.touchpoints:
            what = f"experience at {', '.join(sorted(self.touchpoints.values()))}"
        else:
            return "nothing: the action names no standard and no touchpoint"
        if not self.units:
            return f"{what} in every unit"
        if len(self.units) == 1:
            return f"{what} in {self.units[0]} and below"
        return f"{what} in {len(self.units)} units and below"


def tree(workspace: Workspace) -> dict[int, tuple[str, int | None]]:
    """Unit id → (code, parent id)."""
    rows = Unit.objects.of(workspace).values_list("pk", "code", "parent_id")
    return {pk: (code, parent) for pk, code, parent in rows}


def scope(action: Action, units: dict[int, tuple[str, int | None]]) -> Scope:
    ws = action.workspace_id
    standards = sorted(
        ActionStandard.objects.of(ws).filter(action=action).values_list("standard__code", flat=True)
    )
    touchpoints = dict(
        ActionTouchpoint.objects.of(ws)
        .filter(action=action)
        .values_list("touchpoint_id", "touchpoint__code")
    )
    own = set(ActionUnit.objects.of(ws).filter(action=action).values_list("unit_id", flat=True))
    codes = sorted(units[u][0] for u in own if u in units)
    if not own:
        return Scope(standards, touchpoints, codes, None, None)
    children: dict[int | None, list[int]] = defaultdict(list)
    for uid, (_, parent) in units.items():
        children[parent].append(uid)
    treated, todo = set(), list(own)
    while todo:
        uid = todo.pop()
        if uid not in treated:
            treated.add(uid)
            todo.extend(children.get(uid, ()))
    ancestors = set()
    for uid in own:
        parent = units.get(uid, ("", None))[1]
        while parent is not None and parent not in ancestors:
            ancestors.add(parent)
            parent = units.get(parent, ("", None))[1]
    control = set(units) - treated - ancestors
    return Scope(standards, touchpoints, codes, treated, control)


def _rescaled(w: int) -> Any:
    """The answer's value on the workspace scale (1…w) from its response's scale."""
    value = Cast("value_num", FloatField())
    scale = Cast("response__scale_max", FloatField())
    return Value(1.0) + (value - Value(1.0)) * Value(float(w - 1)) / (scale - Value(1.0))


@dataclass
class Samples:
    """Per-response values of one action, split by group and window."""

    treated: stats.Pair
    control: stats.Pair | None
    gap: stats.Pair
    control_units: int


def samples(action: Action, s: Scope, win: Windows) -> Samples:
    ws = action.workspace
    zone = ZoneInfo(ws.time_zone or "UTC")
    first = min(win.before_from, win.after_from)
    last = max(win.before_to, win.after_to)
    qs = Answer.objects.of(ws).filter(
        response__workspace=ws,
        response__perspective="customer",
        response__submitted_at__gte=datetime.combine(first, time(), zone),
        response__submitted_at__lt=datetime.combine(last + timedelta(days=1), time(), zone),
        kind__in=("experience", "expectation"),
        value_num__isnull=False,
    )
    if s.standards:
        qs = qs.filter(item__in=s.standards)
    elif s.touchpoints:
        qs = qs.filter(response__touchpoint_id__in=list(s.touchpoints))
    else:
        qs = qs.none()
    value = _rescaled(int(ws.scale_max))
    rows = (
        qs.values("response_id", "item", "response__unit_id", "response__submitted_at")
        .annotate(
            exp=Max(Case(When(kind="experience", then=value), output_field=FloatField())),
            expc=Max(Case(When(kind="expectation", then=value), output_field=FloatField())),
        )
        .values_list("response_id", "response__unit_id", "response__submitted_at", "exp", "expc")
        .order_by()
    )
    # response → [unit, day, experience values, paired gaps]
    per: dict[int, list[Any]] = {}
    for rid, unit, at, exp, expc in rows.iterator(chunk_size=20_000):
        slot = per.setdefault(rid, [unit, at, [], []])
        if exp is not None:
            slot[2].append(exp)
            if expc is not None:
                slot[3].append(exp - expc)
    groups: dict[str, tuple[list[float], list[float]]] = {
        g: ([], []) for g in ("treated", "control", "gap_t")
    }
    control_units: set[int] = set()
    for unit, at, exps, gaps in per.values():
        day = at.astimezone(zone).date()
        if win.before_from <= day <= win.before_to:
            side = 0
        elif win.after_from <= day <= win.after_to:
            side = 1
        else:
            continue  # between the windows, or in neither
        if s.treated is None or unit in s.treated:
            if exps:
                groups["treated"][side].append(sum(exps) / len(exps))
            if gaps:
                groups["gap_t"][side].append(sum(gaps) / len(gaps))
        elif s.control is not None and unit in s.control and exps:
            groups["control"][side].append(sum(exps) / len(exps))
            control_units.add(unit)
    control = stats.Pair(*groups["control"]) if s.control is not None else None
    return Samples(
        stats.Pair(*groups["treated"]), control, stats.Pair(*groups["gap_t"]), len(control_units)
    )


def _figure(e: stats.Estimate) -> tuple[float | None, float | None, float | None]:
    return e.estimate, e.ci_low, e.ci_high


def measured(action: Action, units: dict[int, tuple[str, int | None]], on: date) -> dict[str, Any]:
    """The report row of one action: what was measured, the windows, the figures, the verdict."""
    s = scope(action, units)
    win = windows(action, on)
    row: dict[str, Any] = {
        "action": action.code,
        "title": action.title,
        "status": action.status,
        "measure": s.describe(),
    }
    empty = {"n": 0, "mean": None, "ci_low": None, "ci_high": None}
    if win is None or not (s.standards or s.touchpoints):
        return row | {
            "before": empty, "after": empty, "change": None, "change_ci_low": None,
            "change_ci_high": None, "did": None, "verdict": "too_early", "windows": None,
        }  # fmt: skip
    got = samples(action, s, win)
    e = stats.effect(got.treated, win.after_days, got.control, got.gap)
    change, low, high = _figure(e.change)
    row |= {
        "before": e.before.as_dict(),
        "after": e.after.as_dict(),
        "change": change,
        "change_ci_low": low,
        "change_ci_high": high,
        "did": None,
        "verdict": e.verdict,
        "windows": win.as_dict(),
    }
    if e.did is not None and e.control_before is not None and e.control_after is not None:
        estimate, low, high = _figure(e.did)
        row["did"] = {
            "estimate": estimate, "ci_low": low, "ci_high": high,
            "control_units": got.control_units,
            "control_before_n": e.control_before.n, "control_after_n": e.control_after.n,
        }  # fmt: skip
    if e.gap_change is not None and e.gap_before is not None and e.gap_after is not None:
        change, low, high = _figure(e.gap_change)
        row |= {
            "gap_before": e.gap_before.as_dict(),
            "gap_after": e.gap_after.as_dict(),
            "gap_change": change,
            "gap_change_ci_low": low,
            "gap_change_ci_high": high,
        }
    return row


def measure_all(workspace: Workspace, actions: list[Action] | None = None) -> list[dict[str, Any]]:
    """The report rows of ``actions`` (default: every action of the workspace, by code)."""
    if actions is None:
        actions = list(Action.objects.of(workspace).order_by("code"))
    units = tree(workspace)
    on = today(workspace)
    return [measured(a, units, on) for a in actions]
