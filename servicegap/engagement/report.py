"""The engagement report: eNPS, engagement and enablement of employees by unit.

Employee answers obey the anonymity rule (``servicegap.anonymity``: by unit and whole periods,
the workspace's threshold of distinct respondents, no group computable by subtraction). The
``front_line`` filter shows only those who talk to customers (``Person.front_line``): a unit's
front-line row is shown when the front line reaches the threshold and the rest of the unit is
either nobody or reaches it too, so the whole unit minus its front line never reveals a smaller
group. Answers without a respondent cannot be told apart and count only in the whole view.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from servicegap.core.models import Workspace
from servicegap.engagement.figures import voice
from servicegap.gaps.data import Ans, Data, load
from servicegap.gaps.filters import Filters
from servicegap.gaps.kinds.common import group, hidden, whole_hidden
from servicegap.people.models import Person

KINDS = ("enps", "engagement", "enablement", "experience")
PERSPECTIVE = "employee"


def employee_data(workspace: Workspace, f: Filters) -> Data:
    """The employee voice answers under ``f`` with the anonymity rule of rows by unit."""
    f = replace(f, perspective=PERSPECTIVE, by="unit", touchpoint=None)
    return load(workspace, f, KINDS, (PERSPECTIVE,))


def front_line_people(workspace: Workspace) -> set[int]:
    return set(Person.objects.of(workspace).filter(front_line=True).values_list("pk", flat=True))


def front_row(data: Data, answers: list[Ans], front: set[int]) -> list[Ans] | None:
    """A unit's front-line answers, or None where showing them would break the threshold."""
    mine = [a for a in answers if data.responses[a.response].respondent in front]
    rest = {a.response for a in answers} - {a.response for a in mine}
    n_front = data.respondents({a.response for a in mine})
    n_rest = data.respondents(rest)
    if n_front < data.threshold or 0 < n_rest < data.threshold:
        return None
    return mine


def engagement(workspace: Workspace, f: Filters) -> dict[str, Any]:
    data = employee_data(workspace, f)
    if whole_hidden(data):
        return {"suppressed": True}
    groups = group(data, "unit")
    hide = hidden(data, "unit", groups)
    front = front_line_people(workspace) if f.options.get("front_line") == "yes" else None
    rows: list[dict[str, Any]] = []
    for code in sorted(groups):
        answers: list[Ans] | None = groups[code]
        if code not in hide and front is not None:
            answers = front_row(data, groups[code], front)
        if code in hide or answers is None:
            rows.append({"unit": code, "suppressed": True})
            continue
        n = data.respondents({a.response for a in answers})
        figures = voice((a.kind, a.item, a.value) for a in answers)
        rows.append({"unit": code, "n": n, **figures})
    return {"rows": rows}
