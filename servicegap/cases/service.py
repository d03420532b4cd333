"""Every change to a case goes through here, so the log (``CaseEvent``) and the webhooks are
never forgotten: the pages, the API, the CLI, the rules and the SLA job all call these.

``open_case`` numbers cases per workspace under a lock on the workspace's ``CaseSettings`` row
(taken with the case in the caller's transaction), so two requests never take the same number on
PostgreSQL; on SQLite every write transaction is serialised anyway (``runtime/internals.py``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from servicegap.cases.models import Case, CaseEvent, CaseSettings, CaseStatus, EventKind
from servicegap.lib.errors import FieldError
from servicegap.runtime.bulk import insert_objects, new_instance

OPEN_STATES = (CaseStatus.NEW, CaseStatus.OPEN, CaseStatus.WAITING)
SLA_FIELDS = {"high": "sla_high_hours", "normal": "sla_normal_hours", "low": "sla_low_hours"}


@dataclass
class Opening:
    """What one case is opened with (ids, so the ingest hook needs no extra queries)."""

    trigger: str
    severity: str
    title: str
    feedback_id: int | None = None
    response_id: int | None = None
    unit_id: int | None = None
    customer_id: int | None = None
    contact: str = ""
    at: datetime | None = None  # when it opened (default now; the demo dates its cases)


def settings_of(workspace: Any, *, lock: bool = False) -> CaseSettings:
    """The workspace's case settings (created with the defaults when missing); ``lock`` holds
    its row until the transaction ends, which is what serialises case numbers."""
    rows = CaseSettings.objects.of(workspace)
    found = (rows.select_for_update() if lock else rows).first()
    if found is None:
        # Counting on from the highest number there is (cases written without this service).
        last = Case.objects.of(workspace).aggregate(n=Max("number"))["n"] or 0
        made = CaseSettings(workspace=workspace, last_number=last)
        CaseSettings.objects.bulk_create([made], ignore_conflicts=True)
        found = (rows.select_for_update() if lock else rows).get()
    return found


def sla(settings: CaseSettings, severity: str) -> timedelta:
    return timedelta(hours=getattr(settings, SLA_FIELDS[severity]))


def _label(actor: Any, actor_label: str) -> str:
    return actor_label or (getattr(actor, "email", "") if actor is not None else "") or "system"


def log(
    case: Case,
    kind: str,
    *,
    actor: Any = None,
    actor_label: str = "",
    text: str = "",
    detail: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> CaseEvent:
    """One line of the case's log."""
    return CaseEvent.objects.create(
        workspace_id=case.workspace_id, case=case, at=at or timezone.now(), kind=kind,
        actor=actor, actor_label=_label(actor, actor_label)[:200], text=text, detail=detail or {},
    )  # fmt: skip


# Whether any webhook of the workspace listens, in hand-written SQL: this runs in ingest for every
# case opened, and compiling the ORM's query cost more than opening the case (docs/performance.md).
LISTENING = "SELECT {events} FROM {table} WHERE {workspace} = %s AND {active}"


def _listened(workspace: Any, event: str) -> bool:
    from servicegap.notifications.models import Webhook

    q = connection.ops.quote_name
    sql = LISTENING.format(
        events=q("events"), table=q(Webhook._meta.db_table), workspace=q("workspace_id"),
        active=q("active"),
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(sql, [workspace.pk])
        found = cursor.fetchall()
    # SQLite hands the JSON back as text, PostgreSQL as a list.
    return any(event in (json.loads(e) if isinstance(e, str) else e) for (e,) in found)


def _emit(workspace: Any, event: str, cases: list[Case]) -> None:
    """Tell the webhooks listening for ``event``; the rows are built only when one listens."""
    from servicegap.notifications import events

    if not cases or not _listened(workspace, event):
        return
    hooks = events.listening(workspace, event)
    if hooks:
        # Imported here: the rows' outcomes need SciPy, seconds to import, and most workspaces
        # have no webhook (then ingest never pays for it).
        from servicegap.cases.serialize import RELATED, rows

        fresh = Case.objects.of(workspace).filter(pk__in=[c.pk for c in cases])
        datas = rows(workspace, fresh.select_related(*RELATED).order_by("number"))
        events.emit_many(workspace, event, datas, hooks)


# Reserves the numbers of new cases and reads the service levels in one statement, which also
# holds the workspace's settings row until the transaction ends: the lock that keeps case
# numbers unique under concurrent requests on PostgreSQL (SQLite serialises writers anyway).
RESERVE = """UPDATE {table} SET last_number = last_number + %s WHERE workspace_id = %s
RETURNING last_number, sla_high_hours, sla_normal_hours, sla_low_hours"""


def _reserve(workspace: Any, count: int) -> tuple[int, dict[str, timedelta]]:
    """The number before the first of ``count`` new cases, and each severity's service level."""
    sql = RESERVE.format(table=connection.ops.quote_name(CaseSettings._meta.db_table))
    for _ in range(2):
        with connection.cursor() as cursor:
            cursor.execute(sql, [count, workspace.pk])
            found = cursor.fetchone()
        if found is not None:
            last, *hours = found
            return last - count, {
                s: timedelta(hours=h) for s, h in zip(SLA_FIELDS, hours, strict=True)
            }
        settings_of(workspace)  # the workspace's first case: its settings, with the defaults
    raise RuntimeError("the case settings row vanished")


@transaction.atomic(savepoint=False)
def open_cases(
    workspace: Any, openings: list[Opening], *, actor: Any = None, actor_label: str = "system"
) -> list[Case]:
    """Open one case per opening, numbered in order, each with its first log line. Plain
    multi-row inserts (``runtime/bulk.py``): this runs inside ingest, which must stay fast."""
    if not openings:
        return []
    last, levels = _reserve(workspace, len(openings))
    now = timezone.now()
    cases = []
    for number, o in enumerate(openings, start=last + 1):
        opened = o.at or now
        cases.append(new_instance(
            Case, workspace_id=workspace.pk, number=number, title=o.title[:300],
            status=CaseStatus.NEW, severity=o.severity, trigger=o.trigger,
            feedback_id=o.feedback_id, response_id=o.response_id, customer_id=o.customer_id,
            contact=o.contact[:300], unit_id=o.unit_id, opened_at=opened,
            due_at=opened + levels[o.severity],
        ))  # fmt: skip
    insert_objects(Case, cases)
    label = _label(actor, actor_label)
    events = [
        new_instance(
            CaseEvent,
            workspace_id=workspace.pk,
            case=c,
            at=c.opened_at,
            kind=EventKind.OPENED,
            actor=actor,
            actor_label=label,
            text="",
            # No copy of the title: it quotes the customer, and erasure redacts the case's own.
            detail={"trigger": c.trigger, "severity": c.severity},
        )  # fmt: skip
        for c in cases
    ]
    insert_objects(CaseEvent, events)
    _emit(workspace, "case.created", cases)
    return cases


def open_case(
    workspace: Any,
    *,
    trigger: str,
    severity: str,
    feedback: Any = None,
    response: Any = None,
    unit: Any = None,
    customer: Any = None,
    contact: str = "",
    title: str = "",
    actor: Any = None,
    actor_label: str = "system",
    at: datetime | None = None,
) -> Case:
    opening = Opening(
        trigger=trigger, severity=severity, title=title or f"{trigger.capitalize()} case",
        feedback_id=feedback.pk if feedback else None,
        response_id=response.pk if response else None, unit_id=unit.pk if unit else None,
        customer_id=customer.pk if customer else None, contact=contact, at=at,
    )  # fmt: skip
    return open_cases(workspace, [opening], actor=actor, actor_label=actor_label)[0]


def _save(case: Case, fields: list[str], event: str = "case.updated") -> None:
    case.save(update_fields=fields)
    _emit(case.workspace, event, [case])


@transaction.atomic
def change_status(case: Case, status: str, *, actor: Any = None, actor_label: str = "") -> None:
    """new → open → waiting (and back), closed through ``close``, out of closed through
    ``reopen``."""
    if status not in CaseStatus.values:
        raise FieldError("status", f"must be one of {', '.join(CaseStatus.values)}")
    if status == case.status:
        return
    if status == CaseStatus.CLOSED:
        close(case, actor=actor, actor_label=actor_label)
        return
    if case.status == CaseStatus.CLOSED:
        reopen(case, actor=actor, actor_label=actor_label, status=status)
        return
    before, case.status = case.status, status
    log(case, EventKind.STATUS, actor=actor, actor_label=actor_label,
        detail={"from": before, "to": status})  # fmt: skip
    _save(case, ["status"])


@transaction.atomic
def close(case: Case, *, actor: Any, resolution: str = "", actor_label: str = "") -> None:
    """Close the case; once that commits, the customer gets the recovery survey."""
    if case.status == CaseStatus.CLOSED:
        return
    from servicegap.cases.recovery import send_recovery_survey

    before = case.status
    case.status, case.closed_at = CaseStatus.CLOSED, timezone.now()
    case.resolution = resolution.strip() or case.resolution
    log(case, EventKind.STATUS, actor=actor, actor_label=actor_label, text=case.resolution,
        detail={"from": before, "to": CaseStatus.CLOSED})  # fmt: skip
    _save(case, ["status", "closed_at", "resolution"], "case.closed")
    transaction.on_commit(lambda: send_recovery_survey(case))


@transaction.atomic
def reopen(
    case: Case, *, actor: Any = None, actor_label: str = "", status: str = CaseStatus.OPEN
) -> None:
    """A closed case open again, with a fresh due time (the SLA starts over, unescalated)."""
    if case.status != CaseStatus.CLOSED:
        return
    case.status, case.closed_at, case.escalation = status, None, 0
    case.due_at = timezone.now() + sla(settings_of(case.workspace), case.severity)
    log(case, EventKind.STATUS, actor=actor, actor_label=actor_label,
        detail={"from": CaseStatus.CLOSED, "to": status, "reopened": True})  # fmt: skip
    _save(case, ["status", "closed_at", "escalation", "due_at"])


@transaction.atomic
def assign(case: Case, user: Any, *, actor: Any = None, actor_label: str = "") -> None:
    """Give the case an owner (None: nobody). Taking a new case opens it: someone is on it."""
    if user == case.owner:
        return
    fields = ["owner"]
    log(case, EventKind.OWNER, actor=actor, actor_label=actor_label,
        detail={"from": _email(case.owner), "to": _email(user)})  # fmt: skip
    case.owner = user
    if user is not None and case.status == CaseStatus.NEW:
        log(case, EventKind.STATUS, actor=actor, actor_label=actor_label,
            detail={"from": CaseStatus.NEW, "to": CaseStatus.OPEN})  # fmt: skip
        case.status = CaseStatus.OPEN
        fields.append("status")
    _save(case, fields)


@transaction.atomic
def set_severity(case: Case, severity: str, *, actor: Any = None, actor_label: str = "") -> None:
    """Another severity, and with it the due time its SLA gives from the opening."""
    if severity not in SLA_FIELDS:
        raise FieldError("severity", f"must be one of {', '.join(SLA_FIELDS)}")
    if severity == case.severity:
        return
    log(case, EventKind.SEVERITY, actor=actor, actor_label=actor_label,
        detail={"from": case.severity, "to": severity})  # fmt: skip
    case.severity = severity
    case.due_at = case.opened_at + sla(settings_of(case.workspace), severity)
    _save(case, ["severity", "due_at"])


@transaction.atomic
def move(case: Case, unit: Any, *, actor: Any = None, actor_label: str = "") -> None:
    """Route the case to another unit (out of the triage queue, or to the right team)."""
    if (unit.pk if unit else None) == case.unit_id:
        return
    log(case, EventKind.UNIT, actor=actor, actor_label=actor_label,
        detail={"from": case.unit.code if case.unit else None, "to": unit.code if unit else None})  # fmt: skip
    case.unit = unit
    _save(case, ["unit"])


def note(case: Case, text: str, *, actor: Any = None, actor_label: str = "") -> CaseEvent:
    """An internal note: in the log, never sent to the customer."""
    text = text.strip()
    if not text:
        raise FieldError("text", "write the note: it may not be empty")
    if len(text) > 10_000:
        raise FieldError("text", "at most 10,000 characters")
    return log(case, EventKind.NOTE, actor=actor, actor_label=actor_label, text=text)


def _email(user: Any) -> str | None:
    return getattr(user, "email", None) if user is not None else None
