"""The API of cases: the list (filters, cursor pages), one case, changing it, and a message on
it (an internal note, or an e-mail to the customer). Reading needs the ``read`` scope; changing
and writing the ``cases`` scope (``admin`` includes it). Every change goes through
``cases/service.py``, so it is logged as on the pages. (No ``from __future__ import
annotations``: Ninja reads the annotations at import time.)
"""

import base64
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from servicegap.api.auth import scoped
from servicegap.api.body import read_json
from servicegap.api.errors import ApiError, Error, responses
from servicegap.api.writes import _inline
from servicegap.cases import query, service
from servicegap.cases.models import Case, CaseStatus
from servicegap.cases.pages import assignable
from servicegap.cases.serialize import RELATED, rows
from servicegap.lib.errors import FieldError
from servicegap.people.models import Unit

router = Router(tags=["cases"])
PATCHABLE = ("status", "owner", "severity", "unit", "resolution")


class SourceOut(Schema):
    kind: str = Field(description="feedback or response")
    id: int


class GoodwillOut(Schema):
    amount: float
    currency: str
    kind: str
    state: str
    by: str | None = Field(description="E-mail of the member who granted it.")
    approved_by: str | None


class RecoveryOut(Schema):
    answer: int | None = Field(description='"Did we put it right?", 1 to 5.')
    nps: int | None = Field(description="The recovery survey's recommend answer, 0 to 10.")


class CaseOut(Schema):
    id: int = Field(description="The case number in the workspace, as on its page.")
    title: str
    status: str
    severity: str
    trigger: str
    unit: str | None = Field(description="Unit code; null: the triage queue.")
    owner: str | None = Field(description="E-mail of the member who owns it.")
    source: SourceOut | None = Field(description="What opened it; null: opened by hand.")
    customer: str | None = Field(description="Person code of the customer.")
    created_at: str
    due_at: str | None
    breached: bool = Field(description="Past its due time (still open, or closed late).")
    closed_at: str | None
    escalation: int = Field(description="0; 1: to the unit's manager; 2: to the one above.")
    goodwill: list[GoodwillOut]
    recovery: RecoveryOut
    outcome: str = Field(description="saved, lost, open or unknown.")


class CasePage(Schema):
    rows: list[CaseOut]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null: last.")


class CasePatch(Schema):
    status: str | None = Field(None, description="new, open, waiting or closed.")
    owner: str | None = Field(None, description="A member's e-mail; null or empty: nobody.")
    severity: str | None = Field(None, description="high, normal or low.")
    unit: str | None = Field(None, description="Unit code to route it to.")
    resolution: str | None = Field(None, description="What was done (kept when closing).")


class MessageIn(Schema):
    text: str
    to_customer: bool = Field(False, description="true: e-mail it to the customer.")


class MessageOut(Schema):
    id: int
    kind: str = Field(description="note or reply")


def _cursor(number: int) -> str:
    return base64.urlsafe_b64encode(f"case:{number}".encode()).decode().rstrip("=")


def _after(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, number = text.split(":")
        if kind != "case":
            raise ValueError(kind)
        return int(number)
    except (ValueError, UnicodeDecodeError):
        raise FieldError("cursor", "not a cursor this API gave; start without one") from None


@router.get("/cases", response=responses(CasePage, params=True), auth=scoped("read"))
def list_cases(
    request,
    status: str | None = None,
    unit: str | None = None,
    severity: str | None = None,
    breached: str | None = None,
    cursor: str | None = None,
    limit: int = Query(50, ge=1, le=100),  # type: ignore[type-arg]
):
    """The cases, newest first, `limit` at a time; `next_cursor` fetches the next page. `status`
    is new, open, waiting, closed or active (not closed); `unit` a unit code (its subtree) or `-`
    for the triage queue; `breached` true or false."""
    ws = request.workspace
    params = {"status": status, "unit": unit, "severity": severity, "breached": breached}
    cases = query.apply(Case.objects.of(ws), ws, query.parse(params), timezone.now())
    if cursor:
        cases = cases.filter(number__lt=_after(cursor))
    page = list(cases.select_related(*RELATED).order_by("-number")[: limit + 1])
    more = len(page) > limit
    page = page[:limit]
    return {"rows": rows(ws, page), "next_cursor": _cursor(page[-1].number) if more else None}


def _case(request, number: int) -> Case:
    found = Case.objects.of(request.workspace).select_related("workspace", *RELATED)
    case = found.filter(number=number).first()
    if case is None:
        raise ApiError(404, f"there is no case {number}", "id")
    return case


def _row(case: Case) -> dict[str, Any]:
    fresh = Case.objects.of(case.workspace_id).select_related(*RELATED).filter(pk=case.pk)
    return rows(case.workspace, fresh)[0]


@router.get("/cases/{number}", response=responses(CaseOut, params=True), auth=scoped("read"))
def get_case(request, number: int):
    """One case by its number."""
    return _row(_case(request, number))


def _label(request) -> str:
    return f"api-key:{request.api_key.prefix}"


def _checked(case: Case, data: Any) -> dict[str, Any]:
    """The change asked for, every value checked before anything is written."""
    if not isinstance(data, dict):
        raise FieldError("body", 'the body is a JSON object such as {"status": "open"}')
    for key in data:
        if key not in PATCHABLE:
            raise FieldError(key, f"cannot be changed; the fields are {', '.join(PATCHABLE)}")
    change = dict(data)
    if "status" in change and change["status"] not in CaseStatus.values:
        raise FieldError("status", f"must be one of {', '.join(CaseStatus.values)}")
    if "severity" in change and change["severity"] not in service.SLA_FIELDS:
        raise FieldError("severity", f"must be one of {', '.join(service.SLA_FIELDS)}")
    if "owner" in change:
        email = str(change["owner"] or "").strip().lower()
        members = {u.email.lower(): u for u in assignable(case)}
        if email and email not in members:
            raise FieldError("owner", f"{email!r} is not a member who may see this case")
        change["owner"] = members.get(email)
    if "unit" in change:
        unit = Unit.objects.of(case.workspace_id).filter(code=str(change["unit"] or "")).first()
        if unit is None:
            raise FieldError("unit", f"no unit with code {change['unit']!r} in this workspace")
        change["unit"] = unit
    resolution = change.get("resolution")
    if resolution is not None and (not isinstance(resolution, str) or len(resolution) > 10_000):
        raise FieldError("resolution", "text of at most 10,000 characters")
    return change


@router.patch(
    "/cases/{number}",
    response={200: CaseOut, 400: Error, 401: Error, 403: Error, 404: Error, 413: Error, 422: Error},
    auth=scoped("cases"),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": _inline(CasePatch.model_json_schema())}},
        }
    },
)
def patch_case(request, number: int):
    """Change a case's status, owner (a member's e-mail), severity or unit; 422 names the field
    at fault and nothing is changed."""
    case = _case(request, number)
    change = _checked(case, read_json(request, settings.MAX_BODY_BYTES))
    who = {"actor_label": _label(request)}
    with transaction.atomic():
        if "unit" in change:
            service.move(case, change["unit"], **who)
        if "severity" in change:
            service.set_severity(case, change["severity"], **who)
        if "owner" in change:
            service.assign(case, change["owner"], **who)
        status = change.get("status")
        if status == CaseStatus.CLOSED:
            service.close(case, actor=None, resolution=change.get("resolution") or "", **who)
        elif status:
            service.change_status(case, status, **who)
    return _row(case)


@router.post(
    "/cases/{number}/messages",
    response={
        201: MessageOut,
        400: Error,
        401: Error,
        403: Error,
        404: Error,
        409: Error,
        413: Error,
        422: Error,
        503: Error,
    },
    auth=scoped("cases"),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": _inline(MessageIn.model_json_schema())}},
        }
    },
)
def post_message(request, number: int):
    """An internal note on the case, or with `"to_customer": true` an e-mail to the customer
    (with a single-use link to answer back): 409 when the customer left no e-mail address with
    consent, 503 when the mail server did not take it."""
    from servicegap.cases.reply import send_reply

    case = _case(request, number)
    data = read_json(request, settings.MAX_BODY_BYTES)
    if not isinstance(data, dict):
        raise FieldError("body", 'the body is a JSON object such as {"text": "..."}')
    to_customer = data.get("to_customer", False)
    if not isinstance(to_customer, bool):
        raise FieldError("to_customer", "must be true or false")
    text = data.get("text")
    if not isinstance(text, str):
        raise FieldError("text", "write the message as text")
    if to_customer:
        event = send_reply(case, text, actor_label=_label(request))
    else:
        event = service.note(case, text, actor_label=_label(request))
    return Status(201, {"id": event.pk, "kind": event.kind})
