"""transactions: ``customer,date,amount`` (optional ``unit``, ``reference``).

``customer`` is a person code; an unknown code creates a customer, as an unknown respondent of a
response does. ``date`` is ``YYYY-MM-DD``; ``amount`` a decimal with at most two places (negative
for a refund). Rows are added: importing the same file twice counts twice, unless the rows carry
a ``reference``, which identifies a transaction: a stored reference with the same content is
skipped, with other content it is a bad row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from servicegap.core.models import Workspace
from servicegap.loyalty.models import Transaction
from servicegap.people.models import Person, Unit
from servicegap.transfer.batch import Batch
from servicegap.transfer.registry import Counts, Kind, Table, Value

COLUMNS = ("customer", "date", "amount")
OPTIONAL = ("unit", "reference")
_AMOUNT = re.compile(r"-?[0-9]{1,12}(\.[0-9]{1,2})?")


@dataclass
class Plan:
    new: list[tuple[str, Transaction]] = field(default_factory=list)  # (customer code, row)
    unchanged: int = 0


def _date(batch: Batch, row, column: str) -> date | None:
    value = row[column]
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        batch.bad(row, column, f"{value!r} is not a date YYYY-MM-DD" if value else "is required")
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        batch.bad(row, column, f"{value!r} is not a date of the calendar")
        return None


def check(batch: Batch) -> Plan:
    ws = batch.workspace
    units = {u.code: u for u in Unit.objects.of(ws)}
    people = dict(Person.objects.of(ws).values_list("code", "id"))
    stored = {
        t.reference: (t.customer.code, t.date, t.amount, t.unit_id)
        for t in Transaction.objects.of(ws).exclude(reference="").select_related("customer")
    }
    plan, seen = Plan(), {}  # type: ignore[var-annotated]
    for row in batch.each("checking transactions"):
        problems = len(batch.problems)
        customer = batch.code(row, "customer")
        when = _date(batch, row, "date")
        amount = row["amount"]
        if not _AMOUNT.fullmatch(amount):
            batch.bad(
                row, "amount",
                f"{amount!r} is not an amount like 1234.50" if amount else "is required",
            )  # fmt: skip
        unit_code = batch.code(row, "unit", required=False)
        unit = units.get(unit_code)
        if unit_code:
            batch.known(row, "unit", [unit_code], units, "unit")
        reference = batch.text(row, "reference", 100, required=False)
        if reference and not batch.once(row, "reference", reference, seen):
            continue
        if len(batch.problems) > problems or when is None:
            continue
        t = Transaction(
            workspace=ws, date=when, amount=Decimal(amount), unit=unit, reference=reference
        )
        t.customer_id = people.get(customer)  # type: ignore[assignment]  # None: write() adds
        if reference in stored:
            if stored[reference] == (customer, t.date, t.amount, t.unit_id):
                plan.unchanged += 1
            else:
                batch.bad(row, "reference", f"{reference!r} is already stored with other content")
            continue
        plan.new.append((customer, t))
    return plan


def write(batch: Batch, plan: Plan) -> Counts:
    ws = batch.workspace
    missing = sorted({code for code, t in plan.new if t.customer_id is None})
    if missing:
        Person.objects.bulk_create(
            [Person(workspace=ws, code=code, kind="customer") for code in missing],
            batch_size=500,
            ignore_conflicts=True,
        )
    ids = dict(Person.objects.of(ws).values_list("code", "id")) if missing else {}
    for code, t in plan.new:
        t.customer_id = t.customer_id or ids[code]
    Transaction.objects.bulk_create([t for _, t in plan.new], batch_size=1000)
    return Counts(created=len(plan.new), unchanged=plan.unchanged)


def export(workspace: Workspace) -> Table:
    rows = list(
        Transaction.objects.of(workspace)
        .order_by("date", "customer__code", "id")
        .values_list("customer__code", "date", "amount", "unit__code", "reference")
    )
    optional = [c for i, c in enumerate(OPTIONAL, start=3) if any(r[i] for r in rows)]
    out: list[list[Value]] = []
    for code, when, amount, unit, reference in rows:
        row: list[Value] = [code, when.isoformat(), f"{amount:.2f}", unit, reference]
        out.append(row[:3] + [row[3 + OPTIONAL.index(c)] for c in optional])
    return Table(list(COLUMNS) + optional, out)


KIND = Kind("transactions", COLUMNS, optional=OPTIONAL, check=check, write=write, export=export)
