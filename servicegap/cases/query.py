"""Which cases a reader sees, and the list filters the page, the API and the CLI share.

Owners and leaders see every case, the triage queue (cases without a unit) included; managers and
employees see the cases of their units and the units below them, never the triage queue
(``core/web.py: unit_scope``). A bad filter value is a ``FieldError`` naming the filter.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import F, Q, QuerySet

from servicegap.cases.models import Case, CaseStatus, Severity
from servicegap.lib.errors import FieldError
from servicegap.people.models import Unit

TRIAGE = "-"  # the unit filter's value for the triage queue (no unit)
ACTIVE = "active"  # new, open or waiting
STATUSES = (ACTIVE, *CaseStatus.values)
NOBODY = "none"  # the owner filter's value for cases nobody owns


@dataclass(frozen=True)
class Filters:
    status: str = ""
    unit: str = ""
    severity: str = ""
    breached: bool | None = None
    owner: str = ""  # an e-mail, or NOBODY
    mine: bool = False


def _flag(value: Any, name: str) -> bool | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "yes", "1"):
        return True
    if text in ("false", "no", "0"):
        return False
    raise FieldError(name, f"must be true or false, not {value!r}")


def parse(params: Mapping[str, Any]) -> Filters:
    """The filters from query parameters or options; unknown values are refused by name."""
    status = str(params.get("status") or "").strip()
    if status and status not in STATUSES:
        raise FieldError("status", f"must be one of {', '.join(STATUSES)}")
    severity = str(params.get("severity") or "").strip()
    if severity and severity not in Severity.values:
        raise FieldError("severity", f"must be one of {', '.join(Severity.values)}")
    return Filters(
        status=status,
        unit=str(params.get("unit") or "").strip(),
        severity=severity,
        breached=_flag(params.get("breached"), "breached"),
        owner=str(params.get("owner") or "").strip(),
        mine=bool(_flag(params.get("mine"), "mine")),
    )


def visible(workspace: Any, scope: frozenset[str] | None) -> QuerySet[Case]:
    """The cases a reader with unit ``scope`` (None: every unit) may see."""
    cases = Case.objects.of(workspace)
    return cases if scope is None else cases.filter(unit__code__in=scope)


def subtree(workspace: Any, code: str) -> set[int]:
    """The ids of unit ``code`` and every unit below it; FieldError when there is none."""
    units = list(Unit.objects.of(workspace).values_list("pk", "parent_id", "code"))
    root = next((pk for pk, _, c in units if c == code), None)
    if root is None:
        raise FieldError("unit", f"no unit with code {code!r} in this workspace")
    children: dict[int | None, list[int]] = {}
    for pk, parent, _ in units:
        children.setdefault(parent, []).append(pk)
    found, frontier = set(), [root]
    while frontier:
        pk = frontier.pop()
        if pk not in found:
            found.add(pk)
            frontier.extend(children.get(pk, []))
    return found


def apply(
    cases: QuerySet[Case], workspace: Any, f: Filters, now: datetime, user: Any = None
) -> QuerySet[Case]:
    """``cases`` narrowed by ``f``; ``user`` is the reader, for ``mine``."""
    if f.status == ACTIVE:
        cases = cases.exclude(status=CaseStatus.CLOSED)
    elif f.status:
        cases = cases.filter(status=f.status)
    if f.unit == TRIAGE:
        cases = cases.filter(unit__isnull=True)
    elif f.unit:
        cases = cases.filter(unit_id__in=subtree(workspace, f.unit))
    if f.severity:
        cases = cases.filter(severity=f.severity)
    if f.breached is not None:
        late = Q(closed_at__isnull=True, due_at__lt=now) | Q(closed_at__gt=F("due_at"))
        cases = cases.filter(late) if f.breached else cases.exclude(late)
    if f.owner == NOBODY:
        cases = cases.filter(owner__isnull=True)
    elif f.owner:
        cases = cases.filter(owner__email__iexact=f.owner)
    if f.mine:
        cases = cases.filter(owner=user) if user is not None else cases.none()
    return cases
