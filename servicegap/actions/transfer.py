"""actions: ``code,title,standards,touchpoints,units,owner,start,due,status,public`` and the
optional ``description``, ``cost`` and ``completed`` (exported only when some action has one).

One row per action, upserted by code. ``standards``, ``touchpoints`` and ``units`` are codes
separated by ``|`` (touchpoints and units may be empty: an action for every unit); ``owner`` is
a member's e-mail or empty; ``start``, ``due`` and ``completed`` ISO dates (due may be empty);
``status`` planned, in_progress, done or dropped; ``public`` true or false. Each row is checked by
the same rules as the API and the pages (``servicegap.actions.service``); an import changes no
webhook: it sends no ``action.completed``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from servicegap.actions import service
from servicegap.actions.models import Action
from servicegap.core.models import Workspace
from servicegap.transfer.batch import LIST_SEPARATOR, Batch, Row
from servicegap.transfer.registry import Counts, Kind, Table, Value

COLUMNS = (
    "code", "title", "standards", "touchpoints", "units", "owner", "start", "due", "status",
    "public",
)  # fmt: skip
OPTIONAL = ("description", "cost", "completed")


@dataclass
class Entry:
    row: Row
    action: Action | None
    cleaned: service.Cleaned
    status: str = "created"


@dataclass
class Plan:
    entries: list[Entry] = field(default_factory=list)
    unchanged: int = 0


def _data(batch: Batch, row: Row) -> dict[str, Any]:
    data: dict[str, Any] = {c: row[c] for c in COLUMNS}
    data["status"] = data["status"].lower()
    data.update({c: row[c] for c in OPTIONAL if batch.has(c) and c != "completed"})
    return data


def _same(action: Action, data: dict[str, Any], completed: str | None) -> bool:
    now = service.document(action)
    for name, value in data.items():
        if name in ("standards", "touchpoints", "units"):
            if sorted(service.codes_of(data, name)) != now[name]:
                return False
        elif name == "public":
            if service.boolean(data, name) != now[name]:
                return False
        elif name == "cost":
            if service.cost_of(data) != action.cost:
                return False
        elif (now.get(name) or "") != (value.strip() if isinstance(value, str) else value):
            return False
    return completed is None or now["completed"] == completed


def check(batch: Batch) -> Plan:
    plan = Plan()
    ws = batch.workspace
    stored = {a.code: a for a in Action.objects.of(ws).select_related("owner")}
    seen: dict[str, int] = {}
    for row in batch.each("checking actions"):
        code = batch.code(row, "code")
        if not code or not batch.once(row, "code", code, seen):
            continue
        data = _data(batch, row)
        completed = row["completed"].strip() if batch.has("completed") else ""
        action = stored.get(code)
        try:
            cleaned = service.clean(ws, data, action)
            day = service.day_of({"completed": completed}, "completed")
        except service.ActionError as error:
            batch.bad(
                row, error.field if error.field in COLUMNS + OPTIONAL else "code", error.message
            )
            continue
        if day is not None:
            cleaned.values["completed_on"] = day
        if action is not None and _same(action, data, completed or None):
            plan.unchanged += 1
            continue
        plan.entries.append(Entry(row, action, cleaned, "created" if action is None else "updated"))
    return plan


def write(batch: Batch, plan: Plan) -> Counts:
    counts = Counts(unchanged=plan.unchanged)
    for e in plan.entries:
        service.save(batch.workspace, e.cleaned, e.action, announce=False)
        counts.add(e.status)
    return counts


def export(workspace: Workspace) -> Table:
    docs = [service.document(a) for a in Action.objects.of(workspace).select_related("owner")]
    extra = [c for c in OPTIONAL if any(d.get(c) for d in docs)]
    rows: list[list[Value]] = []
    for d in docs:
        row: list[Value] = [
            d["code"], d["title"], LIST_SEPARATOR.join(d["standards"]),
            LIST_SEPARATOR.join(d["touchpoints"]), LIST_SEPARATOR.join(d["units"]), d["owner"],
            d["start"], d["due"], d["status"], d["public"],
        ]  # fmt: skip
        rows.append(row + [d.get(c) or None for c in extra])
    return Table([*COLUMNS, *extra], rows)


KIND = Kind("actions", COLUMNS, OPTIONAL, check=check, write=write, export=export)
