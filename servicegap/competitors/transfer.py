"""competitors: ``code,name``: the alternatives customers rate (``competitor_experience``).

Upsert by code. A response names a competitor by its code (the ``competitor`` column of the
responses file, the ``competitor`` field of an API answer), so a code must be listed here first.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from servicegap.competitors.models import Competitor
from servicegap.core.models import Workspace
from servicegap.transfer.batch import Batch
from servicegap.transfer.registry import Counts, Kind, Table, Value, save_planned

COLUMNS = ("code", "name")


@dataclass
class Plan:
    entries: list[tuple[str, Competitor]] = field(default_factory=list)


def check(batch: Batch) -> Plan:
    ws = batch.workspace
    stored = {c.code: c for c in Competitor.objects.of(ws)}
    plan = Plan()
    seen: dict[str, int] = {}
    for row in batch.each("checking competitors"):
        code = batch.code(row, "code")
        name = batch.text(row, "name", 200)
        if not code or not batch.once(row, "code", code, seen):
            continue
        found = stored.get(code)
        if found is None:
            plan.entries.append(("created", Competitor(workspace=ws, code=code, name=name)))
            continue
        status = "unchanged" if found.name == name else "updated"
        found.name = name
        plan.entries.append((status, found))
    return plan


def write(batch: Batch, plan: Plan) -> Counts:
    return save_planned(plan.entries, lambda competitor: competitor.save())


def export(workspace: Workspace) -> Table:
    rows: list[list[Value]] = [[c.code, c.name] for c in Competitor.objects.of(workspace)]
    return Table(list(COLUMNS), rows)


KIND = Kind("competitors", COLUMNS, check=check, write=write, export=export)
