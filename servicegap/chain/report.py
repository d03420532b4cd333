"""The chain report: how each unit rates the internal suppliers it depends on.

``servicegap report chain --json``, ``GET /api/v1/reports/chain`` and the report page all answer
``{"rows": [{"supplier", "customer", "n", "mean", "ci_low", "ci_high", "weak", "suppressed"}]}``
(units by code; the engine adds ``supplier_name`` and ``customer_name``). The figures are
``servicegap.chain.compute``'s; this module only reads the answers. No filters: a window or a
unit would let two reports be subtracted from each other (docs/chain.md).
"""

from __future__ import annotations

from typing import Any

from servicegap.chain.compute import Rating, chain_rows
from servicegap.chain.graph import layout
from servicegap.core.models import Workspace
from servicegap.lib.scales import rescale
from servicegap.reports.registry import ReportKind
from servicegap.reports.sentences import interval, plain

KINDS = ("experience", "rating")


def ratings(workspace: Workspace) -> list[Rating]:
    """Every internal ``experience`` and ``rating`` answer, on the workspace's scale."""
    from servicegap.surveys.models import Answer  # noqa: PLC0415 (keeps the kind light)

    rows = (
        Answer.objects.of(workspace)
        .filter(response__perspective="internal", kind__in=KINDS, value_num__isnull=False)
        .values_list(
            "value_num",
            "response_id",
            "response__respondent_id",
            "response__scale_max",
            "response__supplier__code",
            "response__unit__code",
        )
    )
    top = workspace.scale_max
    return [
        Rating(
            supplier or "",
            customer or "",
            ("person", person) if person else ("response", response),
            rescale(value, scale, top),  # value_num__isnull=False above
        )
        for value, response, person, scale, supplier, customer in rows.iterator(chunk_size=5000)
        if value is not None
    ]


def declared(workspace: Workspace) -> list[tuple[str, str]]:
    from servicegap.people.models import InternalLink  # noqa: PLC0415

    return list(InternalLink.objects.of(workspace).values_list("supplier__code", "customer__code"))


def chain(workspace: Workspace, _filters: Any) -> dict[str, Any]:
    rows = chain_rows(ratings(workspace), declared(workspace), workspace.anonymity_threshold)
    return {"rows": rows}


def chart(doc: dict[str, Any], _by: str | None, scale_max: int) -> list[Any]:
    """The chain graph of the report page and the PDF (``servicegap.chain.graph``)."""
    rows = doc.get("rows", [])
    if not rows:
        return []
    names = {r[key]: r[f"{key}_name"] for r in rows for key in ("supplier", "customer")
             if r.get(f"{key}_name")}  # fmt: skip
    return [layout(names, rows, scale_max)]


def _link(row: dict[str, Any]) -> str:
    return (
        f"{row.get('supplier_name') or row['supplier']} → "
        f"{row.get('customer_name') or row['customer']}"
    )


def sentence(doc: dict[str, Any], _by: str | None, _params: Any) -> str:
    """ "The weakest link is Parts → Service: 3.1 (95 % interval 2.6 to 3.6), …"."""
    rows = [r for r in doc.get("rows", []) if not r.get("suppressed") and r.get("n")]
    if not rows:
        hidden = sum(1 for r in doc.get("rows", []) if r.get("suppressed"))
        if hidden:
            return f"{hidden} links have too few raters to show; no link can be judged yet."
        return "No unit has rated an internal supplier yet."
    weak = sorted((r for r in rows if r.get("weak")), key=lambda r: r["mean"])
    if not weak:
        return (
            f"None of {len(rows)} internal links is rated below the others beyond what chance "
            "explains."
        )
    worst = weak[0]
    text = (
        f"{len(weak)} of {len(rows)} internal links are rated below the others beyond what "
        f"chance explains; the weakest is {_link(worst)}: {plain(worst['mean'])} "
        f"({interval(worst['ci_low'], worst['ci_high'])})."
    )
    return text


KIND = ReportKind(
    name="chain",
    title="Internal chain",
    heading="The internal chain: how units rate the units they depend on",
    reading=(
        "For each internal supplier and the unit it serves, the mean of the customer unit's "
        "ratings with its 95 % interval and the number of distinct raters; a link is weak when "
        "its whole interval lies below the mean of all links shown, and links with fewer raters "
        "than the anonymity threshold are hidden."
    ),
    builder="servicegap.chain.report:chain",
    filtered=False,
    always_protected=True,
    labels=(
        ("supplier", "Supplier unit"),
        ("customer", "Customer unit"),
        ("mean", "Mean rating"),
        ("weak", "Weak link"),
    ),
    chart=chart,
    chart_template="chain/report_chart.html",
    empty="No unit has rated an internal supplier yet (n = 0).",
    sentence="servicegap.chain.report:sentence",
    lead=("mean", "ci_low", "ci_high", "weak", "n"),
    sort="mean",
    order=27,
)
