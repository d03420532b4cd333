"""The headline report: the home page's gap per standard and perspective, as a report kind
(``servicegap report headline``, ``/api/v1/reports/headline``); it takes no filters."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from servicegap.reports.registry import ReportKind

if TYPE_CHECKING:
    from servicegap.core.models import Workspace

HEADLINE_COLUMNS = (
    "item", "perspective", "n", "expectation_mean", "experience_mean", "gap", "ci_low", "ci_high",
)  # fmt: skip


def headline_report(workspace: Workspace, _filters: Any = None) -> dict[str, Any]:
    from servicegap.gaps.headline import headline

    rows = []
    for row in headline(workspace):
        for perspective, fig in row.figures.items():
            figures = asdict(fig)
            if fig.hidden:
                # Hidden means hidden: not even the respondent count leaves the system.
                figures = {"perspective": perspective, "hidden": True}
            rows.append(
                {"item": row.code, "title": row.title, "dimension": row.dimension, **figures}
            )
    return {"report": "headline", "workspace": workspace.slug, "rows": rows}


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    return f"{value:.2f}" if isinstance(value, float) else str(value)


def text(doc: dict[str, Any]) -> list[str]:
    """The CLI's table: one line per standard and perspective."""
    lines = ["\t".join(HEADLINE_COLUMNS)]
    for row in doc["rows"]:
        if row.get("hidden"):
            lines.append(
                f"{row['item']}\t{row['perspective']}\thidden (fewer respondents than the "
                "anonymity threshold)"
            )
        else:
            lines.append("\t".join(_cell(row.get(c)) for c in HEADLINE_COLUMNS))
    return lines


HEADLINE = ReportKind(
    name="headline",
    title="Headline",
    heading="The gap per standard and perspective",
    reading=(
        "For each published standard, the mean gap between experience and expectation as "
        "customers, employees and leaders see it, with n and a 95 % interval; the home page "
        "shows the same figures."
    ),
    builder="servicegap.gaps.reports:headline_report",
    filtered=False,
    text=text,
    page=False,
    order=0,
)
