"""One ValueRun from queued to done: the lifetime-value fit and the retention curves, its
progress written as it goes (the page polls it), its figures kept for the page."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from servicegap.loyalty import retention, value
from servicegap.loyalty.models import ValueRun

STEPS = value.STEPS + 1  # the fit's steps, then the retention curves


def _claim(run_id: int) -> ValueRun | None:
    """Mark it running; None when another worker already took it (or it is gone)."""
    taken = ValueRun.objects.filter(pk=run_id, state=ValueRun.State.QUEUED).update(
        state=ValueRun.State.RUNNING, steps_total=STEPS
    )
    return ValueRun.objects.get(pk=run_id) if taken else None


def figures(run: ValueRun, doc: dict[str, Any], curves: list[dict[str, Any]]) -> dict[str, Any]:
    """What the page shows: no customer's row (ValueRun keeps no personal data)."""
    values = [r["clv"] for r in doc["rows"]]
    fading = sum(1 for r in doc["rows"] if r["p_alive"] < value.AT_RISK_BELOW)
    return {
        "customers": doc["customers"],
        "total": round(sum(values), 2),
        "value_at_risk": doc["value_at_risk"],
        "fading": fading,
        "mean_p_alive": round(sum(r["p_alive"] for r in doc["rows"]) / len(values), 4),
        "repeat": sum(1 for r in doc["rows"] if r["frequency"] > 0),
        "bgnbd": doc["bgnbd"],
        "gamma_gamma": doc["gamma_gamma"],
        "clv": values,  # the histogram's input (numbers only, no customer codes)
        "curves": curves,
    }


def execute(run_id: int) -> str:
    run = _claim(run_id)
    if run is None:
        return f"value run {run_id}: already taken"

    def step(done: int, _total: int) -> None:
        ValueRun.objects.filter(pk=run.pk).update(steps_done=done)

    o = run.options
    try:
        doc = value.customer_values(
            run.workspace,
            run.as_of,
            time_unit=o.get("time-unit", "weeks"),
            horizon=int(o.get("horizon", 12)),
            discount=float(o.get("discount", 0.1)),
            progress=step,
        )
        curves = retention.curves(run.workspace, run.as_of, o.get("by", "all"))
    except ValueError as error:  # a fit the data cannot support: the page says why
        run.state, run.error = ValueRun.State.FAILED, str(error)
    else:
        run.state, run.figures = ValueRun.State.DONE, figures(run, doc, curves)
    run.steps_done, run.finished_at = STEPS, timezone.now()
    run.save(update_fields=["state", "error", "figures", "steps_done", "finished_at"])
    return f"value run {run_id}: {run.state}"
