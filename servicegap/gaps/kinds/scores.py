"""NPS, CSAT and CES: whole-response scores, as one object or per row with ``by``.

NPS is the plain score on −100..100 with the adjusted-Wald interval (Rocks 2016); CSAT is the
top-two-box share of 1..5 with a Wilson interval; CES is the mean of 1..7 with a t interval.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from servicegap.gaps.data import Ans, load
from servicegap.gaps.filters import Filters
from servicegap.gaps.kinds.common import group, rows, whole_hidden
from servicegap.lib.inference import mean_ci
from servicegap.lib.proportions import csat, nps
from servicegap.lib.scales import PERSPECTIVES


def _nps(values: list[float]) -> dict[str, Any]:
    return asdict(nps(values))


def _csat(values: list[float]) -> dict[str, Any]:
    return asdict(csat(values))


def _ces(values: list[float]) -> dict[str, Any]:
    stat = mean_ci(values)
    return {"n": stat.n, "mean": stat.mean, "ci_low": stat.ci_low, "ci_high": stat.ci_high}


FIGURES: dict[str, Callable[[list[float]], dict[str, Any]]] = {
    "nps": _nps,
    "csat": _csat,
    "ces": _ces,
}


def score(workspace, f: Filters) -> dict[str, Any]:
    perspectives = PERSPECTIVES if f.by == "perspective" else None
    data = load(workspace, f, (f.kind,), perspectives)
    figures = FIGURES[f.kind]

    def of(answers: list[Ans]) -> dict[str, Any]:
        return figures([a.value for a in answers if a.value is not None])

    if f.by is None:
        if whole_hidden(data):
            return {"suppressed": True}
        return of(data.answers)
    groups = group(data, f.by)
    return {"rows": rows(data, f.by, groups, lambda code, answers: of(answers))}
