"""Reports by name: each turns a workspace (and options) into {"rows": [...]}.

The CLI (`servicegap report KIND`) reads this registry; the API's report endpoints will too, so both
answer with the same JSON. A new report adds one entry to ``REPORTS``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from servicegap.gaps.headline import headline


def headline_report(workspace, **_options: Any) -> dict[str, Any]:
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


def _measure(kind: str) -> Callable[..., dict[str, Any]]:
    def report(workspace, **params: Any) -> dict[str, Any]:
        from servicegap.gaps.kinds import run

        return run(workspace, kind, params)

    return report


MEASURE_KINDS = ("gaps", "perception", "moments", "nps", "csat", "ces", "drivers", "kano", "alerts")

REPORTS: dict[str, Callable[..., dict[str, Any]]] = {
    "headline": headline_report,
    **{kind: _measure(kind) for kind in MEASURE_KINDS},
}
