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

import random
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.db.models import Q, Sum
from django.utils import timezone

from servicegap.aggregates.models import Cell, CellState, Grain, Presence
from servicegap.core.models import Workspace
from servicegap.lib.cells import CELL_KINDS, Answered, Sums, add_responses, answered_families
from servicegap.lib.scales import PROTECTED_PERSPECTIVES
from servicegap.runtime.bulk import insert_rows, sqlite_execute

LOCK_CLASS = 0x5347  # "SG": the advisory-lock namespace of the cells
CELL_FIELDS = ("workspace", "grain", "day", "perspective", "unit", "touchpoint", "item", "measure",
               "slot", "n", "s1", "s2", "c1", "c2", "c3", "anon")  # fmt: skip
SUMS = CELL_FIELDS[9:]
PRESENCE_FIELDS = ("workspace", "perspective", "family", "month", "unit", "item", "respondent",
                   "slot", "responses")  # fmt: skip
SLOTS = 8  # rows per slice that concurrent PostgreSQL writers spread over (models.Cell)
PresenceKey = tuple[str, str, date, int, str, int]
Progress = Callable[[int, int], None]
CellKey = tuple[
    str, date, str, int, int, str, str
]  # grain, day, perspective, unit, tp, item, measure


DAY, MONTH = Grain.DAY.value, Grain.MONTH.value
Head = tuple[date, str, int, int]  # day, perspective, unit, touchpoint of a response
# A response as lib.cells.add_responses takes it: its slice, whether it has no respondent, the
# scale it was answered on and its answers.
Responded = tuple[Head, bool, int, list[Answered]]


def _expand(by_head: dict[Head, dict]) -> dict[CellKey, Sums]:
    """Slices → day cells and month cells."""
    cells: dict[CellKey, Sums] = {}
    for (day, perspective, unit, touchpoint), mine in by_head.items():
        month = day.replace(day=1)
        for (item, measure), s in mine.items():
            cells[(DAY, day, perspective, unit, touchpoint, item, measure)] = s
            key = (MONTH, month, perspective, unit, touchpoint, item, measure)
            if key in cells:
                cells[key].merge(s)
            else:
                cells[key] = Sums(*s.as_tuple())
    return cells


def record(workspace: Workspace, stored: Sequence[tuple[Any, Iterable[tuple[Any, Any]]]]) -> None:
    """Add the cells of just-stored responses: ``(response, [(CleanAnswer, version|None)])``,
    all of them in one pass (``add_responses``) and one upsert per table."""
    _lock(workspace, shared=True)
    zone = ZoneInfo(workspace.time_zone or "UTC")
    days: dict[datetime, date] = {}  # a file's responses often share their moments
    batch: list[Responded] = []
    seen: dict[PresenceKey, int] = {}
    for response, answers in stored:
        mine = [
            (a.item, a.kind, a.value_num, a.value_text, v.target if v is not None else None)
            for a, v in answers if a.kind in CELL_KINDS
        ]  # fmt: skip
        if not mine:
            continue
        when = response.submitted_at
        day = days.get(when)
        if day is None:
            day = days[when] = when.astimezone(zone).date()
        head = (day, response.perspective, response.unit_id or 0, response.touchpoint_id or 0)
        batch.append((head, response.respondent_id is None, response.scale_max, mine))
        _present(seen, head, response.respondent_id, mine)
    by_head: dict[Head, dict[tuple[str, str], Sums]] = {}
    add_responses(by_head, batch, int(workspace.scale_max))
    slot = _slot()
    _upsert(Cell, CELL_FIELDS, workspace.pk, {(*k, slot): v for k, v in _expand(by_head).items()})
    _upsert(Presence, PRESENCE_FIELDS, workspace.pk, {(*k, slot): (n,) for k, n in seen.items()})


def _slot() -> int:
    """The slot this transaction adds to: random on PostgreSQL, 0 on SQLite (one writer)."""
    return random.randrange(SLOTS) if connection.vendor == "postgresql" else 0


def _present(
    seen: dict[PresenceKey, int], head: Head, person: int | None, mine: list[Answered]
) -> None:
    """Count a protected response in the presence of its respondent (0: without one)."""
    day, perspective, unit, _ = head
    if perspective not in PROTECTED_PERSPECTIVES:
        return
    month = day.replace(day=1)
    for item, family in answered_families(mine):
        key = (perspective, family, month, unit, item, person or 0)
        seen[key] = seen.get(key, 0) + 1


def _lock(workspace: Workspace, shared: bool) -> None:
    if connection.vendor != "postgresql":
        return
    fn = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {fn}(%s, %s)", [LOCK_CLASS, workspace.pk])


def _upsert(model, fields: Sequence[str], workspace_id: int, rows: dict[tuple, Any]) -> None:
    """Add ``rows`` (key → sums, in ``fields`` order after the workspace) to what is stored."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = [str(model._meta.get_field(f).column) for f in fields]
    sums = columns[1 + len(next(iter(rows))) :]
    keys = ", ".join(quote(c) for c in columns[: len(columns) - len(sums)])
    adds = ", ".join(f"{quote(c)} = {table}.{quote(c)} + excluded.{quote(c)}" for c in sums)
    marks = "(" + ", ".join(["?"] * len(columns)) + ")"
    per_statement = 900 // len(columns)  # SQLite allows 999 parameters per statement
    # Sorted keys: concurrent transactions lock shared rows in one order (no deadlocks).
    ordered = sorted(rows.items())
    if connection.vendor == "postgresql":
        # One array per column: a short statement whatever the number of rows (psycopg re-parses
        # a long one on every call, which cost more than the insert).
        types = [model._meta.get_field(f).db_type(connection) for f in fields[1:]]
        arrays = [list(c) for c in zip(*((*k, *_values(v)) for k, v in ordered), strict=True)]
        unnest = ", ".join(f"%s::{t}[]" for t in types)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608
                f"SELECT %s, * FROM unnest({unnest}) ON CONFLICT ({keys}) DO UPDATE SET {adds}",
                [workspace_id, *arrays],
            )
        return
    for start in range(0, len(ordered), per_statement):
        part = ordered[start : start + per_statement]
        params: list[Any] = []
        for key, values in part:
            params.extend((workspace_id, *key, *_values(values)))
        sql = (
            f"INSERT INTO {table} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608
            f"VALUES {', '.join([marks] * len(part))} ON CONFLICT ({keys}) DO UPDATE SET {adds}"
        )
        with connection.cursor() as cursor:
            sqlite_execute(cursor, sql, params)


def _values(values: Any) -> tuple:
    return values.as_tuple() if isinstance(values, Sums) else tuple(values)


def compute(
    workspace: Workspace, chunk: int = 20_000, progress: Progress | None = None
) -> tuple[dict[CellKey, Sums], dict[PresenceKey, int]]:
    """Every cell of a workspace, recomputed from its answers (response ids in ranges);
    ``progress(done, total)`` is told the share of the id range done after each chunk."""
    from servicegap.surveys.models import Answer, Response

    zone = ZoneInfo(workspace.time_zone or "UTC")
    by_head: dict[Head, dict[tuple[str, str], Sums]] = {}
    seen: dict[PresenceKey, int] = {}
    responses = Response.objects.of(workspace)
    ids = responses.order_by("pk").values_list("pk", flat=True)
    first, last = ids.first(), ids.last()
    if first is None or last is None:
        return {}, {}
    # Answers by response id range alone, kept when their response is the workspace's: with
    # ``workspace_id = ?`` as well, SQLite without table statistics walks the workspace index,
    # every answer of the workspace for each range (a rebuild in time quadratic in its size).
    answers = Answer.objects.filter(kind__in=sorted(CELL_KINDS))
    for low in range(first, last + 1, chunk):
        span = {"gte": low, "lt": low + chunk}
        heads: dict[int, tuple[Head, int | None, int, list[Answered]]] = {}
        for rid, when, persp, unit, tp, person, scale in responses.filter(
            pk__gte=span["gte"], pk__lt=span["lt"]
        ).values_list("pk", "submitted_at", "perspective", "unit_id", "touchpoint_id",
                      "respondent_id", "scale_max"):  # fmt: skip
            head = (when.astimezone(zone).date(), persp, unit or 0, tp or 0)
            heads[rid] = (head, person, scale, [])
        rows = answers.filter(response_id__gte=span["gte"], response_id__lt=span["lt"])
        for rid, item, kind, num, text, target in rows.values_list(
            "response_id", "item", "kind", "value_num", "value_text", "standard_version__target"
        ).iterator(chunk_size=20_000):
            if rid in heads:  # else another workspace's response in the same id range
                heads[rid][3].append((item, kind, num, text, target))
        batch: list[Responded] = []
        for head, who, scale, mine in heads.values():
            if mine:
                batch.append((head, who is None, scale, mine))
                _present(seen, head, who, mine)
        add_responses(by_head, batch, int(workspace.scale_max))
        if progress is not None:
            progress(min(low + chunk, last + 1) - first, last + 1 - first)
    return _expand(by_head), seen


@transaction.atomic
def rebuild(workspace: Workspace, progress: Progress | None = None) -> int:
    """Recompute a workspace's cells from its answers; returns the number of cells."""
    _lock(workspace, shared=False)
    Cell.objects.of(workspace).delete()
    Presence.objects.of(workspace).delete()
    cells, seen = compute(workspace, progress=progress)
    insert_rows(Cell, CELL_FIELDS, ((workspace.pk, *k, 0, *s.as_tuple()) for k, s in cells.items()))
    insert_rows(Presence, PRESENCE_FIELDS, ((workspace.pk, *k, 0, n) for k, n in seen.items()))
    CellState.objects.update_or_create(
        workspace=workspace, defaults={"stale": False, "rebuilt_at": timezone.now()}
    )
    return len(cells)


def mark_stale(workspace: Workspace) -> None:
    """Reports scan until the cells are rebuilt: by a task enqueued on commit, else the hourly job."""
    from servicegap.aggregates.tasks import rebuild_stale

    CellState.objects.update_or_create(workspace=workspace, defaults={"stale": True})
    transaction.on_commit(rebuild_stale.enqueue)


def usable(workspace: Workspace) -> bool:
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


# The end of a window open at its end: far enough to hold every answer, yet a year short of
# date.max, so the month arithmetic below (the day after, the month's end) cannot overflow.
OPEN_END = date(9998, 12, 31)


def window(date_from: date | None, date_to: date | None) -> Q:
    """The cells of a date window: month cells for its whole months, day cells for the rest."""
    if date_from is None and date_to is None:
        return Q(grain=Grain.MONTH)
    start = date_from or date(1, 1, 1)
    end = date_to or OPEN_END
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


def read(workspace: Workspace, where: Q, group: Sequence[str]) -> dict[tuple, Sums]:
    """Summed cells per ``group`` columns (e.g. ("item", "measure")) among those ``where``."""
    qs = Cell.objects.of(workspace).filter(where).values(*group)
    qs = qs.annotate(*(Sum(f) for f in SUMS)).order_by()
    out: dict[tuple, Sums] = {}
    for row in qs.values_list(*group, *(f"{f}__sum" for f in SUMS)):
        key, sums = tuple(row[: len(group)]), row[len(group) :]
        out[key] = Sums(*(v or 0 for v in sums))
    return out


def present(workspace: Workspace, where: Q, column: str | None) -> list[tuple[Any, int, int]]:
    """Presence rows among those ``where`` as (``column`` value, respondent, responses)."""
    qs = Presence.objects.of(workspace).filter(where)
    if column is None:
        return [(None, person, n) for person, n in qs.values_list("respondent", "responses")]
    return list(qs.values_list(column, "respondent", "responses"))


def presence_rows(workspace: Workspace, where: Q, fields: tuple[str, ...]) -> list[tuple[Any, ...]]:
    """Presence rows among those ``where`` as tuples of ``fields``."""
    return list(Presence.objects.of(workspace).filter(where).values_list(*fields))


@transaction.atomic
def fold(workspace: Workspace) -> int:
    """Add every slot's sums into slot 0 and delete the other slots; returns the rows folded."""
    _lock(workspace, shared=False)
    folded = 0
    quote = connection.ops.quote_name
    tables: tuple[tuple[Any, tuple[str, ...]], ...] = (
        (Cell, CELL_FIELDS),
        (Presence, PRESENCE_FIELDS),
    )
    for model, fields in tables:
        table = quote(model._meta.db_table)
        columns = [str(model._meta.get_field(f).column) for f in fields]
        slot = columns.index("slot")
        keys, sums = columns[:slot], columns[slot + 1 :]
        listed = ", ".join(quote(c) for c in keys)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({listed}, slot, {', '.join(quote(c) for c in sums)}) "  # noqa: S608
                f"SELECT {listed}, 0, {', '.join(f'SUM({quote(c)})' for c in sums)} FROM {table} "
                f"WHERE workspace_id = %s AND slot <> 0 GROUP BY {listed} "
                f"ON CONFLICT ({listed}, slot) DO UPDATE SET "
                + ", ".join(f"{quote(c)} = {table}.{quote(c)} + excluded.{quote(c)}" for c in sums),
                [workspace.pk],
            )
            cursor.execute(
                f"DELETE FROM {table} WHERE workspace_id = %s AND slot <> 0",  # noqa: S608
                [workspace.pk],
            )
            folded += cursor.rowcount
    return folded
