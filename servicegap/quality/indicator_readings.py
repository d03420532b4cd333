"""indicators: ``indicator,standard,unit,period_start,value``, one reading per row.

A reading of a defined indicator (``import indicator-definitions``) for the period starting on
``period_start`` (an ISO date: a month, a quarter, a week — the fact-vs-perception report pairs
the readings that start in a quarter with that quarter's responses). ``standard`` may be left
blank; given, it must be the indicator's own standard (a check that the file means the indicator
the workspace has). ``unit`` blank: the whole workspace. Upsert by (indicator, period_start,
unit): a reading given again replaces the stored value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from servicegap.core.models import Workspace
from servicegap.people.models import Unit
from servicegap.quality.models import Indicator, IndicatorReading
from servicegap.transfer.batch import Batch
from servicegap.transfer.registry import Counts, Kind, Table, Value, save_planned

COLUMNS = ("indicator", "standard", "unit", "period_start", "value")
BIG = 1e12


@dataclass
class Plan:
    entries: list[tuple[str, IndicatorReading]] = field(default_factory=list)


def _day(batch: Batch, row, column: str) -> date | None:
    raw = row[column]
    if not raw:
        batch.bad(row, column, "is required")
        return None
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        batch.bad(row, column, f"{raw!r} is not an ISO date (YYYY-MM-DD)")
        return None
    if not 1900 <= day.year <= 2999:
        batch.bad(row, column, f"{raw} is outside 1900-01-01..2999-12-31")
        return None
    return day


def check(batch: Batch) -> Plan:
    ws = batch.workspace
    indicators = {i.code: i for i in Indicator.objects.of(ws).select_related("standard")}
    units = dict(Unit.objects.of(ws).values_list("code", "pk"))
    stored = {
        (r.indicator_id, r.period_start, r.unit_id): r for r in IndicatorReading.objects.of(ws)
    }
    plan = Plan()
    seen: dict[tuple[str, date | None, str], int] = {}
    for row in batch.each("checking indicator readings"):
        code = batch.code(row, "indicator")
        indicator = indicators.get(code) if code else None
        if code and indicator is None:
            batch.bad(row, "indicator", f"unknown indicator {code}; define it first "
                      "(servicegap import indicator-definitions)")  # fmt: skip
        standard = batch.code(row, "standard", required=False)
        if indicator is not None and standard:
            own = indicator.standard.code if indicator.standard else ""
            if standard != own:
                batch.bad(row, "standard", f"{standard} is not the standard of indicator {code} "
                          f"({own or 'none'})")  # fmt: skip
        unit = batch.code(row, "unit", required=False)
        if unit:
            batch.known(row, "unit", [unit], units, "unit")
        day = _day(batch, row, "period_start")
        value = batch.number(row, "value", -BIG, BIG)
        if value is None and not row["value"]:
            batch.bad(row, "value", "is required")
        key = (code, day, unit)
        if not batch.once(row, "period_start", key, seen, f"{code} {day} {unit or '(all)'}"):
            continue
        if indicator is None or day is None or value is None or (unit and unit not in units):
            continue
        unit_id = units.get(unit) if unit else None
        reading = stored.get((indicator.pk, day, unit_id))
        if reading is None:
            reading = IndicatorReading(workspace=ws, indicator=indicator, period_start=day,
                                       unit_id=unit_id, value=value)  # fmt: skip
            plan.entries.append(("created", reading))
            continue
        status = "unchanged" if reading.value == value else "updated"
        reading.value = value
        plan.entries.append((status, reading))
    return plan


def write(batch: Batch, plan: Plan) -> Counts:
    return save_planned(plan.entries, lambda reading: reading.save())


def export(workspace: Workspace) -> Table:
    found = IndicatorReading.objects.of(workspace).select_related(
        "indicator", "indicator__standard", "unit"
    )
    rows: list[list[Value]] = [
        [
            r.indicator.code,
            r.indicator.standard.code if r.indicator.standard else None,
            r.unit.code if r.unit else None,
            r.period_start.isoformat(),
            r.value,
        ]  # fmt: skip
        for r in found
    ]
    return Table(list(COLUMNS), rows)


KIND = Kind("indicators", COLUMNS, check=check, write=write, export=export)
