"""The actions report kind: each improvement action's measured effect (``servicegap report
actions``, ``/api/v1/reports/actions``, its page and its page of the PDF). It takes no filters:
each action is measured on its own standards, units and windows (``servicegap.actions.measure``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from servicegap.actions import chart
from servicegap.reports.registry import ReportKind

if TYPE_CHECKING:
    from servicegap.core.models import Workspace


def build(workspace: Workspace, _filters: Any = None) -> dict[str, Any]:
    from servicegap.actions.measure import measure_all

    return {"rows": measure_all(workspace)}


KIND = ReportKind(
    name="actions",
    title="Actions",
    heading="Improvement actions and their measured effect",
    reading=(
        "For each improvement action, customers' mean experience on its standards before and "
        "after it started, with n and 95 % intervals; it worked only when the change's interval "
        "lies above zero, and, where other units did not get it, when its difference from their "
        "change does too."
    ),
    builder="servicegap.actions.report:build",
    filtered=False,
    chart=chart.draw,
    chart_template="actions/before_after.html",
    empty="No action has been measured yet: an action needs a start date and customer responses.",
    labels=(
        ("change", "Change (after − before)"),
        ("change_ci", "Change: 95 % interval"),
        ("gap_change", "Own gap: change"),
        ("gap_change_ci", "Own gap change: 95 % interval"),
    ),
    order=95,
)
