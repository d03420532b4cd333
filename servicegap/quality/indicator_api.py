"""``/api/v1/indicators``: read the indicators with their readings, post readings.

A post takes the rows of ``servicegap import indicators`` as JSON and runs the same checks
(``indicator_readings.KIND``): one bad reading refuses the whole post (422 naming the reading and
its field, ``readings[2].value``) and nothing is written. (No ``from __future__ import
annotations``: Ninja reads the annotations at import time.)
"""

from typing import Any

from django.conf import settings
from django.db import transaction
from ninja import Field, Router, Schema
from pydantic import ConfigDict

from servicegap.api.auth import scoped
from servicegap.api.errors import ApiError, responses
from servicegap.api.idempotency import Result
from servicegap.api.writes import answers, doc, respond
from servicegap.quality.indicator_readings import COLUMNS, KIND
from servicegap.quality.models import Indicator, IndicatorReading
from servicegap.transfer.batch import Batch, Row

router = Router(tags=["quality"])
MAX_READINGS = 10_000


class ReadingIn(Schema):
    indicator: str = Field(description="Code of a defined indicator.")
    standard: str | None = Field(None, description="Its standard's code (checked if given).")
    unit: str | None = Field(None, description="A unit code; none: the whole workspace.")
    period_start: str = Field(description="First day of the period read, YYYY-MM-DD.")
    value: float


class ReadingsIn(Schema):
    readings: list[ReadingIn]

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"readings": [{"indicator": "RINGS", "period_start": "2026-07-01", "value": 92.5}]}
            ]
        }  # fmt: skip
    )


class Stored(Schema):
    created: int
    updated: int
    unchanged: int


class ReadingOut(Schema):
    unit: str | None
    period_start: str
    value: float


class IndicatorOut(Schema):
    code: str
    name: str
    standard: str | None
    measure: str
    target: float | None
    higher_is_better: bool
    readings: list[ReadingOut]


def _cell(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _batch(workspace: Any, data: Any) -> Batch:
    rows = data.get("readings") if isinstance(data, dict) else None
    if not isinstance(rows, list) or not rows:
        raise ApiError(422, "readings must be a non-empty list of readings", "readings")
    if len(rows) > MAX_READINGS:
        raise ApiError(422, f"at most {MAX_READINGS:,} readings a post", "readings")
    position = {name: at for at, name in enumerate(COLUMNS)}
    batch = Batch(workspace, "readings", list(COLUMNS), [])
    for line, row in enumerate(rows):
        if not isinstance(row, dict):
            raise ApiError(422, "a reading is an object", f"readings[{line}]")
        unknown = set(row) - set(COLUMNS)
        if unknown:
            name = sorted(unknown)[0]
            raise ApiError(422, f"unknown field; the fields are {', '.join(COLUMNS)}",
                           f"readings[{line}].{name}")  # fmt: skip
        batch.rows.append(Row(line, [_cell(row.get(c)) for c in COLUMNS], position))
    return batch


@router.post(
    "/indicators", response=answers(Stored), openapi_extra=doc(ReadingsIn), auth=scoped("ingest")
)
def post_readings(request):
    """Store indicator readings (all or none); 201 with the counts once it has committed."""

    def write(data: Any, _prepared: None) -> Result:
        batch = _batch(request.workspace, data)
        with transaction.atomic():
            plan = KIND.check(batch)  # type: ignore[misc]
            if batch.problems:
                first = min(batch.problems, key=lambda p: p.line)
                raise ApiError(422, first.reason, f"readings[{first.line}].{first.column}")
            counts = KIND.write(batch, plan)  # type: ignore[misc]
        return 201, {"created": counts.created, "updated": counts.updated,
                     "unchanged": counts.unchanged}  # fmt: skip

    return respond(request, "indicators", settings.MAX_BODY_BYTES, write)


@router.get("/indicators", response=responses(list[IndicatorOut]), auth=scoped("read"))
def list_indicators(request):
    """The indicators ("quality in fact"), each with its readings, oldest first."""
    readings: dict[int, list[dict[str, Any]]] = {}
    for r in IndicatorReading.objects.of(request.workspace).select_related("unit"):
        readings.setdefault(r.indicator_id, []).append({
            "unit": r.unit.code if r.unit else None,
            "period_start": r.period_start.isoformat(), "value": r.value,
        })  # fmt: skip
    return [
        {
            "code": i.code,
            "name": i.name,
            "standard": i.standard.code if i.standard else None,
            "measure": i.measure,
            "target": i.target,
            "higher_is_better": i.higher_is_better,
            "readings": readings.get(i.pk, []),
        }  # fmt: skip
        for i in Indicator.objects.of(request.workspace).select_related("standard")
    ]
