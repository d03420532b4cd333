"""The consistency report ("with every customer, every time, no exceptions"): per standard and
unit (or employee who served), the share of customer experiences below the standard's target,
which units are tied (overlapping intervals), and how much of the variation lies between units.

The figures are ``servicegap.lib.consistency``'s; the target is that of the standard version
rated (a later change of target does not rewrite the past). Only customer experiences: an
employee's or a leader's own view says nothing about what customers got, and rows per employee
come only from customer responses that name the employee who served (``Response.employee``).
"""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from servicegap.core.models import Workspace
from servicegap.gaps import charts
from servicegap.gaps.data import Ans, Data, load
from servicegap.gaps.filters import Filters, ReportError
from servicegap.lib.consistency import below_target, between_share, ties
from servicegap.reports.registry import ReportKind


def _employee_key(data: Data) -> Callable[[Ans], str | None]:
    """Answer → the code of the employee its response names (None: names none)."""
    from servicegap.surveys.models import Response  # noqa: PLC0415 (keeps the kind light)

    named = dict(
        Response.objects.of(data.workspace)
        .filter(employee__isnull=False)
        .values_list("pk", "employee__code")
    )
    return lambda a: named.get(a.response)


def consistency(workspace: Workspace, f: Filters) -> dict[str, Any]:
    if f.perspective != "customer":
        raise ReportError(
            "perspective", "consistency is measured on customer experiences: perspective customer"
        )
    by = f.by or "unit"
    data = load(workspace, f, ("experience",))
    unit_of = data.key_function("unit")
    employee_of = _employee_key(data) if by == "employee" else None
    # standard → group → (experiences, targets): only experiences of a version with a target.
    # By employee a group is (employee, unit): the row names its unit, so a manager whose view
    # is limited to some units (``visible_rows``) sees only their own employees.
    found: dict[str, dict[str, tuple[list[float], list[float]]]] = {}
    units: dict[str, str | None] = {}
    for a in data.answers:
        if not a.item or a.value is None or a.target is None:
            continue
        unit = unit_of(a)
        if employee_of is None:
            code = unit
        else:
            person = employee_of(a)
            code = None if person is None else f"{person} · {unit or ''}".rstrip(" ·")
            units[code or ""] = unit
        if code is None:
            continue
        values, targets = found.setdefault(a.item, {}).setdefault(code, ([], []))
        values.append(a.value)
        targets.append(a.target)
    rows: list[dict[str, Any]] = []
    standards: list[dict[str, Any]] = []
    share_key = f"between_{by}_share"
    for standard in sorted(found):
        groups = found[standard]
        below = {code: below_target(*groups[code]) for code in sorted(groups)}
        tied = ties({code: (b.ci_low, b.ci_high) for code, b in below.items()})
        between = between_share({code: v for code, (v, _) in groups.items()})
        standards.append(
            {"standard": standard, share_key: between.share, "n": between.n,
             "groups": between.groups, "p": between.p}
        )  # fmt: skip
        for code, b in below.items():
            head = {by: code} if employee_of is None else {by: code.split(" · ")[0],
                                                           "unit": units[code]}  # fmt: skip
            rows.append(
                {"standard": standard, **head, "n": b.n, "below_target_share": b.share,
                 "ci_low": b.ci_low, "ci_high": b.ci_high, "tied_with": tied[code],
                 share_key: between.share}
            )  # fmt: skip
    return {"rows": rows, "standards": standards}


def chart(doc: dict[str, Any], by: str | None, scale_max: int) -> list[Any]:
    """Bars of the share below target (in %) per standard and unit, in the table's order (by
    code, not by share: the figures are not a ranking), with their 95 % whiskers."""
    shaped = []
    for r in doc.get("rows", []):
        pct = [None if v is None else 100 * v for v in (r["below_target_share"], r["ci_low"],
                                                         r["ci_high"])]  # fmt: skip
        figure = SimpleNamespace(gap=pct[0], ci_low=pct[1], ci_high=pct[2], n=r["n"], hidden=False)
        code = f"{r['standard']} · {r[by or 'unit']}"
        shaped.append(SimpleNamespace(code=code, title=code, figures={"customer": figure}))
    drawn = (
        charts.gap_chart(shaped, layout, describe=lambda v, n: f"{v:.0f} % below · n = {n:,}")
        for layout in charts.LAYOUTS
    )
    return [c for c in drawn if c is not None]


KIND = ReportKind(
    name="consistency",
    title="Consistency",
    heading="Consistency: how often customers get less than the standard",
    reading=(
        "For each standard and unit, the share of customer experiences rated below the "
        "standard's target with its 95 % interval; units whose intervals overlap are listed as "
        "tied, because their difference could be chance, and the share between units says how "
        "much of all the variation lies between units rather than within them."
    ),
    builder="servicegap.gaps.kinds.consistency:consistency",
    by=("unit", "employee"),
    default_by="unit",
    labels=(
        ("standard", "Standard"),
        ("employee", "Employee who served"),
        ("below_target_share", "Below target"),
        ("ci", "Below target: 95 % interval"),
        ("tied_with", "Tied with (overlapping intervals)"),
        ("between_unit_share", "Variation between units (this standard)"),
        ("between_employee_share", "Variation between employees (this standard)"),
    ),
    chart=chart,
    empty="No customer has rated a standard that has a target yet (n = 0).",
    lead=("below_target_share", "ci_low", "tied_with", "n"),
    sentence="servicegap.reports.sentences:consistency",
    order=25,
)
