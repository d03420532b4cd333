"""indicator-definitions: ``code,name,standard[,measure,unit,target,higher_is_better]``.

The operational measures ("quality in fact") and the standard each one shows. Upsert by code; an
optional column left out of the file leaves that field of stored indicators as it is. A target
may be any number (a share, seconds, a count); ``higher_is_better`` (default true) says which
side of it is delivered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from servicegap.core.models import Workspace
from servicegap.people.models import Unit
from servicegap.quality.models import Indicator
from servicegap.standards.models import Standard
from servicegap.transfer.batch import Batch
from servicegap.transfer.registry import Counts, Kind, Table, Value, save_planned

COLUMNS = ("code", "name", "standard")
OPTIONAL = ("measure", "unit", "target", "higher_is_better")
FIELDS = ("name", "standard_id", "measure", "unit_id", "target", "higher_is_better")
BIG = 1e12  # any real target fits; this only refuses nonsense such as 1e300


@dataclass
class Plan:
    entries: list[tuple[str, Indicator]] = field(default_factory=list)


def check(batch: Batch) -> Plan:
    ws = batch.workspace
    standards = dict(Standard.objects.of(ws).values_list("code", "pk"))
    units = dict(Unit.objects.of(ws).values_list("code", "pk"))
    stored = {i.code: i for i in Indicator.objects.of(ws)}
    plan = Plan()
    seen: dict[str, int] = {}
    for row in batch.each("checking indicators"):
        code = batch.code(row, "code")
        values: dict[str, Any] = {"name": batch.text(row, "name", 200)}
        standard = batch.code(row, "standard")
        if standard and batch.known(row, "standard", [standard], standards, "standard"):
            values["standard_id"] = standards[standard]
        if batch.has("measure"):
            values["measure"] = batch.text(row, "measure", 100, required=False)
        if batch.has("unit"):
            unit = batch.code(row, "unit", required=False)
            if unit and batch.known(row, "unit", [unit], units, "unit"):
                values["unit_id"] = units[unit]
            elif not unit:
                values["unit_id"] = None
        if batch.has("target"):
            values["target"] = batch.number(row, "target", -BIG, BIG)
        if batch.has("higher_is_better"):
            values["higher_is_better"] = batch.boolean(row, "higher_is_better", default=True)
        if not code or not batch.once(row, "code", code, seen):
            continue
        indicator = stored.get(code)
        if indicator is None:
            plan.entries.append(("created", Indicator(workspace=ws, code=code, **values)))
            continue
        before = [getattr(indicator, name) for name in FIELDS]
        for name, value in values.items():
            setattr(indicator, name, value)
        after = [getattr(indicator, name) for name in FIELDS]
        plan.entries.append(("unchanged" if after == before else "updated", indicator))
    return plan


def write(batch: Batch, plan: Plan) -> Counts:
    return save_planned(plan.entries, lambda indicator: indicator.save())


def export(workspace: Workspace) -> Table:
    rows: list[list[Value]] = [
        [
            i.code,
            i.name,
            i.standard.code if i.standard else None,
            i.measure,
            i.unit.code if i.unit else None,
            i.target,
            i.higher_is_better,
        ]  # fmt: skip
        for i in Indicator.objects.of(workspace).select_related("standard", "unit")
    ]
    return Table(list(COLUMNS + OPTIONAL), rows)


KIND = Kind("indicator-definitions", COLUMNS, OPTIONAL, check=check, write=write, export=export)
