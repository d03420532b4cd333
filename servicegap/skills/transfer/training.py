"""training: ``employee,standard,trained_on[,note]``: who was trained to deliver which standard,
when (an ISO date). ``employee`` is a person's code (an employee or leader), ``standard`` a
standard's code. A row already stored (same employee, standard and day) updates its note.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from servicegap.core.models import Workspace
from servicegap.people.models import Person
from servicegap.skills.models import Training
from servicegap.standards.models import Standard
from servicegap.transfer.batch import Batch
from servicegap.transfer.registry import Counts, Kind, Table, Value

COLUMNS = ("employee", "standard", "trained_on")
OPTIONAL = ("note",)
STAFF = ("employee", "leader")


@dataclass
class Plan:
    created: list[Training] = field(default_factory=list)
    updated: list[Training] = field(default_factory=list)
    unchanged: int = 0


def _day(batch: Batch, row, column: str) -> date | None:
    raw = row[column]
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        batch.bad(row, column, f"{raw!r} is not a date (YYYY-MM-DD)" if raw else "is required")
        return None
    if not 1900 <= day.year <= 2999:
        batch.bad(row, column, f"{raw} is outside 1900–2999")
        return None
    return day


def check(batch: Batch) -> Plan:
    ws = batch.workspace
    people = {p.code: p for p in Person.objects.of(ws).filter(kind__in=STAFF)}
    standards = {s.code: s for s in Standard.objects.of(ws)}
    stored = {(t.person_id, t.standard_id, t.trained_on): t for t in Training.objects.of(ws)}
    plan = Plan()
    seen: dict[tuple[str, str, date], int] = {}
    for row in batch.each("checking training"):
        who, what = batch.code(row, "employee"), batch.code(row, "standard")
        day = _day(batch, row, "trained_on")
        note = batch.text(row, "note", 300, required=False) if batch.has("note") else None
        ok = bool(who) and batch.known(row, "employee", [who], people, "employee")
        ok = bool(what) and batch.known(row, "standard", [what], standards, "standard") and ok
        if (
            not ok
            or day is None
            or not batch.once(
                row, "employee", (who, what, day), seen, f"training of {who} on {what} on {day}"
            )
        ):
            continue
        person, standard = people[who], standards[what]
        found = stored.get((person.pk, standard.pk, day))
        if found is None:
            plan.created.append(
                Training(
                    workspace=ws, person=person, standard=standard, trained_on=day, note=note or ""
                )  # fmt: skip
            )
        elif note is None or found.note == note:
            plan.unchanged += 1
        else:
            found.note = note
            plan.updated.append(found)
    return plan


def write(batch: Batch, plan: Plan) -> Counts:
    Training.objects.bulk_create(plan.created, batch_size=500)
    Training.objects.bulk_update(plan.updated, ["note"], batch_size=500)
    return Counts(len(plan.created), len(plan.updated), plan.unchanged)


def export(workspace: Workspace) -> Table:
    rows: list[list[Value]] = [
        [t.person.code, t.standard.code, t.trained_on.isoformat(), t.note]
        for t in Training.objects.of(workspace)
        .select_related("person", "standard")
        .order_by("person__code", "standard__code", "trained_on")
    ]
    return Table([*COLUMNS, *OPTIONAL], rows)


KIND = Kind("training", COLUMNS, optional=OPTIONAL, check=check, write=write, export=export)
