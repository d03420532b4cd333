"""Figures in a report's CSV rounded to what their interval supports; the JSON keeps them whole.

A mean of 5.4408 with a 95 % interval 5.40 … 5.48 is known to about a hundredth, so the CSV
writes 5.44: the decimals are those of the first significant digit of the interval's half-width
(the margin of error; at most four). A figure with no interval of its own takes its group's main interval (a
perspective's mean that of its gap), else a fixed precision for its kind: p- and q-values three
significant digits, percentages one decimal, 0…1 shares three, anything else two.
Counts and texts are written as they are. Plain Python, no Django.
"""

from __future__ import annotations

import math
from typing import Any

MAX_DECIMALS = 4
P_VALUES = ("p", "q", "change_p", "change_q")
MAIN = ("gap", "nps", "csat_pct", "mean", "below_target_share", "recovery_rate")
# a figure whose interval is named after something else
OWN_INTERVAL = {
    "gap_vs_target": "target",
    "misery_pct": "misery",
    "median_hours_to_close": "median",
}


def decimals(width: float | None, default: int = 2) -> int:
    """Decimals that keep the first significant digit of an interval's half ``width``."""
    if width is None or not math.isfinite(width) or width <= 0:
        return default
    return min(MAX_DECIMALS, max(0, -math.floor(math.log10(width / 2))))


def _width(row: dict[str, Any], head: str, base: str) -> float | None:
    low, high = row.get(f"{head}{base}ci_low"), row.get(f"{head}{base}ci_high")
    if isinstance(low, int | float) and isinstance(high, int | float):
        return float(high) - float(low)
    return None


def _interval_width(row: dict[str, Any], key: str) -> float | None:
    head, _, leaf = key.rpartition(".")
    head = f"{head}." if head else ""
    if leaf.endswith(("ci_low", "ci_high")):
        base = leaf[: -len("ci_low")] if leaf.endswith("ci_low") else leaf[: -len("ci_high")]
        return _width(row, head, base)
    stem = OWN_INTERVAL.get(leaf) or leaf.removesuffix("_pct").removesuffix("_mean")
    own = _width(row, head, f"{stem}_")
    if own is not None:
        return own
    if leaf in MAIN or leaf.endswith("_mean"):
        return _width(row, head, "")
    return None


def _default(leaf: str) -> int:
    if leaf.endswith("pct") or leaf in ("nps", "recovery_rate"):
        return 1
    if leaf.endswith("share") or leaf == "importance":
        return 3
    return 2


def rounded(row: dict[str, Any]) -> dict[str, Any]:
    """``row`` with its fractional figures rounded for the CSV."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, bool) or not isinstance(value, float) or not math.isfinite(value):
            out[key] = value
            continue
        leaf = key.rpartition(".")[2]
        if leaf in P_VALUES:
            out[key] = float(f"{value:.3g}")
            continue
        places = decimals(_interval_width(row, key), _default(leaf))
        out[key] = round(value, places) if places else round(value)
    return out
