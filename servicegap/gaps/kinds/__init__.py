"""The nine measure reports, shared by `servicegap report KIND` and `GET /api/v1/reports/{kind}`.

``run(workspace, kind, params)`` parses the raw filters (``servicegap.gaps.filters``; a bad one
raises ``ReportError``) and returns the report's JSON document: no timestamps, no echo of the
request, so the CLI and the API answer with the same document.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings

from servicegap.gaps.filters import KINDS, Filters, ReportError, parse
from servicegap.gaps.kinds import fast
from servicegap.gaps.kinds.alerts import alerts
from servicegap.gaps.kinds.drivers import drivers
from servicegap.gaps.kinds.gaps import gaps
from servicegap.gaps.kinds.kano import kano
from servicegap.gaps.kinds.moments import moments
from servicegap.gaps.kinds.perception import perception
from servicegap.gaps.kinds.scores import score
from servicegap.lib.proportions import too_wide

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
        doc = FAST[kind](workspace, filters)
    else:
        doc = BUILDERS[kind](workspace, filters)
    if kind in TELLS:
        mark_too_few(doc, settings.TELL_WIDTHS[kind])
    return doc


TELLS = ("nps", "csat", "ces")


def mark_too_few(doc: dict[str, Any], width: float) -> None:
    """``too_few_to_tell``: no interval, or one wider than ``width`` (in place; not on hidden)."""
    for figure in doc.get("rows", [doc]):
        if not figure.get("suppressed"):
            figure["too_few_to_tell"] = too_wide(figure.get("ci_low"), figure.get("ci_high"), width)


__all__ = ["KINDS", "ReportError", "run"]
