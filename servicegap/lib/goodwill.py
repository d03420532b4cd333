"""Front-line authority: goodwill amounts, limits and who may approve (pure: no Django).

Each role has a limit in the workspace currency. A grant within the granter's limit stands at
once; above it, it waits for a manager: a member whose role is manager or above, whose own limit
covers the amount, who may see the case's unit, and who is not the granter (no one approves
their own grant).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from servicegap.lib.errors import FieldError

APPROVER_ROLES = ("owner", "leader", "manager")
MAX_AMOUNT = Decimal("9999999999.99")  # the column: 12 digits, 2 after the point


def parse_amount(raw: object, field: str = "amount") -> Decimal:
    """A positive amount with at most two decimals, from text or a number; else FieldError."""
    # No comma as decimal point: "1,000" would read as one in some countries and 1000 in others.
    text = "" if raw is None else str(raw).strip()
    if not text:
        raise FieldError(field, "enter an amount, e.g. 25 or 12.50")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        msg = f"{field} must be a number with a point for decimals, e.g. 12.50, not {text!r}"
        raise FieldError(field, msg) from None
    if not amount.is_finite():
        raise FieldError(field, f"{field} must be a number, not {text!r}")
    if amount <= 0:
        raise FieldError(field, f"{field} must be more than 0")
    if amount.as_tuple().exponent < -2:  # type: ignore[operator]
        raise FieldError(field, f"{field} has at most two decimals (cents), not {text!r}")
    if amount > MAX_AMOUNT:
        raise FieldError(field, f"{field} must be at most {MAX_AMOUNT}")
    return amount.quantize(Decimal("0.01"))


def within(amount: Decimal, limit: Decimal) -> bool:
    return amount <= limit


def refusal(
    role: str, limit: Decimal, amount: Decimal, *, is_granter: bool, sees_unit: bool
) -> str:
    """Why this member may not approve this grant; "" when they may."""
    if role not in APPROVER_ROLES:
        return "only a manager, a leader or an owner approves goodwill"
    if is_granter:
        return "no one approves their own grant: another manager must"
    if not sees_unit:
        return "only a manager of the case's unit (or a leader or owner) approves it"
    if amount > limit:
        return f"the amount is above your own limit of {limit}"
    return ""
