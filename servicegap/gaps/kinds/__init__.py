"""The report engine, shared by `servicegap report KIND`, `GET /api/v1/reports/{kind}` and the
report pages.

``run(workspace, kind, params)`` parses the raw filters (``servicegap.gaps.filters``; a bad one
raises ``ReportError``) and returns the kind's JSON document, its rows named
(``servicegap.reports.names``), from the aggregates where its fast
path applies, else from its builder: no timestamps, no echo of the request, so the CLI and the
API answer with the same document. The kinds are declared in ``servicegap.reports.registry``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings

from servicegap import conf
from servicegap.core.models import Workspace
from servicegap.gaps.filters import ReportError, parse
from servicegap.gaps.kinds import fast
from servicegap.lib.proportions import too_wide
from servicegap.reports import names, registry


def run(workspace: Workspace, kind: str, params: Mapping[str, str | None]) -> dict[str, Any]:
    """The report ``kind`` of ``workspace`` for the raw filter values ``params``."""
    filters = parse(kind, params)
    declared = registry.get(kind)
    assert declared is not None  # parse refuses an unknown kind
    quick = declared.build_fast
    if quick is not None and fast.applicable(workspace, filters):
        doc = quick(workspace, filters)
    else:
        doc = declared.build(workspace, filters)
    width = tell_width(declared)
    if width is not None:
        mark_too_few(doc, width)
    names.add_names(doc, filters.by or declared.default_by, names.lookup(workspace))
    return doc


def tell_widths() -> dict[str, float]:
    """Each kind's too-few-to-tell width: SERVICEGAP_TELL_WIDTHS, else its declared default
    (checked against the registered kinds at start-up: ``servicegap.gaps.checks``)."""
    if not hasattr(settings, "TELL_WIDTHS"):
        defaults = {k.name: k.tell_width for k in registry.kinds() if k.tell_width is not None}
        settings.TELL_WIDTHS = conf.env_widths("SERVICEGAP_TELL_WIDTHS", defaults)
    widths: dict[str, float] = settings.TELL_WIDTHS  # type: ignore[misc]
    return widths


def tell_width(kind: registry.ReportKind) -> float | None:
    return tell_widths().get(kind.name)


def mark_too_few(doc: dict[str, Any], width: float) -> None:
    """``too_few_to_tell``: no interval, or one wider than ``width`` (in place; not on hidden)."""
    for figure in doc.get("rows", [doc]):
        if not figure.get("suppressed"):
            figure["too_few_to_tell"] = too_wide(figure.get("ci_low"), figure.get("ci_high"), width)


__all__ = ["ReportError", "run"]
