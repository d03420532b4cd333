"""standards: ``code,title,dimension[,behaviours,target,servqual,need_or_want,published,why,retired]``.

Upsert by code; a changed standard gets a new version, an unchanged one is not touched. An
optional column left out of the file leaves that field of stored standards as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from servicegap.core.models import Workspace
from servicegap.lib.scales import DIMENSIONS, SERVQUAL
from servicegap.standards.models import NeedOrWant, Standard
from servicegap.transfer.batch import LIST_SEPARATOR, Batch
from servicegap.transfer.registry import Counts, Kind, Table, Value, save_planned

COLUMNS = ("code", "title", "dimension")
OPTIONAL = ("behaviours", "target", "servqual", "need_or_want", "published", "why", "retired")
NEED_OR_WANT = tuple(NeedOrWant.values)


@dataclass
class Plan:
    # (status, standard with the new values set, not saved)
    entries: list[tuple[str, Standard]] = field(default_factory=list)


def check(batch: Batch) -> Plan:
    ws = batch.workspace
    stored = {s.code: s for s in Standard.objects.of(ws)}
    plan = Plan()
    seen: dict[str, int] = {}
    for row in batch.each("checking standards"):
        code = batch.code(row, "code")
        values: dict[str, Any] = {
            "title": batch.text(row, "title", 300),
            "dimension": batch.choice(row, "dimension", DIMENSIONS),
        }
        if batch.has("behaviours"):
            values["behaviours"] = [
                b.strip() for b in row["behaviours"].split(LIST_SEPARATOR) if b.strip()
            ]
        if batch.has("target"):
            values["target"] = batch.number(row, "target", 1, ws.scale_max)
        if batch.has("servqual"):
            values["servqual"] = batch.choice(row, "servqual", SERVQUAL, required=False)
        if batch.has("need_or_want"):
            values["need_or_want"] = batch.choice(row, "need_or_want", NEED_OR_WANT, required=False)
        if batch.has("published"):
            values["published"] = batch.boolean(row, "published", default=True)
        if batch.has("why"):
            values["why"] = row["why"].strip()
        if batch.has("retired"):
            values["retired"] = batch.boolean(row, "retired", default=False)
        if not code or not batch.once(row, "code", code, seen):
            continue
        standard = stored.get(code)
        if standard is None:
            standard = Standard(workspace=ws, code=code, **values)
            plan.entries.append(("created", standard))
            continue
        # Retired is not versioned (it changes no answer's meaning) but is a change all the same.
        before = (standard.snapshot(), standard.retired)
        for name, value in values.items():
            setattr(standard, name, value)
        after = (standard.snapshot(), standard.retired)
        plan.entries.append(("unchanged" if after == before else "updated", standard))
    return plan


def write(batch: Batch, plan: Plan) -> Counts:
    return save_planned(plan.entries, lambda standard: standard.save_version())


def export(workspace: Workspace) -> Table:
    rows: list[list[Value]] = [
        [
            s.code,
            s.title,
            s.dimension,
            LIST_SEPARATOR.join(s.behaviours or []),
            s.target,
            s.servqual or None,
            s.need_or_want or None,
            s.published,
            s.why,
            s.retired,
        ]
        for s in sorted(Standard.objects.of(workspace), key=lambda s: s.code)
    ]
    return Table(list(COLUMNS + OPTIONAL), rows)


KIND = Kind("standards", COLUMNS, OPTIONAL, check=check, write=write, export=export)
