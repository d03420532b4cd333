"""What the chain page shows beside the report's table: the graph, the chain behind each
touchpoint's owning unit, and the correlation of internal and external results. The figures
come from the chain report (already anonymity-checked) and ``servicegap.chain.compute``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Count

from servicegap.chain import compute, graph
from servicegap.core.models import Workspace
from servicegap.gaps.kinds import run
from servicegap.journeys.models import Touchpoint
from servicegap.lib.scales import rescale
from servicegap.people.models import Unit
from servicegap.surveys.models import Answer


@dataclass
class Behind:
    """One touchpoint, its owning unit and the chain behind that unit."""

    touchpoint: Touchpoint
    links: int  # links in the chain behind the unit (declared or rated)
    weakest: dict[str, Any] | None  # the lowest-rated shown link among them


def behind_touchpoints(workspace: Workspace, rows: list[dict]) -> list[Behind]:
    links = [(r["supplier"], r["customer"]) for r in rows]
    by_link = {(r["supplier"], r["customer"]): r for r in rows}
    found = []
    touchpoints = (
        Touchpoint.objects.of(workspace)
        .filter(unit__isnull=False)
        .select_related("unit", "journey")
        .order_by("journey__code", "step")
    )
    for tp in touchpoints:
        assert tp.unit is not None  # filtered above
        chain = [by_link[link] for link in compute.upstream(tp.unit.code, links)]
        rated = [r for r in chain if not r["suppressed"] and r["mean"] is not None]
        # the weakest: a weak link first, then the lowest mean
        weakest = min(rated, key=lambda r: (not r["weak"], r["mean"]), default=None)
        found.append(Behind(tp, len(chain), weakest))
    return found


@dataclass
class Linked:
    """One unit of the correlation: its internal score as a supplier and its customers' mean
    experience at the touchpoints it owns."""

    code: str
    name: str
    internal: float
    external: float
    customers: int  # customer answers behind ``external``


def external_means(workspace: Workspace) -> dict[str, tuple[float, int]]:
    """Per owning unit: customers' mean experience at its touchpoints (workspace scale), n."""
    rows = (
        Answer.objects.of(workspace)
        .filter(
            response__perspective="customer",
            kind="experience",
            value_num__isnull=False,
            response__touchpoint__unit__isnull=False,
        )
        .values_list("response__touchpoint__unit__code", "response__scale_max")
        .annotate(mean=Avg("value_num"), n=Count("id"))
    )
    sums: dict[str, list[float]] = {}
    top = workspace.scale_max
    for code, scale, mean, n in rows:
        total = sums.setdefault(code, [0.0, 0.0])
        total[0] += rescale(mean, scale, top) * n
        total[1] += n
    return {code: (s / n, int(n)) for code, (s, n) in sums.items() if n}


def linked_units(workspace: Workspace, rows: list[dict]) -> list[Linked]:
    """Units with both a shown internal score as a supplier and customer results."""
    scores = compute.supplier_scores(rows)
    external = external_means(workspace)
    names = dict(Unit.objects.of(workspace).values_list("code", "name"))
    return [
        Linked(code, names.get(code, code), scores[code], *external[code])
        for code in sorted(set(scores) & set(external))
    ]


def worst_first(rows: list[dict]) -> list[dict]:
    """The table's order: weak links, then the others by mean (lowest first), then the links
    without figures (hidden, then not rated)."""

    def key(r: dict) -> tuple:
        if r["suppressed"]:
            return (2, 0.0, r["supplier"], r["customer"])
        if r["mean"] is None:
            return (3, 0.0, r["supplier"], r["customer"])
        return (0 if r["weak"] else 1, r["mean"], r["supplier"], r["customer"])

    return sorted(rows, key=key)


@dataclass
class ChainPage:
    doc: dict[str, Any]
    rows: list[dict]
    sentence: str
    benchmark: float | None
    drawing: graph.Drawing | None
    behind: list[Behind]
    linked: list[Linked]
    correlation: compute.Correlation
    hidden: int


def build(workspace: Workspace) -> ChainPage:
    from servicegap.reports import registry  # noqa: PLC0415

    doc = run(workspace, "chain", {})
    rows = doc["rows"]
    kind = registry.get("chain")
    assert kind is not None
    names = dict(Unit.objects.of(workspace).values_list("code", "name"))
    linked = linked_units(workspace, rows)
    return ChainPage(
        doc=doc,
        rows=worst_first(rows),
        sentence=kind.say(doc, None, {}),
        benchmark=compute.benchmark(rows),
        drawing=graph.layout(names, rows, workspace.scale_max) if rows else None,
        behind=behind_touchpoints(workspace, rows),
        linked=linked,
        correlation=compute.correlation([(u.internal, u.external) for u in linked]),
        hidden=sum(1 for r in rows if r["suppressed"]),
    )
