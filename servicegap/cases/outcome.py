"""Whether each case's customer was saved or lost (the rule: ``servicegap.lib.recovery``).

``outcomes`` gathers the evidence for many cases in a few queries (chunks of customers, not one
query per case): the customers' transactions, their customer responses after the earliest close
with the exit surveys among them, and those responses' recommend answers of 7 or more.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from servicegap.cases.models import Case, CaseSettings, CaseStatus
from servicegap.core.models import Workspace
from servicegap.lib.recovery import Evidence, decide
from servicegap.loyalty.models import Transaction
from servicegap.surveys.models import Response, SurveyTemplate
from servicegap.surveys.transfer.responses import answers_of

CHUNK = 500  # ids per IN list: well under every database's parameter limit
DEFAULT_HORIZON_DAYS = 180


def horizon_days(workspace: Workspace) -> int:
    got = CaseSettings.objects.of(workspace).values_list("recovery_horizon_days", flat=True).first()
    return DEFAULT_HORIZON_DAYS if got is None else int(got)


def local_today(workspace: Workspace) -> date:
    return timezone.now().astimezone(ZoneInfo(workspace.time_zone or "UTC")).date()


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def evidence(workspace: Workspace, cases: Iterable[Case]) -> dict[int, Evidence]:
    """Each case's evidence (see ``lib.recovery.Evidence``), found in a few queries."""
    zone = ZoneInfo(workspace.time_zone or "UTC")
    found: dict[int, Evidence] = {}
    by_customer: dict[int, list[Evidence]] = {}
    for case in cases:
        closed = case.status == CaseStatus.CLOSED and case.closed_at is not None
        ev = Evidence(
            closed_at=case.closed_at if closed else None,
            closed_on=case.closed_at.astimezone(zone).date() if closed and case.closed_at else None,
            recovery_answer=case.recovery_answer,
            recovery_nps=case.recovery_nps,
            recovery_answered_at=case.recovery_answered_at,
        )
        found[case.pk] = ev
        if closed and case.customer_id is not None:
            by_customer.setdefault(case.customer_id, []).append(ev)
    if not by_customer:
        return found
    first_close = min(ev.closed_at for evs in by_customer.values() for ev in evs if ev.closed_at)
    first_day = first_close.astimezone(zone).date()
    customers = sorted(by_customer)
    for chunk in _chunks(customers):
        bought = Transaction.objects.of(workspace).filter(customer_id__in=chunk)
        for cid in bought.values_list("customer_id", flat=True).distinct():
            for ev in by_customer[cid]:
                ev.known_buyer = True
        for cid, day in bought.filter(date__gt=first_day).values_list("customer_id", "date"):
            for ev in by_customer[cid]:
                ev.transactions.append(day)
        later = Response.objects.of(workspace).filter(
            respondent_id__in=chunk, perspective="customer", submitted_at__gt=first_close
        )
        who: dict[int, tuple[int, datetime]] = {}
        for rid, cid, at, template in later.values_list(
            "id", "respondent_id", "submitted_at", "survey__template"
        ):
            if template == SurveyTemplate.EXIT:
                for ev in by_customer[cid]:
                    ev.exits_after.append(at)
            who[rid] = (cid, at)
        rids = sorted(who)
        for part in _chunks(rids):
            recommend = answers_of(part).filter(kind="nps", value_num__gte=7)
            for rid, score in recommend.values_list("response_id", "value_num"):
                cid, at = who[rid]
                for ev in by_customer[cid]:
                    ev.nps_after.append((at, float(score)))
    return found


def outcomes(
    workspace: Workspace, cases: Iterable[Case], today: date | None = None
) -> dict[int, str]:
    """Case id → "saved" | "lost" | "open" | "unknown" (docs/cases.md, "Saved or lost")."""
    days = horizon_days(workspace)
    day = today or local_today(workspace)
    return {pk: decide(ev, days, day) for pk, ev in evidence(workspace, cases).items()}


def outcome(case: Case, today: date | None = None) -> str:
    """One case's outcome (a page about one case)."""
    return outcomes(case.workspace, [case], today)[case.pk]
