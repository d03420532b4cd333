"""journeys: ``journey,step,code,name,channel,unit[,standards,journey_name]``, one row per touchpoint.

Upsert touchpoints by code (a touchpoint may move to another journey or step); journeys are made
from their codes. Touchpoints not in the file are kept, so their steps stay taken.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from servicegap.core.models import Workspace
from servicegap.journeys.models import Channel, Journey, Touchpoint, TouchpointStandard
from servicegap.people.models import Unit
from servicegap.standards.models import Standard
from servicegap.transfer.batch import LIST_SEPARATOR, Batch, Row
from servicegap.transfer.registry import Counts, Kind, Table, Value

COLUMNS = ("journey", "step", "code", "name", "channel", "unit")
OPTIONAL = ("standards", "journey_name")
PARKED = 1_000_000_000  # steps are moved out of the way here while a journey is reordered


@dataclass
class Entry:
    row: Row
    journey: str
    step: int
    code: str
    name: str
    channel: str
    unit: str
    standards: list[str] | None
    status: str = "created"


@dataclass
class Plan:
    entries: list[Entry] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # journey code -> name given in the file


def check(batch: Batch) -> Plan:
    ws = batch.workspace
    units = set(Unit.objects.of(ws).values_list("code", flat=True))
    standards = set(Standard.objects.of(ws).values_list("code", flat=True))
    journeys = {j.code: j for j in Journey.objects.of(ws)}
    stored = {t.code: t for t in Touchpoint.objects.of(ws).select_related("journey", "unit")}
    links: dict[int, list[str]] = defaultdict(list)
    for tp_id, code in TouchpointStandard.objects.of(ws).values_list(
        "touchpoint_id", "standard__code"
    ):
        links[tp_id].append(code)
    plan = Plan()
    seen: dict[str, int] = {}
    steps: dict[tuple[str, int], int] = {}
    step_rows: dict[tuple[str, int], Row] = {}
    name_lines: dict[str, int] = {}
    for row in batch.each("checking journeys"):
        e = Entry(
            row,
            batch.code(row, "journey"),
            batch.integer(row, "step"),
            batch.code(row, "code"),
            batch.text(row, "name", 200),
            batch.choice(row, "channel", Channel.values),
            batch.code(row, "unit", required=False),
            batch.codes(row, "standards") if batch.has("standards") else None,
        )
        if e.unit:
            batch.known(row, "unit", [e.unit], units, "unit")
        if e.standards:
            batch.known(row, "standards", e.standards, standards, "standard(s)")
        journey_name = batch.text(row, "journey_name", 200, required=False)
        if journey_name and e.journey:
            if plan.names.setdefault(e.journey, journey_name) != journey_name:
                batch.bad(row, "journey_name", f"differs from line {name_lines[e.journey]}")
            name_lines.setdefault(e.journey, row.line)
        if e.journey and e.step:
            key = (e.journey, e.step)
            if batch.once(row, "step", key, steps, f"step {e.step} of {e.journey}"):
                step_rows[key] = row
        if e.code and batch.once(row, "code", e.code, seen):
            plan.entries.append(e)
    in_file = {e.code for e in plan.entries}
    for other in stored.values():
        key = (other.journey.code, other.step)
        if other.code not in in_file and key in step_rows:
            batch.bad(
                step_rows[key],
                "step",
                f"step {other.step} of {key[0]} is taken by touchpoint {other.code}, "
                "which is not in this file",
            )
    for e in plan.entries:
        tp = stored.get(e.code)
        if tp is None:
            continue
        now = (tp.journey.code, tp.step, tp.name, tp.channel, tp.unit.code if tp.unit else "")
        same = now == (e.journey, e.step, e.name, e.channel, e.unit)
        if e.standards is not None and sorted(links[tp.pk]) != sorted(e.standards):
            same = False
        journey = journeys.get(e.journey)
        if journey and plan.names.get(e.journey, journey.name) != journey.name:
            same = False  # the row names its journey anew
        e.status = "unchanged" if same else "updated"
    return plan


def write(batch: Batch, plan: Plan) -> Counts:
    ws = batch.workspace
    journeys = {j.code: j for j in Journey.objects.of(ws)}
    for code in dict.fromkeys(e.journey for e in plan.entries):
        name = plan.names.get(code, code)
        if code not in journeys:
            journeys[code] = Journey.objects.create(workspace=ws, code=code, name=name)
        elif code in plan.names and journeys[code].name != name:
            journeys[code].name = name
            journeys[code].save(update_fields=["name"])
    units = {u.code: u for u in Unit.objects.of(ws)}
    standards = {s.code: s for s in Standard.objects.of(ws)}
    stored = {t.code: t for t in Touchpoint.objects.of(ws)}
    moving = [stored[e.code] for e in plan.entries if e.status == "updated"]
    for i, tp in enumerate(moving):  # free every step first, so steps can be swapped
        tp.step = PARKED + i
    Touchpoint.objects.bulk_update(moving, ["step"], batch_size=500)
    counts = Counts()
    for e in plan.entries:
        counts.add(e.status)
        if e.status == "unchanged":
            continue
        tp = stored.get(e.code) or Touchpoint(workspace=ws, code=e.code)
        tp.journey, tp.step, tp.name, tp.channel = journeys[e.journey], e.step, e.name, e.channel
        tp.unit = units[e.unit] if e.unit else None
        tp.save()
        if e.standards is not None:
            links = TouchpointStandard.objects.of(ws).filter(touchpoint=tp)
            links.exclude(standard__code__in=e.standards).delete()
            have = set(links.values_list("standard__code", flat=True))
            TouchpointStandard.objects.bulk_create(
                [
                    TouchpointStandard(workspace=ws, touchpoint=tp, standard=standards[c])
                    for c in e.standards
                    if c not in have
                ]
            )
    return counts


def export(workspace: Workspace) -> Table:
    links: dict[int, list[str]] = defaultdict(list)
    pairs = TouchpointStandard.objects.of(workspace).values_list("touchpoint_id", "standard__code")
    for tp_id, code in pairs:
        links[tp_id].append(code)
    rows: list[list[Value]] = [
        [
            t.journey.code,
            t.step,
            t.code,
            t.name,
            t.channel,
            t.unit.code if t.unit else None,
            LIST_SEPARATOR.join(sorted(links[t.pk])),
            t.journey.name,
        ]
        for t in Touchpoint.objects.of(workspace).select_related("journey", "unit")
    ]
    rows.sort(key=lambda r: (str(r[0]), int(r[1] or 0)))
    return Table(list(COLUMNS + OPTIONAL), rows)


KIND = Kind("journeys", COLUMNS, OPTIONAL, check=check, write=write, export=export)
