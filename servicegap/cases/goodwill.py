"""Front-line authority on a case: a refund, credit or gesture granted by a member within their
role's limit at once, above it pending until a manager approves or declines (rules:
``servicegap.lib.goodwill``). Every grant and decision is a row with who and how much, and a
``goodwill`` line of the case's log.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from servicegap.accounts.models import Membership
from servicegap.cases import service
from servicegap.cases.models import Case, CaseSettings, EventKind, Goodwill, GoodwillKind
from servicegap.core.web import unit_scope
from servicegap.lib import goodwill as rules
from servicegap.lib.errors import FieldError

MAX_NOTE = 500


def limit_of(settings: CaseSettings, role: str) -> Decimal:
    return Decimal(getattr(settings, f"limit_{role}", 0) or 0)


def _clean(kind: Any, amount: Any, note: Any) -> tuple[str, Decimal, str]:
    if kind not in GoodwillKind.values:
        raise FieldError("kind", f"kind must be one of {', '.join(GoodwillKind.values)}")
    value = rules.parse_amount(amount)
    text = str(note or "").strip()
    if len(text) > MAX_NOTE:
        raise FieldError("note", f"at most {MAX_NOTE} characters")
    return kind, value, text


def grant(case: Case, membership: Membership, kind: Any, amount: Any, note: Any = "") -> Goodwill:
    """Record a grant by ``membership``'s user: granted within their limit, else pending."""
    kind, value, text = _clean(kind, amount, note)
    limit = limit_of(service.settings_of(case.workspace), membership.role)
    state = Goodwill.State.GRANTED if rules.within(value, limit) else Goodwill.State.PENDING
    currency = case.workspace.currency
    with transaction.atomic():
        row = Goodwill.objects.create(
            workspace_id=case.workspace_id, case=case, kind=kind, amount=value,
            currency=currency, note=text, state=state, granted_by=membership.user,
            granted_at=timezone.now(),
        )  # fmt: skip
        said = f"{kind.capitalize()} of {value} {currency}" + (
            "" if state == Goodwill.State.GRANTED else f" waits for approval (limit {limit})"
        )
        service.log(
            case, EventKind.GOODWILL, actor=membership.user, text=text or said,
            detail={"goodwill": row.pk, "kind": kind, "amount": str(value),
                    "currency": currency, "state": state, "summary": said},
        )  # fmt: skip
    return row


def refusal(row: Goodwill, membership: Membership) -> str:
    """Why ``membership`` may not decide on this pending grant; "" when they may."""
    if row.state != Goodwill.State.PENDING:
        return "this grant is not waiting for approval"
    scope = unit_scope(membership)
    unit = row.case.unit
    sees_unit = scope is None or (unit is not None and unit.code in scope)
    return rules.refusal(
        membership.role,
        limit_of(service.settings_of(row.workspace), membership.role),
        row.amount,
        is_granter=row.granted_by_id == membership.user_id,
        sees_unit=sees_unit,
    )


def decide(row: Goodwill, membership: Membership, approve: bool) -> Goodwill:
    """Approve or decline a pending grant; FieldError (403) naming why not."""
    why = refusal(row, membership)
    if why:
        raise FieldError("goodwill", why, status=403 if row.state == "pending" else 409)
    state = Goodwill.State.APPROVED if approve else Goodwill.State.DECLINED
    with transaction.atomic():
        done = Goodwill.objects.filter(pk=row.pk, state=Goodwill.State.PENDING).update(
            state=state, approved_by=membership.user, approved_at=timezone.now()
        )
        if not done:
            raise FieldError("goodwill", "someone else decided on it meanwhile", status=409)
        row.refresh_from_db()
        said = f"{row.kind.capitalize()} of {row.amount} {row.currency} {state}"
        service.log(
            row.case, EventKind.GOODWILL, actor=membership.user, text=said,
            detail={"goodwill": row.pk, "kind": row.kind, "amount": str(row.amount),
                    "currency": row.currency, "state": state, "summary": said},
        )  # fmt: skip
    return row


class GoodwillForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_goodwill_%s")  # unique on the case page
        super().__init__(*args, **kwargs)

    kind = forms.ChoiceField(label="Kind", choices=GoodwillKind.choices)
    amount = forms.CharField(
        label="Amount",
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        help_text="In the workspace currency, with a point for decimals, e.g. 12.50.",
    )
    note = forms.CharField(label="Note (optional)", max_length=MAX_NOTE, required=False)


def context(request: Any, case: Case) -> dict[str, Any]:
    """What the case page's goodwill section (``cases/_goodwill.html``) needs."""
    membership = request.membership
    settings = service.settings_of(case.workspace)
    args = [case.workspace.slug, case.number]
    rows = [
        {
            "row": row,
            "may_decide": row.state == Goodwill.State.PENDING and not refusal(row, membership),
            "decide_url": reverse("case_goodwill_decide", args=[*args, row.pk]),
        }
        for row in case.goodwill.select_related("granted_by", "approved_by", "case__unit")
    ]
    return {
        "goodwill_url": reverse("case_goodwill", args=args),
        "goodwill_rows": rows,
        "goodwill_form": GoodwillForm(),
        "goodwill_limit": limit_of(settings, membership.role),
        "goodwill_currency": case.workspace.currency,
    }
