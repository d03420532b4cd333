"""The measured effect of an improvement action: plain statistics, no Django.

The observation is one customer response (the mean of its experience ratings on the action's
standards), because the answers of one response are not independent. Given those values in the
before and the after window, for the units that got the action and, where there is one, for the
control (the units that did not), ``effect`` computes (docs/actions.md has the formulas):

- each window's mean with its 95 % t interval;
- the change after − before with its Welch 95 % interval (Welch–Satterthwaite df:
  ``servicegap.lib.inference.welch_stat``, the project's one Welch);
- where the responses also gave their own expectation, the change of their gap (experience −
  expectation, paired within the response) beside it, the same way;
- the difference-in-differences (after − before of the treated) − (after − before of the
  control) with its interval: the four means come from four sets of different responses, so
  they are independent and the variance of the estimate is the sum of the four means'
  variances, s²/n each. Its df is Satterthwaite's (1946) for a sum of independent variance
  estimates, Σv)² / Σ(v²/(n−1)): the same approximation Welch's test uses for two means (for
  which it reduces to Welch's df), so the change and the difference-in-differences are judged
  alike; with the hundreds of responses a window usually holds it equals the normal
  approximation, and with few responses it is the more cautious of the two;
- the verdict: ``too_early`` when the after window holds fewer than ``MIN_RESPONSES`` responses
  or is not yet ``MIN_DAYS`` days long; ``worked`` when the change's interval lies above 0 (and
  the difference-in-differences' too, where there is a control); ``worse`` when both lie below
  0; otherwise ``no_change``. A control with fewer than two responses in a window gives no
  interval, so it is left out (``did`` None) rather than blocking every verdict.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from scipy import stats as _st

from servicegap.lib.inference import LEVEL, Moments, mean_stat, welch_stat

MIN_RESPONSES = 30  # in the after window, before any verdict but "too_early"
MIN_DAYS = 30  # the after window's length so far
VERDICTS = ("worked", "worse", "no_change", "too_early")


@dataclass(frozen=True)
class Summary:
    """One window's mean with its 95 % t interval (bounds None below two responses)."""

    n: int
    mean: float | None
    ci_low: float | None
    ci_high: float | None

    @classmethod
    def of(cls, m: Moments) -> Summary:
        got = mean_stat(m)
        return cls(got.n, got.mean, got.ci_low, got.ci_high)

    def as_dict(self) -> dict[str, Any]:
        return {"n": self.n, "mean": self.mean, "ci_low": self.ci_low, "ci_high": self.ci_high}


@dataclass(frozen=True)
class Estimate:
    """A difference with its 95 % interval (bounds None where it is undefined)."""

    estimate: float | None
    ci_low: float | None
    ci_high: float | None

    @property
    def above_zero(self) -> bool:
        return self.ci_low is not None and self.ci_low > 0

    @property
    def below_zero(self) -> bool:
        return self.ci_high is not None and self.ci_high < 0


@dataclass(frozen=True)
class Pair:
    """The values of one group in the before and the after window."""

    before: Sequence[float]
    after: Sequence[float]


@dataclass(frozen=True)
class Effect:
    before: Summary
    after: Summary
    change: Estimate
    did: Estimate | None  # None: no control
    control_before: Summary | None
    control_after: Summary | None
    gap_before: Summary | None  # None: no response gave its own expectation
    gap_after: Summary | None
    gap_change: Estimate | None
    verdict: str


def change(before: Moments, after: Moments) -> Estimate:
    """after − before with its Welch interval."""
    got = welch_stat(after, before)
    return Estimate(got.diff, got.ci_low, got.ci_high)


def did(
    treated_before: Moments,
    treated_after: Moments,
    control_before: Moments,
    control_after: Moments,
) -> Estimate:
    """(treated after − before) − (control after − before), with its 95 % interval: variance
    the sum of the four means' variances, Satterthwaite df (see the module)."""
    groups = (treated_before, treated_after, control_before, control_after)
    if any(g.mean is None for g in groups):
        return Estimate(None, None, None)
    tb, ta, cb, ca = (float(g.mean) for g in groups)  # type: ignore[arg-type]
    estimate = (ta - tb) - (ca - cb)
    if any(g.n < 2 for g in groups):
        return Estimate(estimate, None, None)
    parts = [g.var / g.n for g in groups]
    variance = math.fsum(parts)
    if variance == 0.0:
        return Estimate(estimate, estimate, estimate)
    df = variance**2 / math.fsum(v * v / (g.n - 1) for v, g in zip(parts, groups, strict=True))
    crit = float(_st.t.ppf(0.5 + LEVEL / 2, df))
    se = math.sqrt(variance)
    return Estimate(estimate, estimate - crit * se, estimate + crit * se)


def verdict(after_n: int, after_days: int, moved: Estimate, against: Estimate | None) -> str:
    if after_n < MIN_RESPONSES or after_days < MIN_DAYS:
        return "too_early"
    if moved.above_zero and (against is None or against.above_zero):
        return "worked"
    if moved.below_zero and (against is None or against.below_zero):
        return "worse"
    return "no_change"


def effect(
    treated: Pair,
    after_days: int,
    control: Pair | None = None,
    gap: Pair | None = None,
) -> Effect:
    """The effect of an action (see the module). ``after_days``: how many days of the after
    window have passed; ``control``: None when every unit got the action (and taken as none
    when a window of it holds fewer than two responses: no interval can come of it); ``gap``:
    the paired experience − expectation of the treated responses that gave both (None or
    empty: none did)."""
    before, after = Moments.of(treated.before), Moments.of(treated.after)
    moved = change(before, after)
    against = control_before = control_after = None
    if control is not None and min(len(control.before), len(control.after)) >= 2:
        cb, ca = Moments.of(control.before), Moments.of(control.after)
        against = did(before, after, cb, ca)
        control_before, control_after = Summary.of(cb), Summary.of(ca)
    gap_before = gap_after = gap_change = None
    if gap is not None and (gap.before or gap.after):
        gb, ga = Moments.of(gap.before), Moments.of(gap.after)
        gap_before, gap_after, gap_change = Summary.of(gb), Summary.of(ga), change(gb, ga)
    return Effect(
        before=Summary.of(before),
        after=Summary.of(after),
        change=moved,
        did=against,
        control_before=control_before,
        control_after=control_after,
        gap_before=gap_before,
        gap_after=gap_after,
        gap_change=gap_change,
        verdict=verdict(after.n, after_days, moved, against),
    )
