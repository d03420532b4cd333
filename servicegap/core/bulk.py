"""Inserting many rows fast: COPY on PostgreSQL, one prepared multi-row ``executemany`` elsewhere.

For tables written in bulk (answers), where building a model instance per row would cost more
than the insert itself. The rows are tuples in the order of ``fields``; nothing is read back.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, cast

from django.db import connection, models


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
