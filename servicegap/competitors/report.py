"""The ``competitors`` report: per standard and competitor, ours − theirs within customers.

Reads the customers' ``experience`` answers through the report filters (``gaps.data.load``) and
the ``competitor_experience`` answers of the same responses; ``compare`` pairs them.
"""

from __future__ import annotations

from typing import Any

from servicegap.competitors import compare
from servicegap.competitors.chart import draw
from servicegap.competitors.models import Competitor
from servicegap.core.models import Workspace
from servicegap.gaps.data import load
from servicegap.gaps.filters import Filters, ReportError
from servicegap.lib.inference import bh_adjust
from servicegap.lib.scales import COMPETITOR_KIND, rescale
from servicegap.reports.registry import ReportKind
from servicegap.reports.sentences import signed
from servicegap.surveys.models import Answer


def competitors(workspace: Workspace, f: Filters) -> dict[str, Any]:
    if f.protected:  # only customers rate a competitor; no employee data is ever read here
        raise ReportError("perspective", "competitors are rated by customers only")
    data = load(workspace, f, ("experience",))
    ours = {(a.response, a.item): a.value for a in data.answers if a.value is not None}
    found = Answer.objects.of(workspace).filter(
        kind=COMPETITOR_KIND, response__perspective="customer", value_num__isnull=False
    )
    w = int(workspace.scale_max)
    theirs = [
        (rid, item, code, rescale(value, scale, w))
        for rid, item, code, value, scale in found.values_list(
            "response_id", "item", "competitor", "value_num", "response__scale_max"
        )
        # the same filters (unit, dates, segment) as our answers; value_num is never null here
        if rid in data.responses and value is not None
    ]
    out = compare.rows(ours, theirs)
    for row, q in zip(out, bh_adjust([r["p"] for r in out]), strict=True):
        row["q"], row["significant"] = q, q is not None and q < 0.05
    names = dict(Competitor.objects.of(workspace).values_list("code", "name"))
    for row in out:
        row["competitor_name"] = names.get(row["competitor"], row["competitor"])
    return {"rows": out}


def sentence(doc: dict[str, Any], by: str | None, params: Any) -> str:
    rows = [r for r in doc.get("rows", []) if r.get("difference") is not None]
    if not rows:
        return "No customer has rated a competitor on the same standards yet (n = 0)."
    behind = [r for r in rows if r.get("significant") and r["difference"] < 0]
    ahead = [r for r in rows if r.get("significant") and r["difference"] > 0]
    worst = min(rows, key=lambda r: r["difference"])
    name = worst.get("standard_name") or worst["standard"]
    return (
        f"Customers rate us clearly better than a competitor on {len(ahead)} and clearly worse "
        f"on {len(behind)} of {len(rows)} comparisons; furthest behind: {name} against "
        f"{worst['competitor_name']}, {signed(worst['difference'])} (n = {worst['n']})."
    )


KIND = ReportKind(
    name="competitors",
    title="Competitors",
    heading="Competitors: our standards against the customer's main alternative",
    reading=(
        "Each row compares, among the customers who rated both, their mean rating of us with "
        "their rating of the competitor on the same standard (ours − theirs, paired within "
        "each customer, n), with its 95 % interval; better or worse is called significant only "
        "after adjusting for the number of comparisons."
    ),
    builder="servicegap.competitors.report:competitors",
    chart=draw,
    chart_template="competitors/dots.html",
    empty="No customer has rated a competitor on the same standards yet (n = 0).",
    labels=(
        ("competitor_name", "Competitor"),
        ("competitor", "Competitor code"),
        ("ours", "Us (mean)"),
        ("theirs", "Competitor (mean)"),
        ("difference", "Us − competitor"),
        ("n", "Rated both (n)"),
    ),
    lead=(
        "competitor_name",
        "difference",
        "ci_low",
        "ci_high",
        "significant",
        "n",
        "ours",
        "theirs",
    ),
    sort="difference",
    sentence="servicegap.competitors.report:sentence",
    order=76,
)
