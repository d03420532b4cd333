"""The report pages' tables: headers a manager can read, figures rounded for reading.

Plain Python (no Django). The CSV and the JSON keep the raw keys (they are a contract); the page
shows each key under a readable name (``LABELS``), keeps the raw key in the header's title, joins
an interval's ``ci_low``/``ci_high`` into one "low … high" column, rounds means to two decimals,
shows shares with "%", and leaves out the columns that hold no figure in any row (the CSV keeps
them). Nested figures (``customer.mean``) get a group header ("Customers") over their columns.

A key without a name here is shown as itself with underscores as spaces, so a new column of a
report (e.g. a new alert kind's key) still reads acceptably until it gets a name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

MINUS = "\u2212"
NBSP = "\u00a0"
EMPTY = "—"

LABELS: dict[str, str] = {
    # What a row is about (the report's "by")
    "item": "Standard",
    "dimension": "Dimension",
    "need": "Need or want",
    "touchpoint": "Touchpoint",
    "journey": "Journey",
    "unit": "Unit",
    "perspective": "Perspective",
    "period": "Period",
    "scope": "Scope",  # the row header of a one-figure report (NPS, CSAT, CES without "by")
    # Counts
    "n": "Answers (n)",
    "previous_n": "Answers, previous period (n)",
    "promoters": "Promoters",
    "passives": "Passives",
    "detractors": "Detractors",
    "satisfied": "Satisfied",
    "magic": "Magic",
    "mediocrity": "Mediocrity",
    "misery": "Misery",
    # Gaps
    "expectation_mean": "Expectation (mean)",
    "experience_mean": "Experience (mean)",
    "gap": "Gap",
    "ci": "95 % interval",
    "p": "p-value",
    "q": "q (BH-adjusted)",
    "significant": "Significant",
    "change": "Change vs previous period",
    "change_ci": "Change: 95 % interval",
    "change_p": "Change: p-value",
    "change_q": "Change: q (BH-adjusted)",
    "change_significant": "Change significant",
    "adequacy_gap": "Gap to adequate",
    "adequacy_ci": "Gap to adequate: 95 % interval",
    "superiority_gap": "Gap to desired",
    "superiority_ci": "Gap to desired: 95 % interval",
    # Moments, NPS, CSAT, CES
    "magic_pct": "Magic %",
    "mediocrity_pct": "Mediocrity %",
    "misery_pct": "Misery %",
    "misery_ci": "Misery: 95 % interval",
    "nps": "NPS",
    "csat_pct": "CSAT %",
    "mean": "Mean",
    "too_few_to_tell": "Too few answers to tell",
    # Perception
    "top_box_pct": "Top-2-box %",
    "leader_vs_customer": "Leaders vs customers",
    "employee_vs_customer": "Employees vs customers",
    "leader_vs_employee": "Leaders vs employees",
    # Drivers and Kano
    "importance": "Importance (share of R²)",
    "performance": "Performance (mean)",
    "quadrant": "Quadrant",
    "category": "Category",
    "better": "Better",
    "worse": "Worse",
    "A": "Attractive (A)",
    "O": "One-dimensional (O)",
    "M": "Must-be (M)",
    "I": "Indifferent (I)",
    "R": "Reverse (R)",
    "Q": "Questionable (Q)",
    # Actions
    "action": "Action",
    "measure": "Measured on",
    "verdict": "Verdict",
    "estimate": "Estimate",
    "control_units": "Control units",
    "control_before_n": "Control answers before (n)",
    "control_after_n": "Control answers after (n)",
    # Alerts
    "kind": "Kind",
    "value": "Value",
    "expected": "Expected",
    "direction": "Direction",
    "method": "Method",
}
# What a column means in plain words: shown beside the table ("What the columns mean") and in
# its header's tooltip, so a precise label such as "q (BH-adjusted)" never stands alone.
HELP: dict[str, str] = {
    "gap": "experience minus expectation; below zero, people get less than they expect.",
    "gap_vs_target": "experience minus the standard's target, over every rated experience.",
    "ci": "the range the true figure lies in, 19 times out of 20; a gap whose whole interval "
    "is below zero is below beyond doubt.",
    "p": "how likely a difference at least this large would be if there were none.",
    "q": "the p-value corrected for testing many rows at once (Benjamini–Hochberg); below "
    "0.05 counts as significant.",
    "significant": "yes when q is below 0.05: the difference is unlikely to be chance.",
    "too_few_to_tell": "yes when the 95 % interval is too wide to tell this figure apart.",
    "top_box_pct": "the share rating in the two highest boxes of the scale.",
    "importance": "how much of what the standards explain of the outcome this one accounts for "
    "(its share of R², by the LMG / Shapley method); the shares add up to 100 %.",
    "method": "EWMA: an exponentially weighted moving average of past periods (λ = 0.2); an "
    "alert when a figure lands more than three standard deviations (3σ) from it. p-chart: the "
    "same for a share.",
    "nps": "promoters (9–10) minus detractors (0–6), in points from −100 to 100.",
    "csat_pct": "the share of answers in the top two boxes of the 1–5 scale.",
    "below_target_share": "the share of experiences rated below the standard's target.",
    "between_unit_share": "how much of the variation in ratings lies between units (η²); the "
    "rest lies between customers of the same unit.",
    "between_employee_share": "how much of the variation lies between employees (η²).",
    "better": "Kano: how much having it raises satisfaction (0 to 1).",
    "worse": "Kano: how much missing it lowers satisfaction (0 to −1).",
    "quadrant": "fix first: it matters more than average and falls short beyond doubt.",
}
GROUPS = {
    "customer": "Customers",
    "employee": "Employees",
    "leader": "Leaders",
    "internal": "Internal",
    "significant": "Significant difference",
    "counts": "Answers per category",
    "before": "Before",
    "after": "After",
    "did": "Against the control (difference-in-differences)",
    "gap_before": "Own gap before",
    "gap_after": "Own gap after",
    "windows.before": "Before window",
    "windows.after": "After window",
}
KANO = {"A": "attractive", "O": "one-dimensional", "M": "must-be", "I": "indifferent",
        "R": "reverse", "Q": "questionable"}  # fmt: skip
METHODS = {"ewma": "EWMA", "p-chart": "p-chart", "lmg": "LMG (Shapley)"}
DIRECTIONS = {"up": "\u25b2 up", "down": "\u25bc down"}

COUNTS = {"n", "previous_n", "promoters", "passives", "detractors", "satisfied", "magic",
          "mediocrity", "misery", *KANO}  # fmt: skip
SIGNED = {"gap", "change", "adequacy_gap", "superiority_gap", "worse", "estimate", "gap_change",
          "gap_vs_target"}  # fmt: skip
MEANS = {"expectation_mean", "experience_mean", "mean", "performance", "better", "value",
         "expected"}  # fmt: skip
P_VALUES = {"p", "q", "change_p", "change_q"}
# 0…1, shown as a percentage
SHARES = {"importance", "below_target_share", "between_unit_share", "between_employee_share"}
TEXTS = {"scope", "item", "dimension", "need", "touchpoint", "journey", "unit", "perspective", "period", "kind",
         "quadrant", "category", "direction", "method", "action", "title", "status", "measure",
         "verdict", "from", "to", "name", "standard", "item_name", "standard_name",
         "touchpoint_name", "journey_name", "unit_name", "perspective_name", "competitor",
         "competitor_name", "indicator", "indicator_name", "quadrant_name"}  # fmt: skip


@dataclass(frozen=True)
class Column:
    """One column of the page's table: one raw key, or the two keys of an interval."""

    keys: tuple[str, ...]
    label: str
    group: str | None = None
    style: str = "num"  # "num" (right-aligned figure), "text", "rowhead" (the row header)

    @property
    def title(self) -> str:
        return ", ".join(self.keys)

    @property
    def help(self) -> str:
        """What the column means, in plain words ("" when its label says it all)."""
        leaf = _split(self.keys[0])[1]
        leaf = "ci" if leaf.endswith("ci_low") else leaf
        return HELP.get(leaf, "")


def glossary(cols: Sequence[Column]) -> list[tuple[str, str]]:
    """(label, meaning) of the table's columns that need one, each once."""
    seen: dict[str, str] = {}
    for c in cols:
        if c.help and c.help not in seen.values():
            seen[c.label] = c.help
    return list(seen.items())


def _split(key: str) -> tuple[str, str]:
    """``customer.mean`` → ("customer.", "mean"); ``gap`` → ("", "gap")."""
    head, dot, leaf = key.rpartition(".")
    return (head + dot, leaf)


def label(key: str) -> str:
    """The readable name of a raw (flattened) key, without its group."""
    leaf = _split(key)[1]
    return LABELS.get(leaf) or leaf.replace("_", " ").capitalize()


def _group(key: str) -> str | None:
    prefix = _split(key)[0].rstrip(".")
    if not prefix:
        return None
    return GROUPS.get(prefix) or prefix.replace("_", " ").replace(".", " · ").capitalize()


def _interval_of(key: str, keys: Sequence[str]) -> str | None:
    """The figure an interval (``…ci_low``) belongs to, which sets how it is written."""
    prefix = key[: -len("ci_low")]
    head, leaf = _split(prefix)
    candidates = [prefix + "gap", prefix + "pct", prefix.rstrip("_"), prefix + "nps",
                  prefix + "csat_pct", prefix + "mean"]  # fmt: skip
    if not leaf:  # "ci_low" or "customer.ci_low": the row's main figure
        candidates = [head + k for k in ("gap", "nps", "csat_pct", "mean", "below_target_share")]
    return next((c for c in candidates if c in keys), None)


def columns(
    keys: Sequence[str], rows: Sequence[Mapping[str, Any]], own: Mapping[str, str] | None = None
) -> list[Column]:
    """The page's columns for the flat ``keys`` of a report (as the CSV has them); ``own``: the
    kind's names for its keys (``ReportKind.labels``), before ``LABELS``."""
    shown = [r for r in rows if not r.get("suppressed")]
    out: list[Column] = []
    empty: set[str] = set()
    for i, key in enumerate(keys):
        leaf = _split(key)[1]
        if leaf == "suppressed" or key.endswith("ci_high") and key[:-4] + "low" in keys:
            continue
        if key.endswith("_significant") and key[: -len("_significant")] in empty:
            continue  # "change_significant" is false, not empty, when there is no change
        pair = (key, key[:-3] + "high") if key.endswith("ci_low") else (key,)
        if i and shown and all(r.get(k) is None for r in shown for k in pair):
            empty.add(key)
            continue  # nothing to show in any row (the CSV keeps the column)
        name = key[: -len("_low")] if len(pair) == 2 else key
        style = "rowhead" if not out else ("text" if leaf in TEXTS else "num")
        out.append(Column(pair, (own or {}).get(name) or label(name), _group(key), style))
    return out


def groups(cols: Sequence[Column]) -> list[tuple[str, int]] | None:
    """The header row over the columns (label, span), or None when no column is grouped."""
    if not any(c.group for c in cols):
        return None
    out: list[tuple[str, int]] = []
    for c in cols:
        name = c.group or ""
        if out and out[-1][0] == name and name:
            out[-1] = (name, out[-1][1] + 1)
        else:
            out.append((name, 1))
    return out


def number(key: str, value: Any) -> str:
    """A figure as the table writes it: counts whole, means two decimals, shares with %."""
    if value is None:
        return EMPTY
    leaf = _split(key)[1]
    if isinstance(value, bool):
        return "yes" if value else "no"
    if not isinstance(value, int | float):
        return _text(leaf, str(value))
    if leaf in COUNTS:
        return f"{value:,.0f}"
    if leaf in P_VALUES:
        return "< 0.001" if value < 0.001 else (f"{value:.3f}" if value < 0.01 else f"{value:.2f}")
    if leaf in SHARES:
        return f"{100 * value:.1f}{NBSP}%"
    if leaf.endswith("pct"):
        return f"{value:.1f}{NBSP}%"
    if leaf == "nps":
        return _sign(f"{value:+.1f}")
    if leaf in SIGNED:
        return _sign(f"{value:+.2f}")
    if isinstance(value, int) and leaf not in MEANS:
        return f"{value:,}"
    return f"{value:.2f}".replace("-", MINUS)


def _sign(text: str) -> str:
    return text.replace("-", MINUS)


def _text(leaf: str, text: str) -> str:
    if leaf == "category" and text in KANO:
        return f"{KANO[text].capitalize()} ({text})"
    if leaf == "method":
        return METHODS.get(text, text)
    if leaf == "direction":
        return DIRECTIONS.get(text, text)
    return text


def interval(low_key: str, low: Any, high: Any, keys: Sequence[str]) -> str:
    """``low … high`` written like the figure the interval belongs to (% once, at the end)."""
    if low is None or high is None:
        return EMPTY
    figure = _interval_of(low_key, keys) or "mean"
    a, b = number(figure, low), number(figure, high)
    unit = f"{NBSP}%"
    if a.endswith(unit) and b.endswith(unit):
        return f"{a[: -len(unit)]} … {b}"
    return f"{a} … {b}"


def cell(column: Column, row: Mapping[str, Any], keys: Sequence[str]) -> str:
    """The text of ``column`` in ``row``; a hidden perspective's cells say so."""
    head = _split(column.keys[0])[0]
    if head and row.get(head + "suppressed"):
        return "hidden"
    if len(column.keys) == 2:
        low, high = column.keys
        return interval(low, row.get(low), row.get(high), keys)
    key = column.keys[0]
    return number(key, row.get(key))
