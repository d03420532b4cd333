"""NPS, CSAT and CES: whole-response scores, as one object or per row with ``by``.

NPS is the plain score on −100..100 with the adjusted-Wald interval (Rocks 2016); CSAT is the
top-two-box share of 1..5 with a Wilson interval; CES is the mean of 1..7 with a t interval.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from servicegap.core.models import Workspace
from servicegap.gaps.data import Ans, load
from servicegap.gaps.filters import Filters
from servicegap.gaps.kinds.common import group, rows, whole_hidden
from servicegap.lib.inference import mean_ci
from servicegap.lib.proportions import csat, nps
from servicegap.lib.scales import PERSPECTIVES
from servicegap.reports import kind_charts
from servicegap.reports.registry import ReportKind


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


def score(workspace: Workspace, f: Filters) -> dict[str, Any]:
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


_RESPONSE_LEVEL = ("touchpoint", "journey", "unit", "perspective", "period")

NPS = ReportKind(
    name="nps",
    title="NPS",
    heading="Net Promoter Score",
    reading=(
        "Net Promoter Score: the share of promoters (9–10) minus the share of detractors (0–6), "
        "from −100 to 100, with its 95 % interval; too wide an interval is marked too few to "
        "tell."
    ),
    builder="servicegap.gaps.kinds.scores:score",
    by=_RESPONSE_LEVEL,
    fast="servicegap.gaps.kinds.fast:score",
    family="nps",
    tell_width=30.0,
    chart=kind_charts.bars("nps", "NPS"),
    value="nps",
    sentence="servicegap.reports.sentences:nps",
    lead=("nps", "ci_low", "n"),
    sort="nps",
    order=40,
)
CSAT = ReportKind(
    name="csat",
    title="CSAT",
    heading="Customer satisfaction (top two boxes)",
    reading=(
        "Customer satisfaction: the share of answers in the top two boxes of the 1–5 scale, "
        "in %, with its 95 % interval."
    ),
    builder="servicegap.gaps.kinds.scores:score",
    by=_RESPONSE_LEVEL,
    fast="servicegap.gaps.kinds.fast:score",
    family="csat",
    tell_width=20.0,
    chart=kind_charts.bars("csat_pct", "CSAT"),
    value="csat_pct",
    sentence="servicegap.reports.sentences:csat",
    lead=("csat_pct", "ci_low", "n"),
    sort="csat_pct",
    order=50,
)
CES = ReportKind(
    name="ces",
    title="CES",
    heading="Customer effort",
    reading=(
        "Customer effort: how easy it was, the mean on the scale from 1 (very difficult) to 7 "
        "(very easy), with its 95 % interval."
    ),
    builder="servicegap.gaps.kinds.scores:score",
    by=_RESPONSE_LEVEL,
    fast="servicegap.gaps.kinds.fast:score",
    family="ces",
    tell_width=1.0,
    chart=kind_charts.bars("mean", "CES"),
    value="mean",
    sentence="servicegap.reports.sentences:ces",
    lead=("mean", "ci_low", "n"),
    sort="mean",
    order=60,
)
