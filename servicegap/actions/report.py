"""The actions report kind: each improvement action's measured effect (``servicegap report
actions``, ``/api/v1/reports/actions``, its page and its page of the PDF). It takes no filters:
each action is measured on its own standards, units and windows (``servicegap.actions.measure``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from servicegap.actions import chart
from servicegap.actions.effect import VERDICTS
from servicegap.reports.registry import ReportKind

if TYPE_CHECKING:
    from servicegap.core.models import Workspace


def build(workspace: Workspace, _filters: Any = None) -> dict[str, Any]:
    from servicegap.actions.measure import measure_all

    return {"rows": measure_all(workspace)}


def sentence(doc: dict[str, Any], _by: str | None, _params: Any) -> str:
    """ "Of 3 actions, 1 worked beyond doubt (…); 1 made no change chance cannot explain; …"."""
    rows = [r for r in doc.get("rows", []) if isinstance(r, dict)]
    if not rows:
        return "No improvement action has been measured yet."
    counts = {v: [r for r in rows if r.get("verdict") == v] for v in VERDICTS}
    parts = []
    if worked := counts["worked"]:
        best = max(worked, key=lambda r: r.get("change") or 0)
        change = f"{best['change']:+.2f}".replace("-", "\u2212")
        parts.append(f"{len(worked)} worked beyond doubt ({best['title']}: {change} points)")
    if worse := counts["worse"]:
        parts.append(f"{len(worse)} made things worse")
    if same := counts["no_change"]:
        parts.append(f"{len(same)} made no difference that chance cannot explain")
    if early := counts["too_early"]:
        parts.append(f"{len(early)} {'is' if len(early) == 1 else 'are'} too early to tell")
    return f"Of {len(rows)} actions, " + "; ".join(parts) + "."


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
    sentence="servicegap.actions.report:sentence",
    order=95,
)
