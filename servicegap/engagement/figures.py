"""The figures of employee voice answers, pure computation: eNPS, engagement and enablement.

eNPS is the Net Promoter Score of "How likely are you to recommend working here?" (0–10), with
the same adjusted-Wald interval as the customer NPS (``lib/proportions.nps``, Rocks 2016).
Engagement and enablement are means on the workspace scale with their t intervals.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from servicegap.lib.inference import mean_ci
from servicegap.lib.proportions import nps

# The engagement statements (templates_catalogue.ENGAGEMENT_ITEMS) as the report's keys.
ITEMS = {"ENG-TOOLS": "tools", "ENG-MANAGER": "manager", "ENG-RECOMMEND": "recommend"}
STATEMENTS = {
    "tools": "I have what I need to serve customers",
    "manager": "My manager acts on what we raise",
    "recommend": "I would recommend working here",
    "enablement": "I am able to deliver the standards",
    "view": "We deliver the standards (employee view)",
}
# The tables' names of the keys (``ReportKind.labels``); a mean's interval column is "<key>_ci".
LABELS = (
    ("enps", "eNPS"),
    ("enps_n", "eNPS answers (n)"),
    ("n", "Employees (n)"),
    *((f"{key}_mean", f"{text} (mean)") for key, text in STATEMENTS.items()),
    *((f"{key}_ci", f"{text}: 95 % interval") for key, text in STATEMENTS.items()),
    ("enablement", "I am able to deliver the standards (mean)"),
    ("employee_n", "Employees (n)"),
    ("customer_n", "Customers (n)"),
    ("nps", "Customer NPS"),
    ("gap", "Customer gap"),
    ("linked", "In the correlations"),
    ("employee_suppressed", "Employees hidden"),
)


def enps(values: Sequence[float]) -> dict[str, Any]:
    """eNPS with its interval: ``nps`` of the 0..10 answers, renamed."""
    stat = nps(list(values))
    return {"enps": stat.nps, "ci_low": stat.ci_low, "ci_high": stat.ci_high, "enps_n": stat.n}


def mean_of(key: str, values: Sequence[float]) -> dict[str, Any]:
    """``<key>_mean`` with its ``<key>_ci_low`` and ``<key>_ci_high`` (None without answers)."""
    stat = mean_ci(list(values)) if values else None
    return {
        f"{key}_mean": stat.mean if stat else None,
        f"{key}_ci_low": stat.ci_low if stat else None,
        f"{key}_ci_high": stat.ci_high if stat else None,
    }


def voice(answers: Iterable[tuple[str, str, float | None]]) -> dict[str, Any]:
    """The figures of one group's (kind, item, value) answers."""
    by_kind: dict[str, list[float]] = {}
    for kind, item, value in answers:
        if value is None:
            continue
        key = ITEMS.get(item, "") if kind == "engagement" else kind
        if key:
            by_kind.setdefault(key, []).append(value)
    out: dict[str, Any] = enps(by_kind.get("enps", []))
    for key in ("tools", "manager", "recommend", "enablement"):
        out.update(mean_of(key, by_kind.get(key, [])))
    out.update(mean_of("view", by_kind.get("experience", [])))
    return out
