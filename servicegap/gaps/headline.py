"""The home page's answer to "How good are we really?": the gap per standard, per perspective.

Each perspective's figures are those of the gaps report by item (``servicegap.gaps.kinds``, read
from the aggregates): the gap paired within each response, against the target of the standard
version rated when no expectation was asked, ratings rescaled to the workspace scale, with its
95 % interval. Employee and leader figures for fewer distinct respondents than the anonymity
threshold are hidden. The top-two-box share comes from the same aggregates.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from servicegap.aggregates import cells
from servicegap.aggregates.models import Grain, Presence
from servicegap.core.models import Workspace
from servicegap.lib.scales import PROTECTED_PERSPECTIVES
from servicegap.standards.models import Standard

HEADLINE_PERSPECTIVES = ("customer", "employee", "leader")


@dataclass
class PerspectiveFigure:
    perspective: str
    n: int = 0
    respondents: int | None = None  # distinct; counted for employees and leaders only
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


def _top_two(workspace: Workspace) -> dict[tuple[str, str], float]:
    where = Q(grain=Grain.MONTH, measure="experience", perspective__in=HEADLINE_PERSPECTIVES)
    found = cells.read(workspace, where & ~Q(item=""), ("perspective", "item", "measure"))
    return {(p, item): s.c1 / s.n for (p, item, _), s in found.items() if s.n}


def _respondents(workspace: Workspace) -> dict[tuple[str, str], int]:
    """Distinct employees and leaders who rated each standard (anonymous responses one each)."""
    rows = Presence.objects.of(workspace).filter(
        perspective__in=PROTECTED_PERSPECTIVES & set(HEADLINE_PERSPECTIVES), family="rated"
    )
    people: dict[tuple[str, str], set[int]] = {}
    anonymous: dict[tuple[str, str], int] = {}
    for p, item, person, n in rows.exclude(item="").values_list(
        "perspective", "item", "respondent", "responses"
    ):
        if person:
            people.setdefault((p, item), set()).add(person)
        else:
            anonymous[(p, item)] = anonymous.get((p, item), 0) + n
    keys = people.keys() | anonymous.keys()
    return {k: len(people.get(k, ())) + anonymous.get(k, 0) for k in keys}


def _figure(perspective: str, row: dict | None, top: float | None, people: int | None):
    fig = PerspectiveFigure(perspective, respondents=people)
    if row is None:
        return fig
    if row.get("suppressed"):
        fig.hidden = True
        return fig
    fig.n = row["n"]
    fig.expectation_mean, fig.experience_mean = row["expectation_mean"], row["experience_mean"]
    fig.gap, fig.ci_low, fig.ci_high = row["gap"], row["ci_low"], row["ci_high"]
    if not row["n"] and row.get("target_n"):
        # Nobody gave their own expectation (leaders often rate only what happens): the gap
        # against the standard's target, over its own responses, never mixed with the other.
        fig.n, fig.gap = row["target_n"], row["gap_vs_target"]
        fig.ci_low, fig.ci_high = row["target_ci_low"], row["target_ci_high"]
    fig.top2_share = top
    return fig


def headline(workspace: Workspace, unit: str | None = None) -> list[HeadlineRow]:
    """The gap per published standard for customers, employees and leaders; of ``unit`` and its
    subtree when given (a manager's or an employee's own unit: docs/security.md)."""
    from servicegap.gaps.kinds import run

    scope = {"unit": unit} if unit else {}
    per_perspective = {
        p: {r["item"]: r for r in run(workspace, "gaps", {"perspective": p, **scope})["rows"]}
        for p in HEADLINE_PERSPECTIVES
    }
    # the top-two shares and respondent counts come from workspace-wide aggregates: not for a unit
    tops = _top_two(workspace) if unit is None else {}
    people = _respondents(workspace) if unit is None else {}
    rows = []
    for s in Standard.objects.of(workspace).filter(published=True, retired=False).order_by("code"):
        row = HeadlineRow(s.code, s.title, s.dimension, s.target)
        for p in HEADLINE_PERSPECTIVES:
            found = per_perspective[p].get(s.code)
            row.figures[p] = _figure(p, found, tops.get((p, s.code)), people.get((p, s.code)))
        rows.append(row)
    return rows
