"""What becomes of an alert: acknowledged, assigned to a member, turned into an action; and the
daily job that records newly raised alerts and announces each once (``alert.raised``).

Alerts are computed, not stored (``servicegap.gaps.kinds.alerts``). One is known by its
identity: the perspective and unit filter of the report that raised it, its slice (kind and
code: a standard, touchpoint or unit) and its period; ``AlertState`` keeps what happened to it
under that key. The job computes each workspace's customer alerts by month (the report's
default) and announces those of the current and the previous month the first time it sees
them; older periods are recorded without a webhook, so a first run does not replay a year.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from servicegap.actions.measure import today
from servicegap.actions.models import AlertState
from servicegap.core.models import Workspace
from servicegap.gaps.filters import period_key
from servicegap.gaps.kinds.alerts import KEYS
from servicegap.gaps.kinds.alerts import KIND as ALERTS
from servicegap.lib.errors import FieldError
from servicegap.lib.scales import PERSPECTIVES

IDENTITY = ("perspective", "scope", "kind", "code", "period")
PERIOD = re.compile(r"[0-9]{4}(-Q[1-4]|-[0-9]{2})?")


class AlertError(FieldError):
    """An alert's identity is not valid; ``field`` names the part."""


def key(perspective: str, scope: str, kind: str, code: str, period: str) -> str:
    return "|".join((perspective, scope, kind, code, period))


def identity_query(row: Mapping[str, Any], query: Mapping[str, str]) -> dict[str, str] | None:
    """The identity of an alert row of a report with ``query`` (None: not an alert row)."""
    kind = row.get("kind")
    if kind not in KEYS or not row.get(KEYS[kind]) or not row.get("period"):
        return None
    return {
        "perspective": query.get("perspective") or "customer",
        "scope": query.get("unit") or "",
        "kind": kind,
        "code": str(row[KEYS[kind]]),
        "period": str(row["period"]),
        "direction": str(row.get("direction") or ""),
    }


def check(values: Mapping[str, Any]) -> dict[str, str]:
    """An alert's identity from a page's query or form, checked (``AlertError``)."""
    out = {name: str(values.get(name) or "").strip() for name in (*IDENTITY, "direction")}
    if out["perspective"] not in PERSPECTIVES:
        raise AlertError("perspective", f"perspective must be one of {', '.join(PERSPECTIVES)}")
    if out["kind"] not in KEYS:
        raise AlertError("kind", f"kind must be one of {', '.join(KEYS)}")
    if not out["code"] or len(out["code"]) > 129:
        raise AlertError("code", "code is required (at most 129 characters)")
    if len(out["scope"]) > 64:
        raise AlertError("scope", "scope is a unit code of at most 64 characters")
    if not PERIOD.fullmatch(out["period"]):
        raise AlertError("period", "period must be YYYY, YYYY-Qn or YYYY-MM")
    if out["direction"] not in ("", "up", "down"):
        raise AlertError("direction", "direction must be up or down")
    return out


def remember(workspace: Workspace, ident: Mapping[str, str], **figures: Any) -> AlertState:
    """The state of the alert ``ident`` (from ``check``), made on first use."""
    state, _ = AlertState.objects.of(workspace).get_or_create(
        workspace=workspace,
        key=key(*(ident[name] for name in IDENTITY)),
        defaults={
            **{name: ident[name] for name in IDENTITY},
            "direction": ident.get("direction", ""),
            "raised_at": timezone.now(),
            **figures,
        },
    )
    return state


def announcement(state: AlertState) -> dict[str, Any]:
    """The ``alert.raised`` event's data."""
    return {
        "key": state.key,
        "perspective": state.perspective,
        "unit_filter": state.scope or None,
        "kind": state.kind,
        "code": state.code,
        "period": state.period,
        "direction": state.direction or None,
        "value": state.value,
        "expected": state.expected,
    }


def recent_periods(workspace: Workspace) -> set[str]:
    """The current and the previous month (the periods whose new alerts are announced)."""
    now = today(workspace)
    first = now.replace(day=1)
    return {period_key(now, "month"), period_key(first - timedelta(days=1), "month")}


def record(workspace: Workspace) -> int:
    """Record the workspace's customer alerts by month; announce the recent new ones. Returns
    how many were announced."""
    from servicegap.gaps.kinds import run  # noqa: PLC0415 (the engine loads NumPy and SciPy)
    from servicegap.notifications.events import emit  # noqa: PLC0415

    rows = run(workspace, ALERTS.name, {"perspective": "customer", "period": "month"})["rows"]
    recent = recent_periods(workspace)
    announced = 0
    with transaction.atomic():
        for row in rows:
            ident = identity_query(row, {})
            if ident is None:
                continue
            state = remember(workspace, ident, value=row.get("value"), expected=row.get("expected"))
            if state.announced_at is None and state.period in recent:
                emit(workspace, "alert.raised", announcement(state))
                state.announced_at = timezone.now()
                state.save(update_fields=["announced_at"])
                announced += 1
    return announced


def record_all() -> int:
    """The job: every workspace's alerts (``record``)."""
    return sum(record(ws) for ws in Workspace.objects.all())
