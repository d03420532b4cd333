"""Writing, rebuilding and reading the report aggregates (``Cell``).

* ``record`` runs inside the ingest transaction (``store_responses``): each response adds its sums
  to a day cell and a month cell with one multi-row upsert, so a report reads its writes.
* ``rebuild`` recomputes a workspace's cells from its answers in one transaction (the command
  ``servicegap aggregates rebuild``, the worker for stale workspaces, the demo, erasure).
* ``read`` sums the cells a report needs, month cells for whole months of the window and day
  cells for the days at its edges.

On PostgreSQL ingest holds a shared advisory lock on the workspace and a rebuild an exclusive one,
so a rebuild never misses a response committed while it ran; SQLite has one writer anyway.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.db.models import Q, Sum
from django.utils import timezone

from servicegap.core.bulk import insert_rows
from servicegap.gaps.models import Cell, CellState, Grain
from servicegap.lib.cells import CELL_KINDS, CellAnswer, Sums, response_cells
from servicegap.lib.scales import SCALED_KINDS

LOCK_CLASS = 0x5347  # "SG": the advisory-lock namespace of the cells
FIELDS = ("workspace", "grain", "day", "perspective", "unit", "touchpoint", "item", "measure",
          "n", "s1", "s2", "c1", "c2", "c3", "anon")  # fmt: skip
KEY = FIELDS[:8]
SUMS = FIELDS[8:]
CellKey = tuple[
    str, date, str, int, int, str, str
]  # grain, day, perspective, unit, tp, item, measure


def rescale(value: float | None, kind: str, scale: int, workspace_scale: int) -> float | None:
    """A rating on a survey's 1..scale as the workspace's 1..scale (what every report compares)."""
    if value is None or kind not in SCALED_KINDS or scale == workspace_scale:
        return value
    return 1 + (value - 1) * (workspace_scale - 1) / (scale - 1)


def _add(cells: dict[CellKey, Sums], head: tuple[date, str, int, int], sums: dict) -> None:
    day, perspective, unit, touchpoint = head
    month = day.replace(day=1)
    for (item, measure), s in sums.items():
        for grain, when in ((Grain.DAY.value, day), (Grain.MONTH.value, month)):
            key = (grain, when, perspective, unit, touchpoint, item, measure)
            if key in cells:
                cells[key].merge(s)
            else:
                cells[key] = Sums(*s.as_tuple())


def response_head(workspace, submitted_at: datetime, perspective, unit, touchpoint):
    zone = ZoneInfo(workspace.time_zone or "UTC")
    return (submitted_at.astimezone(zone).date(), perspective, unit or 0, touchpoint or 0)


def record(workspace, stored: Sequence[tuple[Any, Iterable[tuple[Any, Any]]]]) -> None:
    """Add the cells of just-stored responses: ``(response, [(CleanAnswer, version|None)])``."""
    _lock(workspace, shared=True)
    w = int(workspace.scale_max)
    cells: dict[CellKey, Sums] = {}
    for response, answers in stored:
        scale = response.scale_max
        mine = [
            CellAnswer(a.item, a.kind, rescale(a.value_num, a.kind, scale, w), a.value_num,
                       a.value_text, scale, v.target if v is not None else None)
            for a, v in answers if a.kind in CELL_KINDS
        ]  # fmt: skip
        if not mine:
            continue
        head = response_head(
            workspace, response.submitted_at, response.perspective,
            response.unit_id, response.touchpoint_id,
        )  # fmt: skip
        _add(cells, head, response_cells(mine, response.respondent_id is None))
    _upsert(workspace.pk, cells)


def _lock(workspace, shared: bool) -> None:
    if connection.vendor != "postgresql":
        return
    fn = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {fn}(%s, %s)", [LOCK_CLASS, workspace.pk])


def _upsert(workspace_id: int, cells: dict[CellKey, Sums]) -> None:
    if not cells:
        return
    quote = connection.ops.quote_name
    table = quote(Cell._meta.db_table)
    columns = ["workspace_id", *FIELDS[1:]]
    keys = ", ".join(quote(c) for c in columns[:8])
    adds = ", ".join(f"{quote(c)} = {table}.{quote(c)} + excluded.{quote(c)}" for c in SUMS)
    marks = "(" + ", ".join(["%s"] * len(columns)) + ")"
    # Sorted keys: concurrent transactions lock shared cells in one order (no deadlocks).
    ordered = sorted(cells.items())
    for start in range(0, len(ordered), 60):  # SQLite allows 999 parameters per statement
        part = ordered[start : start + 60]
        params: list[Any] = []
        for key, s in part:
            params.extend((workspace_id, *key, *s.as_tuple()))
        sql = (
            f"INSERT INTO {table} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608
            f"VALUES {', '.join([marks] * len(part))} ON CONFLICT ({keys}) DO UPDATE SET {adds}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


ANSWER_COLUMNS = (
    "response_id", "item", "kind", "value_num", "value_text", "standard_version__target",
    "response__scale_max", "response__perspective", "response__respondent_id",
    "response__unit_id", "response__touchpoint_id", "response__submitted_at",
)  # fmt: skip


def compute(workspace, chunk: int = 20_000) -> dict[CellKey, Sums]:
    """Every cell of a workspace, recomputed from its answers (response ids in ranges)."""
    from servicegap.surveys.models import Answer, Response

    w = int(workspace.scale_max)
    cells: dict[CellKey, Sums] = {}
    ids = Response.objects.of(workspace).order_by("pk").values_list("pk", flat=True)
    first, last = ids.first(), ids.last()
    if first is None or last is None:
        return cells
    answers = Answer.objects.of(workspace).filter(kind__in=sorted(CELL_KINDS))
    for low in range(first, last + 1, chunk):
        rows = answers.filter(response_id__gte=low, response_id__lt=low + chunk)
        per_response: dict[int, tuple[tuple, list[CellAnswer]]] = {}
        for (
            rid,
            item,
            kind,
            num,
            text,
            target,
            scale,
            persp,
            person,
            unit,
            tp,
            when,
        ) in rows.values_list(*ANSWER_COLUMNS).iterator(chunk_size=20_000):
            if rid not in per_response:
                head = response_head(workspace, when, persp, unit, tp)
                per_response[rid] = ((head, person is None), [])
            per_response[rid][1].append(
                CellAnswer(item, kind, rescale(num, kind, scale, w), num, text, scale, target)
            )
        for (head, anonymous), mine in per_response.values():
            _add(cells, head, response_cells(mine, anonymous))
    return cells


@transaction.atomic
def rebuild(workspace) -> int:
    """Recompute a workspace's cells from its answers; returns the number of cells."""
    _lock(workspace, shared=False)
    Cell.objects.of(workspace).delete()
    cells = compute(workspace)
    rows = ((workspace.pk, *key, *s.as_tuple()) for key, s in cells.items())
    insert_rows(Cell, FIELDS, rows)
    CellState.objects.update_or_create(
        workspace=workspace, defaults={"stale": False, "rebuilt_at": timezone.now()}
    )
    return len(cells)


def mark_stale(workspace) -> None:
    CellState.objects.update_or_create(workspace=workspace, defaults={"stale": True})


def usable(workspace) -> bool:
    return not CellState.objects.of(workspace).filter(stale=True).exists()


def _months(start: date, end: date) -> tuple[date | None, date | None]:
    """The first and last month start wholly inside [start, end] (None, None: no whole month)."""
    first = start if start.day == 1 else (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    following = end + timedelta(days=1)
    last_end = following.replace(day=1)  # the whole months end before this day
    if first >= last_end:
        return None, None
    last = (last_end - timedelta(days=1)).replace(day=1)
    return first, last


def window(date_from: date | None, date_to: date | None) -> Q:
    """The cells of a date window: month cells for its whole months, day cells for the rest."""
    if date_from is None and date_to is None:
        return Q(grain=Grain.MONTH)
    start = date_from or date(1, 1, 1)
    end = date_to or date(9999, 12, 31)
    first, last = _months(start, end)
    if first is None or last is None:
        return Q(grain=Grain.DAY, day__gte=start, day__lte=end)
    whole = Q(grain=Grain.MONTH, day__gte=first, day__lte=last)
    edges = Q(grain=Grain.DAY) & (
        Q(day__gte=start, day__lt=first) | Q(day__gt=_month_end(last), day__lte=end)
    )
    return whole | edges


def _month_end(first: date) -> date:
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def read(workspace, where: Q, group: Sequence[str]) -> dict[tuple, Sums]:
    """Summed cells per ``group`` columns (e.g. ("item", "measure")) among those ``where``."""
    qs = Cell.objects.of(workspace).filter(where).values(*group)
    qs = qs.annotate(*(Sum(f) for f in SUMS)).order_by()
    out: dict[tuple, Sums] = {}
    for row in qs.values_list(*group, *(f"{f}__sum" for f in SUMS)):
        key, sums = tuple(row[: len(group)]), row[len(group) :]
        out[key] = Sums(*(v or 0 for v in sums))
    return out
