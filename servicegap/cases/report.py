"""The recovery report (``servicegap report recovery``, ``/api/v1/reports/recovery``, its page):
per unit and month of opening, the cases opened, closed within their SLA, the median time to
close and the recovery rate (saved / (saved + lost)) with its Wilson interval; and the recovery
paradox: the NPS of customers whose complaint was put right next to those who never complained.

Filters: ``unit`` (its subtree), ``from``/``to`` (the day a case opened, in the workspace's time
zone): the kind's own parameters, as perspective, touchpoint and segment do not apply to cases.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Q

from servicegap.cases.models import Case, CaseStatus
from servicegap.cases.outcome import outcomes
from servicegap.core.models import Workspace
from servicegap.feedback.models import Feedback
from servicegap.gaps.charts import LAYOUTS, gap_chart
from servicegap.gaps.filters import Filters, ReportError
from servicegap.lib import recovery as rules
from servicegap.lib.proportions import NpsStat, nps, share
from servicegap.people.models import Unit
from servicegap.reports.params import FROM, TO, UNIT
from servicegap.reports.registry import ReportKind
from servicegap.surveys.models import Answer


def _subtree(workspace: Workspace, code: str) -> set[int]:
    units = list(Unit.objects.of(workspace).values_list("pk", "parent_id", "code"))
    root = next((pk for pk, _, c in units if c == code), None)
    if root is None:
        raise ReportError("unit", f"no unit with the code {code!r}")
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent, _ in units:
        children[parent].append(pk)
    found, todo = set(), [root]
    while todo:
        pk = todo.pop()
        if pk not in found:
            found.add(pk)
            todo += children[pk]
    return found


def _window(workspace: Workspace, f: Filters) -> Q:
    zone = ZoneInfo(workspace.time_zone or "UTC")
    q = Q()
    if f.date_from:
        q &= Q(opened_at__gte=datetime.combine(f.date_from, time.min, zone))
    if f.date_to:
        q &= Q(opened_at__lt=datetime.combine(f.date_to, time.max, zone))
    return q


def _closed_at(c: Case) -> datetime:
    assert c.closed_at is not None  # only closed cases are asked
    return c.closed_at


def _row(unit: str | None, month: str, cases: list[Case], got: dict[int, str]) -> dict[str, Any]:
    closed = [c for c in cases if c.status == CaseStatus.CLOSED and c.closed_at]
    in_time = [c for c in closed if c.due_at is None or _closed_at(c) <= c.due_at]
    hours = [(_closed_at(c) - c.opened_at).total_seconds() / 3600 for c in closed]
    median = rules.median_ci(hours)
    saved, lost = rules.recovery_rate(got[c.pk] for c in cases)
    rate = share(saved, saved + lost)
    return {
        "unit": unit,
        "month": month,
        "opened": len(cases),
        "closed": len(closed),
        "closed_within_sla": len(in_time),
        "median_hours_to_close": median.median,
        "median_ci_low": median.ci_low,
        "median_ci_high": median.ci_high,
        "recovery_rate": rate.pct,
        "n": rate.n,
        "saved": saved,
        "lost": lost,
        "ci_low": rate.ci_low,
        "ci_high": rate.ci_high,
    }


def _put_right(c: Case) -> bool:
    """Closed, and its recovery survey answered 4 or 5 after this closing."""
    if c.status != CaseStatus.CLOSED or c.closed_at is None or c.recovery_answer is None:
        return False
    answered = c.recovery_answered_at
    return c.recovery_answer >= 4 and (answered is None or answered >= c.closed_at)


def _stat_doc(s: NpsStat) -> dict[str, Any]:
    return {
        "n": s.n, "nps": s.nps, "ci_low": s.ci_low, "ci_high": s.ci_high,
        "promoters": s.promoters, "passives": s.passives, "detractors": s.detractors,
    }  # fmt: skip


def paradox(workspace: Workspace, cases: list[Case], units: set[int] | None) -> dict[str, Any]:
    """Each customer counts once, by their latest recommend answer: recovered customers (who
    answered the recovery survey of their closed case 4 or 5: "put right" in their own words)
    by their latest customer-survey answer after the close, else the recovery survey's own;
    customers who never complained (no case, no complaint) by their latest.

    Recovered is not "saved": saved includes a later recommend answer of 7 or more, and
    choosing customers by the very figure compared would make the paradox hold by
    construction."""
    answers = Answer.objects.filter(
        workspace=workspace, kind="nps", value_num__isnull=False,
        response__perspective="customer", response__respondent__isnull=False,
    )  # fmt: skip
    if units is not None:
        answers = answers.filter(response__unit_id__in=units)
    latest: dict[int, list[tuple[datetime, float]]] = defaultdict(list)
    for person, at, value in answers.values_list(
        "response__respondent_id", "response__submitted_at", "value_num"
    ):
        if value is not None:  # the filter rules it out; this tells the type checker
            latest[person].append((at, value))
    recovered: dict[int, float] = {}
    put_right = sorted((c for c in cases if _put_right(c)), key=_closed_at)
    for c in put_right:  # a customer recovered twice counts once, by their latest case
        who = c.customer_id if c.customer_id is not None else -c.pk  # no person: the case alone
        after = [(at, v) for at, v in latest.get(who, []) if at > _closed_at(c)]
        if after:
            recovered[who] = max(after)[1]
        elif c.recovery_nps is not None:
            recovered[who] = float(c.recovery_nps)
    complained = set(
        Case.objects.of(workspace).filter(customer__isnull=False).values_list("customer_id", flat=True)
    ) | set(
        Feedback.objects.of(workspace).filter(kind="complaint", person__isnull=False)
        .values_list("person_id", flat=True)
    )  # fmt: skip
    never = [max(given)[1] for person, given in latest.items() if person not in complained]
    a, b = nps(list(recovered.values())), nps(never)
    diff = rules.nps_difference(a, b)
    holds, sentence = rules.paradox_sentence(a, b, diff)
    return {
        "recovered": _stat_doc(a),
        "never_complained": _stat_doc(b),
        "difference": {"estimate": diff.difference, "ci_low": diff.ci_low, "ci_high": diff.ci_high},
        "holds": holds,
        "sentence": sentence,
    }


def recovery(workspace: Workspace, f: Filters) -> dict[str, Any]:
    units = _subtree(workspace, f.unit) if f.unit else None
    found = Case.objects.of(workspace).filter(_window(workspace, f)).select_related("unit")
    if units is not None:
        found = found.filter(unit_id__in=units)
    cases = list(found.order_by("opened_at"))
    got = outcomes(workspace, cases)
    zone = ZoneInfo(workspace.time_zone or "UTC")
    groups: dict[tuple[str, str], list[Case]] = defaultdict(list)
    for c in cases:
        month = c.opened_at.astimezone(zone).strftime("%Y-%m")
        groups[(c.unit.code if c.unit else "", month)].append(c)
    # The triage queue (no unit) is the row whose unit is null.
    rows = [_row(u or None, m, members, got) for (u, m), members in sorted(groups.items())]
    return {"rows": rows, "paradox": paradox(workspace, cases, units)}


def _label(rate: float, n: int) -> str:
    return f"{rate:.0f} % · n = {n:,}"


def chart(doc: dict[str, Any], by: str | None, scale_max: int) -> list[Any]:
    """The recovery rate per unit over the whole window, with its Wilson whisker."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    names: dict[str, str] = {"triage": "Triage queue"}
    for r in doc.get("rows", []):
        t = totals[r["unit"] or "triage"]
        t[0], t[1] = t[0] + r["saved"], t[1] + r["lost"]
        if r["unit"] and r.get("unit_name"):
            names[r["unit"]] = r["unit_name"]
    shaped = []
    for code, (saved, lost) in sorted(totals.items()):
        s = share(saved, saved + lost)
        if s.pct is None:
            continue
        figure = _Figure(s.pct, s.ci_low, s.ci_high, s.n)
        shaped.append(_Row(code, names.get(code, code), {"customer": figure}))
    drawn = (gap_chart(shaped, layout, describe=_label) for layout in LAYOUTS)
    return [c for c in drawn if c is not None]


class _Figure:
    hidden = False

    def __init__(self, gap: float, ci_low: float | None, ci_high: float | None, n: int) -> None:
        self.gap, self.ci_low, self.ci_high, self.n = gap, ci_low, ci_high, n


class _Row:
    def __init__(self, code: str, title: str, figures: dict[str, _Figure]) -> None:
        self.code, self.title, self.figures = code, title, figures


def sentence(doc: dict[str, Any], _by: str | None, _params: Any) -> str:
    """Cases opened and closed in time over every row, then whether the paradox holds."""
    rows = [r for r in doc.get("rows", []) if isinstance(r, dict) and not r.get("suppressed")]
    opened = sum(r.get("opened") or 0 for r in rows)
    if not opened:
        return "No case has been opened in this window yet."
    closed = sum(r.get("closed") or 0 for r in rows)
    in_time = sum(r.get("closed_within_sla") or 0 for r in rows)
    saved = sum(r.get("saved") or 0 for r in rows)
    judged = sum(r.get("n") or 0 for r in rows)
    text = (
        f"{opened:,} cases opened, {closed:,} closed, {in_time:,} of them within their service "
        f"level; {saved:,} of {judged:,} customers whose outcome is known were saved."
    )
    paradox = (doc.get("paradox") or {}).get("sentence")
    return f"{text} {paradox}" if paradox else text


KIND = ReportKind(
    name="recovery",
    title="Recovery",
    heading="Service recovery: cases and saved customers",
    reading=(
        "Per unit and month a case opened: how many opened, how many closed within their "
        "service level, the median hours to close, and the recovery rate, the share of "
        "customers saved among those saved or lost after their case closed, with its 95 % "
        "interval; below, whether customers whose complaint was put right recommend us more "
        "than customers who never complained."
    ),
    builder="servicegap.cases.report:recovery",
    filtered=False,
    params=(UNIT, FROM, TO),
    chart=chart,
    chart_template="cases/recovery_chart.html",
    value="recovery_rate",
    empty="No customer saved or lost yet: no recovery rate to chart (n = 0).",
    sentence="servicegap.cases.report:sentence",
    order=95,
)
