"""Trained against untrained: the gap (experience − expectation) of customers served by staff
trained to deliver a standard against those served by staff not (yet) trained on it.

Only responses that name the employee who served (``Response.employee``) count; an answer is
"trained" when that employee's training on the answer's standard is dated on or before the day of
the response. The difference is Welch's t with its 95 % interval (``lib.inference.welch``):
independent customers, unequal variances. It shows an association, not that the training caused it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from servicegap.core.models import Workspace
from servicegap.lib.inference import mean_ci, welch
from servicegap.skills.models import Training
from servicegap.standards.models import Standard
from servicegap.surveys.models import Answer


def _trained_since(workspace: Workspace) -> dict[tuple[int, str], date]:
    """(employee id, standard code) → the first day they were trained on it."""
    first: dict[tuple[int, str], date] = {}
    rows = Training.objects.of(workspace).values_list("person_id", "standard__code", "trained_on")
    for person, code, day in rows:
        key = (person, code)
        if key not in first or day < first[key]:
            first[key] = day
    return first


def split(
    workspace: Workspace, units: frozenset[str] | None = None
) -> dict[str, dict[str, list[float]]]:
    """Per standard code: the customers' gaps served by trained and by untrained staff (in
    ``units`` only, when given: a manager's scope)."""
    since = _trained_since(workspace)
    trained_codes = {code for _, code in since}
    rows = (
        Answer.objects.of(workspace)
        .filter(kind__in=("expectation", "experience"), item__in=sorted(trained_codes),
                response__perspective="customer", response__employee__isnull=False)
        .values_list("response_id", "item", "kind", "value_num", "response__employee_id",
                     "response__submitted_at", "response__scale_max")
    )  # fmt: skip
    if units is not None:
        rows = rows.filter(response__unit__code__in=sorted(units))
    w = int(workspace.scale_max)
    pairs: dict[tuple[int, str], dict[str, Any]] = {}
    for rid, item, kind, value, employee, when, scale in rows.iterator(chunk_size=20_000):
        if value is None:
            continue
        pair = pairs.setdefault((rid, item), {"employee": employee, "day": when.date()})
        # on the workspace's scale, as every report (a gap stretches with the scale)
        pair[kind] = 1 + (value - 1) * (w - 1) / (scale - 1) if scale and scale != w else value
    out: dict[str, dict[str, list[float]]] = {
        c: {"trained": [], "untrained": []} for c in trained_codes
    }
    for (_rid, item), pair in pairs.items():
        if "expectation" not in pair or "experience" not in pair:
            continue
        day = since.get((pair["employee"], item))
        side = "trained" if day is not None and day <= pair["day"] else "untrained"
        out[item][side].append(pair["experience"] - pair["expectation"])
    return out


def _mean(values: list[float]) -> dict[str, Any]:
    stat = mean_ci(values)
    return {"n": stat.n, "gap": stat.mean, "ci_low": stat.ci_low, "ci_high": stat.ci_high}


def _beyond(low: float | None, high: float | None) -> bool:
    """The interval of the difference excludes zero."""
    return low is not None and high is not None and (low > 0 or high < 0)


def compare(workspace: Workspace, units: frozenset[str] | None = None) -> list[dict[str, Any]]:
    """One row per standard someone was trained on, the largest difference first."""
    titles = dict(Standard.objects.of(workspace).values_list("code", "title"))
    rows = []
    for code, sides in split(workspace, units).items():
        diff = welch(sides["trained"], sides["untrained"])
        rows.append({
            "standard": code, "name": titles.get(code, code),
            "trained": _mean(sides["trained"]), "untrained": _mean(sides["untrained"]),
            "diff": diff.diff, "ci_low": diff.ci_low, "ci_high": diff.ci_high,
            "beyond_chance": _beyond(diff.ci_low, diff.ci_high),
        })  # fmt: skip
    return sorted(rows, key=lambda r: (r["diff"] is None, -(r["diff"] or 0.0), r["standard"]))
