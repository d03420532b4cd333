"""Employee–customer linkage: per unit, employee engagement (eNPS, enablement) against the
customers' results (NPS, gap), and the correlations across units with their Fisher z intervals.

A row is one unit's own responses (not its subtree: a branch and its departments are different
teams). The employee side follows the anonymity rule (``servicegap.anonymity``); a unit whose
employee side is hidden shows only its customer side and is left out of the correlations, as is
a unit with fewer customers than the threshold. "too few units to tell" under four units.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from servicegap.anonymity.suppression import is_hidden
from servicegap.core.models import Workspace
from servicegap.engagement.figures import voice
from servicegap.engagement.report import employee_data
from servicegap.gaps.data import Data, load
from servicegap.gaps.filters import Filters
from servicegap.lib.correlation import pearson
from servicegap.lib.proportions import nps

EMPLOYEE = ("enps", "enablement")
CUSTOMER = ("nps", "gap")
NAMES = {"enps": "eNPS", "enablement": "Enablement", "nps": "customer NPS", "gap": "customer gap"}


def _employee_hidden(data: Data, uid: int, count: int) -> bool:
    rule = data.rule
    if rule is None:
        return False
    if rule.report_hidden() or is_hidden(count, data.threshold):
        return True
    if rule.whole is None:
        return False
    return bool(rule.whole.hidden(rule.whole.own_node(uid), rule.window))


def _employee_side(data: Data) -> dict[str, dict[str, Any]]:
    per_unit: dict[int, list] = {}
    for a in data.answers:
        uid = data.responses[a.response].unit
        if uid is not None:
            per_unit.setdefault(uid, []).append(a)
    out: dict[str, dict[str, Any]] = {}
    for uid, answers in per_unit.items():
        code = data.units[uid][0]
        n = data.respondents({a.response for a in answers})
        if _employee_hidden(data, uid, n):
            out[code] = {"employee_suppressed": True}
            continue
        figures = voice((a.kind, a.item, a.value) for a in answers)
        out[code] = {
            "employee_n": n,
            "enps": figures["enps"],
            "enablement": figures["enablement_mean"],
        }
    return out


def _customer_side(workspace: Workspace, f: Filters) -> dict[str, dict[str, Any]]:
    data = load(workspace, replace(f, perspective="customer"), ("nps", "expectation", "experience"))
    scores: dict[int, list[float]] = {}
    pairs: dict[tuple[int, str], dict[str, float]] = {}
    for a in data.answers:
        if a.value is None:
            continue
        if a.kind == "nps":
            scores.setdefault(a.response, []).append(a.value)
        else:
            pairs.setdefault((a.response, a.item), {})[a.kind] = a.value
    per_unit: dict[int, dict[str, Any]] = {}
    for rid, resp in data.responses.items():
        if resp.unit is not None:
            per_unit.setdefault(resp.unit, {"responses": set(), "nps": [], "gaps": []})
            per_unit[resp.unit]["responses"].add(rid)
    for rid, values in scores.items():
        unit = data.responses[rid].unit
        if unit is not None:
            per_unit[unit]["nps"] += values
    for (rid, _item), pair in pairs.items():
        unit = data.responses[rid].unit
        if unit is not None and len(pair) == 2:
            per_unit[unit]["gaps"].append(pair["experience"] - pair["expectation"])
    out = {}
    for uid, got in per_unit.items():
        gaps = got["gaps"]
        out[data.units[uid][0]] = {
            "customer_n": data.respondents(got["responses"]),
            "nps": nps(got["nps"]).nps if got["nps"] else None,
            "gap": sum(gaps) / len(gaps) if gaps else None,
        }
    return out


def linkage(workspace: Workspace, f: Filters) -> dict[str, Any]:
    employees = employee_data(workspace, f)
    threshold = employees.threshold
    inside = _employee_side(employees)
    outside = _customer_side(workspace, replace(f, by=None))
    rows = []
    for code in sorted(set(inside) | set(outside)):
        row: dict[str, Any] = {"unit": code, "employee_n": None, "enps": None, "enablement": None}
        row.update(inside.get(code, {}))
        row.update({"customer_n": 0, "nps": None, "gap": None})
        row.update(outside.get(code, {}))
        row["linked"] = bool(
            row["employee_n"]
            and not row.get("employee_suppressed")
            and row["customer_n"] >= threshold
        )
        rows.append(row)
    correlations = []
    for x in EMPLOYEE:
        for y in CUSTOMER:
            used = [r for r in rows if r["linked"] and r[x] is not None and r[y] is not None]
            stat = pearson([r[x] for r in used], [r[y] for r in used])
            correlations.append(
                {
                    "x": x,
                    "y": y,
                    "r": stat.r,
                    "ci_low": stat.ci_low,
                    "ci_high": stat.ci_high,
                    "units": stat.n,
                    "x_name": NAMES[x],
                    "y_name": NAMES[y],
                }  # fmt: skip
            )
    return {"rows": rows, "correlations": correlations}
