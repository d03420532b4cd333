"""units: ``code,name,parent``. A parent may be defined later in the same file; cycles are refused."""

from __future__ import annotations

from dataclasses import dataclass, field

from servicegap.core.models import Workspace
from servicegap.people.models import Unit
from servicegap.transfer.batch import Batch, Row
from servicegap.transfer.registry import Counts, Kind, Table


@dataclass
class Entry:
    row: Row
    code: str
    name: str
    parent: str
    status: str = "created"


@dataclass
class Plan:
    entries: list[Entry] = field(default_factory=list)


def check(batch: Batch) -> Plan:
    existing = list(Unit.objects.of(batch.workspace))
    code_of = {u.pk: u.code for u in existing}
    stored = {u.code: (u.name, code_of.get(u.parent_id or 0, "")) for u in existing}
    plan = Plan()
    seen: dict[str, int] = {}
    for row in batch.each("checking units"):
        entry = Entry(
            row,
            batch.code(row, "code"),
            batch.text(row, "name", 200),
            batch.code(row, "parent", required=False),
        )
        if entry.code and batch.once(row, "code", entry.code, seen):
            plan.entries.append(entry)
    in_file = {e.code for e in plan.entries}
    for e in plan.entries:
        if e.parent and e.parent not in in_file and e.parent not in stored:
            batch.bad(e.row, "parent", f"unknown unit {e.parent} (not in this file nor stored)")
    graph = {code: parent for code, (_name, parent) in stored.items()}
    graph.update({e.code: e.parent for e in plan.entries})
    cycles = {code: cycle for cycle in find_cycles(graph) for code in cycle}
    for e in plan.entries:
        if e.code in cycles:
            loop = cycles[e.code]
            at = loop.index(e.code)
            path = loop[at:] + loop[:at] + [e.code]
            batch.bad(e.row, "parent", f"makes a cycle: {' -> '.join(path)}")
        if e.code in stored:
            e.status = "unchanged" if stored[e.code] == (e.name, e.parent) else "updated"
    return plan


def find_cycles(parent_of: dict[str, str]) -> list[list[str]]:
    """Each cycle of the parent relation once, as the list of its codes (child first)."""
    done: set[str] = set()
    cycles = []
    for start in parent_of:
        path: list[str] = []
        on_path: set[str] = set()
        node = start
        while node and node in parent_of and node not in done and node not in on_path:
            path.append(node)
            on_path.add(node)
            node = parent_of[node]
        if node in on_path:
            cycles.append(path[path.index(node) :])
        done.update(path)
    return cycles


def write(batch: Batch, plan: Plan) -> Counts:
    ws = batch.workspace
    Unit.objects.bulk_create(
        [
            Unit(workspace=ws, code=e.code, name=e.name)
            for e in plan.entries
            if e.status == "created"
        ]
    )
    units = {u.code: u for u in Unit.objects.of(ws)}
    changed = []
    counts = Counts()
    for e in plan.entries:
        counts.add(e.status)
        if e.status != "unchanged":
            unit = units[e.code]
            unit.name = e.name
            unit.parent_id = units[e.parent].pk if e.parent else None
            changed.append(unit)
    Unit.objects.bulk_update(changed, ["name", "parent"], batch_size=500)
    return counts


def export(workspace: Workspace) -> Table:
    rows = Unit.objects.of(workspace).values_list("code", "name", "parent__code")
    return Table(["code", "name", "parent"], sorted(rows))


KIND = Kind("units", ("code", "name", "parent"), check=check, write=write, export=export)
