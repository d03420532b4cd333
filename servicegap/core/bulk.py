"""Inserting many rows fast: COPY on PostgreSQL, one prepared multi-row ``executemany`` elsewhere.

For tables written in bulk (answers), where building a model instance per row would cost more
than the insert itself. The rows are tuples in the order of ``fields``; nothing is read back.
``insert_objects`` does the same for model instances (responses), reserving their ids first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, cast

from django.db import connection, models
from django.utils import timezone


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]):
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(
        quote(str(cast(models.Field, model._meta.get_field(f)).column)) for f in fields
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:  # psycopg 3
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(fields))
            sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
            cursor.executemany(sql, rows)  # type: ignore[arg-type]  # any iterable will do


# Field types whose Python values the database drivers take as they are.
_PLAIN = (
    models.AutoField, models.BigAutoField, models.CharField, models.TextField, models.IntegerField,
    models.FloatField, models.ForeignKey,
)  # fmt: skip


def _ids(model: type[models.Model], cursor, count: int) -> list[int]:
    """``count`` new primary keys, reserved inside the current transaction."""
    table = model._meta.db_table
    pk_column = str(cast(models.Field, model._meta.pk).column)
    if connection.vendor == "postgresql":  # sequence values are never handed out twice
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, pk_column, count],
        )
        return [row[0] for row in cursor.fetchall()]
    # SQLite: the transaction holds the write lock (BEGIN IMMEDIATE). AUTOINCREMENT never reuses
    # the id of a deleted row, so start above both the largest id and the table's sequence.
    quote = connection.ops.quote_name
    cursor.execute(
        f"SELECT MAX(id) FROM (SELECT MAX({quote(pk_column)}) AS id FROM "  # noqa: S608
        f"{quote(table)} UNION ALL SELECT seq FROM sqlite_sequence WHERE name = %s)",
        [table],
    )
    base = (cursor.fetchone()[0] or 0) + 1
    return list(range(base, base + count))


def insert_objects(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    """Like ``bulk_create`` for new instances of a model with an auto id, without its per-value
    field machinery: ids are reserved first, rows inserted as tuples; sets ``pk`` on each."""
    if not objs:
        return
    if connection.vendor not in ("postgresql", "sqlite"):
        model._default_manager.bulk_create(objs, batch_size=500)
        return
    fields = [f for f in model._meta.concrete_fields]
    now = timezone.now()
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            for obj in objs:
                setattr(obj, f.attname, now)
    adapt = connection.ops.adapt_datetimefield_value
    getters = [
        (f.attname, None) if isinstance(f, _PLAIN)
        else (f.attname, adapt) if isinstance(f, models.DateTimeField)
        else (f.attname, lambda v, f=f: f.get_db_prep_save(v, connection))
        for f in fields
    ]  # fmt: skip
    with connection.cursor() as cursor:
        for obj, pk in zip(objs, _ids(model, cursor, len(objs)), strict=True):
            obj.pk = pk

    def row(obj: models.Model) -> tuple:
        values = [getattr(obj, name) for name, _ in getters]
        return tuple(
            v if p is None or v is None else p(v) for v, (_, p) in zip(values, getters, strict=True)
        )

    rows = map(row, objs)
    insert_rows(model, [f.name for f in fields], rows)
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias
