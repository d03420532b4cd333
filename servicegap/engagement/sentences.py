"""The first plain sentence of the engagement and linkage pages: only what the intervals
support (``servicegap.reports.sentences``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from servicegap.engagement.charts import said
from servicegap.reports.names import name_of
from servicegap.reports.sentences import interval, signed

Params = Mapping[str, str | None]


def engagement(doc: dict[str, Any], by: str | None, params: Params) -> str:
    rows = [r for r in doc.get("rows", []) if not r.get("suppressed") and r.get("enps") is not None]
    hidden = sum(1 for r in doc.get("rows", []) if r.get("suppressed"))
    note = f" {hidden} units have too few respondents to show." if hidden else ""
    if hidden and params.get("front_line") == "yes":
        note = (
            f" {hidden} units are hidden: their front line, or the rest of the unit, is under the "
            "anonymity threshold."
        )
    if len(rows) < 2:
        return f"Too few units with eNPS answers to compare.{note}"
    low, high = min(rows, key=lambda r: r["enps"]), max(rows, key=lambda r: r["enps"])
    apart = low["ci_high"] < high["ci_low"]
    return (
        f"Employees' eNPS runs from {signed(low['enps'])} at {name_of(low, 'unit', 'unit')} "
        f"({interval(low['ci_low'], low['ci_high'])}) to {signed(high['enps'])} at "
        f"{name_of(high, 'unit', 'unit')}"
        + (", beyond what chance explains." if apart else ", a spread within what chance explains.")
        + note
    )


def linkage(doc: dict[str, Any], by: str | None, params: Params) -> str:
    pairs = {(c["x"], c["y"]): c for c in doc.get("correlations", [])}
    main = pairs.get(("enps", "nps"))
    if not main or main.get("r") is None:
        return f"Employee eNPS against customer NPS by unit: {said(main)}."
    if main["ci_low"] > 0:
        verdict = "units whose employees are more engaged have more loyal customers"
    elif main["ci_high"] < 0:
        verdict = "units whose employees are more engaged have less loyal customers"
    else:
        verdict = "no link beyond what chance explains"
    return f"Employee eNPS against customer NPS by unit: {verdict} ({said(main)})."
