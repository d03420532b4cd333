"""Consistency ("with every customer, every time"): how often each group falls below a standard's
target, which groups cannot be told apart, and how much of the variation lies between groups.
Pure: no Django import.

* ``below_target`` — the share of experiences below the target with its 95 % Wilson interval
  (``servicegap.lib.proportions.wilson``).
* ``ties`` — for each group, the other groups whose intervals overlap its own: the table shows
  them as tied, never ranked (two overlapping 95 % intervals do not show a difference).
* ``between_share`` — the share of the variance of the experiences that lies between the groups:
  eta squared of a one-way ANOVA, SS_between / SS_total (Cohen 1973; the same as
  F·df_b / (F·df_b + df_w) from ``scipy.stats.f_oneway``), with the ANOVA's p-value. Eta
  squared, not ICC(1): it needs no assumption of equal group sizes and reads as a plain share.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from servicegap.lib.proportions import wilson


@dataclass(frozen=True)
class Below:
    n: int  # experiences compared with a target
    k: int  # of which below it
    share: float | None  # k / n, 0..1
    ci_low: float | None
    ci_high: float | None


@dataclass(frozen=True)
class Between:
    share: float | None  # eta squared, 0..1; None: fewer than two groups or no variation
    n: int  # experiences
    groups: int  # groups with at least one experience
    p: float | None  # one-way ANOVA F test of equal group means


def below_target(values: Sequence[float], target: Sequence[float]) -> Below:
    """The share of ``values`` below their ``target`` (pairwise), with its Wilson interval."""
    n = len(values)
    if n == 0:
        return Below(0, 0, None, None, None)
    k = sum(1 for v, t in zip(values, target, strict=True) if v < t)
    low, high = wilson(k, n)
    return Below(n, k, k / n, low, high)


def ties(intervals: Mapping[str, tuple[float | None, float | None]]) -> dict[str, list[str]]:
    """Group → the other groups (sorted) whose [low, high] overlaps its own; a group without an
    interval is tied with none."""
    out: dict[str, list[str]] = {}
    for code, (low, high) in intervals.items():
        found = []
        if low is not None and high is not None:
            for other, (lo, hi) in intervals.items():
                if other != code and lo is not None and hi is not None and lo <= high and low <= hi:
                    found.append(other)
        out[code] = sorted(found)
    return out


def between_share(groups: Mapping[str, Sequence[float]]) -> Between:
    """Eta squared of ``groups`` (their values) with the one-way ANOVA p-value."""
    filled = [list(v) for v in groups.values() if len(v)]
    n = sum(len(v) for v in filled)
    if len(filled) < 2 or n <= len(filled):
        return Between(None, n, len(filled), None)
    grand = math.fsum(math.fsum(v) for v in filled) / n
    between = math.fsum(len(v) * (math.fsum(v) / len(v) - grand) ** 2 for v in filled)
    total = math.fsum((x - grand) ** 2 for v in filled for x in v)
    if total <= 0:
        return Between(None, n, len(filled), None)
    df_b, df_w = len(filled) - 1, n - len(filled)
    within = total - between
    from scipy.stats import f as _f  # noqa: PLC0415 (SciPy loads in about a second)

    p = 0.0 if within <= 0 else float(_f.sf((between / df_b) / (within / df_w), df_b, df_w))
    return Between(between / total, n, len(filled), p)
