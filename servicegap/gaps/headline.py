"""The home page's answer to "How good are we really?": the gap per standard, per perspective.

The database pairs each response's expectation and experience of a standard and returns sufficient
statistics (counts, sums, sums of squares); the interval is computed by ``servicegap.lib.stats``.
Ratings answered on another scale are rescaled linearly to the workspace scale. Employee and
leader figures for fewer distinct respondents than the anonymity threshold are hidden.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection

from servicegap.lib.scales import PROTECTED_PERSPECTIVES
from servicegap.lib.stats import mean_interval
from servicegap.standards.models import Standard

HEADLINE_PERSPECTIVES = ("customer", "employee", "leader")

# One row per (response, standard): the response's expectation and experience, rescaled.
_PAIRS = """
SELECT r.perspective AS perspective, a.item AS item, r.respondent_id AS respondent,
  MAX(CASE WHEN a.kind = 'expectation'
      THEN 1.0 + (a.value_num - 1) * (%(w)s - 1) / (r.scale_max - 1) END) AS expc,
  MAX(CASE WHEN a.kind = 'experience'
      THEN 1.0 + (a.value_num - 1) * (%(w)s - 1) / (r.scale_max - 1) END) AS expr,
  MAX(CASE WHEN a.kind = 'experience' AND a.value_num >= r.scale_max - 1 THEN 1 ELSE 0 END) AS top2
FROM surveys_answer a JOIN surveys_response r ON r.id = a.response_id
WHERE a.workspace_id = %(ws)s AND r.workspace_id = %(ws)s
  AND a.kind IN ('expectation', 'experience') AND r.perspective IN ('customer', 'employee', 'leader')
GROUP BY a.response_id, r.perspective, a.item, r.respondent_id
"""

_MOMENTS = f"""
SELECT perspective, item,
  SUM(CASE WHEN expr IS NOT NULL THEN 1 ELSE 0 END),
  SUM(expr), SUM(CASE WHEN expr IS NOT NULL THEN top2 ELSE 0 END),
  SUM(CASE WHEN expc IS NOT NULL THEN 1 ELSE 0 END), SUM(expc),
  SUM(CASE WHEN expr IS NOT NULL AND expc IS NOT NULL THEN 1 ELSE 0 END),
  SUM(CASE WHEN expc IS NOT NULL THEN expr - expc END),
  SUM(CASE WHEN expc IS NOT NULL THEN (expr - expc) * (expr - expc) END),
  SUM(CASE WHEN expc IS NULL THEN expr END),
  SUM(CASE WHEN expc IS NULL THEN expr * expr END),
  COUNT(DISTINCT respondent) + SUM(CASE WHEN respondent IS NULL THEN 1 ELSE 0 END)
FROM ({_PAIRS}) pairs
GROUP BY perspective, item
"""


@dataclass
class PerspectiveFigure:
    perspective: str
    n: int = 0
    respondents: int = 0
    expectation_mean: float | None = None
    experience_mean: float | None = None
    gap: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    top2_share: float | None = None
    hidden: bool = False


@dataclass
class HeadlineRow:
    code: str
    title: str
    dimension: str
    target: float | None
    figures: dict[str, PerspectiveFigure] = field(default_factory=dict)


@dataclass
class _Moments:
    n_exp: int
    sum_exp: float
    top2: int
    n_expc: int
    sum_expc: float
    n_pairs: int
    sum_d: float
    sum_d2: float
    sum_x_only: float
    sum_x2_only: float
    respondents: int


def figure(
    perspective: str, m: _Moments | None, target: float | None, threshold: int
) -> PerspectiveFigure:
    """Turn one perspective's moments into figures; the gap falls back on the target."""
    fig = PerspectiveFigure(perspective)
    if m is None:
        return fig
    fig.respondents = m.respondents
    if perspective in PROTECTED_PERSPECTIVES and m.respondents < threshold:
        fig.hidden = True
        return fig
    n, total, total_sq = m.n_pairs, m.sum_d, m.sum_d2
    n_only = m.n_exp - m.n_pairs
    if target is not None and n_only > 0:
        # Experience without an expectation is compared with the standard's target.
        n += n_only
        total += m.sum_x_only - n_only * target
        total_sq += m.sum_x2_only - 2 * target * m.sum_x_only + n_only * target * target
    interval = mean_interval(n, total, total_sq)
    fig.n = n
    fig.gap, fig.ci_low, fig.ci_high = interval.mean, interval.ci_low, interval.ci_high
    fig.experience_mean = m.sum_exp / m.n_exp if m.n_exp else None
    fig.expectation_mean = m.sum_expc / m.n_expc if m.n_expc else None
    fig.top2_share = m.top2 / m.n_exp if m.n_exp else None
    return fig


def headline(workspace) -> list[HeadlineRow]:
    """The gap per published standard for customers, employees and leaders."""
    with connection.cursor() as cursor:
        cursor.execute(_MOMENTS, {"ws": workspace.pk, "w": workspace.scale_max})
        moments = {
            (row[0], row[1]): _Moments(
                int(row[2] or 0),
                float(row[3] or 0),
                int(row[4] or 0),
                int(row[5] or 0),
                float(row[6] or 0),
                int(row[7] or 0),
                float(row[8] or 0),
                float(row[9] or 0),
                float(row[10] or 0),
                float(row[11] or 0),
                int(row[12] or 0),
            )
            for row in cursor.fetchall()
        }
    rows = []
    for s in Standard.objects.of(workspace).filter(published=True).order_by("code"):
        row = HeadlineRow(s.code, s.title, s.dimension, s.target)
        for p in HEADLINE_PERSPECTIVES:
            row.figures[p] = figure(
                p, moments.get((p, s.code)), s.target, workspace.anonymity_threshold
            )
        rows.append(row)
    return rows
