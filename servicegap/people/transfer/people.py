"""people: ``code,name,kind,unit,email[,front_line][,attr.KEY...]``; ``attr.*`` columns are
Person.attributes; ``front_line`` (true/false) marks who talks to customers; without the
column, or with an empty cell, the flag is kept. ``referred_by`` is the code of the customer who
referred this one (stored, or a customer row of the same file); without the column it is kept, an
empty cell clears it.

An attribute column sets that attribute (an empty cell removes it); attributes without a column
in the file are kept. The export writes one column per attribute key used, sorted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from servicegap.core.models import Workspace
from servicegap.people.models import Person, PersonKind, Unit
from servicegap.transfer.batch import Batch
from servicegap.transfer.csvio import to_text
from servicegap.transfer.registry import Counts, Kind, Table, Value

COLUMNS = ("code", "name", "kind", "unit", "email")
OPTIONAL = ("front_line", "referred_by")
PREFIX = "attr."
FIELDS = ["name", "kind", "unit", "email", "attributes", "front_line"]


@dataclass
class Plan:
    created: list[Person] = field(default_factory=list)
    updated: list[Person] = field(default_factory=list)
    unchanged: int = 0
    referrals: dict[str, str | None] = field(default_factory=dict)  # code → referrer's, changed


def _referrer(batch: Batch, row, code: str, kind: str, kinds: dict[str, str]) -> str | None:
    """The ``referred_by`` cell: a customer's code, not the row's own (``kinds``: code → kind of
    every stored person and every row of the file)."""
    referrer = batch.code(row, "referred_by", required=False)
    if not referrer:
        return None
    if referrer == code:
        batch.bad(row, "referred_by", "a customer cannot refer themselves")
    elif referrer not in kinds:
        batch.bad(row, "referred_by", f"unknown customer {referrer}")
    elif kinds[referrer] != "customer" or kind != "customer":
        batch.bad(
            row, "referred_by", f"only customers refer customers; {referrer} or {code} is not one"
        )
    return referrer


def check(batch: Batch) -> Plan:
    ws = batch.workspace
    units = {u.code: u for u in Unit.objects.of(ws)}
    stored = {p.code: p for p in Person.objects.of(ws).select_related("unit")}
    attr_columns = [c for c in batch.header if c.startswith(PREFIX)]
    plan = Plan()
    seen: dict[str, int] = {}
    referred = batch.has("referred_by")
    if referred:  # a referrer may be a row further down the same file
        kinds = {p.code: p.kind for p in stored.values()}
        kinds.update({row["code"]: row["kind"].lower() for row in batch.rows if row["code"]})
        by_id = {p.pk: p.code for p in stored.values()}
    for row in batch.each("checking people"):
        code = batch.code(row, "code")
        values: dict[str, Any] = {
            "name": batch.text(row, "name", 200, required=False),
            "kind": batch.choice(row, "kind", PersonKind.values),
            "email": batch.text(row, "email", 254, required=False),
        }
        unit = batch.code(row, "unit", required=False)
        if unit and batch.known(row, "unit", [unit], units, "unit"):
            values["unit"] = units[unit]
        else:
            values["unit"] = None
        if values["email"]:
            try:
                validate_email(values["email"])
            except ValidationError:
                batch.bad(row, "email", f"{values['email']!r} is not an e-mail address")
        referrer = _referrer(batch, row, code, values["kind"], kinds) if referred else None
        if not code or not batch.once(row, "code", code, seen):
            continue
        person = stored.get(code)
        if referred:
            before = by_id.get(person.referred_by_id) if person and person.referred_by_id else None
            if referrer != before:
                plan.referrals[code] = referrer
        values["front_line"] = person.front_line if person else False
        if batch.has("front_line"):  # an empty cell keeps the flag
            values["front_line"] = batch.boolean(row, "front_line", values["front_line"])
        attributes = dict(person.attributes or {}) if person else {}
        for column in attr_columns:
            key = column[len(PREFIX) :]
            if row[column]:
                attributes[key] = row[column]
            else:
                attributes.pop(key, None)
        values["attributes"] = attributes
        if person is None:
            plan.created.append(Person(workspace=ws, code=code, **values))
        elif all(getattr(person, f) == values[f] for f in FIELDS) and code not in plan.referrals:
            plan.unchanged += 1
        else:
            for name, value in values.items():
                setattr(person, name, value)
            plan.updated.append(person)
    return plan


def write(batch: Batch, plan: Plan) -> Counts:
    Person.objects.bulk_create(plan.created, batch_size=500)
    Person.objects.bulk_update(plan.updated, FIELDS, batch_size=500)
    if plan.referrals:  # after the creations: a referrer may be new in this file
        ids = dict(Person.objects.of(batch.workspace).values_list("code", "id"))
        linked = list(Person.objects.of(batch.workspace).filter(code__in=plan.referrals))
        for person in linked:
            referrer = plan.referrals[person.code]
            person.referred_by_id = ids[referrer] if referrer else None
        Person.objects.bulk_update(linked, ["referred_by"], batch_size=500)
    return Counts(len(plan.created), len(plan.updated), plan.unchanged)


def export(workspace: Workspace) -> Table:
    people = sorted(Person.objects.of(workspace).select_related("unit"), key=lambda p: p.code)
    codes = {p.pk: p.code for p in people}
    referred = any(p.referred_by_id for p in people)  # the column only where it says something
    keys = sorted({k for p in people for k in (p.attributes or {})})
    rows: list[list[Value]] = []
    for p in people:
        attributes = p.attributes or {}
        row: list[Value] = [p.code, p.name, p.kind, p.unit.code if p.unit else None, p.email]
        row += ["true" if p.front_line else "false"]
        row += [codes.get(p.referred_by_id) if p.referred_by_id else None] if referred else []
        row += [to_text(attributes[k]) if k in attributes else None for k in keys]
        rows.append(row)
    optional = list(OPTIONAL) if referred else ["front_line"]
    return Table([*COLUMNS, *optional] + [PREFIX + k for k in keys], rows)


KIND = Kind(
    "people", COLUMNS, optional=OPTIONAL, prefix=PREFIX, check=check, write=write, export=export
)
