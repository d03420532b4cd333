"""The ``clv`` report kind: each customer's lifetime value as of a day (servicegap.loyalty.value).

``servicegap report clv --as-of DATE [--time-unit days|weeks] [--horizon N] [--discount R] --json``
and ``GET /api/v1/reports/clv`` answer value.customer_values's document plus ``as_of`` and the
parameters used. Customer-level rows are personal data, so the kind has no report page (every
member reads report pages); the value page (value_views.py) is for owners and leaders and runs the
fit in the background.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from servicegap.gaps.filters import Filters, ReportError
from servicegap.loyalty.report import AS_OF, as_of
from servicegap.reports import progress
from servicegap.reports.params import Param
from servicegap.reports.registry import ReportKind

TIME_UNIT = Param(
    "time-unit",
    "Time unit",
    "The models' time unit: weeks (default; days / 7, fractional) or days.",
    choices=("weeks", "days"),
    default="weeks",
)
HORIZON = Param(
    "horizon",
    "Horizon (months)",
    "How far ahead the lifetime value looks, in months (1–120; default 12).",
    default="12",
    metavar="MONTHS",
)
DISCOUNT = Param(
    "discount",
    "Discount rate",
    "Yearly discount rate applied to future spend, 0 to below 1 (default 0.1 = 10 %/year).",
    default="0.1",
    metavar="RATE",
)


def options(f: Filters) -> dict[str, Any]:
    """The fit's settings from the kind's parameters; a bad one is a ReportError naming it."""
    raw_h = f.options.get("horizon") or HORIZON.default or "12"
    try:
        horizon = int(raw_h)
    except ValueError:
        raise ReportError("horizon", f"must be a whole number of months, not {raw_h!r}") from None
    if not 1 <= horizon <= 120:
        raise ReportError("horizon", f"must be from 1 to 120 months, not {horizon}")
    raw_d = f.options.get("discount") or DISCOUNT.default or "0.1"
    try:
        discount = float(raw_d)
    except ValueError:
        raise ReportError("discount", f"must be a yearly rate such as 0.1, not {raw_d!r}") from None
    if not 0 <= discount < 1:
        raise ReportError("discount", f"must be from 0 to below 1 (0.1 = 10 %), not {raw_d}")
    unit = f.options.get("time-unit") or "weeks"
    return {"time_unit": unit, "horizon": horizon, "discount": discount}


def compute(workspace: Any, day: date, settings: dict[str, Any]) -> dict[str, Any]:
    """The document for ``day`` and ``settings`` (as options() gives them); steps go to
    whoever watches (servicegap.reports.progress)."""
    from servicegap.loyalty.value import customer_values  # noqa: PLC0415 (SciPy, fitted)

    try:
        doc = customer_values(workspace, day, progress=progress.step, **settings)
    except ValueError as error:
        raise ReportError("as-of", str(error)) from None
    doc["rows"].sort(key=lambda r: (-r["clv"], r["customer"]))
    return {"as_of": day.isoformat(), **settings, "currency": workspace.currency, **doc}


def clv(workspace: Any, f: Filters) -> dict[str, Any]:
    return compute(workspace, as_of(workspace, f), options(f))


def money(doc: dict[str, Any], value: float) -> str:
    return f"{doc.get('currency') or ''} {value:,.0f}".strip()


def clv_sentence(doc: dict[str, Any], _by: str | None, _params: Any) -> str:
    total = sum(r["clv"] for r in doc["rows"])
    bought = date.fromisoformat(doc["as_of"])
    return (
        f"The {doc['customers']:,} customers who bought on or before {bought:%d %b %Y} are "
        f"expected to spend {money(doc, total)} in the next {doc['horizon']} months "
        f"(discounted at {doc['discount']:.0%} a year); {money(doc, doc['value_at_risk'])} of "
        f"it is with customers less likely than not to still be buying (p_alive < 0.5)."
    )


CLV = ReportKind(
    name="clv",
    title="Lifetime value",
    heading="Customer lifetime value",
    reading=(
        "Each customer's expected purchases and spend over the horizon and the probability "
        "they still buy (p_alive), from BG/NBD and Gamma-Gamma models fitted on the "
        "transactions up to the as-of day; CLV is that spend discounted to the as-of day."
    ),
    builder="servicegap.loyalty.clv_report:clv",
    filtered=False,
    params=(AS_OF, TIME_UNIT, HORIZON, DISCOUNT),
    page=False,
    sentence="servicegap.loyalty.clv_report:clv_sentence",
    lead=("clv", "p_alive", "expected_purchases", "expected_spend"),
    sort="-clv",
    order=92,
)
