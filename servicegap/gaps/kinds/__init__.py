"""The nine measure reports, shared by `servicegap report KIND` and `GET /api/v1/reports/{kind}`.

``run(workspace, kind, params)`` parses the raw filters (``servicegap.gaps.filters``; a bad one
raises ``ReportError``) and returns the report's JSON document: no timestamps, no echo of the
request, so the CLI and the API answer with the same document.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from servicegap.gaps.filters import KINDS, Filters, ReportError, parse
from servicegap.gaps.kinds import fast
from servicegap.gaps.kinds.alerts import alerts
from servicegap.gaps.kinds.drivers import drivers
from servicegap.gaps.kinds.gaps import gaps
from servicegap.gaps.kinds.kano import kano
from servicegap.gaps.kinds.moments import moments
from servicegap.gaps.kinds.perception import perception
from servicegap.gaps.kinds.scores import score

BUILDERS: dict[str, Callable[[Any, Filters], dict[str, Any]]] = {
    "gaps": gaps,
    "perception": perception,
    "moments": moments,
    "nps": score,
    "csat": score,
    "ces": score,
    "drivers": drivers,
    "kano": kano,
    "alerts": alerts,
}

# The same reports from the aggregates, where every figure is a sum (see ``fast``).
FAST: dict[str, Callable[[Any, Filters], dict[str, Any]]] = {
    "gaps": fast.gaps,
    "nps": fast.score,
    "csat": fast.score,
    "ces": fast.score,
    "moments": fast.moments,
}


def run(workspace, kind: str, params: Mapping[str, str | None]) -> dict[str, Any]:
    """The report ``kind`` of ``workspace`` for the raw filter values ``params``."""
    filters = parse(kind, params)
    if fast.applicable(workspace, filters):
        return FAST[kind](workspace, filters)
    return BUILDERS[kind](workspace, filters)


__all__ = ["KINDS", "ReportError", "run"]
